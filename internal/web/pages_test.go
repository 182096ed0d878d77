package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/server"
	"github.com/hserr/hserr/internal/server/servertest"
)

func get(t *testing.T, url string) (*http.Response, *goquery.Document) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, doc
}

// TestPagesDOM: the top crashes and group pages over the real corpus, read
// as a DOM, on SQLite and PostgreSQL; a crafted log's markup is text, never
// an element.
func TestPagesDOM(t *testing.T) {
	for _, b := range backendsFor(t) {
		t.Run(b.Name, func(t *testing.T) { testPagesDOM(t, newFixture(t, 30, b.URL)) })
	}
}

func testPagesDOM(t *testing.T, f *fixture) {

	resp, doc := get(t, f.URL+"/")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("top: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	rows := doc.Find("table.groups tbody tr")
	if rows.Length() < 5 {
		t.Fatalf("top crashes: %d rows", rows.Length())
	}
	var prev = 1 << 30
	rows.Each(func(i int, r *goquery.Selection) {
		n := atoi(r.Find("td").Eq(2).Text())
		if n > prev {
			t.Errorf("row %d: %d crashes after %d: not ranked by count", i+1, n, prev)
		}
		prev = n
		if href, _ := r.Find("a.group-link").Attr("href"); !strings.HasPrefix(href, "/groups/") {
			t.Errorf("row %d: link %q", i+1, href)
		}
	})
	if !strings.Contains(doc.Find("footer").Text(), "All times are UTC") {
		t.Error("the page does not say its time zone")
	}
	if doc.Find("script").Length() != 0 {
		t.Error("a script element on the top page")
	}

	resp, doc = get(t, f.URL+"/groups/"+f.groupOf(t, f.Crafted))
	if resp.StatusCode != 200 {
		t.Fatalf("group page: %d", resp.StatusCode)
	}
	if doc.Find("script").Length() != 0 {
		t.Fatal("the crafted log injected a script element")
	}
	if got := doc.Find(".thread-name").Text(); !strings.Contains(got, crafted) {
		t.Errorf("thread name shown as %q, want the crafted text", got)
	}
	if doc.Find("#verdict").Length() != 1 || doc.Find(".evidence").Text() == "" || doc.Find("ul.remedy li").Length() == 0 {
		t.Error("the group page lacks the verdict, its evidence or its remedy")
	}
	if bars, caption := doc.Find("figure.trend rect.bar").Length(), doc.Find("figure.trend figcaption").Text(); bars != 1 || !strings.Contains(caption, "1 in all") || !strings.Contains(caption, "2.3 (1)") {
		t.Errorf("trend chart: %d bars, %q", bars, caption)
	}
	if facets := doc.Find("dl.facets").Text(); !strings.Contains(facets, "JDK build") || !strings.Contains(facets, "linux (1)") || !strings.Contains(facets, "amd64 (1)") {
		t.Errorf("facets: %q", facets)
	}
	// the example log's facets, in the page's order
	want := [][2]string{{"JDK vendor", "OpenJDK (vendor not named) (1)"}, {"Kernel", "Linux 6.18.44-fc-v769 (1)"},
		{"GC", "G1 (1)"}, {"Container", "no memory limit, 2 CPUs (1)"}, {"Uptime", "under a minute (1)"}}
	if got := facetsOf(doc); !slices.Equal(got.names, []string{"JDK build", "JDK vendor", "OS", "Kernel", "CPU", "GC", "Container", "Uptime", "App version", "Host"}) {
		t.Errorf("facets in the order %q", got.names)
	} else {
		for _, w := range want {
			if got.values[w[0]] != w[1] {
				t.Errorf("facet %s: %q, want %q", w[0], got.values[w[0]], w[1])
			}
		}
	}
	if doc.Find("table.reports tbody tr").Length() != 1 {
		t.Errorf("reports: %d rows", doc.Find("table.reports tbody tr").Length())
	}

	// the report page of the crafted log: evidence marked in the log, the
	// redacted log downloadable as text, the markup still text
	href, _ := doc.Find("a.report-link").First().Attr("href")
	resp, doc = get(t, f.URL+href)
	if resp.StatusCode != 200 || href != "/reports/"+f.Crafted {
		t.Fatalf("report page %q: %d", href, resp.StatusCode)
	}
	if doc.Find("script").Length() != 0 || !strings.Contains(doc.Find("pre.log").Text(), crafted) {
		t.Error("the report page's log view lost or ran the crafted markup")
	}
	if log := doc.Find("pre.log").Text(); strings.ContainsAny(log, "\x1b\x07") || !strings.Contains(log, `\x1b]0;owned\x07`) {
		t.Error("control characters of the log reached the page raw")
	}
	folds := doc.Find("details.log")
	if folds.Length() != 5 || !strings.HasPrefix(folds.Eq(2).Find("summary").Text(), "Thread") {
		t.Errorf("log sections: %d, third %q", folds.Length(), folds.Eq(2).Find("summary").Text())
	}
	folds.Each(func(_ int, d *goquery.Selection) {
		if _, open := d.Attr("open"); open != (d.Find(".hit").Length() > 0) {
			t.Errorf("section %q: open %v with %d evidence lines", d.Find("summary").Text(), open, d.Find(".hit").Length())
		}
	})
	hits := doc.Find("pre.log .hit").Length()
	if links := doc.Find("ul.evidence-links a").Length(); hits == 0 || hits != links {
		t.Errorf("%d evidence links, %d marked lines", links, hits)
	}
	resp, err := http.Get(f.URL + href + "/log")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, "text/plain") ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %q %q", resp.StatusCode, ct, resp.Header.Get("Content-Disposition"))
	}

	for path, want := range map[string]int{"/groups/nope": 404, "/reports/nope": 400, "/reports/" + strings.Repeat("0", 64): 404, "/?status=bogus": 400, "/?status=new": 200, "/assets/style.css": 200} {
		resp, err := http.Get(f.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range strings.TrimSpace(s) {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// TestPagesNeedReadAccess: with read tokens set, the pages are the groups
// API's data and need a read token like it; an ingest token is not enough.
func TestPagesNeedReadAccess(t *testing.T) {
	st, err := server.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := server.New(st, server.Config{IngestTokens: []string{"w"}, ReadTokens: []string{"r"}, Pages: New(st, nil).Handler()})
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	for token, want := range map[string]int{"": 401, "w": 401, "r": 200} {
		req, _ := http.NewRequest("GET", hs.URL+"/", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("token %q: %d, want %d", token, resp.StatusCode, want)
		}
	}
}

// backendsFor is the databases a page test runs on.
func backendsFor(t *testing.T) []servertest.Backend { return servertest.Backends(t) }

// facets is a group page's facets: their names in the page's order and
// the text of each one's values.
type facets struct {
	names  []string
	values map[string]string
}

func facetsOf(doc *goquery.Document) facets {
	f := facets{values: map[string]string{}}
	doc.Find("dl.facets dt").Each(func(_ int, dt *goquery.Selection) {
		name := strings.TrimSpace(dt.Text())
		f.names = append(f.names, name)
		f.values[name] = strings.TrimSpace(dt.Next().Text())
	})
	return f
}

// TestCorpusFacets: over the groups the corpus makes, every facet of the
// group page shows values read from the real logs: vendors, kernels,
// collectors, container limits and uptime buckets, the latter in their
// order (shortest first) whatever their counts.
func TestCorpusFacets(t *testing.T) {
	for _, b := range backendsFor(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, 40, b.URL)
			gs, err := f.Store.Groups(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string][]string{}
			for _, g := range gs {
				_, doc := get(t, f.URL+"/groups/"+g.ID)
				got := facetsOf(doc)
				for _, name := range got.names {
					seen[name] = append(seen[name], got.values[name])
				}
				if up := got.values["Uptime"]; up != "" && !inBucketOrder(up) {
					t.Errorf("group %s: uptime buckets out of order: %q", g.ID, up)
				}
			}
			for name, want := range map[string]string{"JDK vendor": "Oracle (", "Kernel": "Linux 3.10.0-", "GC": "CMS (",
				"Container": "no memory limit, 8 CPUs (", "Uptime": "over 7 days ("} {
				if !slices.ContainsFunc(seen[name], func(v string) bool { return strings.Contains(v, want) }) {
					t.Errorf("no group shows %s %q: %q", name, want, seen[name])
				}
			}
		})
	}
}

// inBucketOrder says whether a page's uptime values ("1 to 24 hours (3),
// over 7 days (1)") follow model.UptimeBuckets.
func inBucketOrder(text string) bool {
	last := -1
	for _, v := range strings.Split(text, ", ") {
		name, _, _ := strings.Cut(v, " (")
		i := slices.Index(model.UptimeBuckets, name)
		if i <= last {
			return false
		}
		last = i
	}
	return true
}

// TestPagesShowNoControls: a log with control characters and bidi marks in
// its thread name, frame, Host: line and command line, from a sender whose
// host name is a formula: no page shows one raw.
func TestPagesShowNoControls(t *testing.T) {
	f := newFixture(t, 3, "")
	group := "/groups/" + f.groupOf(t, f.Crafted)
	for _, path := range []string{"/", group, "/reports/" + f.Crafted, "/hosts", "/jdks", "/?days=7"} {
		resp := fetch(t, f.URL+path, "")
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, err)
		}
		noControls(t, path, string(body))
	}
}
