package fault

import (
	"github.com/hserr/hserr/internal/model"
	"math/rand"
	"strings"
	"testing"
)

// Random bytes as a Power or s390x dump must never stop the analysis on
// an internal error (the x/arch formatters panic on some encodings): the
// machines recover and say what they could not decode.
func TestRandomDumpsNeverPanic(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	f := &xFunc{}
	for k := 0; k < 64; k++ {
		f.insns = append(f.insns, xInsn{off: uint64(4 * k)})
	}
	for _, arch := range []model.Arch{ArchPPC64LE, ArchPPC64, ArchS390X} {
		for n := 0; n < 300; n++ {
			f.code = make([]byte, 256)
			rng.Read(f.code)
			set := map[string]uint64{"r3": rng.Uint64(), "r9": 0}
			a := Analyze(xLog(arch, "f", f, 32, 0x10000000, set, "SIGSEGV", rng.Uint64()))
			for _, note := range a.Notes {
				if strings.HasPrefix(note, internalError) {
					t.Fatalf("%s %x: %s", arch, f.code, note)
				}
			}
			if a.Status == DecodeOK {
				checkWindow(t, string(arch), a)
			}
		}
	}
}

// A dump cut by the parser's cap is not reported as "does not include pc"
// when the log's own dump did include it.
func TestCutDumpSaysTheCapCutIt(t *testing.T) {
	d := &model.HexDump{Start: 0x1000, Bytes: make([]byte, 16), Cut: true, PrintedEnd: 0x3000}
	_, st, why := codeAround(d, 0x2000)
	if st != DecodeNoDump || !strings.Contains(why, "the cap cut the faulting instruction") || strings.Contains(why, "does not include") {
		t.Errorf("%s: %s", st, why)
	}
	_, _, why = codeAround(d, 0x4000)
	if !strings.Contains(why, "0x0000000000003000, which does not include pc") {
		t.Errorf("past the printed dump: %s", why)
	}
}
