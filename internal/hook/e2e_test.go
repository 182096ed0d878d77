package hook

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/jvmtest"
)

// A real JVM crashes with -XX:OnError="<hserr> hook %p": the hook finds
// the log through -XX:ErrorFile, spools it redacted, and prints the verdict
// into the JVM's output.
func TestRealCrashThroughOnError(t *testing.T) {
	// with the pid, and finding the JVM among the parents (subtest names
	// stay free of '%': HotSpot expands %p anywhere in the command)
	for name, hookArgs := range map[string]string{"pid": " hook %p", "parents": " hook"} {
		t.Run(name, func(t *testing.T) { realCrash(t, hookArgs) })
	}
}

func realCrash(t *testing.T, hookArgs string) {
	java := jvmtest.Java(t)
	dir := t.TempDir()
	bin := jvmtest.BuildHserr(t, dir)
	src := jvmtest.WriteCrash(t, dir)
	logs, spoolDir := filepath.Join(dir, "logs"), filepath.Join(dir, "spool")
	os.Mkdir(logs, 0o755)
	cmd := exec.Command(java, "-XX:-CreateCoredumpOnCrash", "-Xmx64m",
		"-XX:ErrorFile="+logs+"/hs_err_pid%p.log",
		"-XX:OnError="+bin+hookArgs+" --spool "+spoolDir,
		"-Ddb.password=hunter2", src)
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "hserr: JVM ") || !strings.Contains(string(out), "log spooled as") {
		t.Fatalf("no hook line in the JVM's output:\n%s", out)
	}
	ents, _ := os.ReadDir(spoolDir)
	var logFile, recFile string
	for _, e := range ents {
		switch filepath.Ext(e.Name()) {
		case ".log":
			logFile = filepath.Join(spoolDir, e.Name())
		case ".json":
			recFile = filepath.Join(spoolDir, e.Name())
		}
	}
	if logFile == "" || recFile == "" {
		t.Fatalf("spool holds %v", ents)
	}
	b, _ := os.ReadFile(logFile)
	if strings.Contains(string(b), "hunter2") || !strings.Contains(string(b), "db.password=<redacted>") {
		t.Error("the spooled log is not redacted")
	}
	var rec struct {
		PID    int
		Source string
		Class  string
	}
	rb, _ := os.ReadFile(recFile)
	json.Unmarshal(rb, &rec)
	if rec.PID == 0 || !strings.HasPrefix(rec.Source, logs) || rec.Class == "" {
		t.Errorf("record %s", rb)
	}
	t.Logf("JVM output: %s", lastLine(string(out), "hserr: "))
}

func lastLine(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}
