package model

import (
	"strings"
	"time"
)

var timeLayouts = []string{
	"Mon Jan _2 15:04:05 2006 MST",
	"Mon Jan _2 15:04:05 2006",
	"Mon Jan _2 15:04:05 MST 2006",
	"Jan _2 15:04:05 2006",
}

// CrashTime is when the JVM crashed, as the log states it (SUMMARY's
// "Time:" or JDK 8's "time:" line): the text, and the time when one of the
// known layouts reads it (ok false otherwise, or when the log has none).
func (l *Log) CrashTime() (text string, t time.Time, ok bool) {
	text = strings.TrimSpace(l.Summary.When)
	if text == "" {
		text = strings.TrimSpace(l.System.Time.Text)
		text = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(text, "time:"), "Time:"))
		if i := strings.Index(text, " elapsed time"); i > 0 {
			text = text[:i]
		}
	}
	if text == "" {
		return "", time.Time{}, false
	}
	for _, layout := range timeLayouts {
		if tm, err := time.Parse(layout, text); err == nil {
			return text, tm, true
		}
	}
	// "Wed Nov 19 10:58:56 2025 Central European Summer Time" and the like:
	// try the first five fields.
	if f := strings.Fields(text); len(f) >= 5 {
		if tm, err := time.Parse("Mon Jan _2 15:04:05 2006", strings.Join(f[:5], " ")); err == nil {
			return text, tm, true
		}
	}
	return text, time.Time{}, false
}
