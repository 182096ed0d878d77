package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mholt/archives"

	"github.com/hserr/hserr/docs/schema"
	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/term"
)

func writeGz(t *testing.T, path string, data []byte) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	os.WriteFile(path, b.Bytes(), 0o644)
}

// logsDir holds the example log plain, gzip, xz and as a tar.gz of two
// corpus logs, plus a file that is not a log.
func logsDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hs_err_pid1.log"), example.Log, 0o644)
	writeGz(t, filepath.Join(dir, "hs_err_pid2.log.gz"), example.Log)
	var xz bytes.Buffer
	w, _ := archives.Xz{}.OpenWriter(&xz)
	w.Write(example.Log)
	w.Close()
	os.WriteFile(filepath.Join(dir, "hs_err_pid3.log.xz"), xz.Bytes(), 0o644)
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	for _, n := range []string{"krashpad-dataset94.log", "krashpad-dataset95.log"} {
		b, _ := os.ReadFile(corpus.Log(t, n))
		tw.WriteHeader(&tar.Header{Name: "bundle/" + n, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg})
		tw.Write(b)
	}
	tw.Close()
	writeGz(t, filepath.Join(dir, "bundle.tgz"), tb.Bytes())
	return dir
}

func TestManyInputsQuiet(t *testing.T) {
	dir := logsDir(t)
	code, out, errs := run(t, nil, "explain", "-q", filepath.Join(dir, "hs_err_pid*"), filepath.Join(dir, "bundle.tgz"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != term.ExitOK || len(lines) != 5 {
		t.Fatalf("exit %d, %d lines (want 5: three copies of the example, two logs from the bundle):\n%s\n%s", code, len(lines), out, errs)
	}
	for _, want := range []string{"hs_err_pid2.log.gz: jni-null-deref", "hs_err_pid3.log.xz: jni-null-deref", "bundle.tgz!bundle/krashpad-dataset95.log: "} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
}

func TestJSONArrayAndLines(t *testing.T) {
	dir := logsDir(t)
	gz := filepath.Join(dir, "hs_err_pid2.log.gz")
	code, out, _ := run(t, nil, "explain", "-o", "json", gz)
	if err := schema.Validate(schema.Explain, []byte(out), true); code != 0 || err != nil {
		t.Errorf("one log is one object: exit %d %v", code, err)
	}
	_, out, _ = run(t, nil, "explain", "-o", "json", gz, filepath.Join(dir, "hs_err_pid1.log"))
	var arr []json.RawMessage
	if err := json.Unmarshal([]byte(out), &arr); err != nil || len(arr) != 2 {
		t.Fatalf("two logs are an array of two: %v", err)
	}
	for _, doc := range arr {
		if err := schema.Validate(schema.Explain, doc, true); err != nil {
			t.Error(err)
		}
	}
	_, out, _ = run(t, nil, "parse", "-o", "jsonl", filepath.Join(dir, "bundle.tgz"), gz)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("jsonl: %d lines, want 3", len(lines))
	}
	for _, l := range lines {
		if err := schema.Validate(schema.Parse, []byte(l), true); err != nil {
			t.Error(err)
		}
	}
}

func TestOutputFileAndColor(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "report.md")
	code, out, _ := run(t, nil, "explain", "--example", "-o", "markdown", "--output-file", dest)
	b, _ := os.ReadFile(dest)
	if code != 0 || out != "" || !strings.Contains(string(b), "### Verdict") {
		t.Errorf("--output-file: exit %d, stdout %q, file %q", code, out, b)
	}
	_, out, _ = run(t, nil, "explain", "--example", "--color", "always")
	if !strings.Contains(out, "\x1b[1m") {
		t.Error("--color always gave no colour")
	}
	t.Setenv("NO_COLOR", "")
	_, out, _ = run(t, nil, "explain", "--example", "--color", "never")
	if strings.Contains(out, "\x1b[") {
		t.Error("--color never gave colour")
	}
	if code, _, _ := run(t, nil, "explain", "--example", "--color", "sometimes"); code != term.ExitUsage {
		t.Errorf("--color sometimes: exit %d", code)
	}
	term.SetColorMode("auto")
}

func TestGlobWithoutMatch(t *testing.T) {
	code, _, errs := run(t, nil, "explain", filepath.Join(t.TempDir(), "hs_err_*.log"))
	if code != term.ExitUsage || !strings.Contains(errs, "no file matches") {
		t.Errorf("exit %d %q", code, errs)
	}
}
