package triage

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bits-and-blooms/bloom/v3"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/input"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/signature"
	"github.com/hserr/hserr/internal/store"
	"github.com/hserr/hserr/internal/term"
	"github.com/hserr/hserr/internal/web"
)

// corpusDir is the repository's corpus of real logs.
func corpusDir(t testing.TB) string { return corpus.LogsDir(t) }

func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// headerClass is a test classifier derived from the log itself (the signal
// or error kind), so grouping tests do not depend on explain's rules.
func headerClass(l *model.Log) (string, float64) {
	c := l.Header.Signal
	if c == "" {
		c = l.Header.ErrorKind
	}
	if c == "" {
		c = "none"
	}
	return strings.ToLower(c), 1
}

// runCmd executes the cobra command and returns stdout, stderr and the exit code.
func runCmd(t *testing.T, stdin []byte, args ...string) (string, string, int) {
	t.Helper()
	c := testCommand()
	var out, errb bytes.Buffer
	c.SetOut(&out)
	c.SetErr(&errb)
	c.SetIn(bytes.NewReader(stdin))
	c.SetArgs(append([]string{"--no-progress"}, args...))
	err := c.Execute()
	return out.String(), errb.String(), term.Code(err)
}

func decode(t *testing.T, s string) Report {
	t.Helper()
	var r Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, s)
	}
	return r
}

// groupOf maps each corpus file name to its group id.
func groupOf(t *testing.T, db *store.DB, rep *Report) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, g := range rep.Groups {
		logs, err := db.GroupLogs(g.ID, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range logs {
			out[filepath.Base(l.Path)] = g.ID
		}
	}
	return out
}

func triageInto(t *testing.T, db *store.DB, inputs []string, opt Options) *Report {
	t.Helper()
	res, err := Run(context.Background(), db, inputs, opt)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := BuildReport(db, res)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

var (
	reProblematic = regexp.MustCompile(`(?m)^# Problematic frame:\r?\n# ([CVjJv])  ?(.*)$`)
	reStripFrame  = regexp.MustCompile(`\[[^\]]*\]|\+0x[0-9a-fA-F]+|\+[0-9]+$|\(.*$|^[0-9]+ +[cC][12] +|\s+`)
)

// rawTopFunction reads the problematic frame's function straight from the
// text (independently of the parser): "" when it has no symbol.
func rawTopFunction(b []byte) string {
	m := reProblematic.FindSubmatch(b)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(reStripFrame.ReplaceAllString(string(m[2]), " "))
}

func TestGroupingOnCorpus(t *testing.T) {
	dir := corpusDir(t)
	db, err := store.Open(store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A copy of dataset20 whose JNA library got another random name, as it
	// does on every JVM start, must join dataset20's group.
	jnaDir := t.TempDir()
	b := bytes.ReplaceAll(readCorpus(t, "krashpad-dataset20.log"), []byte("jna8588255081773605818.tmp"), []byte("jna1234567890123456789.tmp"))
	os.WriteFile(filepath.Join(jnaDir, "renamed-jna.log"), b, 0o644)

	rep := triageInto(t, db, []string{dir, jnaDir}, Options{Classify: headerClass})
	if rep.Run.Added != 98 || rep.Run.Skipped != 0 {
		t.Fatalf("added %d skipped %d (%v), want 98 and 0", rep.Run.Added, rep.Run.Skipped, rep.Skipped)
	}
	g := groupOf(t, db, rep)
	same := [][]string{
		// Unsafe_GetByte on four different JDK builds (offsets differ).
		{"krashpad-dataset70.log", "krashpad-dataset90.log", "krashpad-dataset94.log", "krashpad-dataset95.log"},
		// Artemis libaio callback into freed memory, three logs.
		{"krashpad-dataset4.log", "krashpad-dataset40.log", "krashpad-dataset46.log"},
		// JNA-loaded library, random temp name.
		{"krashpad-dataset20.log", "krashpad-dataset22.log", "renamed-jna.log"},
		// libcairo.
		{"krashpad-dataset1.log", "krashpad-dataset26.log"},
		// pthread_getcpuclockid reached from Thread::print_on / JavaThread::print_on.
		{"krashpad-dataset19.log", "krashpad-dataset32.log"},
	}
	for _, set := range same {
		for _, f := range set[1:] {
			if g[f] == "" || g[f] != g[set[0]] {
				t.Errorf("%s (group %s) and %s (group %s) should group together", set[0], g[set[0]], f, g[f])
			}
		}
	}
	// Same top frame, different caller chain: a different group.
	if g["krashpad-dataset77.log"] == g["krashpad-dataset19.log"] {
		t.Errorf("dataset77 (NamedThread::print_on) merged with dataset19 (JavaThread::print_on)")
	}
	// Independent oracle: logs whose problematic frames name different
	// functions (read from the raw text) never share a group.
	top := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			top[filepath.Base(p)] = rawTopFunction(b)
		}
		return nil
	})
	byGroup := map[string]map[string][]string{}
	for f, id := range g {
		fn := top[f]
		if fn == "" {
			continue
		}
		if byGroup[id] == nil {
			byGroup[id] = map[string][]string{}
		}
		byGroup[id][fn] = append(byGroup[id][fn], f)
	}
	checked := 0
	for id, fns := range byGroup {
		checked++
		if len(fns) > 1 {
			t.Errorf("group %s mixes different crash sites: %v", id, fns)
		}
	}
	if checked < 30 {
		t.Fatalf("oracle checked only %d groups", checked)
	}
	// Groups are ranked by count.
	for i := 1; i < len(rep.Groups); i++ {
		if rep.Groups[i].Count > rep.Groups[i-1].Count {
			t.Fatalf("not ranked: %d after %d", rep.Groups[i].Count, rep.Groups[i-1].Count)
		}
	}
	// Every group explains itself.
	for _, gr := range rep.Groups {
		if len(gr.Notes) == 0 {
			t.Errorf("group %s has no notes", gr.ID)
		}
	}
}

// With the real verdicts (explain), a group never mixes classes and the
// signature starts with its class.
func TestDefaultClassifierGroups(t *testing.T) {
	out, errs, code := runCmd(t, nil, "--db", store.Memory, "--json", corpusDir(t))
	if code != term.ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rep := decode(t, out)
	if rep.Logs != 97 || len(rep.Groups) < 20 || len(rep.Groups) > 97 {
		t.Fatalf("%d logs in %d groups", rep.Logs, len(rep.Groups))
	}
	for _, g := range rep.Groups {
		if g.Class == "" || !strings.HasPrefix(g.Signature, g.Class+" | ") {
			t.Errorf("group %s: verdict %q, signature %q", g.ID, g.Class, g.Signature)
		}
		if len(g.JDKs) == 0 {
			t.Errorf("group %s has no JDK", g.ID)
		}
	}
}

func TestStableAcrossRuns(t *testing.T) {
	dir := corpusDir(t)
	dbPath := filepath.Join(t.TempDir(), "t.db")
	out1, errs, code := runCmd(t, nil, "--db", dbPath, "--json", dir)
	if code != term.ExitOK {
		t.Fatalf("run 1: exit %d %s", code, errs)
	}
	out2, _, code := runCmd(t, nil, "--db", dbPath, "--json", dir)
	if code != term.ExitOK {
		t.Fatalf("run 2: exit %d", code)
	}
	out3, _, _ := runCmd(t, nil, "--db", filepath.Join(t.TempDir(), "fresh.db"), "--json", dir)
	r1, r2, r3 := decode(t, out1), decode(t, out2), decode(t, out3)
	if r2.Run.Added != 0 || r2.Run.Duplicates != 97 || r2.Logs != 97 {
		t.Fatalf("second run: %+v, %d logs", r2.Run, r2.Logs)
	}
	ids := func(r Report) string {
		var s []string
		for _, g := range r.Groups {
			s = append(s, g.ID+"="+g.Signature)
		}
		sort.Strings(s)
		return strings.Join(s, "\n")
	}
	if ids(r1) != ids(r2) || ids(r1) != ids(r3) {
		t.Fatalf("group ids changed between runs")
	}
	for _, g := range r2.Groups {
		if g.New != 0 {
			t.Fatalf("group %s has %d new logs on a repeated run", g.ID, g.New)
		}
	}
	// Database round trip: the stored runs are the two runs.
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, _ := db.Runs()
	if len(runs) != 2 || runs[0].Added != 97 || runs[1].Duplicates != 97 {
		t.Fatalf("runs = %+v", runs)
	}
	// A new log added later joins its existing group.
	extra := t.TempDir()
	b := append(readCorpus(t, "krashpad-dataset70.log"), []byte("\n")...)
	os.WriteFile(filepath.Join(extra, "hs_err_pid42.log"), b, 0o644)
	out4, _, _ := runCmd(t, nil, "--db", dbPath, "--json", extra)
	r4 := decode(t, out4)
	if r4.Run.Added != 1 || r4.Logs != 98 || len(r4.Groups) != len(r1.Groups) {
		t.Fatalf("added log: %+v, %d logs, %d groups (was %d)", r4.Run, r4.Logs, len(r4.Groups), len(r1.Groups))
	}
}

// --- archive safety -------------------------------------------------------

type tarEntry struct {
	name, link string
	typ        byte
	data       []byte
}

func makeTarGz(t *testing.T, entries []tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		h := &tar.Header{Name: e.name, Typeflag: typ, Mode: 0o644, Size: int64(len(e.data)), Linkname: e.link}
		if typ != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			tw.Write(e.data)
		}
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

// zipBomb returns a zip whose single entry is size zero bytes, deflated
// (about 1000:1). When lie is true, the headers claim 1 KB.
func zipBomb(t *testing.T, size int, lie bool) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	zero := make([]byte, 1<<20)
	crc := crc32.NewIEEE()
	for n := 0; n < size; n += len(zero) {
		fw.Write(zero)
		crc.Write(zero)
	}
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	fh := &zip.FileHeader{Name: "hs_err_pid1.log", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(size)}
	if lie {
		fh.UncompressedSize64 = 1024
	}
	w, err := zw.CreateRaw(fh)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

func makeZip(t *testing.T, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[n])
	}
	zw.Close()
	return buf.Bytes()
}

func snapshot(t *testing.T, root string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			out[p] = true
		}
		return nil
	})
	return out
}

func TestBadInputIsSkipped(t *testing.T) {
	log1 := readCorpus(t, "krashpad-dataset70.log")
	log2 := readCorpus(t, "krashpad-dataset1.log")
	log3 := readCorpus(t, "krashpad-dataset20.log")
	root := t.TempDir()
	in := filepath.Join(root, "in")
	os.MkdirAll(filepath.Join(in, "sub"), 0o755)
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(in, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.tar.gz", makeTarGz(t, []tarEntry{
		{name: "logs/hs_err_pid70.log", data: log1},
		{name: "../../etc/passwd", data: log2},
		{name: "/etc/shadow", data: log2},
		{name: "logs/link.log", typ: tar.TypeSymlink, link: "/etc/passwd"},
		{name: "logs/README.txt", data: []byte("These are the crash logs from last week.\nCall Bob.\n")},
		{name: "logs/inner.zip", data: makeZip(t, map[string][]byte{"a.log": log3})},
	}))
	full := makeTarGz(t, []tarEntry{{name: "a/hs_err_1.log", data: log2}, {name: "a/hs_err_2.log", data: log3}})
	write("truncated.tar.gz", full[:len(full)*2/3])
	write("bomb.zip", zipBomb(t, 80<<20, false))
	write("liar.zip", zipBomb(t, 80<<20, true))
	write("traversal.zip", makeZip(t, map[string][]byte{"../../../tmp/evil.log": log2, `..\..\evil.log`: log2, "ok/hs_err_pid3.log": log3}))
	write("corrupt.zip", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xde, 0xad}, 500)...))
	write("sub/notes.txt", []byte("just some notes\nnothing to see\n"))
	write("sub/core.1234", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 4096)...))
	write("sub/empty.log", nil)
	os.Symlink(filepath.Join(in, "missing-target"), filepath.Join(in, "sub", "dangling.log"))
	before := snapshot(t, root)

	dbPath := filepath.Join(root, "t.db")
	out, errs, code := runCmd(t, nil, "--db", dbPath, "--json", in, filepath.Join(root, "does-not-exist"))
	if code != term.ExitPartial {
		t.Fatalf("exit %d, want %d (partial)\n%s", code, term.ExitPartial, errs)
	}
	rep := decode(t, out)
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[strings.TrimPrefix(s.Path, in+string(filepath.Separator))] = s.Reason
		if !strings.Contains(errs, s.Path) {
			t.Errorf("skip of %s not reported on stderr", s.Path)
		}
	}
	want := map[string]string{
		"good.tar.gz!../../etc/passwd":        "path traversal",
		"good.tar.gz!/etc/shadow":             "absolute entry path",
		"good.tar.gz!logs/link.log":           "link entry",
		"good.tar.gz!logs/README.txt":         "not an hs_err log",
		"good.tar.gz!logs/inner.zip":          "archive inside an archive",
		"truncated.tar.gz":                    "corrupt",
		"bomb.zip!hs_err_pid1.log":            "zip bomb",
		"liar.zip!hs_err_pid1.log":            "zip bomb",
		"traversal.zip!../../../tmp/evil.log": "path traversal",
		`traversal.zip!..\..\evil.log`:        "path traversal",
		"corrupt.zip":                         "corrupt zip",
		"sub/notes.txt":                       "not an hs_err log",
		"sub/core.1234":                       "binary file (ELF",
		"sub/empty.log":                       "empty file",
		"sub/dangling.log":                    "broken symbolic link",
		filepath.Join(root, "does-not-exist"): "cannot read",
	}
	for p, sub := range want {
		if r, ok := reasons[p]; !ok || !strings.Contains(r, sub) {
			t.Errorf("%s: reason %q, want it to mention %q", p, r, sub)
		}
	}
	if len(reasons) != len(want) {
		t.Errorf("skips: %v", reasons)
	}
	// The good entries were all read: dataset70 (tar), dataset1 (truncated
	// tar, before the cut), dataset20 (zip).
	if rep.Run.Added != 3 {
		t.Errorf("added %d logs, want 3 (%+v)", rep.Run.Added, rep.Run)
	}
	// Nothing written outside the database.
	for p := range snapshot(t, root) {
		if !before[p] && !strings.HasPrefix(p, dbPath) {
			t.Errorf("triage wrote %s", p)
		}
	}
	if _, err := os.Stat("/tmp/evil.log"); err == nil {
		t.Errorf("/tmp/evil.log exists")
	}
}

// TestUnreadableFile: a log nobody may read is reported and skipped. Root
// reads any file, so as root (as in CI) the test runs itself again as
// nobody on a directory the parent prepared.
func TestUnreadableFile(t *testing.T) {
	dir := os.Getenv("HSERR_TEST_UNREADABLE_DIR")
	if dir == "" {
		dir = t.TempDir()
		p := filepath.Join(dir, "hs_err_pid1.log")
		if err := os.WriteFile(p, readCorpus(t, "krashpad-dataset1.log"), 0o000); err != nil {
			t.Fatal(err)
		}
		if os.Geteuid() == 0 {
			asNobody(t, dir, "TestUnreadableFile")
			return
		}
	}
	out, _, code := runCmd(t, nil, "--db", store.Memory, "--json", dir)
	rep := decode(t, out)
	if code != term.ExitPartial || len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "permission denied") {
		t.Fatalf("exit %d, skips %v", code, rep.Skipped)
	}
}

func TestStdin(t *testing.T) {
	log1 := readCorpus(t, "krashpad-dataset70.log")
	out, errs, code := runCmd(t, log1, "--db", store.Memory, "--json")
	if code != term.ExitOK {
		t.Fatalf("plain stdin: exit %d %s", code, errs)
	}
	if r := decode(t, out); r.Logs != 1 {
		t.Fatalf("plain stdin: %d logs", r.Logs)
	}
	tgz := makeTarGz(t, []tarEntry{{name: "a.log", data: log1}, {name: "b.log", data: readCorpus(t, "krashpad-dataset1.log")}})
	out, _, code = runCmd(t, tgz, "--db", store.Memory, "--json", "-")
	if r := decode(t, out); code != term.ExitOK || r.Logs != 2 {
		t.Fatalf("tar.gz on stdin: exit %d, %d logs", code, r.Logs)
	}
	z := makeZip(t, map[string][]byte{"x/a.log": log1})
	out, _, code = runCmd(t, z, "--db", store.Memory, "--json", "-")
	if r := decode(t, out); code != term.ExitOK || r.Logs != 1 || len(r.Groups) != 1 || r.Groups[0].Count != 1 {
		t.Fatalf("zip on stdin: exit %d, %d logs, groups %+v", code, r.Logs, r.Groups)
	}
	_, errs, code = runCmd(t, []byte("hello\n"), "--db", store.Memory)
	if code != term.ExitPartial {
		t.Fatalf("text on stdin: exit %d %s", code, errs)
	}
}

func TestOutputs(t *testing.T) {
	dir := corpusDir(t)
	tmp := t.TempDir()
	htmlPath := filepath.Join(tmp, "r.html")
	out, errs, code := runCmd(t, nil, "--db", store.Memory, "--csv", "--html", htmlPath, dir)
	if code != term.ExitOK {
		t.Fatalf("exit %d %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") || len(rows) < 21 {
		t.Fatalf("csv: %d rows, header %v", len(rows), rows[0])
	}
	total := 0
	for _, r := range rows[1:] {
		n := 0
		for _, c := range r[2] {
			n = n*10 + int(c-'0')
		}
		total += n
	}
	if total != 97 {
		t.Fatalf("csv counts add up to %d", total)
	}
	h, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	hs := string(h)
	for _, bad := range []string{"<script", "src=", "href=\"http", "@import"} {
		if strings.Contains(hs, bad) {
			t.Errorf("HTML is not self-contained: has %q", bad)
		}
	}
	if !strings.Contains(hs, rows[1][1]) || !strings.Contains(hs, "krashpad-dataset70.log") {
		t.Errorf("HTML lacks groups or logs")
	}
	// Text table: header, ranked rows, no colour when not a terminal.
	txt, _, _ := runCmd(t, nil, "--db", store.Memory, "--limit", "5", dir)
	if !strings.Contains(txt, "COUNT") || !strings.Contains(txt, "more groups") || strings.Contains(txt, "\x1b[") {
		t.Errorf("text output:\n%s", txt)
	}
	// Usage errors.
	if _, _, code := runCmd(t, nil, "--json", "--csv", dir); code != term.ExitUsage {
		t.Errorf("--json --csv: exit %d", code)
	}
	if _, _, code := runCmd(t, nil, "--db", filepath.Join(tmp, "no/such/dir/x.db"), dir); code != term.ExitUsage {
		t.Errorf("bad --db: exit %d", code)
	}
}

func TestPanicInAnalysisIsASkip(t *testing.T) {
	db, _ := store.Open(store.Memory)
	defer db.Close()
	calls := 0
	rep := triageInto(t, db, []string{corpusDir(t)}, Options{Jobs: 1, Classify: func(l *model.Log) (string, float64) {
		calls++
		if calls == 3 {
			panic("boom")
		}
		return headerClass(l)
	}})
	if rep.Run.Skipped != 1 || rep.Run.Added != 96 || !strings.Contains(rep.Skipped[0].Reason, "boom") {
		t.Fatalf("%+v %v", rep.Run, rep.Skipped)
	}
}

func TestUnsafeName(t *testing.T) {
	for name, bad := range map[string]bool{
		"a/b.log": false, "hs_err.log": false, "a/..b/c": false,
		"../x": true, "a/../../x": true, "/etc/passwd": true, `C:\x`: true, `a\..\..\x`: true, "": true,
	} {
		if got := input.UnsafeName(name) != ""; got != bad {
			t.Errorf("input.UnsafeName(%q) = %v", name, got)
		}
	}
}

// asNobody runs one test of this binary again as uid/gid 65534 with
// HSERR_TEST_UNREADABLE_DIR=dir, and fails if it does not pass.
func asNobody(t *testing.T, dir, test string) {
	t.Helper()
	// t.TempDir made dir and its parent 0700; let nobody reach the log.
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The test binary sits in a 0700 build directory: run a copy.
	bin := filepath.Join(filepath.Dir(dir), "triage.test")
	b, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "HSERR_TEST_UNREADABLE_DIR="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+test) {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
}

// TestCancelledRun: a run whose context ends returns the context's error and
// stays unfinished in the runs table.
func TestCancelledRun(t *testing.T) {
	db, err := store.Open(store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, db, []string{corpusDir(t)}, Options{Classify: headerClass}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	runs, err := db.Runs()
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || !runs[0].FinishedAt.IsZero() {
		t.Fatalf("runs = %+v, want one unfinished run", runs)
	}
}

// A stored record shares no memory with the bytes its log was parsed from
// in place: the batch holds records while the buffers are reused or freed.
func TestRecordIsACopy(t *testing.T) {
	out := make(chan outcome, 1)
	// The classifier returns the log's own text, as a custom one may.
	raw := func(l *model.Log) (string, float64) { return l.Header.Signal, 1 }
	db, err := store.Open(store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := &worker{opt: Options{Classify: raw, Rules: signature.DefaultRules()}, alg: "1",
		db: db, known: &known{f: bloom.NewWithEstimates(1000, 0.01)}, claims: newClaims(), out: out, ctx: context.Background()}
	data := readCorpus(t, "krashpad-dataset1.log")
	w.log("a.log", data)
	o := <-out
	if o.log == nil {
		t.Fatalf("no record: %+v", o)
	}
	before, _ := json.Marshal(o.log)
	for i := range data {
		data[i] = 'X'
	}
	after, _ := json.Marshal(o.log)
	if !bytes.Equal(before, after) {
		t.Fatalf("the record changed with the input buffer:\n%s\n%s", before, after)
	}
	if o.log.Class == "" || o.log.JDK == "" || o.log.Problematic == "" {
		t.Fatalf("record lacks the facts this test is about: %s", before)
	}
}

// Identical files in one run are stored once, whatever their names and
// containers, and the rest are counted as duplicates.
func TestDuplicatesInOneRun(t *testing.T) {
	dir := t.TempDir()
	log1 := readCorpus(t, "krashpad-dataset1.log")
	for i := 0; i < 5; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("copy%d.log", i)), log1, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "other.log"), readCorpus(t, "krashpad-dataset2.log"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "z.zip"), makeZip(t, map[string][]byte{"in/zip.log": log1}), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, jobs := range []int{1, 4} {
		rep := triageInto(t, db, []string{dir}, Options{Jobs: jobs, Classify: headerClass})
		added := 2
		if jobs == 4 { // second run: everything is stored already
			added = 0
		}
		if rep.Run.Added != added || rep.Run.Duplicates != 7-added || rep.Logs != 2 {
			t.Fatalf("jobs %d: %+v, %d logs stored", jobs, rep.Run, rep.Logs)
		}
	}
}

// Claims are taken once and given back.
func TestClaims(t *testing.T) {
	c := newClaims()
	a, b := [32]byte{1}, [32]byte{2}
	if !c.take(a) || c.take(a) || !c.take(b) || c.len() != 2 {
		t.Fatal("take")
	}
	c.release(a, b)
	if c.len() != 0 || !c.take(a) {
		t.Fatal("release")
	}
}

// A copy met after its original's batch was committed is found through the
// filter of stored hashes and the database. The copy comes on standard
// input, which opens only once the writer has committed the first batch.
func TestDuplicateAfterCommit(t *testing.T) {
	dir := t.TempDir()
	head := readCorpus(t, "krashpad-dataset1.log")
	first := append(append([]byte{}, head...), "\nreplica 0\n"...)
	for i := 0; i < batchSize; i++ {
		b := append(append([]byte{}, head...), fmt.Sprintf("\nreplica %d\n", i)...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.log", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := store.Open(store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	committed := make(chan struct{})
	var once sync.Once
	opt := Options{Jobs: 1, Classify: headerClass,
		Progress: func(t Totals) {
			if t.Seen >= batchSize { // the writer flushed the batch before saying so
				once.Do(func() { close(committed) })
			}
		},
		Stdin: &gated{open: committed, r: bytes.NewReader(first)}}
	rep := triageInto(t, db, []string{dir, "-"}, opt)
	if rep.Run.Added != batchSize || rep.Run.Duplicates != 1 {
		t.Fatalf("%+v", rep.Run)
	}
}

// gated reads r once open is closed.
type gated struct {
	open <-chan struct{}
	r    io.Reader
}

func (g *gated) Read(p []byte) (int, error) {
	<-g.open
	return g.r.Read(p)
}

// Two triage runs over the same logs into one database at the same time:
// between them every log is new exactly once (counted by what each run's
// transactions inserted).
func TestConcurrentRunsCountEachLogOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	var wg sync.WaitGroup
	results := make([]*Result, 2)
	errs := make([]error, 2)
	for i := range results {
		db, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = Run(context.Background(), db, []string{corpusDir(t)}, Options{Jobs: 1, Classify: headerClass})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	n := len(corpus.Logs(t))
	added := results[0].Totals.Added + results[1].Totals.Added
	dups := results[0].Totals.Duplicates + results[1].Totals.Duplicates
	if added != n || dups != n {
		t.Errorf("runs added %d+%d and found %d+%d duplicates; want %d new in all and %d duplicates",
			results[0].Totals.Added, results[1].Totals.Added, results[0].Totals.Duplicates, results[1].Totals.Duplicates, n, n)
	}
}

// Memory does not grow with --jobs: with a budget that holds two logs, 16
// workers never analyse more than two at once, for plain files and for
// entries the producer reads from an archive alike.
func TestMemoryBudgetBoundsConcurrentLogs(t *testing.T) {
	dir := t.TempDir()
	base := readCorpus(t, "krashpad-dataset95.log")
	for i := 0; i < 16; i++ {
		b := append([]byte(nil), base...)
		b = append(b, fmt.Sprintf("\nunique %d\n", i)...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("hs_err_pid%d.log", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var active, peak atomic.Int32
	classify := func(l *model.Log) (string, float64) {
		n := active.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		active.Add(-1)
		return "unknown-with-evidence", 0.1
	}
	budget := int64(len(base)+64) * memCostFactor * 2
	db, err := store.Open(store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := Run(context.Background(), db, []string{dir}, Options{Jobs: 16, Classify: classify, MemoryBudget: budget})
	if err != nil {
		t.Fatal(err)
	}
	if res.Totals.Added != 16 {
		t.Fatalf("added %d of 16", res.Totals.Added)
	}
	if p := peak.Load(); p > 2 || p < 1 {
		t.Errorf("%d logs analysed at once with a budget for 2 (16 workers)", p)
	}
}

func TestMemGateCost(t *testing.T) {
	g := newMemGate(1000)
	for size, want := range map[int64]int64{0: 1, 10: 30, 400: 1000, 1 << 62: 1000} {
		if got := g.cost(size); got != want {
			t.Errorf("cost(%d) = %d, want %d", size, got, want)
		}
	}
}

// testCommand is triage's command as cli builds it (the flags and the run
// are triage's; the cobra command around them is cli's).
func testCommand() *cobra.Command {
	var fl Flags
	c := &cobra.Command{Use: "triage", SilenceUsage: true, SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error { return Execute(cmd, &fl, args) }}
	BindFlags(c, &fl)
	return c
}

// TestHTMLFolder: --html DIR (no .html suffix) writes the folder export:
// the top crashes page, a page per group and a report page per log (the
// corpus logs are plain files triage can read again), each group's page
// linking its reports and every report page in the folder.
func TestHTMLFolder(t *testing.T) {
	dir := corpusDir(t)
	site := filepath.Join(t.TempDir(), "site")
	out, errs, code := runCmd(t, nil, "--db", store.Memory, "--json", "--html", site, dir)
	if code != term.ExitOK {
		t.Fatalf("exit %d %s", code, errs)
	}
	r := decode(t, out)
	count := func(pattern string) int {
		m, _ := filepath.Glob(filepath.Join(site, pattern))
		return len(m)
	}
	if count("index.html") != 1 || count("style.css") != 1 || count("group-*.html") != len(r.Groups) {
		t.Fatalf("%d group pages for %d groups", count("group-*.html"), len(r.Groups))
	}
	// 97 logs, at most 50 report pages a group: every log has its page here
	if n := count("report-*.html"); n != r.Logs || count("log-*.txt") != r.Logs {
		t.Errorf("%d report pages and %d logs for %d logs", n, count("log-*.txt"), r.Logs)
	}
	index, _ := os.ReadFile(filepath.Join(site, "index.html"))
	at := 0
	for _, g := range r.Groups {
		i := strings.Index(string(index), `href="group-`+g.ID+`.html"`)
		if i < at {
			t.Errorf("index does not link group %s after the one ranked before it (the JSON's order)", g.ID)
		}
		at = max(i, at)
	}
	g, _ := os.ReadFile(filepath.Join(site, "group-"+r.Groups[0].ID+".html"))
	if !strings.Contains(string(g), `class="report-link" href="report-`) || strings.Contains(string(g), `href="/`) {
		t.Error("the group page does not link its reports within the folder")
	}
	// the served pages' facets, from what triage stored per log
	all := ""
	for _, grp := range r.Groups {
		b, _ := os.ReadFile(filepath.Join(site, "group-"+grp.ID+".html"))
		all += string(b)
	}
	for _, want := range []string{"<dt>JDK vendor</dt>", "<dt>Kernel</dt>", "<dt>GC</dt>", "<dt>Container</dt>", "<dt>Uptime</dt>", "Red Hat", "Linux 3.10.0", "G1", "no memory limit"} {
		if !strings.Contains(all, want) {
			t.Errorf("no group page shows %q", want)
		}
	}
}

// TestReusedBufferKeepsNothing: one worker reads every corpus log into the
// same buffer; each stored record and group must be what that log gives
// on its own (a stored string sharing the buffer would hold a later log's
// bytes).
func TestReusedBufferKeepsNothing(t *testing.T) {
	db, err := store.Open(store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep := triageInto(t, db, []string{corpusDir(t)}, Options{Jobs: 1})
	want := map[string]store.Log{}
	sigs := map[string]string{}
	rules := signature.DefaultRules()
	for _, path := range corpus.Logs(t) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		l := parse.ParseBytes(b)
		rec := facts(l)
		sig := rules.Compute(l, DefaultVerdict(l).Class)
		rec.GroupID = signature.GroupID(rules.AlgorithmID(), sig.String())
		want[path] = rec
		sigs[rec.GroupID] = sig.String()
	}
	for _, g := range rep.Groups {
		if sigs[g.ID] != g.Signature {
			t.Errorf("group %s: stored signature %q, want %q", g.ID, g.Signature, sigs[g.ID])
		}
		logs, err := db.GroupLogs(g.ID, -1)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range logs {
			w := want[got.Path]
			if got.JDK != w.JDK || got.Platform != w.Platform || got.Host != w.Host || got.Signal != w.Signal ||
				got.Problematic != w.Problematic || got.CrashTime != w.CrashTime || got.GroupID != w.GroupID {
				t.Errorf("%s: stored %+v, want %+v", got.Path, got, w)
			}
		}
	}
}

// TestReadLogAgainNeverBlocks: a log's path that is now a FIFO (nobody
// writing) is refused at once, not waited on.
func TestReadLogAgainNeverBlocks(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "hs_err_pid1.log")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := readLogAgain(web.StaticLog{Path: fifo})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a FIFO was read as a log")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO again blocked")
	}
}
