package procfs

import (
	"regexp"
	"strconv"
	"strings"
)

// Unlimited is the value of a limit shown as "unlimited".
const Unlimited = -1

// Limit is one row of /proc/<pid>/limits. Soft and Hard are Unlimited (-1)
// when unlimited.
type Limit struct {
	Soft int64  `json:"soft"`
	Hard int64  `json:"hard"`
	Unit string `json:"unit,omitempty"`
}

// Limit names as the kernel prints them (fs/proc/base.c lnames[]).
const (
	LimitCore    = "Max core file size"
	LimitNofile  = "Max open files"
	LimitNproc   = "Max processes"
	LimitMemlock = "Max locked memory"
)

var columns = regexp.MustCompile(`\s{2,}`)

// ParseLimits parses /proc/<pid>/limits. Columns are separated by runs of
// two or more spaces; names contain single spaces.
func ParseLimits(data []byte) map[string]Limit {
	out := map[string]Limit{}
	for _, line := range strings.Split(string(data), "\n") {
		cols := columns.Split(strings.TrimSpace(line), -1)
		if len(cols) < 3 || cols[0] == "Limit" {
			continue
		}
		soft, ok1 := parseLimitValue(cols[1])
		hard, ok2 := parseLimitValue(cols[2])
		if !ok1 || !ok2 {
			continue
		}
		l := Limit{Soft: soft, Hard: hard}
		if len(cols) > 3 {
			l.Unit = cols[3]
		}
		out[cols[0]] = l
	}
	return out
}

func parseLimitValue(s string) (int64, bool) {
	if s == "unlimited" {
		return Unlimited, true
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, false
	}
	if v > 1<<62 { // RLIM_INFINITY printed as a number on some kernels
		return Unlimited, true
	}
	return int64(v), true
}

// FormatLimit renders a limit value the way ulimit does.
func FormatLimit(v int64) string {
	if v == Unlimited {
		return "unlimited"
	}
	return strconv.FormatInt(v, 10)
}
