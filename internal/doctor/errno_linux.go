package doctor

import (
	"errors"
	"syscall"

	"golang.org/x/sys/unix"
)

// errnoOf splits err into the errno's symbolic name ("EPERM") and its
// message; for an error that carries no errno the name is empty.
func errnoOf(err error) (name, msg string) {
	if err == nil {
		return "", ""
	}
	var e syscall.Errno
	if errors.As(err, &e) {
		return unix.ErrnoName(e), e.Error()
	}
	return "", err.Error()
}

// errnoText renders "EPERM (operation not permitted)".
func errnoText(err error) string {
	name, msg := errnoOf(err)
	if name == "" {
		return msg
	}
	return name + " (" + msg + ")"
}

// step records one system call's outcome.
func step(call string, err error, result string) Step {
	s := Step{Call: call, OK: err == nil, Result: result}
	s.Errno, s.Error = errnoOf(err)
	return s
}

// setErr copies err's errno into a check.
func (c *Check) setErr(err error) {
	c.Errno, c.Error = errnoOf(err)
}
