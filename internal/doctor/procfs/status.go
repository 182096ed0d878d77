package procfs

import (
	"strconv"
	"strings"
)

// ParseStatus parses /proc/<pid>/status into key -> value (value trimmed).
func ParseStatus(data []byte) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || k == "" {
			continue
		}
		out[k] = strings.TrimSpace(v)
	}
	return out
}

// StatusIDs returns the effective id from a "Uid:" or "Gid:" value
// ("real effective saved fs").
func StatusIDs(v string) (effective int, ok bool) {
	f := strings.Fields(v)
	if len(f) < 2 {
		return 0, false
	}
	id, err := strconv.Atoi(f[1])
	return id, err == nil
}

// StatusGroups parses the "Groups:" value.
func StatusGroups(v string) []int {
	var out []int
	for _, f := range strings.Fields(v) {
		if g, err := strconv.Atoi(f); err == nil {
			out = append(out, g)
		}
	}
	return out
}
