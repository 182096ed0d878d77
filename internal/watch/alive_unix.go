//go:build unix

package watch

import (
	"errors"
	"syscall"
)

// alive reports whether pid is a live process visible here (EPERM: alive,
// another user's).
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
