package fault

import (
	"encoding/binary"
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

// The corpus has no aarch64 log. These tests use real AArch64 code: the
// lab's crash.c compiled by aarch64-linux-gnu-gcc 12.2 -O2 and listed by
// GNU objdump 2.40 (testdata/aarch64/crash_a64.objdump.txt, see
// testdata/README.md). Each function's words become the Instructions dump
// of an hs_err log built around the instruction that faults.

type objInsn struct {
	off  uint64
	word uint32
	text string // objdump's text, tabs as spaces
}

var objLine = regexp.MustCompile(`^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$`)
var objFunc = regexp.MustCompile(`^[0-9a-f]+ <([^>]+)>:$`)

func parseObjdump(t testing.TB, text string) map[string][]objInsn {
	t.Helper()
	out := map[string][]objInsn{}
	fn := ""
	for _, line := range strings.Split(text, "\n") {
		if m := objFunc.FindStringSubmatch(line); m != nil {
			fn = m[1]
			continue
		}
		if m := objLine.FindStringSubmatch(line); m != nil && fn != "" {
			off, _ := strconv.ParseUint(m[1], 16, 64)
			w, _ := strconv.ParseUint(m[2], 16, 32)
			out[fn] = append(out[fn], objInsn{off, uint32(w), strings.Join(strings.Fields(m[3]), " ")})
		}
	}
	if len(out) == 0 {
		t.Fatal("no functions in objdump output")
	}
	return out
}

func goldenA64(t *testing.T) map[string][]objInsn {
	b, err := os.ReadFile(testdata("aarch64/crash_a64.objdump.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return parseObjdump(t, string(b))
}

// a64Log is an hs_err log of a crash at instruction k of fn, loaded at
// load, with Linux JDK 21+ style registers R0..R30 (all 0x1111…, then regs).
func a64Log(fn string, code []objInsn, k int, load uint64, regs map[string]uint64, signal string, siAddr uint64) *model.Log {
	start := load + code[0].off
	var b []byte
	for _, in := range code {
		b = binary.LittleEndian.AppendUint32(b, in.word)
	}
	pc := load + code[k].off
	l := &model.Log{}
	l.Header.Signal, l.Header.PC, l.Header.HasPC = signal, pc, true
	l.Header.Version = model.Version{OS: "linux", Arch: "aarch64", Platform: "linux-aarch64"}
	top := model.Frame{Kind: "C", Library: "libcrash.so", Symbol: fn, SymOffset: code[k].off - code[0].off, HasSymOffset: true}
	l.Header.ProblematicFrame = &top
	l.Thread.NativeFrames = []model.Frame{top, {Kind: "C", Library: "libcrash.so", Symbol: "Java_Crash_" + fn, HasSymOffset: true, SymOffset: 0x10}}
	l.Thread.Instructions = &model.HexDump{Anchor: pc, HasAnchor: true, Start: start, Unit: 4, Bytes: b, Unreadable: make([]bool, len(b))}
	rs := &model.Registers{Arch: "aarch64"}
	for n := 0; n <= 30; n++ {
		name := fmt.Sprintf("R%d", n)
		v, ok := regs[name]
		if !ok {
			v = 0x1111111111110000 + uint64(n)
		}
		rs.Regs = append(rs.Regs, model.Register{Name: name, Value: v})
	}
	l.Thread.Registers = rs
	l.Thread.Siginfo = &model.Siginfo{SigName: signal, Addr: siAddr, HasAddr: true}
	return l
}

func find(t *testing.T, code []objInsn, prefix string) int {
	t.Helper()
	for k, in := range code {
		if strings.HasPrefix(in.text, prefix) {
			return k
		}
	}
	t.Fatalf("no %q in %+v", prefix, code)
	return -1
}

// store_through(NULL, 42) on aarch64: str w20, [x19] with x19 a copy of
// x0, argument 1 under AAPCS64.
func TestAArch64StoreThroughNull(t *testing.T) {
	code := goldenA64(t)["store_through"]
	k := find(t, code, "str w20, [x19]")
	a := Analyze(a64Log("store_through", code, k, 0x0000ffff8c000000, map[string]uint64{"R19": 0, "R20": 42}, "SIGSEGV", 0))
	if a.Arch != ArchAArch64 || a.ABI != AAPCS64.Name || a.Status != DecodeOK {
		t.Fatalf("arch %s abi %s status %s notes %v", a.Arch, a.ABI, a.Status, a.Notes)
	}
	if a.Boundary.Method != BoundarySymbol || a.Instruction != "str w20, [x19]" {
		t.Errorf("boundary %+v instruction %q", a.Boundary, a.Instruction)
	}
	if len(a.Accesses) != 1 || a.Accesses[0].Kind != AccessWrite || a.Accesses[0].Size != 4 || a.Accesses[0].Address != 0 || a.AddressClass != ClassNull {
		t.Errorf("accesses %+v class %s", a.Accesses, a.AddressClass)
	}
	if len(a.Registers) != 2 {
		t.Fatalf("registers %+v", a.Registers)
	}
	base, src := a.Registers[0], a.Registers[1]
	if base.Name != "R19" || base.DerivedFrom != "R0" || src.Name != "R0" || src.ABIArgument != 1 ||
		src.Function != "store_through" || src.Caller != "Java_Crash_store_through" || src.Value != 0 {
		t.Errorf("base %+v\nsource %+v", base, src)
	}
	notWritten(t, src)
}

// fill(MAP_FAILED, 1): strb through -1.
func TestAArch64MapFailed(t *testing.T) {
	code := goldenA64(t)["fill"]
	k := find(t, code, "strb")
	a := Analyze(a64Log("fill", code, k, 0x0000ffff8c000000, map[string]uint64{"R19": ^uint64(0)}, "SIGSEGV", ^uint64(0)))
	if a.AddressClass != ClassAllOnes || a.Agreement != AgreeExact || a.Accesses[0].Size != 1 {
		t.Errorf("class %s agreement %s accesses %+v", a.AddressClass, a.Agreement, a.Accesses)
	}
}

// __builtin_trap is brk #0x3e8 with GCC; sdiv does not trap on AArch64.
func TestAArch64TrapAndDivide(t *testing.T) {
	g := goldenA64(t)
	trap := g["trap_here"]
	a := Analyze(a64Log("trap_here", trap, 0, 0x0000ffff8c010000, nil, "SIGTRAP", 0x0000ffff8c010000))
	if a.Trap == nil || a.Trap.Kind != "brk" || a.Trap.Immediate != 0x3e8 || a.Agreement != AgreePCSignal {
		t.Errorf("trap %+v agreement %s", a.Trap, a.Agreement)
	}
	div := g["divide"]
	a = Analyze(a64Log("divide", div, 0, 0x0000ffff8c000000, nil, "SIGFPE", 0x0000ffff8c000060))
	if a.Divide != nil || !strings.Contains(strings.Join(a.Notes, " "), "returns 0 on division by zero") {
		t.Errorf("divide %+v notes %v", a.Divide, a.Notes)
	}
}

// TestAArch64MatchesObjdump checks every golden instruction's mnemonic
// and, for loads and stores, its operands against objdump.
func TestAArch64MatchesObjdump(t *testing.T) {
	checkAgainstObjdump(t, goldenA64(t))
}

// TestAArch64CrossCompiled does the same on code compiled now, when the
// Debian cross toolchain (gcc-aarch64-linux-gnu) is installed.
func TestAArch64CrossCompiled(t *testing.T) {
	for _, tool := range []string{"aarch64-linux-gnu-gcc", "aarch64-linux-gnu-objdump"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "ops.c")
	// a spread of loads, stores, pairs, pre/post-index, extends and traps
	os.WriteFile(src, []byte(`
long ld(long *p, long i) { return p[i]; }
int ldw(int *p, unsigned i) { return p[i]; }
void st(char *p, int i, char v) { p[i] = v; }
long pre(long *p) { long v = *++p; return v + *p; }
void pair(long *p, long a, long b) { p[0] = a; p[1] = b; }
unsigned long ext(unsigned char *p, int i) { return p[i]; }
void trap(void) { __builtin_trap(); }
`), 0o644)
	obj := filepath.Join(dir, "ops.o")
	run(t, dir, "aarch64-linux-gnu-gcc", "-O2", "-c", "-o", obj, src)
	out, err := exec.Command("aarch64-linux-gnu-objdump", "-d", obj).Output()
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstObjdump(t, parseObjdump(t, string(out)))
}

func checkAgainstObjdump(t *testing.T, funcs map[string][]objInsn) {
	t.Helper()
	m := a64Machine{}
	n := 0
	for fn, code := range funcs {
		for _, in := range code {
			var b [4]byte
			binary.LittleEndian.PutUint32(b[:], in.word)
			got, err := m.decode(b[:], in.off)
			if err != nil {
				t.Errorf("%s+%#x %08x (%s): %v", fn, in.off, in.word, in.text, err)
				continue
			}
			n++
			want := strings.Fields(in.text)[0]
			have := strings.Fields(got.String())[0]
			if want != have {
				t.Errorf("%s+%#x %08x: arm64asm %q, objdump %q", fn, in.off, in.word, got.String(), in.text)
			}
			// memory operands: same brackets as objdump (ignoring spaces)
			if k := strings.Index(in.text, "["); k >= 0 && !strings.Contains(in.text, "//") {
				w := strings.ReplaceAll(in.text[k:], " ", "")
				h := strings.ReplaceAll(got.String()[strings.Index(got.String(), "["):], " ", "")
				if w != h {
					t.Errorf("%s+%#x: operand %q, objdump %q", fn, in.off, h, w)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("nothing decoded")
	}
}
