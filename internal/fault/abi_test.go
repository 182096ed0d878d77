package fault

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// The Power and s390x calling conventions: which register carries which
// argument, as the log spells it, and which survive a call.
func TestPPCAndS390XArguments(t *testing.T) {
	cases := []struct {
		arch      model.Arch
		abi       string
		args      string // log spellings in argument order
		saved     []string
		clobbered []string
	}{
		// ELFv2 (ppc64le) and ELFv1 (ppc64): r3-r10; r2 (TOC) is restored
		// after calls, r14-r31 are non-volatile
		{ArchPPC64LE, "ppc64 ELFv2", "r3, r4, r5, r6, r7, r8, r9, r10", []string{"R1", "R2", "R14", "R31"}, []string{"R0", "R3", "R11", "R12"}},
		{ArchPPC64, "ppc64 ELFv1", "r3, r4, r5, r6, r7, r8, r9, r10", []string{"R1", "R2", "R30"}, []string{"R3", "R10"}},
		// s390x: r2-r6; r6 carries argument 5 yet is callee-saved; r14
		// receives the return address
		{ArchS390X, "s390x ELF", "r2, r3, r4, r5, r6", []string{"R6", "R7", "R13", "R15"}, []string{"R0", "R1", "R2", "R5", "R14"}},
	}
	for _, c := range cases {
		abi, ok := abiFor(c.arch, "linux")
		if !ok || abi.Name != c.abi {
			t.Errorf("%s: abi %+v ok %v", c.arch, abi, ok)
			continue
		}
		l := &model.Log{}
		l.Header.Version.Arch = string(c.arch)
		if got := strings.Join(argNames(abi, c.arch, l), ", "); got != c.args {
			t.Errorf("%s: arguments %s, want %s", c.arch, got, c.args)
		}
		for n, r := range abi.Args {
			if abi.argIndex(r) != n+1 {
				t.Errorf("%s: %s is argument %d, want %d", c.arch, r, abi.argIndex(r), n+1)
			}
		}
		for _, r := range c.saved {
			if abi.callerSaved(r) {
				t.Errorf("%s: %s should survive a call", c.arch, r)
			}
		}
		for _, r := range c.clobbered {
			if !abi.callerSaved(r) {
				t.Errorf("%s: %s should be clobbered by a call", c.arch, r)
			}
		}
	}
}

// HotSpot's s390x register names ("r2  = 0x…") and the kernel's ("gpr2")
// both read; a missing register is named in the access's Why.
func TestS390XRegisterSpellings(t *testing.T) {
	l := &model.Log{}
	l.Header.Version.Arch = string(ArchS390X)
	l.Thread.Registers = &model.Registers{Regs: []model.Register{{Name: "r2", Value: 7}, {Name: "gpr3", Value: 9}}}
	r := regs{arch: ArchS390X, l: l}
	if v, name, ok := r.get("R2"); !ok || v != 7 || name != "r2" {
		t.Errorf("r2: %v %s %v", v, name, ok)
	}
	if v, name, ok := r.get("R3"); !ok || v != 9 || name != "gpr3" {
		t.Errorf("r3: %v %s %v", v, name, ok)
	}
	f := readX(t, "s390x/ops_s390x.objdump.txt")["field"]
	in, _ := s390Machine{}.decode(f.code, 0)
	acc := s390Machine{}.accesses(in, regs{arch: ArchS390X, l: &model.Log{}})
	if len(acc) != 1 || acc[0].HasAddress || acc[0].Why != "r2 is not in the log" {
		t.Errorf("accesses %+v", acc)
	}
}
