package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/hserr/hserr/internal/example"
)

// TestHookFullDiskStillDelivers: the spool is on a 16 KiB tmpfs, so it
// keeps only the crash's record; the hook sends the log itself, and the
// record leaves the spool once the server has it.
func TestHookFullDiskStillDelivers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tiny tmpfs")
	}
	spoolDir := t.TempDir()
	if err := unix.Mount("tmpfs", spoolDir, "tmpfs", 0, "size=16k"); err != nil {
		t.Skip("cannot mount a tmpfs here: ", err)
	}
	t.Cleanup(func() { unix.Unmount(spoolDir, 0) })
	url := startServe(t, buildHserr(t))
	t.Setenv("HSERR_TOKEN", "")
	pid, dir := sleeper(t)
	os.WriteFile(filepath.Join(dir, "hs_err_pid"+strconv.Itoa(pid)+".log"), example.Log, 0o644)
	_, out, _ := run(t, nil, "hook", strconv.Itoa(pid), "--spool", spoolDir, "--server", url)
	if !strings.Contains(out, "disk full") || !strings.Contains(out, "delivered (sent)") {
		t.Fatalf("hook on a full disk: %s", out)
	}
	if ents, _ := os.ReadDir(spoolDir); len(ents) != 0 {
		t.Errorf("the spool still holds %d files", len(ents))
	}
	g := groupsJSON(t, url, 1)[0]
	if g["count"] != float64(1) {
		t.Errorf("group %v", g)
	}
}
