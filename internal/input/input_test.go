package input

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"context"
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

// collect walks a file holding data (named so as to mislead: formats are
// found by content) and returns the logs and skips it yields.
func collect(t *testing.T, data []byte, lim Limits) (map[string]string, []Skip, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "misnamed.txt")
	os.WriteFile(p, data, 0o644)
	return collectPath(t, p, nil, lim)
}

func collectPath(t *testing.T, p string, stdin io.Reader, lim Limits) (map[string]string, []Skip, error) {
	t.Helper()
	logs := map[string]string{}
	var skips []Skip
	err := Walk(context.Background(), p, stdin, lim, func(l Log) error {
		b, err := io.ReadAll(l.R)
		if err != nil {
			return err
		}
		logs[filepath.Base(l.Name)] = string(b)
		return nil
	}, func(s Skip) { skips = append(skips, s) })
	return logs, skips, err
}

func TestCompressedLogs(t *testing.T) {
	for name, c := range map[string]archives.Compressor{"gz": archives.Gz{}, "xz": archives.Xz{}, "zst": archives.Zstd{}, "bz2": archives.Bz2{}} {
		logs, _, err := collect(t, compress(t, c, []byte(logText)), DefaultLimits)
		if err != nil || len(logs) != 1 || logs["misnamed.txt"] != logText {
			t.Errorf("%s: %v %q", name, err, logs)
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
		"zip":     zipOf(t, files),
	} {
		logs, skips, err := collect(t, data, DefaultLimits)
		if err != nil || len(logs) != 2 || logs["hs_err_pid2.log"] != logText+"x\n" {
			t.Errorf("%s: %v, logs %v", name, err, logs)
		}
		var nested bool
		for _, s := range skips {
			nested = nested || strings.HasSuffix(s.Name, "!inner.zip")
		}
		if !nested {
			t.Errorf("%s: the nested archive was not reported: %+v", name, skips)
		}
	}
}

func TestBounds(t *testing.T) {
	big := compress(t, archives.Gz{}, bytes.Repeat([]byte("A"), 1<<20))
	_, _, err := collect(t, big, Limits{MaxLogBytes: 1000, MaxEntries: 10, MaxZipStdin: 1 << 20})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("a gzip bomb past the cap: %v", err)
	}
	many := map[string]string{}
	for _, n := range []string{"1", "2", "3", "4"} {
		many[n+".log"] = logText
	}
	if _, _, err := collect(t, zipOf(t, many), Limits{MaxLogBytes: 1 << 20, MaxEntries: 3, MaxZipStdin: 1 << 20}); err == nil || !strings.Contains(err.Error(), "more than 3 entries") {
		t.Errorf("entry cap: %v", err)
	}
}

func TestStdinZip(t *testing.T) {
	z := zipOf(t, map[string]string{"hs_err_pid1.log": logText})
	logs, _, err := collectPath(t, "-", bytes.NewReader(z), DefaultLimits)
	if err != nil || len(logs) != 1 {
		t.Errorf("zip on stdin: %v %v", err, logs)
	}
	_, _, err = collectPath(t, "-", bytes.NewReader(z), Limits{MaxLogBytes: 1 << 20, MaxEntries: 10, MaxZipStdin: 10})
	if err == nil || !strings.Contains(err.Error(), "pass it as a file") {
		t.Errorf("zip on stdin past its cap: %v", err)
	}
}

func TestMissingAndDirectory(t *testing.T) {
	if _, _, err := collectPath(t, filepath.Join(t.TempDir(), "nope"), nil, DefaultLimits); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, _, err := collectPath(t, t.TempDir(), nil, DefaultLimits); err == nil {
		t.Error("a directory was read as a log")
	}
}
