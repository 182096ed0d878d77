package doctor

import (
	"errors"
	"io"
	"os"
	"path"
	"strings"

	"golang.org/x/sys/unix"
)

// fsRoot resolves absolute paths inside a root directory: "/" for this
// process, /proc/PID/root for another one. openat2(RESOLVE_IN_ROOT) makes an
// absolute symlink such as /var/tmp -> /tmp resolve inside the target's
// mount namespace instead of escaping to ours.
type fsRoot struct {
	fd     int
	prefix string // "" for "/", "/proc/PID/root" otherwise; for messages
}

func openRoot(dir string) (fsRoot, error) {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fsRoot{fd: -1}, err
	}
	return fsRoot{fd: fd, prefix: strings.TrimSuffix(dir, "/")}, nil
}

func (r fsRoot) close() {
	if r.fd >= 0 {
		unix.Close(r.fd)
	}
}

// open opens p (absolute, as the target sees it) relative to the root.
func (r fsRoot) open(p string, flags int, mode uint32) (int, error) {
	rel := strings.TrimLeft(path.Clean("/"+p), "/")
	if rel == "" {
		rel = "."
	}
	how := unix.OpenHow{Flags: uint64(flags | unix.O_CLOEXEC), Resolve: unix.RESOLVE_IN_ROOT}
	if flags&(unix.O_CREAT|unix.O_TMPFILE) != 0 {
		how.Mode = uint64(mode)
	}
	fd, err := unix.Openat2(r.fd, rel, &how)
	if errors.Is(err, unix.ENOSYS) { // kernel < 5.6: best effort without RESOLVE_IN_ROOT
		fd, err = unix.Openat(r.fd, rel, flags|unix.O_CLOEXEC, mode)
	}
	return fd, err
}

// readFile reads a small file inside the root.
func (r fsRoot) readFile(p string) ([]byte, error) {
	fd, err := r.open(p, unix.O_RDONLY, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: p, Err: err}
	}
	f := os.NewFile(uintptr(fd), p)
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<20)) // /proc and sysfs files are small
}

// readTrimmed reads a one-line file such as a sysctl.
func (r fsRoot) readTrimmed(p string) (string, error) {
	b, err := r.readFile(p)
	return strings.TrimSpace(string(b)), err
}
