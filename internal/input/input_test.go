package input

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mholt/archives"
)

const logText = "#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x0000000000000000, pid=1, tid=2\n"

func compress(t *testing.T, c archives.Compressor, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := c.OpenWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func tarOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for name, body := range files {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
		tw.Write([]byte(body))
	}
	tw.WriteHeader(&tar.Header{Name: "link", Linkname: "/etc/passwd", Typeflag: tar.TypeSymlink})
	tw.Close()
	return b.Bytes()
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return b.Bytes()
}

type sink struct {
	logs  map[string]string
	skips []struct{ Name, Reason string }
}

func (s *sink) Entry(name string, data []byte) { s.logs[filepath.Base(name)] = string(data) }
func (s *sink) Skip(name, reason string) {
	s.skips = append(s.skips, struct{ Name, Reason string }{name, reason})
}

// collect walks a file holding data (named so as to mislead: formats are
// found by content) and returns the logs and skips it yields.
func collect(t *testing.T, data []byte, lim Limits) (map[string]string, *sink, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "misnamed.txt")
	os.WriteFile(p, data, 0o644)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := &sink{logs: map[string]string{}}
	err = WalkFile(p, f, lim, s)
	return s.logs, s, err
}

func collectStream(t *testing.T, data []byte, lim Limits) (map[string]string, *sink, error) {
	t.Helper()
	s := &sink{logs: map[string]string{}}
	err := WalkStream("<stdin>", bytes.NewReader(data), lim, s)
	return s.logs, s, err
}

func TestCompressedLogs(t *testing.T) {
	for name, c := range map[string]archives.Compressor{"gz": archives.Gz{}, "xz": archives.Xz{}, "zst": archives.Zstd{}, "bz2": archives.Bz2{}} {
		logs, _, err := collect(t, compress(t, c, []byte(logText)), DefaultLimits)
		if err != nil || len(logs) != 1 || logs["misnamed.txt"] != logText {
			t.Errorf("%s: %v %q", name, err, logs)
		}
		logs, _, err = collectStream(t, compress(t, c, []byte(logText)), DefaultLimits)
		if err != nil || logs["<stdin>"] != logText {
			t.Errorf("%s on stdin: %v %q", name, err, logs)
		}
	}
	logs, _, err := collect(t, []byte(logText), DefaultLimits)
	if err != nil || logs["misnamed.txt"] != logText {
		t.Errorf("plain: %v %q", err, logs)
	}
}

func TestArchives(t *testing.T) {
	files := map[string]string{"a/hs_err_pid1.log": logText, "b/hs_err_pid2.log": logText + "x\n", "inner.zip": "PK"}
	for name, data := range map[string][]byte{
		"tar":     tarOf(t, files),
		"tar.gz":  compress(t, archives.Gz{}, tarOf(t, files)),
		"tar.zst": compress(t, archives.Zstd{}, tarOf(t, files)),
		"tar.xz":  compress(t, archives.Xz{}, tarOf(t, files)),
		"tar.bz2": compress(t, archives.Bz2{}, tarOf(t, files)),
		"zip":     zipOf(t, files),
	} {
		logs, sk, err := collect(t, data, DefaultLimits)
		// inner.zip holds "PK": read as a tiny entry (triage then refuses an
		// archive inside an archive by its content)
		if err != nil || logs["hs_err_pid2.log"] != logText+"x\n" || logs["hs_err_pid1.log"] != logText {
			t.Errorf("%s: %v, logs %v", name, err, logs)
		}
		var link bool
		for _, s := range sk.skips {
			link = link || strings.Contains(s.Reason, "link entry")
		}
		if strings.HasPrefix(name, "tar") && !link {
			t.Errorf("%s: the link entry was not reported: %+v", name, sk.skips)
		}
	}
}

func TestBounds(t *testing.T) {
	big := compress(t, archives.Gz{}, bytes.Repeat([]byte("A"), 1<<20))
	_, sk, err := collect(t, big, Limits{MaxLogBytes: 1000, MaxArchiveBytes: 1 << 30, MaxEntries: 10, MaxStdinZip: 1 << 20})
	if err != nil || len(sk.skips) != 1 || !strings.Contains(sk.skips[0].Reason, "zip bomb") {
		t.Errorf("a gzip bomb past the cap: %v %+v", err, sk.skips)
	}
	many := map[string]string{}
	for _, n := range []string{"1", "2", "3", "4"} {
		many[n+".log"] = logText
	}
	if _, _, err := collect(t, zipOf(t, many), Limits{MaxLogBytes: 1 << 20, MaxArchiveBytes: 1 << 30, MaxEntries: 3, MaxStdinZip: 1 << 20}); err == nil || !strings.Contains(err.Error(), "over the cap of 3") {
		t.Errorf("entry cap: %v", err)
	}
	traversal := zipOf(t, map[string]string{"../../evil.log": logText, "/abs.log": logText})
	logs, sk, _ := collect(t, traversal, DefaultLimits)
	if len(logs) != 0 || len(sk.skips) != 2 {
		t.Errorf("unsafe names read: %v %+v", logs, sk.skips)
	}
}

func TestStdinZip(t *testing.T) {
	z := zipOf(t, map[string]string{"hs_err_pid1.log": logText})
	logs, _, err := collectStream(t, z, DefaultLimits)
	if err != nil || len(logs) != 1 {
		t.Errorf("zip on stdin: %v %v", err, logs)
	}
	_, sk, _ := collectStream(t, z, Limits{MaxLogBytes: 1 << 20, MaxArchiveBytes: 1 << 20, MaxEntries: 10, MaxStdinZip: 10})
	if len(sk.skips) != 1 || !strings.Contains(sk.skips[0].Reason, "pass it as a file") {
		t.Errorf("zip on stdin past its cap: %+v", sk.skips)
	}
}

func TestCapped(t *testing.T) {
	b, err := io.ReadAll(Capped(strings.NewReader("0123456789"), 4))
	if !errors.Is(err, ErrTooLarge) || string(b) != "0123" {
		t.Errorf("%q %v", b, err)
	}
	if b, err := io.ReadAll(Capped(strings.NewReader("0123"), 4)); err != nil || string(b) != "0123" {
		t.Errorf("exactly at the cap: %q %v", b, err)
	}
}

func TestSniff(t *testing.T) {
	for name, c := range map[string]archives.Compressor{"gz": archives.Gz{}, "xz": archives.Xz{}, "zst": archives.Zstd{}, "bz2": archives.Bz2{}} {
		if k := Sniff(compress(t, c, []byte(logText))); !k.Compressed() {
			t.Errorf("%s sniffed as %d", name, k)
		}
	}
	if Sniff([]byte(logText)) != Plain || Sniff(tarOf(t, map[string]string{"a": "b"})) != Tar || Sniff(zipOf(t, map[string]string{"a": "b"})) != Zip {
		t.Error("plain, tar or zip misread")
	}
}
