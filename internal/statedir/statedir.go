// Package statedir is where hserr keeps state between runs (the triage
// database, the crash spool): $XDG_STATE_HOME/hserr, else
// ~/.local/state/hserr (the XDG base directory spec), created 0700.
package statedir

import (
	"errors"
	"os"
	"path/filepath"
)

// Path returns name inside the state directory, creating the directory.
func Path(name string) (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return "", errors.New("no home directory for hserr's state")
		}
		dir = filepath.Join(home, ".local", "state")
	}
	dir = filepath.Join(dir, "hserr")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}
