// Package term holds the conventions every hserr command shares: exit codes
// that scripts can rely on, and when to use colour.
package term

import (
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// Exit codes. Every command uses these and nothing else.
const (
	// ExitOK: the command did its job and found nothing wrong with the input.
	ExitOK = 0
	// ExitPartial: the job was done but the result is partial or negative:
	// a truncated/incomplete log, a failed doctor check, logs skipped in triage.
	ExitPartial = 1
	// ExitUsage: bad flags or arguments, or input that cannot be read at all.
	ExitUsage = 2
)

// ExitError carries an exit code out of a command.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Exit wraps err with an exit code.
func Exit(code int, err error) error { return &ExitError{Code: code, Err: err} }

// Usage is an ExitUsage error with a formatted message.
func Usage(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// Code returns the exit code for err: 0 for nil, the carried code for an
// ExitError, ExitUsage for anything else.
func Code(err error) int {
	if err == nil {
		return ExitOK
	}
	var e *ExitError
	if errors.As(err, &e) {
		return e.Code
	}
	return ExitUsage
}

// ColorMode is the user's --color choice.
type ColorMode string

// The --color values.
const (
	ColorAuto   ColorMode = "auto"   // on a terminal, unless NO_COLOR or TERM=dumb
	ColorAlways ColorMode = "always" // even into a pipe or file, and despite NO_COLOR
	ColorNever  ColorMode = "never"
)

// colorMode is set once per run from --color (see SetColorMode).
var colorMode = ColorAuto

// SetColorMode records the --color choice for Color.
func SetColorMode(m string) error {
	switch ColorMode(m) {
	case ColorAuto, ColorAlways, ColorNever:
		colorMode = ColorMode(m)
		return nil
	}
	return Usage("--color must be auto, always or never (got %q)", m)
}

// Color reports whether w should get ANSI colour: with --color auto only a
// terminal, and never when NO_COLOR is set to anything
// (https://no-color.org) or TERM=dumb; --color always and never decide
// alone.
func Color(w io.Writer) bool {
	switch colorMode {
	case ColorAlways:
		return true
	case ColorNever:
		return false
	}
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := fileOf(w)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Paint wraps s in an ANSI SGR code when on is true.
func Paint(on bool, code, s string) string {
	if !on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
