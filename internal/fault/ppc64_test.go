package fault

import (
	"encoding/binary"
	"regexp"
	"strings"
	"testing"
)

// The corpus has three ppc64le logs (corpus_test.go) and no big-endian
// ones. These tests use Power code compiled by Debian 12's cross gcc 12.2
// and listed by GNU objdump 2.40 (testdata/ppc64, see testdata/README.md).

var ppcLE = ppcMachine{order: binary.LittleEndian}

// ppcDForm is "disp(rA)" or "disp(0)".
var ppcDForm = regexp.MustCompile(`^(-?\d+)\((r\d+|0)\)$`)

// checkPPC decodes every objdump line of funcs and compares its length and
// text; for loads and stores it also compares the address operand (base,
// index, displacement) that the effective address is computed from.
func checkPPC(t *testing.T, m ppcMachine, funcs map[string]*xFunc) {
	t.Helper()
	n := 0
	for fn, f := range funcs {
		for _, in := range f.insns {
			if strings.HasPrefix(in.text, ".long") && strings.Trim(hexBytes(in.raw), "0 ") != "" {
				continue // traceback-table data after blr
			}
			got, err := m.decode(f.code[in.off-f.start:], in.off)
			if err != nil {
				t.Errorf("%s+%#x %x (%s): %v", fn, in.off, in.raw, in.text, err)
				continue
			}
			n++
			if got.n != len(in.raw) {
				t.Errorf("%s+%#x: length %d, objdump %d (%s)", fn, in.off, got.n, len(in.raw), in.text)
			}
			if want, have := objText(in), ourText(got, in); want != have {
				t.Errorf("%s+%#x %x: ppc64asm %q, objdump %q", fn, in.off, in.raw, got.String(), in.text)
			}
			if got.ppc != nil {
				checkPPCOperand(t, fn, in, got)
			}
		}
	}
	if n == 0 {
		t.Fatal("nothing decoded")
	}
}

func checkPPCOperand(t *testing.T, fn string, in xInsn, got insn) {
	t.Helper()
	mem, ok := ppcMemOps[got.ppc.Op.String()]
	if !ok {
		return
	}
	p, ok := ppcOperand(got.ppc, mem)
	if !ok {
		t.Errorf("%s+%#x %s: no address operand", fn, in.off, in.text)
		return
	}
	ops := operands(in.text)
	low := func(r string) string {
		if r == "" {
			return "0"
		}
		return strings.ToLower(r)
	}
	if mem.index {
		if len(ops) < 2 || ops[len(ops)-2] != low(p.base) || ops[len(ops)-1] != low(p.index) {
			t.Errorf("%s+%#x %s: base %q index %q", fn, in.off, in.text, p.base, p.index)
		}
		return
	}
	want := ""
	for _, o := range ops {
		if ppcDForm.MatchString(o) {
			want = o
		}
	}
	if want == "" || want != p.text {
		t.Errorf("%s+%#x %s: operand %q", fn, in.off, in.text, p.text)
	}
}

func TestPPC64MatchesObjdump(t *testing.T) {
	checkPPC(t, ppcLE, readX(t, "ppc64/crash_ppc64le.objdump.txt"))
	checkPPC(t, ppcLE, readX(t, "ppc64/ops_ppc64le_power10.objdump.txt"))
	checkPPC(t, ppcMachine{order: binary.BigEndian}, readX(t, "ppc64/ops_ppc64.objdump.txt"))
}

// TestPPC64CrossCompiled does the same on code compiled now, when the
// Debian cross toolchain (gcc-powerpc64le-linux-gnu) is installed.
func TestPPC64CrossCompiled(t *testing.T) {
	src := mustAbs(t, testdata("cross/ops.c"))
	checkPPC(t, ppcLE, crossCompile(t, "powerpc64le-linux-gnu-gcc", "powerpc64le-linux-gnu-objdump", src, "-mcpu=power9"))
}
