package web

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestTopWindow: the top crashes of the last 7 days count only that
// window's reports, and each group's rank is compared with the 7 days
// before.
func TestTopWindow(t *testing.T) {
	f := newFixture(t, 40, "")
	var all, week topData
	json.NewDecoder(fetch(t, f.URL+"/top.json", "").Body).Decode(&all)
	json.NewDecoder(fetch(t, f.URL+"/top.json?days=7", "").Body).Decode(&week)
	since := fixtureNow.Add(-7 * 24 * time.Hour)
	if week.Days != 7 || !week.Since.Equal(since) || week.Total == 0 || week.Total >= all.Total {
		t.Fatalf("window: days %d since %v, %d of %d crashes", week.Days, week.Since, week.Total, all.Total)
	}
	for _, r := range week.Rows {
		if r.FirstSeen.Before(since) {
			t.Errorf("group %s: first seen %v, before the window", r.ID, r.FirstSeen)
		}
	}
	_, doc := get(t, f.URL+"/?days=7")
	if n := doc.Find("table.groups .change").Length(); n != len(week.Rows) {
		t.Errorf("%d rank changes shown for %d rows", n, len(week.Rows))
	}
	if resp := fetch(t, f.URL+"/?days=5", ""); resp.StatusCode != 400 {
		t.Errorf("days=5: %d", resp.StatusCode)
	}
	if got := rankChange(2, 5) + rankChange(4, 1) + rankChange(3, 3) + rankChange(1, 0); got != "▲3▼3=new" {
		t.Errorf("rank changes: %q", got)
	}
}

// TestTopFilters: the JDK, host and app filters keep only matching
// reports, on SQLite and PostgreSQL.
func TestTopFilters(t *testing.T) {
	for _, b := range backendsFor(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, 30, b.URL)
			var all, host, jdk, none topData
			json.NewDecoder(fetch(t, f.URL+"/top.json", "").Body).Decode(&all)
			json.NewDecoder(fetch(t, f.URL+"/top.json?host=web-1", "").Body).Decode(&host)
			json.NewDecoder(fetch(t, f.URL+"/top.json?jdk="+url.QueryEscape(all.Rows[0].JDKs[0]), "").Body).Decode(&jdk)
			json.NewDecoder(fetch(t, f.URL+"/top.json?app=9.9", "").Body).Decode(&none)
			// a NUL or broken UTF-8 in a filter is a filter that matches
			// nothing, not a failed query
			if resp := fetch(t, f.URL+"/top.json?jdk=%00%ff", ""); resp.StatusCode != 200 {
				t.Errorf("jdk=%%00%%ff: %d", resp.StatusCode)
			}
			var linux, aix topData
			json.NewDecoder(fetch(t, f.URL+"/top.json?os=linux&arch=amd64", "").Body).Decode(&linux)
			json.NewDecoder(fetch(t, f.URL+"/top.json?os=aix", "").Body).Decode(&aix)
			if linux.Total == 0 || linux.Total > all.Total || aix.Total != 0 {
				t.Errorf("os filter: linux/amd64 %d, aix %d of %d", linux.Total, aix.Total, all.Total)
			}
			if host.Total == 0 || host.Total >= all.Total || host.Host != "web-1" {
				t.Errorf("host=web-1: %d of %d crashes", host.Total, all.Total)
			}
			for _, r := range host.Rows {
				if len(r.Hosts) == 0 {
					t.Errorf("group %s listed without hosts", r.ID)
				}
			}
			if jdk.Total == 0 || jdk.Total > all.Total {
				t.Errorf("jdk filter: %d of %d", jdk.Total, all.Total)
			}
			if none.Total != 0 || len(none.Rows) != 0 {
				t.Errorf("app=9.9: %d crashes", none.Total)
			}
		})
	}
}

// TestTopSort: the rows can be listed by hosts, last or first seen (the
// rank stays the rank by count); an unknown order is refused; counts are
// written with thousands separators.
func TestTopSort(t *testing.T) {
	f := newFixture(t, 30, "")
	var last, first topData
	json.NewDecoder(fetch(t, f.URL+"/top.json?sort=last", "").Body).Decode(&last)
	json.NewDecoder(fetch(t, f.URL+"/top.json?sort=first", "").Body).Decode(&first)
	if len(last.Rows) < 5 || last.Sort != "last" {
		t.Fatalf("sort=last: %d rows, sort %q", len(last.Rows), last.Sort)
	}
	for i := 1; i < len(last.Rows); i++ {
		if last.Rows[i].LastSeen.After(last.Rows[i-1].LastSeen) || first.Rows[i].FirstSeen.After(first.Rows[i-1].FirstSeen) {
			t.Fatalf("row %d out of order", i)
		}
	}
	ranks := map[int]bool{}
	for _, r := range last.Rows {
		ranks[r.Rank] = true
	}
	if len(ranks) != len(last.Rows) || last.Rows[0].Rank == 0 {
		t.Error("the rank is not kept when listed by another order")
	}
	_, doc := get(t, f.URL+"/?sort=hosts")
	if v, _ := doc.Find("#sort option[selected]").Attr("value"); v != "hosts" {
		t.Errorf("the form does not show the order chosen: %q", v)
	}
	if _, doc := get(t, f.URL+"/?app=9.9"); !strings.Contains(doc.Find("main").Text(), "No crashes match these filters") {
		t.Error("an empty filtered list reads as an empty server")
	}
	if resp := fetch(t, f.URL+"/?sort=name", ""); resp.StatusCode != 400 {
		t.Errorf("sort=name: %d", resp.StatusCode)
	}
	if num(1234567) != "1,234,567" || plural(12345, "crash", "crashes") != "12,345 crashes" {
		t.Errorf("numbers: %s, %s", num(1234567), plural(12345, "crash", "crashes"))
	}
}
