package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const table = `# header
# As of: 2025-10 (the October 2025 CPU).
8	462	2025-07
8	471	2025-10	yes
17	16	2025-07
17	17	2025-10	yes
`

func TestRefresh(t *testing.T) {
	feed := []Version{{Major: 17, Security: 19}, {Major: 17, Security: 18}, {Major: 8, Security: 471}, {Major: 99, Security: 1}}
	out, added := Refresh(table, feed, time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC))
	if strings.Join(added, ",") != "17.0.19" {
		t.Errorf("added %v", added)
	}
	if !strings.Contains(out, "17\t19\t2026-04\n") || strings.Contains(out, "99\t") {
		t.Errorf("table:\n%s", out)
	}
	if !strings.Contains(out, "# As of: 2026-04 (refreshed by go generate") || strings.Contains(out, "October 2025 CPU") {
		t.Errorf("as-of line not moved:\n%s", out)
	}
	if same, added := Refresh(table, []Version{{Major: 17, Security: 17}}, time.Now()); same != table || added != nil {
		t.Error("a feed with nothing new changed the table")
	}
}

func TestCPUMonth(t *testing.T) {
	for in, want := range map[string]string{"2026-01-01": "2026-01", "2026-03-31": "2026-01", "2026-04-15": "2026-04", "2026-12-04": "2026-10"} {
		d, _ := time.Parse("2006-01-02", in)
		if got := cpuMonth(d); got != want {
			t.Errorf("cpuMonth(%s) = %s, want %s", in, got, want)
		}
	}
}

// The feed is read page by page until an empty page (the API's own shape,
// served locally: tests never reach the network).
func TestFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page") {
		case "0":
			w.Write([]byte(`{"versions":[{"build":7,"major":17,"minor":0,"openjdk_version":"17.0.19+7","security":19,"semver":"17.0.19+7"}]}`))
		case "1":
			w.Write([]byte(`{"versions":[{"build":8,"major":8,"minor":0,"openjdk_version":"1.8.0_482-b08","security":482,"semver":"8.0.482+8"}]}`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	vs, err := fetch(srv.Client(), srv.URL+"/?page=%d", 10)
	if err != nil || len(vs) != 2 || vs[1].Security != 482 {
		t.Fatalf("%v %+v", err, vs)
	}
	if _, err := fetch(srv.Client(), "http://127.0.0.1:1/?page=%d", 2); err == nil {
		t.Error("an unreachable feed gave no error")
	}
}
