package web

import (
	"database/sql"
	"errors"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/server"
)

// Bounds of the log shown on a report page: the whole log stays a
// download away; the page must stay light for any log a sender sends.
const (
	maxLogLines = 20000
	maxLogBytes = 2 << 20
)

// logLine is one line of the log view.
type logLine struct {
	N    int
	Text string
	Hit  bool // quoted as evidence by the verdict
}

// logSection is a part of the log under one of HotSpot's section
// headings ("---------------  T H R E A D  ---------------"), folded on
// the page; Open when it holds an evidence line.
type logSection struct {
	Title string
	Lines []logLine
	Open  bool
}

// reportData is a crash report page.
type reportData struct {
	Report     server.StoredReport
	Path       string // the log's file (static export)
	Explain    *explain.Report
	Sections   []logSection
	Lines      int // lines shown
	Cut        int // lines not shown
	Redactions []redaction
}

type redaction struct {
	Category string
	Count    int
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (p *Pages) reportPage(w http.ResponseWriter, r *http.Request) {
	rep, ok := p.report(w, r)
	if !ok {
		return
	}
	d := newReportData(rep)
	p.render(w, p.reportT, "Crash report "+short(rep.SHA256), d)
}

// newReportData is a report page's data: the report, what redaction
// removed, and, when it has a log, the log explained and laid out (the
// served page and the exported one alike).
func newReportData(rep server.StoredReport) reportData {
	d := reportData{Report: rep}
	for k, v := range rep.Redactions {
		d.Redactions = append(d.Redactions, redaction{k, v})
	}
	sort.Slice(d.Redactions, func(i, j int) bool { return d.Redactions[i].Category < d.Redactions[j].Category })
	if rep.Body != nil {
		text := string(rep.Body)
		d.Explain = explain.Build(parse.ParseString(text))
		var lines []logLine
		lines, d.Cut = logLines(text, evidenceLines(d.Explain))
		d.Sections, d.Lines = sections(lines), len(lines)
	}
	return d
}

// logDownload serves the stored (redacted) log as plain text.
func (p *Pages) logDownload(w http.ResponseWriter, r *http.Request) {
	rep, ok := p.report(w, r)
	if !ok {
		return
	}
	if rep.Body == nil {
		http.Error(w, "a count-only report has no log", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", `attachment; filename="hs_err_`+short(rep.SHA256)+`.log"`)
	w.Write(rep.Body)
}

// report reads the report the path names, answering the errors itself.
func (p *Pages) report(w http.ResponseWriter, r *http.Request) (server.StoredReport, bool) {
	sha := r.PathValue("sha")
	if !shaPattern.MatchString(sha) {
		http.Error(w, "a report is named by its sha256 (64 hex digits)", http.StatusBadRequest)
		return server.StoredReport{}, false
	}
	rep, err := p.store.Report(r.Context(), sha)
	if errors.Is(err, sql.ErrNoRows) {
		http.Error(w, "no such report", http.StatusNotFound)
		return rep, false
	}
	if err != nil {
		p.fail(w, err)
		return rep, false
	}
	return rep, true
}

// evidenceLines is the set of line numbers the verdict quotes.
func evidenceLines(rep *explain.Report) map[int]bool {
	hits := map[int]bool{}
	for _, l := range rep.Verdict.Evidence {
		hits[l.N] = true
	}
	return hits
}

// logLines splits the log for the page, up to the bounds; cut counts the
// lines left out.
func logLines(text string, hits map[int]bool) (lines []logLine, cut int) {
	size := 0
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if len(lines) >= maxLogLines || size >= maxLogBytes {
			cut++
			continue
		}
		size += len(line)
		lines = append(lines, logLine{N: n, Text: strings.TrimSuffix(line, "\r"), Hit: hits[n]})
	}
	return lines, cut
}

// sectionHeading matches HotSpot's section separators; the title is the
// spaced capitals between the dashes.
var sectionHeading = regexp.MustCompile(`^-{5,}\s+([A-Z](?: ?[A-Z])*)\s*-{5,}\s*$`)

// sections folds the lines under the log's section headings; the lines
// before the first heading are the header.
func sections(lines []logLine) []logSection {
	out := []logSection{{Title: "Header"}}
	for _, l := range lines {
		if m := sectionHeading.FindStringSubmatch(l.Text); m != nil {
			out = append(out, logSection{Title: unspace(m[1])})
		}
		cur := &out[len(out)-1]
		cur.Lines = append(cur.Lines, l)
		cur.Open = cur.Open || l.Hit
	}
	if len(out[0].Lines) == 0 {
		out = out[1:]
	}
	return out
}

// unspace turns "T H R E A D" into "Thread".
func unspace(s string) string {
	w := strings.ReplaceAll(s, " ", "")
	if w == "" {
		return s
	}
	return w[:1] + strings.ToLower(w[1:])
}
