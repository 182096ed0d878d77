package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/redact"
	"github.com/hserr/hserr/internal/server"
)

// The static site is `hserr triage --html DIR`: the served pages (top
// crashes, each group, each listed report) written as files from the same
// templates, for a user without a server. One flat folder, so that every
// link is the same relative name from every page:
//
//	index.html            top crashes and the skipped inputs
//	group-ID.html         a group: verdict, trend, facets, signature, logs
//	report-SHA256.html    a log explained, its sections folded
//	log-SHA256.txt        the log, redacted as the server would store it
//	style.css             the served stylesheet
//
// No script, no external resource; a log's text is escaped by html/template
// and sanitised like on the served pages.

// Site is what the folder is made from.
type Site struct {
	Static
	// ReadLog returns a log's bytes again (triage keeps paths, not logs);
	// an error, or bytes whose sha256 is not the stored one, leaves its
	// report page out and the group's list names the log without a link.
	ReadLog func(StaticLog) ([]byte, error)
	// ReportPages bounds the report pages written per group (newest
	// first); 0 means SiteReportPages.
	ReportPages int
}

// SiteReportPages is the default number of report pages per group.
const SiteReportPages = 50

// siteFuncs point the shared templates' links at the folder's files.
var siteFuncs = template.FuncMap{
	"groupURL":  func(id string) string { return "group-" + id + ".html" },
	"reportURL": func(sha string) string { return "report-" + sha + ".html" },
	"logURL":    func(sha string) string { return "log-" + sha + ".txt" },
	"homeURL":   func() string { return "index.html" },
	"styleURL":  func() string { return "style.css" },
	"static":    func() bool { return true },
}

func siteTemplate(page string) *template.Template {
	return template.Must(template.New("layout.html").Funcs(funcs).Funcs(siteFuncs).
		ParseFS(templateFS, "templates/layout.html", "templates/table.html", "templates/"+page))
}

var (
	siteIndex  = siteTemplate("index.html")
	siteGroup  = siteTemplate("group.html")
	siteReport = siteTemplate("report.html")
)

// hexName is what a group id or a sha256 must be to name a file.
var hexName = regexp.MustCompile(`^[0-9a-f]{1,64}$`)

// WriteSite writes the folder dir (made if missing; files of an earlier
// export are replaced) and returns the number of pages written.
func WriteSite(dir string, s Site) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	w := siteWriter{dir: dir, now: s.Generated, site: s, written: map[string]bool{}}
	if w.now.IsZero() {
		w.now = time.Now().UTC()
	}
	if s.ReportPages <= 0 {
		w.site.ReportPages = SiteReportPages
	}
	if err := writeFile(filepath.Join(dir, "style.css"), styleCSS); err != nil {
		return 0, err
	}
	for _, g := range s.Groups {
		if !hexName.MatchString(g.ID) {
			return w.pages, fmt.Errorf("group id %q cannot name a file", g.ID)
		}
		if err := w.group(g); err != nil {
			return w.pages, err
		}
	}
	s.Top = staticTop(s.Static)
	if err := w.page("index.html", siteIndex, s.Title, s.Static); err != nil {
		return w.pages, err
	}
	return w.pages, w.removeStale()
}

// removeStale removes the pages and logs an earlier export left in the
// folder that this one did not write (a group or log no longer there),
// so that no link of a fresh export leads to an old page. Only names an
// export writes are touched.
func (w *siteWriter) removeStale() error {
	for _, pattern := range []string{"group-*.html", "report-*.html", "log-*.txt"} {
		old, err := filepath.Glob(filepath.Join(w.dir, pattern))
		if err != nil {
			return err
		}
		for _, p := range old {
			if !w.written[filepath.Base(p)] {
				if err := os.Remove(p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

type siteWriter struct {
	dir     string
	now     time.Time
	site    Site
	pages   int
	written map[string]bool // file names this export wrote
}

// group writes a group's report pages, then its page.
func (w *siteWriter) group(g StaticGroup) error {
	d := groupData{Group: g.Group, MoreLimit: maxReports, Facets: logFacets(g.Logs), Remedy: g.Remedy}
	days := map[server.DayVersion]int{}
	for _, l := range g.Logs {
		if !l.Crash.IsZero() {
			days[server.DayVersion{Day: l.Crash.UTC().Unix() / 86400, Version: l.JDK}]++
		}
	}
	if len(days) > 0 {
		d.Trend = trend(days, g.LastSeen, byJDK)
	}
	for i, l := range g.Logs {
		if i >= maxReports {
			break
		}
		row := reportRow{ReportRow: server.ReportRow{SHA256: l.SHA256, Received: l.Crash, Host: l.Machine, JDK: l.JDK}, Path: l.Path}
		if i < w.site.ReportPages {
			rep, ok, err := w.report(g, l)
			if err != nil {
				return err
			}
			if ok && d.Report == nil {
				d.Sample, d.Report = l.SHA256, rep
			}
			row.Linked = ok
		}
		d.Reports = append(d.Reports, row)
	}
	return w.page("group-"+g.ID+".html", siteGroup, "Crash group "+short(g.ID), d)
}

// report writes a log's page and its redacted text when the log can be
// read again unchanged; ok says whether it was.
func (w *siteWriter) report(g StaticGroup, l StaticLog) (*explain.Report, bool, error) {
	if w.site.ReadLog == nil || !hexName.MatchString(l.SHA256) {
		return nil, false, nil
	}
	body, err := w.site.ReadLog(l)
	if err != nil {
		return nil, false, nil
	}
	if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != l.SHA256 {
		return nil, false, nil // changed since triage read it
	}
	text, counts := redact.Text(string(body), redact.Default)
	removed := map[string]int{}
	for c, n := range counts {
		if n > 0 {
			removed[string(c)] = n
		}
	}
	d := newReportData(server.StoredReport{SHA256: l.SHA256, Body: []byte(text), Received: l.Crash,
		Host: l.Machine, GroupID: g.ID, Redactions: removed})
	d.Path = l.Path
	if err := writeFile(filepath.Join(w.dir, "log-"+l.SHA256+".txt"), []byte(text)); err != nil {
		return nil, false, err
	}
	w.written["log-"+l.SHA256+".txt"] = true
	return d.Explain, true, w.page("report-"+l.SHA256+".html", siteReport, "Crash report "+short(l.SHA256), d)
}

// page renders one file of the folder.
func (w *siteWriter) page(name string, t *template.Template, title string, data any) error {
	var b bytes.Buffer
	if err := t.Execute(&b, page{Title: title, Now: w.now, Data: data}); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	w.pages++
	w.written[name] = true
	return writeFile(filepath.Join(w.dir, name), []byte(visible(b.String())))
}

// logFacets breaks a group's logs down like the served facets: by JDK
// build, platform (OS and CPU) and machine (the logs' "Host:" lines).
func logFacets(logs []StaticLog) []server.Facet {
	by := func(name string, value func(StaticLog) string, order []string) server.Facet {
		n := map[string]int{}
		for _, l := range logs {
			if v := value(l); v != "" {
				n[v]++
			}
		}
		return server.NewFacet(name, n, order)
	}
	// the served page's facets and order, with the log's platform for OS
	// and CPU and its "Host:" line for the sender host
	return []server.Facet{
		by("JDK build", func(l StaticLog) string { return l.JDK }, nil),
		by("JDK vendor", func(l StaticLog) string { return l.JDKVendor }, nil),
		by("Platform", func(l StaticLog) string { return l.Platform }, nil),
		by("Kernel", func(l StaticLog) string { return l.Kernel }, nil),
		by("GC", func(l StaticLog) string { return l.GC }, nil),
		by("Container", func(l StaticLog) string { return l.Container }, nil),
		by("Uptime", func(l StaticLog) string { return l.Uptime }, model.UptimeBuckets),
		by("Machine", func(l StaticLog) string { return l.Machine }, nil),
	}
}

// writeFile writes a file of the folder through a temporary file renamed
// over the name: an export into a shared directory never writes through a
// symbolic link someone put at one of its names (the rename replaces the
// link), and a reader never sees half a page.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".hserr-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
