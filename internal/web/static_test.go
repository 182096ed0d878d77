package web

import (
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/hserr/hserr/internal/server"
)

// TestStaticExport: the triage export is one self-contained file whose top
// table is the served one (same template) with anchor links, and whose
// text from logs stays text.
func TestStaticExport(t *testing.T) {
	g := func(id string, n int) StaticGroup {
		return StaticGroup{Group: server.Group{ID: id, Verdict: server.Verdict{Class: "jni-null-deref", Cause: "a cause"},
			Count: n, LastSeen: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
			Remedy: []string{"do this"}, Logs: []StaticLog{{Path: "/logs/" + crafted + ".log", Signal: "SIGSEGV"}}, More: n - 1}
	}
	var b strings.Builder
	err := WriteStatic(&b, Static{Title: "hserr triage", HostsLabel: "Machines", Groups: []StaticGroup{g("bb", 5), g("aa", 1)}, // ranked, as triage gives them
		Skipped: []StaticSkip{{Path: "x\x1b[31m.txt", Reason: "not an hs_err log"}}})
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script", "src=", `href="http`, "@import", `href="/`, "\x1b"} {
		if strings.Contains(out, bad) {
			t.Errorf("the export has %q", bad)
		}
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(out))
	rows := doc.Find("table.groups tbody tr")
	if rows.Length() != 2 || rows.First().Find("td").Eq(2).Text() != "5" {
		t.Errorf("top table: %d rows, first count %q", rows.Length(), rows.First().Find("td").Eq(2).Text())
	}
	if href, _ := rows.First().Find("a.group-link").Attr("href"); href != "#g-bb" || doc.Find("section#g-bb").Length() != 1 {
		t.Errorf("link %q does not reach its section", href)
	}
	if !strings.Contains(doc.Find("table.groups thead").Text(), "Machines") {
		t.Error("the hosts column is not named as triage counts it")
	}
	if !strings.Contains(doc.Find("section#g-aa").Text(), crafted) {
		t.Error("a crafted path is not shown as text")
	}
}
