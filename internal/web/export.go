package web

import (
	"encoding/csv"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hserr/hserr/internal/sanitize"
)

// format is how a list is answered: the page, JSON or CSV, chosen by a
// suffix on the path (".json", ".csv") or else by the Accept header.
type format int

const (
	asHTML format = iota
	asJSON
	asCSV
)

// negotiate strips a format suffix from name and says which format the
// request wants.
func negotiate(r *http.Request, name string) (string, format) {
	switch {
	case strings.HasSuffix(name, ".json"):
		return strings.TrimSuffix(name, ".json"), asJSON
	case strings.HasSuffix(name, ".csv"):
		return strings.TrimSuffix(name, ".csv"), asCSV
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part))
		switch mt {
		case "application/json":
			return name, asJSON
		case "text/csv":
			return name, asCSV
		case "text/html":
			return name, asHTML
		}
	}
	return name, asHTML
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// writeCSV writes a header and rows; every cell goes through
// sanitize.CSVCell so that no cell starts a spreadsheet formula.
func writeCSV(w http.ResponseWriter, name string, header []string, rows [][]string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write(header)
	for _, row := range rows {
		for i := range row {
			row[i] = sanitize.CSVCell(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
}

// topCSV is the top crashes table as CSV rows.
func topCSV(rows []topRow) [][]string {
	out := make([][]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, []string{
			strconv.Itoa(r.Rank), r.ID, r.Verdict.Class, r.Verdict.Cause, strconv.Itoa(r.Count),
			strconv.FormatFloat(r.Share, 'f', 4, 64), strconv.Itoa(len(r.Hosts)), strings.Join(r.JDKs, " "),
			r.FirstSeen.UTC().Format(time.RFC3339), r.LastSeen.UTC().Format(time.RFC3339), string(r.Status), r.ResolvedIn,
		})
	}
	return out
}

var topCSVHeader = []string{"rank", "group", "class", "cause", "crashes", "share", "hosts", "jdks", "first_seen", "last_seen", "status", "resolved_in"}
