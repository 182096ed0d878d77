package web

import (
	"time"
)

// The trend chart: crashes per UTC day over chartDays days up to the
// group's last crash, drawn as SVG on the server (no script, no library
// in the page).
const (
	chartDays   = 30
	chartWidth  = 600
	chartHeight = 120
	chartPad    = 20 // room for the axis labels below the bars
)

// bar is one day of the chart, in SVG user units.
type bar struct {
	X, Y, W, H int
	Day        string
	Count      int
}

// chart is what the template draws.
type chart struct {
	Bars          []bar
	Max, Total    int
	From, To      string
	Width, Height int
	Base          int // the axis: the bars' bottom
}

// trend lays out daily counts (keyed by Unix day) ending on the day of last.
func trend(counts map[int64]int, last time.Time) chart {
	lastDay := last.UTC().Unix() / 86400
	c := chart{Width: chartWidth, Height: chartHeight + chartPad, Base: chartHeight}
	firstDay := lastDay - chartDays + 1
	for day, n := range counts {
		if day >= firstDay && day <= lastDay {
			c.Max = max(c.Max, n)
		}
	}
	w := chartWidth / chartDays
	for i := range chartDays {
		day := firstDay + int64(i)
		n := counts[day]
		c.Total += n
		h := 0
		if c.Max > 0 {
			h = n * chartHeight / c.Max
		}
		if n > 0 && h == 0 {
			h = 1 // a day with crashes is never invisible
		}
		c.Bars = append(c.Bars, bar{X: i * w, Y: chartHeight - h, W: w - 2, H: h,
			Day: time.Unix(day*86400, 0).UTC().Format("2006-01-02"), Count: n})
	}
	c.From, c.To = c.Bars[0].Day, c.Bars[len(c.Bars)-1].Day
	return c
}
