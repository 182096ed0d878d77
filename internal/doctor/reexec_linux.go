package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// Probing as another user re-executes this binary (/proc/self/exe) with
// that user's credentials: Go cannot setuid a single thread safely. The
// child is recognised by probeChildEnv, reads the probe context as JSON on
// stdin, gets the target's root directory as fd 3, and writes its checks
// as JSON on stdout.
const probeChildEnv = "HSERR_DOCTOR_PROBE_CHILD"

const probeChildToken = "v1"

// ProbeChild runs this process as a probe child when probeAs started it as
// one, and returns its exit code; ok is false for every other process. Only
// hserr's main and doctor's own tests call it, so linking this package no
// longer lets an environment variable take over a binary.
func ProbeChild() (code int, ok bool) {
	if os.Getenv(probeChildEnv) != probeChildToken {
		return 0, false
	}
	return probeChild(), true
}

func probeChild() int {
	// Probes are short and clean up as they go; finishing them beats dying
	// mid-step when the terminal's Ctrl-C reaches the whole process group.
	signal.Ignore(syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	var cx probeContext
	if err := json.NewDecoder(os.Stdin).Decode(&cx); err != nil {
		fmt.Fprintln(os.Stderr, "hserr doctor probe:", err)
		return 2
	}
	root := fsRoot{fd: 3, prefix: cx.Info.Root}
	defer root.close()
	checks := runProbes(context.Background(), &cx, root)
	if err := json.NewEncoder(os.Stdout).Encode(checks); err != nil {
		return 2
	}
	return 0
}

// probeAs runs the probes in a child with id's credentials. The parent
// opens the root (it may need root's rights for /proc/PID/root) and passes
// the descriptor; path walks below it are checked as the child's user.
func probeAs(ctx context.Context, cx *probeContext, id identity) ([]Check, error) {
	rootFile, err := os.OpenFile(rootDir(cx), os.O_RDONLY|unix.O_DIRECTORY|unix.O_PATH, 0)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", rootDir(cx), err)
	}
	defer rootFile.Close()
	in, err := json.Marshal(cx)
	if err != nil {
		return nil, err
	}
	groups := make([]uint32, 0, len(id.Groups))
	for _, g := range id.Groups {
		groups = append(groups, uint32(g))
	}
	cmd := exec.CommandContext(ctx, "/proc/self/exe")
	cmd.Env = []string{probeChildEnv + "=" + probeChildToken}
	cmd.Dir = "/"
	cmd.Stdin = bytes.NewReader(in)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	cmd.ExtraFiles = []*os.File{rootFile}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: &syscall.Credential{Uid: uint32(id.UID), Gid: uint32(id.GID), Groups: groups},
		Pdeathsig:  syscall.SIGKILL,
	}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("probe as %s (uid %d) failed: %v: %s", id.Name, id.UID, err, bytes.TrimSpace(stderr.Bytes()))
	}
	var checks []Check
	if err := json.Unmarshal(out.Bytes(), &checks); err != nil {
		return nil, fmt.Errorf("probe as %s: bad output: %v", id.Name, err)
	}
	return checks, nil
}
