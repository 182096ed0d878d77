package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/server"
)

// topRow is one line of the top crashes table.
type topRow struct {
	Rank  int     `json:"rank"`
	Share float64 `json:"share"` // of all crashes listed, 0..1
	// PrevRank is the rank in the window before (0: not in it, or no window).
	PrevRank int `json:"previous_rank,omitempty"`
	server.Group
}

// topData is the top crashes page.
type topData struct {
	Rows   []topRow      `json:"groups"`
	Total  int           `json:"crashes"`
	Status server.Status `json:"status,omitempty"`
	// Days is the window (the last Days days; 0: all time) and Since its
	// start; with a window, ranks are compared with the window before.
	Days int `json:"days,omitempty"`
	// Sort is the order of the rows ("": by count; hosts, last, first).
	Sort  string    `json:"sort,omitempty"`
	Since time.Time `json:"since,omitzero"`
	// JDK, Host and App are the report filters ("": any).
	JDK  string `json:"jdk,omitempty"`
	Host string `json:"host,omitempty"`
	App  string `json:"app_version,omitempty"`
	OS   string `json:"os,omitempty"`
	Arch string `json:"arch,omitempty"`
	// HostsLabel names the hosts column ("": Hosts); NoStatus leaves out
	// the status column. The static triage export sets both (static.go).
	HostsLabel string `json:"-"`
	NoStatus   bool   `json:"-"`
}

// windows the top crashes page offers, in days (0: all time).
var windows = []int{0, 1, 7, 30, 90}

func (p *Pages) topPage(w http.ResponseWriter, r *http.Request) {
	st := server.Status(r.URL.Query().Get("status"))
	switch st {
	case "", server.StatusNew, server.StatusResolved, server.StatusRegressed, server.StatusMuted:
	default:
		http.Error(w, "status: want new, resolved, regressed or muted", http.StatusBadRequest)
		return
	}
	days, err := strconv.Atoi(r.URL.Query().Get("days"))
	if r.URL.Query().Get("days") == "" {
		days, err = 0, nil
	}
	if err != nil || !slices.Contains(windows, days) {
		http.Error(w, "days: want 0, 1, 7, 30 or 90", http.StatusBadRequest)
		return
	}
	v := r.URL.Query()
	sortKey := v.Get("sort")
	if !slices.ContainsFunc(sortKeys, func(k struct{ Key, Name string }) bool { return k.Key == sortKey }) {
		http.Error(w, "sort: want hosts, last or first (or none: by crashes)", http.StatusBadRequest)
		return
	}
	q := server.Query{Status: st, JDK: v.Get("jdk"), Host: v.Get("host"), App: v.Get("app"), OS: v.Get("os"), Arch: v.Get("arch")}
	if days > 0 {
		q.Since = p.now().Add(-time.Duration(days) * 24 * time.Hour)
	}
	gs, err := p.store.QueryGroups(r.Context(), q)
	if err != nil {
		p.fail(w, err)
		return
	}
	rows := rankByCount(gs)
	if days > 0 {
		prev := q
		prev.Since, prev.Until = q.Since.Add(-time.Duration(days)*24*time.Hour), q.Since
		before, err := p.store.QueryGroups(r.Context(), prev)
		if err != nil {
			p.fail(w, err)
			return
		}
		was := map[string]int{}
		for _, row := range rankByCount(before) {
			was[row.ID] = row.Rank
		}
		for i := range rows {
			rows[i].PrevRank = was[rows[i].ID]
		}
	}
	sortRows(rows, sortKey)
	d := topData{Rows: rows, Status: st, Days: days, Sort: sortKey, Since: q.Since, JDK: q.JDK, Host: q.Host, App: q.App, OS: q.OS, Arch: q.Arch}
	d.Total = setShares(d.Rows)
	switch _, f := negotiate(r, r.PathValue("name")); f {
	case asJSON:
		writeJSON(w, d)
	case asCSV:
		writeCSV(w, "top-crashes", topCSVHeader, topCSV(d.Rows))
	default:
		p.render(w, p.top, "Top crashes", d)
	}
}

// groupData is a crash group page.
type groupData struct {
	Group     server.Group
	Sample    string // sha256 of the explained sample
	Report    *explain.Report
	Reports   []reportRow
	History   []server.Change
	MoreLimit int
	Trend     chart
	Facets    []server.Facet
	Mute      *server.Mute // what a muted group escalates at; nil otherwise
	// Remedy is the group's stored remedy, shown when no sample could be
	// explained (the static export, when its logs cannot be read again).
	Remedy []string
}

func (p *Pages) groupPage(w http.ResponseWriter, r *http.Request) {
	id, f := negotiate(r, r.PathValue("id"))
	ctx := r.Context()
	g, err := p.store.Group(ctx, id)
	if err != nil {
		p.fail(w, err)
		return
	}
	d := groupData{Group: g, MoreLimit: maxReports}
	var reports []server.ReportRow
	if d.Sample, d.Report, err = p.explainSample(ctx, id); err == nil {
		reports, err = p.store.GroupReports(ctx, id, maxReports)
	}
	if err == nil {
		d.History, err = p.store.History(ctx, id)
	}
	if err == nil {
		d.Facets, err = p.store.Facets(ctx, id)
	}
	if err == nil {
		d.Mute, err = p.store.MuteState(ctx, id)
	}
	if err == nil {
		var days map[server.DayVersion]int
		from := g.LastSeen.UTC().Truncate(24*time.Hour).AddDate(0, 0, -(chartDays - 1))
		if days, err = p.store.DailyCounts(ctx, id, from); err == nil {
			d.Trend = trend(days, g.LastSeen, byAppVersion)
		}
	}
	for _, r := range reports {
		d.Reports = append(d.Reports, reportRow{ReportRow: r, Linked: true})
	}
	if err != nil {
		p.fail(w, err)
		return
	}
	switch f {
	case asJSON:
		writeJSON(w, groupJSON{Group: g, Reports: reports, History: d.History, Facets: d.Facets, Mute: d.Mute})
	case asCSV:
		writeCSV(w, "group-"+short(g.ID), reportCSVHeader, reportCSV(reports))
	default:
		p.render(w, p.group, "Crash group "+short(g.ID), d)
	}
}

// reportRow is a line of a group's report list. The static export adds
// the log's path, and links only the reports it could write a page for.
type reportRow struct {
	server.ReportRow
	Path   string
	Linked bool
}

// groupJSON is a group page as JSON: the group, its reports and history.
type groupJSON struct {
	server.Group
	Reports []server.ReportRow `json:"reports"`
	History []server.Change    `json:"history"`
	Facets  []server.Facet     `json:"facets"`
	Mute    *server.Mute       `json:"mute,omitempty"`
}

var reportCSVHeader = []string{"sha256", "received", "host", "app_version", "jdk", "state"}

func reportCSV(rs []server.ReportRow) [][]string {
	out := make([][]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, []string{r.SHA256, r.Received.UTC().Format(time.RFC3339), r.Host, r.AppVersion, r.JDK, string(r.State)})
	}
	return out
}

// namedPage serves the one-segment pages: the top crashes list as
// /top.json or /top.csv, and /hosts and /jdks with their suffixes.
func (p *Pages) namedPage(w http.ResponseWriter, r *http.Request) {
	name, _ := negotiate(r, r.PathValue("name"))
	switch name {
	case "top":
		p.topPage(w, r)
	case "hosts":
		p.hostsPage(w, r)
	case "jdks":
		p.jdksPage(w, r)
	default:
		http.NotFound(w, r)
	}
}
