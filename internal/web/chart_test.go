package web

import (
	"testing"
	"time"

	"github.com/hserr/hserr/internal/server"
)

// TestTrend: 30 daily bars ending on the last crash's day, heights scaled
// to the busiest day, each split by app version (four colours and
// "other"), a version with one crash among many still visible.
func TestTrend(t *testing.T) {
	last := time.Date(2026, 11, 26, 8, 25, 0, 0, time.UTC)
	day := last.Unix() / 86400
	dv := func(d int64, v string) server.DayVersion { return server.DayVersion{Day: d, Version: v} }
	c := trend(map[server.DayVersion]int{
		dv(day, "2.3"): 150, dv(day, "2.4"): 50, dv(day-29, "2.3"): 1, dv(day-30, "2.3"): 500,
		dv(day-1, "a"): 1, dv(day-1, "b"): 1, dv(day-1, "c"): 1, dv(day-1, ""): 1,
	}, last, byAppVersion)
	if len(c.Bars) != chartDays || c.Total != 205 || c.Max != 200 {
		t.Fatalf("%d bars, total %d, max %d (a day before the window counts in neither)", len(c.Bars), c.Total, c.Max)
	}
	first, end := c.Bars[0], c.Bars[len(c.Bars)-1]
	if end.Day != "2026-11-26" || first.Day != "2026-10-28" || len(first.Segments) != 1 || first.Segments[0].H != 1 {
		t.Errorf("first %+v, last %+v", first, end)
	}
	if len(end.Segments) != 2 || end.Segments[0].H+end.Segments[1].H != chartHeight || end.Segments[1].Y != 0 {
		t.Errorf("the busiest day's stack: %+v", end.Segments)
	}
	if len(c.Legend) != chartSeries+1 || c.Legend[0].Label != "2.3" || c.Legend[chartSeries].Label != "other versions" {
		t.Errorf("legend %+v", c.Legend)
	}
	if len(c.Bars[10].Segments) != 0 || c.Bars[10].Count != 0 {
		t.Errorf("an empty day: %+v", c.Bars[10])
	}
}
