package lab

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// jvmTimeout bounds one scenario's JVM; a crash takes well under a second.
const jvmTimeout = 30 * time.Second

// baseFlags keep every JVM cheap and its crash contained: no core file,
// no perf-data file in /tmp, a small heap and the serial collector.
var baseFlags = []string{
	"-XX:-CreateCoredumpOnCrash", "-XX:-UsePerfData", "-Xshare:auto",
	"-Xmx64m", "-XX:+UseSerialGC",
}

// outcome is what one JVM run left behind.
type outcome struct {
	Log    string // hs_err path, "" when none was written
	Output string // the JVM's stdout and stderr
	Exit   string // how the process ended
	Took   time.Duration
}

// crash runs scenario s in dir and returns the hs_err log it wrote.
func crash(j *jdk, b *built, s Scenario, dir string) (outcome, error) {
	cp := b.Classes
	if j.JNA != "" {
		cp += string(os.PathListSeparator) + j.JNA
	}
	args := append([]string{}, baseFlags...)
	for _, a := range s.JVM {
		args = append(args, strings.ReplaceAll(a, "{lib}", b.Lib))
	}
	args = append(args,
		"-XX:ErrorFile="+filepath.Join(dir, "hs_err_pid%p.log"),
		"-Djava.io.tmpdir="+dir, "-Dlab.lib="+b.Lib, "-cp", cp, s.Main)
	for _, a := range s.Args {
		args = append(args, strings.ReplaceAll(a, "{dir}", dir))
	}
	ctx, cancel := context.WithTimeout(context.Background(), jvmTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, j.Java, args...)
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		return outcome{}, err
	}
	cmd.Stderr = cmd.Stdout
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return outcome{}, err
	}
	text := collect(out, s.Kill, cmd.Process)
	werr := cmd.Wait()
	o := outcome{Output: text, Took: time.Since(start), Exit: exitText(werr)}
	if ctx.Err() != nil {
		return o, fmt.Errorf("JVM still running after %v; output:\n%s", jvmTimeout, text)
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "hs_err_pid*.log"))
	if len(logs) > 1 {
		return o, fmt.Errorf("%d hs_err logs, want one: %v", len(logs), logs)
	}
	if len(logs) == 1 {
		o.Log = logs[0]
	}
	return o, nil
}

// collect reads the JVM's output; when kill is set it sends that signal
// from this process once the program prints "ready".
func collect(r io.Reader, kill syscall.Signal, p *os.Process) string {
	var sb strings.Builder
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		sb.WriteString(line + "\n")
		if kill != 0 && line == "ready" {
			_ = p.Signal(kill)
		}
	}
	return sb.String()
}

func exitText(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return "killed by " + ws.Signal().String()
		}
		return fmt.Sprintf("exit %d", ee.ExitCode())
	}
	if err != nil {
		return err.Error()
	}
	return "exit 0"
}
