package web

import (
	"sort"
	"strconv"
	"time"

	"github.com/hserr/hserr/internal/server"
)

// The trend chart: crashes per UTC day over chartDays days up to the
// group's last crash, each day's bar split by application version, drawn
// as SVG on the server (no script, no library in the page).
const (
	chartDays   = 30
	chartWidth  = 600
	chartHeight = 120
	chartPad    = 20 // room for the axis labels below the bars
	// chartSeries is how many versions get their own colour; the rest
	// are drawn together as "other".
	chartSeries = 4
)

// segment is one version's part of a day's bar, in SVG user units.
type segment struct {
	Y, H   int
	Series int // colour index; chartSeries is "other"
	Label  string
}

// bar is one day of the chart.
type bar struct {
	X, W     int
	Day      string
	Count    int
	Segments []segment
}

// series is a legend entry.
type series struct {
	Index int
	Label string
	Count int
}

// chart is what the template draws.
type chart struct {
	Bars          []bar
	Legend        []series
	Max, Total    int
	From, To      string
	Width, Height int
	Base          int    // the axis: the bars' bottom
	SplitBy       string // what the bars are split by, for the caption
}

// split is what a day's bar is split by, and the names of its two
// catch-all series.
type split struct{ Name, None, Others string }

var (
	byAppVersion = split{"app version", "no version", "other versions"}
	byJDK        = split{"JDK build", "JDK not stated", "other builds"}
)

// versionLabel names a version in the chart.
func versionLabel(v string, by split) string {
	if v == "" {
		return by.None
	}
	return v
}

// trend lays out the counts of the chartDays days ending on the day of last.
func trend(counts map[server.DayVersion]int, last time.Time, by split) chart {
	lastDay := last.UTC().Unix() / 86400
	firstDay := lastDay - chartDays + 1
	c := chart{Width: chartWidth, Height: chartHeight + chartPad, Base: chartHeight, SplitBy: by.Name}
	perDay := map[int64]int{}
	perVersion := map[string]int{}
	for k, n := range counts {
		if k.Day >= firstDay && k.Day <= lastDay {
			perDay[k.Day] += n
			perVersion[k.Version] += n
		}
	}
	index := legend(&c, perVersion, by)
	for _, n := range perDay {
		c.Max = max(c.Max, n)
	}
	w := chartWidth / chartDays
	for i := range chartDays {
		day := firstDay + int64(i)
		b := bar{X: i * w, W: w - 2, Day: time.Unix(day*86400, 0).UTC().Format("2006-01-02"), Count: perDay[day]}
		c.Total += b.Count
		b.Segments = stack(counts, day, index, c.Max, c.Legend)
		c.Bars = append(c.Bars, b)
	}
	c.From, c.To = c.Bars[0].Day, c.Bars[len(c.Bars)-1].Day
	return c
}

// legend orders the versions by count and gives the first chartSeries
// their own colour; it returns each version's colour index.
func legend(c *chart, perVersion map[string]int, by split) map[string]int {
	vs := make([]string, 0, len(perVersion))
	for v := range perVersion {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool {
		if perVersion[vs[i]] != perVersion[vs[j]] {
			return perVersion[vs[i]] > perVersion[vs[j]]
		}
		return vs[i] < vs[j]
	})
	index := map[string]int{}
	other := 0
	for i, v := range vs {
		if i < chartSeries {
			index[v] = i
			c.Legend = append(c.Legend, series{i, versionLabel(v, by), perVersion[v]})
			continue
		}
		index[v] = chartSeries
		other += perVersion[v]
	}
	if other > 0 {
		c.Legend = append(c.Legend, series{chartSeries, by.Others, other})
	}
	return index
}

// stack builds a day's segments, bottom up in legend order, scaled to the
// busiest day; a version with crashes is never invisible.
func stack(counts map[server.DayVersion]int, day int64, index map[string]int, maxDay int, legend []series) []segment {
	labels := map[int]string{}
	for _, l := range legend {
		labels[l.Index] = l.Label
	}
	per := make([]int, chartSeries+1)
	for k, n := range counts {
		if k.Day == day {
			per[index[k.Version]] += n
		}
	}
	var out []segment
	y := chartHeight
	for s, n := range per {
		if n == 0 || maxDay == 0 {
			continue
		}
		h := max(n*chartHeight/maxDay, 1)
		y -= h
		out = append(out, segment{Y: y, H: h, Series: s, Label: labels[s] + ": " + strconv.Itoa(n)})
	}
	return out
}
