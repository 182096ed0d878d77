package fault

import (
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// Helpers for the cross-compiled ppc64 and s390x test data
// (testdata/ppc64, testdata/s390x; see testdata/README.md): GNU objdump
// listings whose byte columns are the code in memory order.

// xInsn is one objdump line: its offset, bytes and text.
type xInsn struct {
	off  uint64
	raw  []byte
	text string // tabs as single spaces; "" for a continuation line
}

// xFunc is a function's instructions; code is its bytes from the first
// instruction, with objdump's "..." runs of zero bytes filled in.
type xFunc struct {
	insns []xInsn
	start uint64
	code  []byte
}

var (
	xLine = regexp.MustCompile(`^\s*([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(.*)$`)
	xFn   = regexp.MustCompile(`^[0-9a-f]+ <([^>]+)>:$`)
)

func parseXObjdump(t testing.TB, text string) map[string]*xFunc {
	t.Helper()
	out := map[string]*xFunc{}
	var cur *xFunc
	for _, line := range strings.Split(text, "\n") {
		if m := xFn.FindStringSubmatch(line); m != nil {
			cur = &xFunc{}
			out[strings.TrimPrefix(m[1], ".")] = cur // ELFv1 code symbols start with "."
			continue
		}
		m := xLine.FindStringSubmatch(line)
		if m == nil || cur == nil {
			continue
		}
		off, _ := strconv.ParseUint(m[1], 16, 64)
		raw, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(m[2]), " ", ""))
		if err != nil {
			t.Fatalf("bad bytes in %q: %v", line, err)
		}
		if len(cur.insns) == 0 {
			cur.start = off
		}
		for uint64(len(cur.code)) < off-cur.start { // "..." elided zeros
			cur.code = append(cur.code, 0)
		}
		cur.code = append(cur.code, raw...)
		in := xInsn{off: off, raw: raw, text: strings.Join(strings.Fields(m[3]), " ")}
		if in.text == "" && len(cur.insns) > 0 { // suffix word of a prefixed instruction
			last := &cur.insns[len(cur.insns)-1]
			last.raw = append(last.raw, raw...)
			continue
		}
		cur.insns = append(cur.insns, in)
	}
	if len(out) == 0 {
		t.Fatal("no functions in objdump output")
	}
	return out
}

func readX(t testing.TB, name string) map[string]*xFunc {
	t.Helper()
	b, err := os.ReadFile(testdata(name))
	if err != nil {
		t.Fatal(err)
	}
	return parseXObjdump(t, string(b))
}

// find returns the index of the first instruction whose text starts with prefix.
func (f *xFunc) find(t testing.TB, prefix string) int {
	t.Helper()
	for k, in := range f.insns {
		if strings.HasPrefix(in.text, prefix) {
			return k
		}
	}
	t.Fatalf("no %q in %+v", prefix, f.insns)
	return -1
}

// xLog is an hs_err log of a crash at instruction k of fn loaded at load:
// the function's bytes are the Instructions dump; registers are printed the
// platform's way (ppc: pc, lr, ctr, r0..r31; s390x: r0..r15), each
// 0x1111…00nn unless set. A negative symOff leaves the frame without
// symbol+offset.
func xLog(arch model.Arch, fn string, f *xFunc, k int, load uint64, set map[string]uint64, signal string, siAddr uint64) *model.Log {
	pc := load + f.insns[k].off
	l := &model.Log{}
	l.Header.Signal, l.Header.PC, l.Header.HasPC = signal, pc, true
	l.Header.Version = model.Version{OS: "linux", Arch: string(arch), Platform: "linux-" + string(arch)}
	top := model.Frame{Kind: "C", Library: "libops.so", Symbol: fn, SymOffset: f.insns[k].off - f.start, HasSymOffset: true}
	l.Header.ProblematicFrame = &top
	l.Thread.NativeFrames = []model.Frame{top, {Kind: "C", Library: "libops.so", Symbol: "caller", HasSymOffset: true, SymOffset: 0x40}}
	l.Thread.Instructions = &model.HexDump{Anchor: pc, HasAnchor: true, Start: load + f.start, Unit: 4,
		Bytes: f.code, Unreadable: make([]bool, len(f.code))}
	names := []string{}
	n := 16
	rs := &model.Registers{Arch: "s390x"}
	if arch != ArchS390X {
		names, n, rs.Arch = []string{"pc", "lr", "ctr"}, 32, "ppc64"
	}
	for r := 0; r < n; r++ {
		names = append(names, fmt.Sprintf("r%d", r))
	}
	for r, name := range names {
		v, ok := set[name]
		switch {
		case ok:
		case name == "pc":
			v = pc
		default:
			v = 0x1111111111110000 + uint64(r)
		}
		rs.Regs = append(rs.Regs, model.Register{Name: name, Value: v})
	}
	l.Thread.Registers = rs
	l.Thread.Siginfo = &model.Siginfo{SigName: signal, Addr: siAddr, HasAddr: true}
	return l
}

// topFields splits an operand list at commas outside parentheses.
func topFields(s string) []string {
	var out []string
	depth, from := 0, 0
	for k, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[from:k])
				from = k + 1
			}
		}
	}
	return append(out, s[from:])
}

// operands is the operand list of an objdump text, without a "# comment"
// or "<symbol>" annotation.
func operands(text string) []string {
	if k := strings.IndexAny(text, "#<"); k >= 0 {
		text = text[:k]
	}
	f := strings.Fields(text)
	if len(f) < 2 {
		return nil
	}
	return topFields(strings.Join(f[1:], ""))
}

// crossCompile compiles src with a cross gcc and lists it with objdump,
// skipping when the Debian cross toolchain is not installed.
func crossCompile(t *testing.T, gcc, objdump string, src string, flags ...string) map[string]*xFunc {
	t.Helper()
	for _, tool := range []string{gcc, objdump} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	obj := filepath.Join(t.TempDir(), "ops.o")
	run(t, ".", gcc, append(append([]string{"-O2", "-c", "-o", obj}, flags...), src)...)
	out, err := exec.Command(objdump, "-d", obj).Output()
	if err != nil {
		t.Fatal(err)
	}
	return parseXObjdump(t, string(out))
}

// objText is objdump's text without its "<symbol+off>" and "# comment"
// annotations and spaces, for comparison with ourText.
func objText(in xInsn) string {
	t := in.text
	if k := strings.IndexAny(t, "#<"); k >= 0 {
		t = t[:k]
	}
	return strings.ReplaceAll(t, " ", "")
}

// ourText is the decoder's text with a branch target (which objdump
// annotates with "<symbol+off>") spelled as objdump does: hex without 0x
// ("1ec", not "0x1ec"), and an unrelocated branch to itself as its address
// ("5c", not ".+0x0").
func ourText(i insn, in xInsn) string {
	t := strings.ReplaceAll(i.String(), " ", "")
	if !strings.Contains(in.text, "<") {
		return t
	}
	t = strings.ReplaceAll(t, ".+0x0", strconv.FormatUint(in.off, 16))
	return hexTarget.ReplaceAllString(t, "$1$2")
}

var hexTarget = regexp.MustCompile(`([ ,a-z]|^)0x([0-9a-f]+)$`)
