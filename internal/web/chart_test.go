package web

import (
	"testing"
	"time"
)

// TestTrend: 30 daily bars ending on the last crash's day, heights scaled
// to the busiest day, a day with one crash among many still visible.
func TestTrend(t *testing.T) {
	last := time.Date(2026, 11, 26, 8, 25, 0, 0, time.UTC)
	day := last.Unix() / 86400
	c := trend(map[int64]int{day: 200, day - 29: 1, day - 30: 500}, last)
	if len(c.Bars) != chartDays || c.Total != 201 || c.Max != 200 {
		t.Fatalf("%d bars, total %d, max %d (a day before the window counts in neither)", len(c.Bars), c.Total, c.Max)
	}
	first, end := c.Bars[0], c.Bars[len(c.Bars)-1]
	if end.Day != "2026-11-26" || end.H != chartHeight || end.Y != 0 || first.Day != "2026-10-28" || first.H != 1 {
		t.Errorf("first %+v, last %+v", first, end)
	}
	if c.Bars[10].H != 0 || c.Bars[10].Count != 0 {
		t.Errorf("an empty day: %+v", c.Bars[10])
	}
}
