package web

import (
	"net/http"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/server"
)

// topRow is one line of the top crashes table.
type topRow struct {
	Rank  int
	Share float64 // of all crashes listed, 0..1
	server.Group
}

// topData is the top crashes page.
type topData struct {
	Rows   []topRow
	Total  int
	Status server.Status
}

func (p *Pages) topPage(w http.ResponseWriter, r *http.Request) {
	st := server.Status(r.URL.Query().Get("status"))
	switch st {
	case "", server.StatusNew, server.StatusResolved, server.StatusRegressed, server.StatusMuted:
	default:
		http.Error(w, "status: want new, resolved, regressed or muted", http.StatusBadRequest)
		return
	}
	gs, err := p.store.QueryGroups(r.Context(), server.Query{Status: st})
	if err != nil {
		p.fail(w, err)
		return
	}
	rows := rankByCount(gs)
	d := topData{Rows: rows, Status: st}
	for _, g := range gs {
		d.Total += g.Count
	}
	for i := range d.Rows {
		d.Rows[i].Share = float64(d.Rows[i].Count) / float64(max(d.Total, 1))
	}
	p.render(w, p.top, "Top crashes", d)
}

// groupData is a crash group page.
type groupData struct {
	Group     server.Group
	Sample    string // sha256 of the explained sample
	Report    *explain.Report
	Reports   []server.ReportRow
	History   []server.Change
	MoreLimit int
}

func (p *Pages) groupPage(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	g, err := p.store.Group(ctx, id)
	if err != nil {
		p.fail(w, err)
		return
	}
	d := groupData{Group: g, MoreLimit: maxReports}
	if d.Sample, d.Report, err = p.explainSample(ctx, id); err == nil {
		d.Reports, err = p.store.GroupReports(ctx, id, maxReports)
	}
	if err == nil {
		d.History, err = p.store.History(ctx, id)
	}
	if err != nil {
		p.fail(w, err)
		return
	}
	p.render(w, p.group, "Crash group "+short(g.ID), d)
}
