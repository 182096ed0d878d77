package web

import (
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/hserr/hserr/internal/server"
)

// Static is a page written to a file rather than served: `hserr triage
// --html` writes the top crashes table of the server's pages, from the
// same template, followed by each group, in one self-contained file (CSS
// inline, no script, no external resource; links are anchors).
type Static struct {
	Title     string
	Meta      string // one line under the title: what was read, from where
	Generated time.Time
	// HostsLabel names the hosts column: triage counts the logs' own
	// "Host:" lines (a machine's CPU and OS), not network hosts.
	HostsLabel string
	Groups     []StaticGroup // ranked (the table keeps their order)
	Skipped    []StaticSkip
	Top        topData // filled by WriteStatic
}

// StaticGroup is one group of the export.
type StaticGroup struct {
	server.Group
	Remedy []string
	Notes  []string
	Logs   []StaticLog // newest crash first
	More   int         // logs not listed (set by WriteStatic)
}

// StaticLog is one log of a group.
type StaticLog struct {
	SHA256, Path, JDK, Signal string
	Platform                  string    // OS and CPU
	Machine                   string    // the log's "Host:" line
	CrashTime                 string    // as the log prints it
	Crash                     time.Time // zero when the log has no time
	// the facets of model/facets.go
	JDKVendor, Kernel, GC, Container, Uptime string
}

// MaxStaticLogs is the number of logs listed per group in the one-file
// export.
const MaxStaticLogs = 50

// StaticSkip is an input that was not a crash log.
type StaticSkip struct{ Path, Reason string }

// staticTop is the top crashes table of an export, in the order the
// groups come (triage's ranking, so that the pages, the table and the JSON
// agree on ties). Triage counts the logs' "Host:" lines (HostsLabel), and
// its groups have no status.
func staticTop(s Static) topData {
	rows := make([]topRow, len(s.Groups))
	for i, g := range s.Groups {
		rows[i] = topRow{Rank: i + 1, Group: g.Group}
	}
	return topData{Rows: rows, Total: setShares(rows), HostsLabel: s.HostsLabel, NoStatus: true}
}

// staticTemplate is the served table with links to anchors in the file.
var staticTemplate = template.Must(template.New("static.html").Funcs(funcs).Funcs(template.FuncMap{
	"groupURL": func(id string) string { return "#g-" + id },
	"css":      func() template.CSS { return template.CSS(styleCSS) },
}).ParseFS(templateFS, "templates/table.html", "templates/static.html"))

// WriteStatic writes s as one HTML file, listing each group's first
// MaxStaticLogs logs.
func WriteStatic(w io.Writer, s Static) error {
	s.Top = staticTop(s)
	s.Groups = slices.Clone(s.Groups)
	for i := range s.Groups {
		g := &s.Groups[i]
		if len(g.Logs) > MaxStaticLogs {
			g.Logs = g.Logs[:MaxStaticLogs]
		}
		g.More = max(g.Count-len(g.Logs), 0)
	}
	var b strings.Builder
	if err := staticTemplate.Execute(&b, s); err != nil {
		return err
	}
	_, err := io.WriteString(w, visible(b.String()))
	return err
}
