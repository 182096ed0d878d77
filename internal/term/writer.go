package term

import (
	"io"
	"os"

	"golang.org/x/term"
)

// Writer wraps a command's standard output and remembers the first write
// error (a full disk, a closed pipe), so that no command can print to a
// dead output and still exit 0: Execute turns Err into exit 2 with the
// reason, however the command's writers treated the error.
type Writer struct {
	W   io.Writer
	Err error
}

func (w *Writer) Write(p []byte) (int, error) {
	if w.Err != nil {
		return 0, w.Err
	}
	n, err := w.W.Write(p)
	if err != nil {
		w.Err = err
	}
	return n, err
}

// File is the *os.File underneath, if any (for terminal checks).
func (w *Writer) File() (*os.File, bool) {
	f, ok := w.W.(*os.File)
	return f, ok
}

// fileOf finds the file behind w: w itself, or what a Writer wraps.
func fileOf(w io.Writer) (*os.File, bool) {
	switch v := w.(type) {
	case *os.File:
		return v, true
	case *Writer:
		return v.File()
	}
	return nil, false
}

// Width is the number of columns of the terminal behind w, or 0 when w is
// not a terminal (a pipe, a file): tables then keep their natural width.
func Width(w io.Writer) int {
	f, ok := fileOf(w)
	if !ok {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return cols
}
