package fault

import (
	"strings"
	"testing"
)

// The corpus has no s390x log. These tests use z/Architecture code
// compiled by Debian 12's s390x-linux-gnu-gcc 12.2 and listed by GNU
// objdump 2.40 (testdata/s390x, see testdata/README.md).

// checkS390 decodes every objdump line of funcs at its own offset and
// compares its length and text; for storage instructions it checks that
// each D(X,B) operand the effective address is computed from is one of
// objdump's operands, in order.
func checkS390(t *testing.T, funcs map[string]*xFunc) {
	t.Helper()
	m := s390Machine{}
	n := 0
	for fn, f := range funcs {
		for _, in := range f.insns {
			if strings.HasPrefix(in.text, ".long") {
				continue // objdump groups an illegal halfword with the next into data
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
				t.Errorf("%s+%#x %x: s390xasm %q, objdump %q", fn, in.off, in.raw, got.String(), in.text)
			}
			if got.s390 == nil {
				continue
			}
			if _, ok := s390MemOps[got.s390.Op.String()]; !ok {
				continue
			}
			ops, k := operands(in.text), 0
			for _, p := range s390Operands(got.s390) {
				for k < len(ops) && ops[k] != p.text {
					k++
				}
				if k == len(ops) {
					t.Errorf("%s+%#x %s: operand %q is not objdump's", fn, in.off, in.text, p.text)
					break
				}
				k++ // each objdump operand matches one storage operand
			}
		}
	}
	if n == 0 {
		t.Fatal("nothing decoded")
	}
}

func TestS390XMatchesObjdump(t *testing.T) {
	checkS390(t, readX(t, "s390x/crash_s390x.objdump.txt"))
	checkS390(t, readX(t, "s390x/ops_s390x.objdump.txt"))
}

// TestS390XCrossCompiled does the same on code compiled now (for z14, so
// that newer instructions appear), when gcc-s390x-linux-gnu is installed.
func TestS390XCrossCompiled(t *testing.T) {
	src := mustAbs(t, testdata("cross/ops.c"))
	checkS390(t, crossCompile(t, "s390x-linux-gnu-gcc", "s390x-linux-gnu-objdump", src, "-march=z14"))
}
