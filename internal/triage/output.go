package triage

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/hserr/hserr/internal/api"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/server"
	"github.com/hserr/hserr/internal/signature"
	"github.com/hserr/hserr/internal/store"
	"github.com/hserr/hserr/internal/term"
	"github.com/hserr/hserr/internal/web"
)

// Report is what triage prints: the ranked groups of the database (for the
// current algorithm), what this run added and what it skipped.
type Report struct {
	Database         string        `json:"database"`
	Algorithm        string        `json:"algorithm"`
	SignatureVersion int           `json:"signature_version"`
	Run              Totals        `json:"run"`
	RunID            int64         `json:"run_id"`
	Logs             int           `json:"logs"`
	Groups           []store.Group `json:"groups"`
	Skipped          []store.Skip  `json:"skipped"`
	ElapsedSeconds   float64       `json:"elapsed_seconds"`
}

// BuildReport reads the ranked groups for a finished run.
func BuildReport(db *store.DB, res *Result) (*Report, error) {
	gs, err := db.Groups(res.Algorithm, res.RunID)
	if err != nil {
		return nil, err
	}
	rep := &Report{Database: db.Path, Algorithm: res.Algorithm, SignatureVersion: signature.Version,
		Run: res.Totals, RunID: res.RunID, Groups: gs, Skipped: res.Skips, ElapsedSeconds: res.Elapsed.Seconds()}
	if rep.Groups == nil {
		rep.Groups = []store.Group{}
	}
	if rep.Skipped == nil {
		rep.Skipped = []store.Skip{}
	}
	for _, g := range gs {
		rep.Logs += g.Count
	}
	return rep, nil
}

// WriteJSON prints the report as one JSON object of the api contract
// (docs/schema/triage.schema.json), not the internal struct.
func (r *Report) WriteJSON(w io.Writer) error {
	return api.Encode(w, r.API())
}

// API converts the report to the JSON contract. It lives here, not in api,
// because api cannot import triage (triage imports api to print).
func (r *Report) API() api.Triage {
	out := api.NewTriage()
	out.Database, out.Algorithm, out.SignatureVersion = r.Database, r.Algorithm, r.SignatureVersion
	out.RunID, out.Logs = r.RunID, r.Logs
	out.Run = api.TriageTotal{Seen: r.Run.Seen, Added: r.Run.Added, Duplicates: r.Run.Duplicates,
		Skipped: r.Run.Skipped, Bytes: r.Run.Bytes}
	out.ElapsedSeconds = math.Round(r.ElapsedSeconds*1000) / 1000
	for _, g := range r.Groups {
		out.Groups = append(out.Groups, apiGroup(g))
	}
	for _, s := range r.Skipped {
		out.Skipped = append(out.Skipped, api.TriageSkip{Path: s.Path, Reason: s.Reason})
	}
	return out
}

func apiGroup(g store.Group) api.TriageGroup {
	return api.TriageGroup{Rank: g.Rank, ID: g.ID, Algorithm: g.Algorithm, Signature: g.Signature,
		Verdict: g.Class, Notes: api.Strings(g.Notes), Count: g.Count, New: g.New,
		JDKs: api.Strings(g.JDKs), JDKCount: g.JDKCount, Hosts: api.Strings(g.Hosts), HostCount: g.HostCount,
		FirstSeen: g.FirstSeen, LastSeen: g.LastSeen, FirstAdded: g.FirstAdded,
		Cause: g.Cause, Remedy: nilIfEmpty(g.Remedy), Paths: nilIfEmpty(g.Paths)}
}

// CSVHeader is the header row of --csv.
var CSVHeader = []string{"rank", "group", "count", "new", "verdict", "signature", "jdks", "hosts", "first_seen", "last_seen", "first_added", "cause", "remedy", "paths"}

// WriteCSV prints one row per group. Cells come from crash logs, so each
// is neutralised for spreadsheets (sanitize.CSVCell: no formula cells).
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	for _, g := range r.Groups {
		row := []string{strconv.Itoa(g.Rank), g.ID, strconv.Itoa(g.Count), strconv.Itoa(g.New), g.Class, g.Signature,
			strings.Join(g.JDKs, " "), strings.Join(g.Hosts, "; "), g.FirstSeen, g.LastSeen, g.FirstAdded,
			g.Cause, strings.Join(g.Remedy, " | "), strings.Join(g.Paths, " ")}
		for i := range row {
			row[i] = sanitize.CSVCell(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// WriteText prints the ranked table. Colour (title and skips only: escape
// codes would break the column alignment) only when color is true.
func (r *Report) WriteText(w io.Writer, color bool, limit int) error {
	return r.WriteTextWidth(w, color, limit, 0)
}

// defaultSigWidth is the signature column's width off a terminal.
const defaultSigWidth = 100

// WriteTextWidth is WriteText for a terminal of width columns (0: not a
// terminal): the signature column takes what the others leave, so rows do
// not wrap.
func (r *Report) WriteTextWidth(w io.Writer, color bool, limit, width int) error {
	fmt.Fprintf(w, "%s  %d logs in %d groups (database %s, signature v%s)\n",
		term.Paint(color, "1", "hserr triage"), r.Logs, len(r.Groups), sanitize.Line(r.Database), sanitize.Line(r.Algorithm))
	fmt.Fprintf(w, "this run: %d inputs, %d new, %d duplicates, %d skipped\n\n",
		r.Run.Seen, r.Run.Added, r.Run.Duplicates, r.Run.Skipped)
	if len(r.Groups) == 0 {
		fmt.Fprintln(w, "no crash groups")
	} else {
		head := []string{"#", "COUNT", "NEW", "GROUP", "VERDICT", "JDK", "HOSTS", "FIRST SEEN", "LAST SEEN"}
		rows := [][]string{head}
		var sigs []string
		for i, g := range r.Groups {
			if limit > 0 && i >= limit {
				break
			}
			rows = append(rows, []string{strconv.Itoa(g.Rank), strconv.Itoa(g.Count), strconv.Itoa(g.New),
				g.ID, sanitize.Line(g.Class), sanitize.Line(jdkCell(g)), strconv.Itoa(g.HostCount), sanitize.Line(day(g.FirstSeen)), sanitize.Line(day(g.LastSeen))})
			sigs = append(sigs, sanitize.Line(frames(g.Signature, g.Class)))
		}
		rows = fitColumns(rows, width)
		sigWidth := signatureWidth(rows, width)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for i, row := range rows {
			sig := "SIGNATURE"
			if i > 0 {
				sig = clip(sigs[i-1], sigWidth)
			}
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t"+sig)
		}
		tw.Flush()
		if limit > 0 && len(r.Groups) > limit {
			fmt.Fprintf(w, "… %d more groups (--limit 0 shows all; --json, --csv or --html have every group)\n", len(r.Groups)-limit)
		}
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(w, "\n%s\n", term.Paint(color, "33", fmt.Sprintf("skipped %d inputs:", len(r.Skipped))))
		for i, s := range r.Skipped {
			if i >= 20 {
				fmt.Fprintf(w, "  … %d more (see --json)\n", len(r.Skipped)-20)
				break
			}
			fmt.Fprintf(w, "  %s: %s\n", sanitize.Line(s.Path), sanitize.Line(firstLine(s.Reason)))
		}
	}
	return nil
}

func jdkCell(g store.Group) string {
	if len(g.JDKs) == 0 {
		return "?"
	}
	s := g.JDKs[0]
	if g.JDKCount > 1 {
		s += fmt.Sprintf(" +%d", g.JDKCount-1)
	}
	return s
}

// frames is the signature without the class prefix (the verdict column
// already shows it).
func frames(sig, class string) string {
	return strings.TrimPrefix(sig, class+" | ")
}

func day(rfc string) string {
	if rfc == "" {
		return "-"
	}
	if t, err := time.Parse(time.RFC3339, rfc); err == nil {
		return t.Format("2006-01-02")
	}
	return rfc
}

func clip(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// siteLogsPerGroup bounds the logs of a group read from the database for
// the HTML export (its facets and trend count them; pages list fewer).
const siteLogsPerGroup = 10000

// WriteHTML writes a self-contained HTML page (inline CSS, no scripts or
// external resources) with the server's top crashes table, from the same
// template (internal/web), then each group with its logs.
func (r *Report) WriteHTML(w io.Writer, db *store.DB) error {
	s, err := r.static(db, web.MaxStaticLogs)
	if err != nil {
		return err
	}
	return web.WriteStatic(w, s)
}

// WriteSite writes the HTML export as a folder of pages (internal/web's
// WriteSite): the served pages' templates, each group and each listed
// log's report, the logs read again from their paths. It returns the
// number of pages written.
func (r *Report) WriteSite(dir string, db *store.DB) (int, error) {
	s, err := r.static(db, siteLogsPerGroup)
	if err != nil {
		return 0, err
	}
	return web.WriteSite(dir, web.Site{Static: s, ReadLog: readLogAgain})
}

// readLogAgain reads a log from the path triage stored, when that is a
// plain file (never a FIFO that could block). Logs from archives or
// standard input have no such path, and a compressed log's bytes are not
// the stored hash's: their report pages are left out.
func readLogAgain(l web.StaticLog) ([]byte, error) {
	// opened without blocking and checked as opened: a path swapped for a
	// FIFO after triage read it must not hang the export
	f, err := os.OpenFile(l.Path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, errors.New("not a plain file")
	}
	// a log over triage's own bound was not stored from this file
	return io.ReadAll(io.LimitReader(f, DefaultLimits.MaxLogBytes+1))
}

// static is the export's data: every group with up to perGroup of its
// logs, newest crash first, and the skipped inputs.
func (r *Report) static(db *store.DB, perGroup int) (web.Static, error) {
	s := web.Static{
		Title: fmt.Sprintf("hserr triage: %d logs in %d groups", r.Logs, len(r.Groups)),
		Meta: fmt.Sprintf("database %s · signature algorithm %s · this run: %d inputs, %d new, %d duplicates, %d skipped",
			r.Database, r.Algorithm, r.Run.Seen, r.Run.Added, r.Run.Duplicates, r.Run.Skipped),
		Generated:  time.Now().UTC(),
		HostsLabel: "Machines", // distinct "Host:" lines: CPU and OS, not network hosts
	}
	for _, g := range r.Groups {
		logs, err := db.GroupLogs(g.ID, perGroup)
		if err != nil {
			return s, err
		}
		sg := web.StaticGroup{Group: server.Group{ID: g.ID, Signature: frames(g.Signature, g.Class),
			Verdict: server.Verdict{Class: g.Class, Cause: g.Cause}, Count: g.Count, Hosts: g.Hosts, JDKs: g.JDKs,
			FirstSeen: parseTime(g.FirstSeen), LastSeen: parseTime(g.LastSeen), Status: server.StatusNew},
			Remedy: g.Remedy, Notes: g.Notes}
		for _, l := range logs {
			sg.Logs = append(sg.Logs, web.StaticLog{SHA256: l.SHA256, Path: l.Path, JDK: l.JDK, Signal: l.Signal,
				Platform: l.Platform, Machine: l.Host, CrashTime: l.CrashTime, Crash: unixTime(l.CrashUnix),
				JDKVendor: l.Facets.JDKVendor, Kernel: l.Facets.Kernel, GC: l.Facets.GC, Container: l.Facets.Container, Uptime: l.Facets.Uptime})
		}
		s.Groups = append(s.Groups, sg)
	}
	for _, sk := range r.Skipped {
		s.Skipped = append(s.Skipped, web.StaticSkip{Path: sk.Path, Reason: firstLine(sk.Reason)})
	}
	return s, nil
}

// unixTime is a stored crash time (zero when the log had none).
func unixTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

// parseTime reads a stored RFC 3339 time (zero when there is none).
func parseTime(rfc string) time.Time {
	t, _ := time.Parse(time.RFC3339, rfc)
	return t
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// minSigWidth is the narrowest signature column worth showing.
const minSigWidth = 20

// droppable columns, least useful first, when a terminal is too narrow for
// every column and a readable signature.
var droppable = []string{"FIRST SEEN", "LAST SEEN", "HOSTS", "NEW", "JDK"}

// fitColumns removes droppable columns until the rest leaves the signature
// minSigWidth on a terminal of width columns (0: not a terminal, all kept).
func fitColumns(rows [][]string, width int) [][]string {
	for _, name := range droppable {
		if width <= 0 || usedWidth(rows)+minSigWidth+1 <= width {
			break
		}
		c := slices.Index(rows[0], name)
		if c < 0 {
			continue
		}
		for i := range rows {
			rows[i] = slices.Delete(rows[i], c, c+1)
		}
	}
	return rows
}

// usedWidth is the width of the columns as tabwriter lays them out, 2
// spaces apart.
func usedWidth(rows [][]string) int {
	used := 0
	for c := range rows[0] {
		w := 0
		for _, r := range rows {
			w = max(w, utf8.RuneCountInString(r[c]))
		}
		used += w + 2
	}
	return used
}

// signatureWidth is what a terminal of width columns leaves for the last
// column after the others (as tabwriter lays them out, 2 spaces apart);
// defaultSigWidth off a terminal, and never under 20.
func signatureWidth(rows [][]string, width int) int {
	if width <= 0 {
		return defaultSigWidth
	}
	return max(minSigWidth, width-usedWidth(rows)-1)
}
