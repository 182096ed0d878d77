package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/taxonomy"
	"github.com/hserr/hserr/internal/term"
)

func TestClasses(t *testing.T) {
	code, out, _ := run(t, nil, "classes")
	if code != term.ExitOK || len(strings.Split(strings.TrimSpace(out), "\n")) != len(taxonomy.All()) {
		t.Fatalf("exit %d, want one line per class:\n%s", code, out)
	}
	code, out, _ = run(t, nil, "classes", "-o", "json", "jni-null-deref", "unknown-with-evidence")
	var doc classesDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if doc.SchemaVersion != "1" || len(doc.Classes) != 2 || doc.Classes[0].ID != "jni-null-deref" || doc.Classes[0].Meaning == "" {
		t.Errorf("%+v", doc)
	}
	if code, _, errs := run(t, nil, "classes", "no-such-class"); code != term.ExitUsage || !strings.Contains(errs, "no-such-class") {
		t.Errorf("unknown id: exit %d, %q", code, errs)
	}
}

func TestVersionFlagHasNoShorthand(t *testing.T) {
	if code, out, _ := run(t, nil, "--version"); code != 0 || !strings.HasPrefix(out, "hserr version ") {
		t.Errorf("--version: exit %d %q", code, out)
	}
	if code, _, _ := run(t, nil, "-v"); code != term.ExitUsage {
		t.Errorf("-v is no longer --version; exit %d", code)
	}
	code, out, _ := run(t, nil, "version", "-o", "json")
	var in struct{ Version, GoVersion string }
	if err := json.Unmarshal([]byte(out), &in); err != nil || code != 0 || in.Version == "" {
		t.Errorf("version -o json: exit %d %v %q", code, err, out)
	}
}

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, nil, "man", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, name := range []string{"hserr.1", "hserr-explain.1", "hserr-triage.1", "hserr-doctor.1", "hserr-classes.1"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !strings.Contains(string(b), ".TH \"HSERR\" \"1\"") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestBuiltBinaryNamesRevision builds hserr from this checkout as a user's
// `go install ./cmd/hserr` would and checks that `hserr version` names the
// commit it was built from (the build info, not a hand-kept string).
func TestBuiltBinaryNamesRevision(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed: no VCS stamp to check")
	}
	rev, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not a git checkout (a source archive): no VCS stamp to check")
	}
	bin := filepath.Join(t.TempDir(), "hserr")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// -buildvcs=true: some machines set GOFLAGS=-buildvcs=false globally.
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "../../cmd/hserr")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(rev))[:12]; !strings.Contains(string(out), want) {
		t.Errorf("hserr version does not name revision %s:\n%s", want, out)
	}
}

// Linking doctor does not let an environment variable turn a binary into
// doctor's probe child (it used to, from an init function): this test
// binary, run with the child's variable, still runs its tests.
func TestProbeChildVariableDoesNotHijack(t *testing.T) {
	if testing.Short() {
		t.Skip("re-runs the test binary")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestClasses$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HSERR_DOCTOR_PROBE_CHILD=v1")
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Errorf("test binary with the probe-child variable: %v\n%s", err, out)
	}
}

// Every command is built here, in cli: doctor's and triage's help and
// argument checks come from their commands in this package.
func TestDoctorAndTriageCommands(t *testing.T) {
	code, out, _ := run(t, nil, "doctor", "--help")
	for _, want := range []string{"--user elasticsearch", "--pid", "--json", "LIBFFI_TMPDIR=", "Exit status"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("doctor --help lacks %q", want)
		}
	}
	if code, _, _ := run(t, nil, "doctor", "extra-arg"); code != term.ExitUsage {
		t.Errorf("doctor extra-arg: exit %d", code)
	}
	code, out, _ = run(t, nil, "triage", "--help")
	for _, want := range []string{"--db", "--memory", "Exit codes", "-o, --output"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("triage --help lacks %q", want)
		}
	}
}
