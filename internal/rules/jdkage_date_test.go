package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/parse"
)

// The release table says how old it is: the finding names its date, and
// when the table is more than six months older than the crash or than
// today it says the table may be out of date.
func TestJDKOutdatedSaysTheTableDate(t *testing.T) {
	log := parse.ParseBytes([]byte("#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x0000000000000000, pid=1, tid=2\n#\n# JRE version: OpenJDK Runtime Environment (17.0.1+12) (build 17.0.1+12)\n"))
	old := today
	defer func() { today = old }()
	asOf := jdkAsOf.Format("2006-01")
	for _, tc := range []struct {
		now   time.Time
		stale bool
	}{{jdkAsOf.AddDate(0, 2, 0), false}, {jdkAsOf.AddDate(1, 0, 0), true}} {
		today = func() time.Time { return tc.now }
		fs := JDKOutdated.Run(NewPass(log))
		if len(fs) != 1 {
			t.Fatalf("%v: %d findings", tc.now, len(fs))
		}
		f := fs[0]
		if !strings.Contains(f.Summary, "known to hserr on "+asOf) {
			t.Errorf("summary lacks the table's date: %q", f.Summary)
		}
		if got := strings.Contains(f.Summary, "may be out of date") && len(f.Caveats) == 1; got != tc.stale {
			t.Errorf("today %s: stale %v, want %v: %q %q", tc.now.Format("2006-01"), got, tc.stale, f.Summary, f.Caveats)
		}
	}
}
