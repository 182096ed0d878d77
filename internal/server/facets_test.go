package server

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// facetNames are the facets of a group page, in the page's order.
var facetNames = []string{"JDK build", "JDK vendor", "OS", "Kernel", "CPU", "GC", "Container", "Uptime", "App version", "Host"}

// exampleFacets are the example log's values of the facets migration 7
// added (model.Log's facet methods on it).
var exampleFacets = map[string]string{
	"JDK vendor": "OpenJDK (vendor not named)",
	"Kernel":     "Linux 6.18.44-fc-v769",
	"GC":         "G1",
	"Container":  "no memory limit, 2 CPUs",
	"Uptime":     "under a minute",
}

// facetValues is a group's facets as name → values, in their order.
func facetValues(t *testing.T, st *Store, id string) map[string][]string {
	t.Helper()
	fs, err := st.Facets(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
		for _, v := range f.Values {
			out[f.Name] = append(out[f.Name], fmt.Sprintf("%s (%d)", v.Value, v.Count))
		}
	}
	if !slices.Equal(names, facetNames) {
		t.Errorf("facets %q, want %q", names, facetNames)
	}
	return out
}

// TestFacets: the worker stores every facet of a report, the group's
// facets are listed in the page's order, and uptime buckets in their own
// order (shortest first), not by count.
func TestFacets(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openStore(t, b)
		sha := ingestLog(t, st, "facets")
		w := &worker{store: st, process: DefaultProcess, wake: make(chan struct{}, 1), log: discard()}
		w.pass(ctx)
		r, err := st.Report(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		got := facetValues(t, st, r.GroupID)
		for name, v := range exampleFacets {
			if want := []string{v + " (1)"}; !slices.Equal(got[name], want) {
				t.Errorf("%s: %q, want %q", name, got[name], want)
			}
		}

		// uptime: three crashes after hours, one at start-up, one after
		// days; listed in model.UptimeBuckets' order
		uptimes := []string{model.UptimeBuckets[3], model.UptimeBuckets[3], model.UptimeBuckets[5], model.UptimeBuckets[3], model.UptimeBuckets[0]}
		var i atomic.Int32
		w.process = func(body []byte) Result {
			return Result{Class: "test", GroupID: "uptime", Signature: "uptime", Uptime: uptimes[i.Add(1)-1]}
		}
		for k := range uptimes {
			ingestLog(t, st, fmt.Sprintf("uptime %d", k))
		}
		w.pass(ctx)
		want := []string{"under a minute (1)", "1 to 24 hours (3)", "over 7 days (1)"}
		if got := facetValues(t, st, "uptime")["Uptime"]; !slices.Equal(got, want) {
			t.Errorf("uptime: %q, want %q", got, want)
		}
	})
}

// TestNewFacetOrder: values an order does not name come after those it
// does, most frequent first; a facet keeps maxFacetValues values.
func TestNewFacetOrder(t *testing.T) {
	f := NewFacet("x", map[string]int{"b": 1, "odd": 5, "a": 2, "rare": 1}, []string{"a", "b"})
	var got []string
	for _, v := range f.Values {
		got = append(got, v.Value)
	}
	if want := []string{"a", "b", "odd", "rare"}; !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
	many := map[string]int{}
	for i := range maxFacetValues + 3 {
		many[fmt.Sprint(i)] = i + 1
	}
	if f := NewFacet("many", many, nil); len(f.Values) != maxFacetValues || f.More != 3 || f.Values[0].Count != maxFacetValues+3 {
		t.Errorf("%d values, %d more, first %+v", len(f.Values), f.More, f.Values[0])
	}
}

// TestReprocessFillsFacets: reports an older build processed (one that
// did not know the new facets) get them when a newer server re-processes
// them after the upgrade, by itself.
func TestReprocessFillsFacets(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openStore(t, b)
		before := func(body []byte) Result { // the facets of migration 4 only
			r := DefaultProcess(body)
			r.JDKVendor, r.Kernel, r.GC, r.Container, r.Uptime = "", "", "", "", ""
			return r
		}
		sha := ingestLog(t, st, "old")
		old := &worker{store: st, process: before, gen: 1, wake: make(chan struct{}, 1), log: discard()}
		old.pass(ctx)
		r, _ := st.Report(ctx, sha)
		if got := facetValues(t, st, r.GroupID); got["Kernel"] != nil || got["GC"] != nil || got["OS"] == nil {
			t.Fatalf("processed by the older build: %v", got)
		}
		runFor(t, New(st, Config{Generation: 2, Logger: discard()}), func() bool { return generations(t, st)[2] == 1 })
		got := facetValues(t, st, r.GroupID)
		for name, v := range exampleFacets {
			if want := []string{v + " (1)"}; !slices.Equal(got[name], want) {
				t.Errorf("after the upgrade, %s: %q, want %q", name, got[name], want)
			}
		}
	})
}
