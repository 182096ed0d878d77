package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/hserr/hserr/internal/server"
)

// crashLoop is how many crashes of one signature on one host make a loop.
const crashLoop = 3

type hostsData struct {
	Rows      []server.HostRow `json:"rows"`
	LoopFrom  int              `json:"crash_loop_from"`
	LoopCount int              `json:"crash_loops"`
}

func (p *Pages) hostsPage(w http.ResponseWriter, r *http.Request) {
	rows, err := p.store.HostGroups(r.Context())
	if err != nil {
		p.fail(w, err)
		return
	}
	d := hostsData{Rows: rows, LoopFrom: crashLoop}
	for _, h := range rows {
		if h.Count >= crashLoop {
			d.LoopCount++
		}
	}
	switch _, f := negotiate(r, r.PathValue("name")); f {
	case asJSON:
		writeJSON(w, d)
	case asCSV:
		out := make([][]string, 0, len(rows))
		for _, h := range rows {
			out = append(out, []string{h.Host, h.GroupID, h.Class, strconv.Itoa(h.Count),
				h.FirstSeen.Format(time.RFC3339), h.LastSeen.Format(time.RFC3339)})
		}
		writeCSV(w, "hosts", []string{"host", "group", "class", "crashes", "first_seen", "last_seen"}, out)
	default:
		p.render(w, p.hosts, "Hosts", d)
	}
}

func (p *Pages) jdksPage(w http.ResponseWriter, r *http.Request) {
	rows, err := p.store.JDKBuilds(r.Context())
	if err != nil {
		p.fail(w, err)
		return
	}
	switch _, f := negotiate(r, r.PathValue("name")); f {
	case asJSON:
		writeJSON(w, map[string]any{"rows": rows})
	case asCSV:
		out := make([][]string, 0, len(rows))
		for _, j := range rows {
			out = append(out, []string{j.JDK, strconv.Itoa(j.Count), strconv.Itoa(j.Groups), strconv.Itoa(j.NewGroups),
				j.FirstSeen.Format(time.RFC3339), j.LastSeen.Format(time.RFC3339)})
		}
		writeCSV(w, "jdks", []string{"jdk", "crashes", "groups", "new_groups", "first_seen", "last_seen"}, out)
	default:
		p.render(w, p.jdks, "JDK builds", rows)
	}
}
