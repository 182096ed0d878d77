package hook

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// crashJava makes the JVM die of SIGSEGV without any native library of its
// own: Unsafe writes to address 0.
const crashJava = `public class Crash {
  public static void main(String[] a) throws Exception {
    java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    ((sun.misc.Unsafe) f.get(null)).putAddress(0L, 42L);
  }
}
`

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
	java := needJava(t)
	dir := t.TempDir()
	bin := buildHserr(t, dir)
	src := writeCrashSource(t, dir)
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

// needJava skips a test that crashes a JVM under -short, or when there is
// no java (it fails instead in CI, which installs one), and returns java's
// path.
func needJava(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("crashes a JVM")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no java: CI installs openjdk-17-jdk-headless")
		}
		t.Skip("no java on PATH (Debian openjdk-17-jdk-headless)")
	}
	return java
}

// buildHserr builds the hserr binary into dir and returns its path.
func buildHserr(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "hserr")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/hserr").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeCrashSource writes crashJava as dir/Crash.java (the java launcher
// runs a single source file) and returns its path.
func writeCrashSource(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "Crash.java")
	if err := os.WriteFile(src, []byte(crashJava), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

func lastLine(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}
