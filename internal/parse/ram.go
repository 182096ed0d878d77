package parse

import (
	"regexp"
	"strconv"

	"github.com/hserr/hserr/internal/model"
)

var (
	// "physical 16318936k(1202412k free), swap 8388604k(8388604k free)"
	ramKB = regexp.MustCompile(`physical (\d+)k\((\d+)k free\)(?:, swap (\d+)k\((\d+)k free\))?`)
	// Windows: "physical 16271M (2048M free)"
	ramMB = regexp.MustCompile(`physical (\d+)M \((\d+)M free\)`)
)

// ramOf decodes the first memory line that states the host's RAM.
func ramOf(lines []model.Line) *model.RAM {
	for _, ml := range lines {
		if m := ramKB.FindStringSubmatch(ml.Text); m != nil {
			r := &model.RAM{PhysTotal: kib(m[1]), PhysFree: kib(m[2]), Line: ml}
			if m[3] != "" {
				r.SwapTotal, r.SwapFree, r.HasSwap = kib(m[3]), kib(m[4]), true
			}
			return r
		}
		if m := ramMB.FindStringSubmatch(ml.Text); m != nil {
			return &model.RAM{PhysTotal: mib(m[1]), PhysFree: mib(m[2]), Line: ml}
		}
	}
	return nil
}

func kib(s string) uint64 { n, _ := strconv.ParseUint(s, 10, 64); return n << 10 }
func mib(s string) uint64 { n, _ := strconv.ParseUint(s, 10, 64); return n << 20 }
