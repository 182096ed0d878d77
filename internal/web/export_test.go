package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func fetch(t *testing.T, url, accept string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestListsAsJSONAndCSV: every list page answers JSON and CSV at the same
// URL (Accept) or with a suffix; no CSV cell starts a formula, whatever a
// sender calls its host.
func TestListsAsJSONAndCSV(t *testing.T) {
	f := newFixture(t, 12, "")
	var viaSuffix, viaAccept topData
	for _, c := range []struct {
		url, accept string
		into        *topData
	}{{f.URL + "/top.json", "", &viaSuffix}, {f.URL + "/", "application/json", &viaAccept}} {
		resp := fetch(t, c.url, c.accept)
		if err := json.NewDecoder(resp.Body).Decode(c.into); err != nil || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("%s (%s): %v %q", c.url, c.accept, err, resp.Header.Get("Content-Type"))
		}
	}
	if len(viaSuffix.Rows) < 3 || len(viaSuffix.Rows) != len(viaAccept.Rows) || viaSuffix.Rows[0].Rank != 1 || viaSuffix.Total != 13 {
		t.Errorf("top.json: %d groups, %d crashes; via Accept %d", len(viaSuffix.Rows), viaSuffix.Total, len(viaAccept.Rows))
	}

	for _, c := range []struct{ url, accept string }{{f.URL + "/top.csv", ""}, {f.URL + "/", "text/csv"}} {
		recs, err := csv.NewReader(fetch(t, c.url, c.accept).Body).ReadAll()
		if err != nil || len(recs) != len(viaSuffix.Rows)+1 || recs[0][0] != "rank" {
			t.Errorf("%s (%s): %d records, %v", c.url, c.accept, len(recs), err)
		}
	}

	group := "/groups/" + f.groupOf(t, f.Crafted)
	var g groupJSON
	if err := json.NewDecoder(fetch(t, f.URL+group+".json", "").Body).Decode(&g); err != nil || len(g.Reports) != 1 || g.Reports[0].Host != craftedHost {
		t.Errorf("group json: %+v %v", g, err)
	}
	recs, err := csv.NewReader(fetch(t, f.URL+group+".csv", "").Body).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("group csv: %v %v", recs, err)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("a CSV cell starts a formula: %q", cell)
			}
		}
	}
	if resp := fetch(t, f.URL+"/nothing.txt", ""); resp.StatusCode != 404 {
		t.Errorf("/nothing.txt: %d", resp.StatusCode)
	}
}
