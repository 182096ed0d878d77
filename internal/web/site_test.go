package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/server"
)

// plantedSecret is in the crafted log's command line: redaction must keep
// it out of every file of the export.
const plantedSecret = "hunter2-planted"

// craftedFile is a log's file name with markup in it (no '/').
const craftedFile = `<img src=x onerror=alert(1)>.log`

// testSite is a site made of the first n corpus logs and the crafted log
// (written to a folder of logs), grouped by verdict class as triage would
// group them by signature; every log crashed on its own day.
func testSite(t *testing.T, n int) (Site, map[string][]byte) {
	t.Helper()
	logs := corpus.Logs(t)[:n]
	bodies := map[string][]byte{}
	var paths []string
	for _, p := range logs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		bodies[p] = b
	}
	evil := craftedLog("-Ddb.password=" + plantedSecret + " ")
	evilPath := filepath.Join(t.TempDir(), craftedFile)
	if err := os.WriteFile(evilPath, []byte(evil), 0o644); err != nil {
		t.Fatal(err)
	}
	paths = append(paths, evilPath)
	bodies[evilPath] = []byte(evil)

	byClass := map[string]*StaticGroup{}
	for i, p := range paths {
		l := parse.ParseString(string(bodies[p]))
		v := explain.Verdict(l)
		sum := sha256.Sum256(bodies[p])
		g := byClass[v.Class]
		if g == nil {
			h := sha256.Sum256([]byte(v.Class))
			id := hex.EncodeToString(h[:8])
			g = &StaticGroup{Group: server.Group{ID: id, Verdict: server.Verdict{Class: v.Class, Cause: v.Summary},
				Signature: v.Class + " at some frames", Status: server.StatusNew}, Remedy: v.Remedy}
			byClass[v.Class] = g
		}
		crash := time.Date(2026, 11, 1+i%28, 8, 0, 0, 0, time.UTC)
		g.Logs = append(g.Logs, StaticLog{SHA256: hex.EncodeToString(sum[:]), Path: p, JDK: l.Header.Version.JDK,
			Platform: l.OS() + "-" + l.Arch(), Machine: "machine " + crafted, Crash: crash})
		g.Count++
		g.FirstSeen, g.LastSeen = minTime(g.FirstSeen, crash), maxTime(g.LastSeen, crash)
	}
	s := Site{Static: Static{Title: "hserr triage", Meta: "test", HostsLabel: "Machines", Generated: fixtureNow,
		Skipped: []StaticSkip{{Path: "x\x1b[31m.txt", Reason: "not an hs_err log"}}}}
	for _, g := range byClass {
		sort.Slice(g.Logs, func(i, j int) bool { return g.Logs[i].Crash.After(g.Logs[j].Crash) })
		s.Groups = append(s.Groups, *g)
	}
	sort.Slice(s.Groups, func(i, j int) bool { return s.Groups[i].ID < s.Groups[j].ID })
	s.ReadLog = func(l StaticLog) ([]byte, error) {
		if b, ok := bodies[l.Path]; ok {
			return b, nil
		}
		return nil, errors.New("gone")
	}
	return s, bodies
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// TestSiteExport: the folder export is the served pages from the same
// templates: every link resolves to a file of the folder, nothing is
// fetched from elsewhere, no script, a crafted log's markup is text, the
// planted secret is in no file, and a log that changed since triage read
// it gets no report page.
func TestSiteExport(t *testing.T) {
	s, _ := testSite(t, 20)
	// one log changed on disk since triage read it
	changed := s.Groups[0].Logs[0]
	read := s.ReadLog
	s.ReadLog = func(l StaticLog) ([]byte, error) {
		b, err := read(l)
		if l.SHA256 == changed.SHA256 {
			b = append(b, '\n')
		}
		return b, err
	}
	dir := t.TempDir()
	pages, err := WriteSite(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var groupsN, reportsN, logsN int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		if strings.Contains(string(b), plantedSecret) {
			t.Errorf("%s holds the planted secret", name)
		}
		switch {
		case strings.HasPrefix(name, "group-"):
			groupsN++
		case strings.HasPrefix(name, "report-"):
			reportsN++
		case strings.HasPrefix(name, "log-"):
			logsN++
		}
		if strings.HasSuffix(name, ".html") {
			checkLinks(t, dir, name, string(b))
			noControls(t, name, string(b))
		}
	}
	if groupsN != len(s.Groups) || reportsN != 20 || logsN != 20 || pages != 1+groupsN+reportsN {
		t.Errorf("%d pages: %d group pages for %d groups, %d report pages and %d logs for 21 logs (one changed)", pages, groupsN, len(s.Groups), reportsN, logsN)
	}
	if _, err := os.Stat(filepath.Join(dir, "report-"+changed.SHA256+".html")); err == nil {
		t.Error("a log that changed since triage read it got a report page")
	}

	doc := readDoc(t, dir, "index.html")
	if n := doc.Find("table.groups tbody tr").Length(); n != len(s.Groups) {
		t.Errorf("index lists %d groups, want %d", n, len(s.Groups))
	}
	if !strings.Contains(doc.Find("#skipped").Parent().Text(), `x\x1b[31m.txt`) {
		t.Error("the skipped input is not listed with its control character shown")
	}

	// the crafted log's group: verdict explained, facets, trend, its log
	var evil StaticGroup
	for _, g := range s.Groups {
		for _, l := range g.Logs {
			if strings.Contains(l.Path, craftedFile) {
				evil = g
			}
		}
	}
	doc = readDoc(t, dir, "group-"+evil.ID+".html")
	if doc.Find("#verdict").Length() != 1 || doc.Find("ul.remedy li").Length() == 0 || doc.Find("figure.trend svg").Length() != 1 {
		t.Error("group page: no verdict, remedy or trend chart")
	}
	if !strings.Contains(doc.Find("dl.facets").Text(), "Machine") || !strings.Contains(doc.Find("dl.facets").Text(), crafted) {
		t.Errorf("group facets: %q", doc.Find("dl.facets").Text())
	}
	if doc.Find("form").Length() != 0 || doc.Find("#history").Length() != 0 {
		t.Error("the static group page has the server's lifecycle form")
	}
	for _, l := range evil.Logs {
		if !strings.Contains(l.Path, craftedFile) {
			continue
		}
		rep := readDoc(t, dir, "report-"+l.SHA256+".html")
		if !strings.Contains(rep.Find(".thread-name, pre.log").Text(), crafted) || rep.Find("pre.log .hit").Length() == 0 {
			t.Error("the crafted report page does not show the thread name as text, or marks no evidence")
		}
		if !strings.Contains(rep.Find("#redacted").Parent().Text(), "1") {
			t.Errorf("redaction summary: %q", rep.Find("#redacted").Parent().Text())
		}
	}
}

// checkLinks fails on a link out of the folder, a link to a missing file,
// a script, or an absolute path (which a file:// page would resolve
// against the root of the disk).
func checkLinks(t *testing.T, dir, name, page string) {
	t.Helper()
	if strings.Contains(page, "<script") {
		t.Errorf("%s has a script", name)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	doc.Find("[href], [src], [action]").Each(func(_ int, s *goquery.Selection) {
		for _, a := range []string{"href", "src", "action"} {
			ref, ok := s.Attr(a)
			if !ok {
				continue
			}
			u, err := url.Parse(ref)
			if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: %s=%q leaves the folder", name, a, ref)
				continue
			}
			if u.Path == "" { // an anchor on the page
				if doc.Find("#"+u.Fragment).Length() == 0 {
					t.Errorf("%s: anchor %q has no target", name, ref)
				}
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, u.Path)); err != nil {
				t.Errorf("%s: %s=%q: %v", name, a, ref, err)
			}
		}
	})
}

func readDoc(t *testing.T, dir, name string) *goquery.Document {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestBrowserSite: the exported folder opened from disk in a real browser:
// top crashes → a group → a report, with its style applied.
func TestBrowserSite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browser(t)
	s, _ := testSite(t, 12)
	dir := t.TempDir()
	if _, err := WriteSite(dir, s); err != nil {
		t.Fatal(err)
	}
	step(t, chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "index.html")), chromedp.WaitVisible(chromedp.CSS("table.groups"))))
	// the stylesheet loaded from the folder: the table is laid out by it
	if collapse := value(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("table.groups")).borderCollapse`)); collapse != "collapse" {
		t.Errorf("style.css not applied: border-collapse %q", collapse)
	}
	step(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("table.groups tbody tr:first-child a.group-link")),
		chromedp.WaitVisible(chromedp.CSS("table.reports"))))
	if loc := value(t, ctx, chromedp.Location()); !strings.Contains(loc, "/group-") {
		t.Errorf("after the click: %s", loc)
	}
	step(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("a.report-link")),
		chromedp.WaitVisible(chromedp.CSS("section[aria-labelledby=log]"))))
	if title := value(t, ctx, chromedp.Title()); !strings.Contains(title, "Crash report") {
		t.Errorf("report page title %q", title)
	}
	for _, problem := range value(t, ctx, chromedp.Evaluate[[]string](a11yScript)) {
		t.Errorf("exported report page: %s", problem)
	}
	os.WriteFile(filepath.Join(screenshotDir(t), "static-report.png"), value(t, ctx, chromedp.FullScreenshot(100)), 0o644)
}

// TestSiteWritesNoThroughLinks: an export into a folder where someone put
// a symbolic link at one of its names replaces the link, and never writes
// the file it points to.
func TestSiteWritesNoThroughLinks(t *testing.T) {
	s, _ := testSite(t, 2)
	dir, victim := t.TempDir(), filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"style.css", "index.html"} {
		if err := os.Symlink(victim, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := WriteSite(dir, s); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the export wrote through a link: the victim holds %.40q", b)
	}
	for _, name := range []string{"style.css", "index.html"} {
		if st, err := os.Lstat(filepath.Join(dir, name)); err != nil || !st.Mode().IsRegular() {
			t.Errorf("%s is not a file of its own: %v %v", name, st.Mode(), err)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".hserr-*")); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestSiteRemovesStalePages: exporting again into the same folder with
// fewer logs leaves no page of the first export behind (its links would
// lead to groups and logs no longer there); other files are kept.
func TestSiteRemovesStalePages(t *testing.T) {
	dir := t.TempDir()
	big, _ := testSite(t, 6)
	if _, err := WriteSite(dir, big); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	small, _ := testSite(t, 1)
	n, err := WriteSite(dir, small)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	if len(files) != n {
		t.Errorf("%d pages in the folder after an export of %d", len(files), n)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Error("a file the export did not write was removed")
	}
}
