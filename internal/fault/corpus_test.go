package fault

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/model"
)

// Expectations for real corpus logs, each read off the log by hand.
func TestCorpusCases(t *testing.T) {
	cases := []struct {
		log   string
		check func(t *testing.T, a *Analysis)
	}{
		// the first seed's crash, reported again from Cassandra (JDK 8)
		{"krashpad-dataset84.log", func(t *testing.T, a *Analysis) {
			if a.Boundary.Method != BoundarySymbol || a.Instruction != "mov word ptr [rdi], 0xbb49" || a.Agreement != AgreeExact {
				t.Errorf("boundary %s instruction %q agreement %s", a.Boundary.Method, a.Instruction, a.Agreement)
			}
			rdi := reg(t, a, "RDI")
			notWritten(t, rdi)
			if a.AddressClass != ClassNull || rdi.ABIArgument != 1 || rdi.Caller != "Java_com_sun_jna_Native_registerMethod" {
				t.Errorf("class %s RDI %+v", a.AddressClass, rdi)
			}
		}},
		// cairo_region_num_rectangles(NULL): a field at +4 of a NULL argument; only one native frame
		{"krashpad-dataset26.log", func(t *testing.T, a *Analysis) {
			if a.AddressClass != ClassNearNull || a.Address.Delta != 4 {
				t.Errorf("address %+v", a.Address)
			}
			rdi := reg(t, a, "RDI")
			if rdi.ABIArgument != 1 || rdi.Function != "cairo_region_num_rectangles" || rdi.Caller != "" {
				t.Errorf("RDI %+v", rdi)
			}
			if !hasEvidence(a, "the log shows no caller frame") {
				t.Errorf("evidence does not say the caller is missing: %v", a.Evidence)
			}
			// nothing moved sp before pc: the word at sp is the return into GDK
			if m := a.ReturnAddressMap; a.ReturnAddress != 0x7ff0d5b8d4e8 || m == nil || !strings.HasSuffix(m.Path, "libgdk-3.so.0.2200.30") {
				t.Errorf("return address %v in %+v", a.ReturnAddress, a.ReturnAddressMap)
			}
		}},
		// #GP: si_code SI_KERNEL, si_addr 0; the operand is non-canonical (UTF-16 text as a pointer)
		{"krashpad-dataset44.log", func(t *testing.T, a *Analysis) {
			if a.Agreement != AgreeGPZero || a.AddressClass != ClassNonCanonical || a.Address.Source != "operand" ||
				a.Address.Address != 0x0030003000310038 {
				t.Errorf("agreement %s address %+v", a.Agreement, a.Address)
			}
			if a.Boundary.Method != BoundaryScan {
				t.Errorf("boundary %+v: the symbol start is before the dump, a scan was expected", a.Boundary)
			}
		}},
		// lea rdx, [rdi+0x20]; xchg [rdx], eax: RDX is this+0x20 with this = NULL
		{"krashpad-dataset45.log", func(t *testing.T, a *Analysis) {
			rdx := reg(t, a, "RDX")
			if rdx.DerivedFrom != "RDI" || rdx.DerivedOffset != 0x20 || a.AddressClass != ClassNearNull {
				t.Errorf("RDX %+v class %s", rdx, a.AddressClass)
			}
			rdi := reg(t, a, "RDI")
			notWritten(t, rdi)
			if rdi.ABIArgument != 1 || rdi.Function != "os::PlatformEvent::unpark()" || rdi.Caller != "JvmtiRawMonitor::raw_exit(Thread*)" || rdi.Value != 0 {
				t.Errorf("RDI %+v", rdi)
			}
			if a.Accesses[0].Kind != AccessReadWrite {
				t.Errorf("xchg with memory reads and writes: %+v", a.Accesses[0])
			}
		}},
		// the function starts with ENDBR64, which x86asm alone misreads
		{"krashpad-dataset86.log", func(t *testing.T, a *Analysis) {
			if a.Boundary.Method != BoundarySymbol || a.Decoded[0].Text != "endbr64" {
				t.Errorf("boundary %+v first %+v", a.Boundary, a.Decoded[0])
			}
			if a.AddressClass != ClassMapped || a.Address.Mapping.Perms != "rwxp" || a.Address.Source != "operand" {
				t.Errorf("address %+v", a.Address)
			}
		}},
		// call through a vtable slot of a near-NULL object
		{"krashpad-dataset50.log", func(t *testing.T, a *Analysis) {
			if !strings.HasPrefix(a.Instruction, "call qword ptr [rax+0x338]") || a.AddressClass != ClassNearNull || a.Accesses[0].Kind != AccessRead {
				t.Errorf("instruction %q class %s accesses %+v", a.Instruction, a.AddressClass, a.Accesses)
			}
			var push bool
			for _, acc := range a.Accesses {
				push = push || acc.Kind == AccessPush
			}
			if !push {
				t.Errorf("a call also pushes the return address: %+v", a.Accesses)
			}
		}},
		// ppc64le, C2's PhaseIterGVN: the dump word at pc, e9290000, is
		// "ld r9,0(r9)"; r9=0x7fff8912a240 equals si_addr, so the access is
		// exact. r9 was loaded by "ldx r9,r9,r28" 0x10 bytes earlier (a
		// list element), so it is not an argument. si_code SEGV_ACCERR says
		// the page is mapped but forbidden, and the log's Dynamic libraries
		// keeps one line (libjvm.so) of the map, so the class is unknown,
		// not unmapped. The symbol start (pc-0x84) is before the dump.
		{"krashpad-dataset33.log", func(t *testing.T, a *Analysis) {
			if a.Status != DecodeOK || a.Arch != ArchPPC64LE || a.ABI != PPC64ELFv2.Name || a.Instruction != "ld r9,0(r9)" ||
				a.Boundary.Method != BoundaryFixedWidth {
				t.Errorf("status %s arch %s abi %s instruction %q boundary %+v", a.Status, a.Arch, a.ABI, a.Instruction, a.Boundary)
			}
			if len(a.Accesses) != 1 || a.Accesses[0].Kind != AccessRead || a.Accesses[0].Size != 8 ||
				a.Accesses[0].Address != 0x00007fff8912a240 || a.Agreement != AgreeExact {
				t.Errorf("accesses %+v agreement %s", a.Accesses, a.Agreement)
			}
			if a.AddressClass != ClassUnknown || !strings.Contains(a.Address.Detail, "SEGV_ACCERR") {
				t.Errorf("address %+v", a.Address)
			}
			r9 := reg(t, a, "r9")
			if w, known := r9.Written(); !known || !w || r9.WrittenAt != 0x00007fffaa6c8d44 || !strings.HasPrefix(r9.WrittenBy, "last by `ldx r9,r9,r28`") {
				t.Errorf("r9 %+v", r9)
			}
		}},
		// ppc64le, JFR sampling: a1090020 is "lhz r8,32(r9)" with r9=0, so
		// it reads 2 bytes at 0x20, which is si_addr (SEGV_MAPERR): a field
		// at +0x20 of a NULL object. r9 came from "ld r9,8(r9)" just before.
		{"krashpad-dataset52.log", func(t *testing.T, a *Analysis) {
			if a.Instruction != "lhz r8,32(r9)" || a.Agreement != AgreeExact || a.AddressClass != ClassNearNull || a.Address.Delta != 0x20 {
				t.Errorf("instruction %q agreement %s address %+v", a.Instruction, a.Agreement, a.Address)
			}
			if acc := a.Accesses[0]; acc.Size != 2 || acc.Kind != AccessRead || acc.Operand != "32(r9)" {
				t.Errorf("access %+v", acc)
			}
			r9 := reg(t, a, "r9")
			if r9.Value != 0 || r9.ValueClass != ClassNull || r9.WrittenAt != 0x00007fff7fd3062c {
				t.Errorf("r9 %+v", r9)
			}
		}},
		// ppc64le, JFR sampling: Method::validate_bci_from_bcx(long)+0x14
		// starts inside the dump (0x...2e0: std r31,-8(r1); stdu r1,-48(r1);
		// cmpdi r4,0; mr r31,r1; beq), none of which writes r3, so
		// "ld r10,8(r3)" with r3=0 reads through argument 1, the this
		// pointer, as passed by JfrStackTrace::record_thread. 8 = si_addr.
		{"krashpad-dataset69.log", func(t *testing.T, a *Analysis) {
			if a.Instruction != "ld r10,8(r3)" || a.Boundary.Method != BoundarySymbol || a.Boundary.Start != 0x00007fff8ceba2e0 ||
				a.AddressClass != ClassNearNull || a.Address.Delta != 8 || a.Agreement != AgreeExact {
				t.Errorf("instruction %q boundary %+v address %+v", a.Instruction, a.Boundary, a.Address)
			}
			r3 := reg(t, a, "r3")
			notWritten(t, r3)
			if r3.ABIArgument != 1 || r3.Function != "Method::validate_bci_from_bcx(long) const" ||
				r3.Caller != "JfrStackTrace::record_thread(JavaThread&, frame&)" || r3.Value != 0 {
				t.Errorf("r3 %+v", r3)
			}
			// the frame is opened by stdu r1,-48(r1) before pc
			if a.Decoded[1].Text != "stdu r1,-48(r1)" {
				t.Errorf("decoded %+v", a.Decoded[:2])
			}
		}},
		// jump to 0x30000000: the fetch faults and the dump has no bytes
		{"krashpad-dataset38.log", func(t *testing.T, a *Analysis) {
			if a.Status != DecodeUnreadable || a.Agreement != AgreeExecute || a.AddressClass != ClassUnmapped || a.ReturnAddress == 0 {
				t.Errorf("status %s agreement %s class %s return %v", a.Status, a.Agreement, a.AddressClass, a.ReturnAddress)
			}
		}},
		// the log was cut after the first dump line, which does not reach pc
		{"krashpad-dataset87.log", func(t *testing.T, a *Analysis) {
			if a.Status != DecodeNoDump || a.AddressClass != ClassNearNull {
				t.Errorf("status %s class %s", a.Status, a.AddressClass)
			}
		}},
		// Windows: -1 may be a #GP; the register values come from the memory-mapping block
		{"krashpad-dataset82.log", func(t *testing.T, a *Analysis) {
			if a.ABI != Win64.Name || a.AddressClass != ClassAllOnes || a.Address.Uncertain == "" ||
				!strings.Contains(a.Address.Uncertain, "RDX=0x6f697461636f766e") {
				t.Errorf("abi %s address %+v", a.ABI, a.Address)
			}
		}},
	}
	dir := filepath.Join(corpus.Dir(t), "logs")
	for _, c := range cases {
		t.Run(c.log, func(t *testing.T) {
			a := Analyze(parseFile(t, filepath.Join(dir, c.log)))
			c.check(t, a)
			if t.Failed() {
				t.Log(strings.Join(a.Lines(), "\n"))
			}
		})
	}
}

// TestCorpusSweep runs every corpus log and checks the invariants of a
// decoded window; it logs what the corpus shows.
func TestCorpusSweep(t *testing.T) {
	status := map[DecodeStatus]int{}
	classes := map[AddressClass]int{}
	boundaries := map[BoundaryMethod]int{}
	for _, path := range corpus.Logs(t) {
		a := Analyze(parseFile(t, path))
		name := filepath.Base(path)
		status[a.Status]++
		classes[a.AddressClass]++
		if a.Status == DecodeOK {
			boundaries[a.Boundary.Method]++
			checkWindow(t, name, a)
		}
		for _, n := range a.Notes {
			if strings.HasPrefix(n, internalError) {
				t.Errorf("%s: %s", name, n)
			}
		}
		if a.AddressClass == "" {
			t.Errorf("%s: empty address class", name)
		}
		if a.Status == DecodeOK && len(a.Listing()) != len(a.Decoded)+1 {
			t.Errorf("%s: listing of %d lines for %d instructions", name, len(a.Listing()), len(a.Decoded))
		}
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var back Analysis
		if err := json.Unmarshal(b, &back); err != nil || back.PC != a.PC || back.SiAddr != a.SiAddr {
			t.Errorf("%s: JSON round trip: %v", name, err)
		}
	}
	t.Logf("decode status: %v", sorted(status))
	t.Logf("boundaries: %v", sorted(boundaries))
	t.Logf("address classes: %v", sorted(classes))
}

// checkWindow: one is_pc line at pc, contiguous instructions, the
// instruction text at pc.
func checkWindow(t *testing.T, name string, a *Analysis) {
	t.Helper()
	n := 0
	for k, d := range a.Decoded {
		if d.IsPC {
			n++
			if d.Address != a.PC || d.Text != a.Instruction {
				t.Errorf("%s: is_pc line %+v, pc %v instruction %q", name, d, a.PC, a.Instruction)
			}
		}
		if k > 0 {
			prev := a.Decoded[k-1]
			if uint64(prev.Address)+uint64(len(strings.Fields(prev.Bytes))) != uint64(d.Address) {
				t.Errorf("%s: gap between %+v and %+v", name, prev, d)
			}
		}
	}
	if n != 1 {
		t.Errorf("%s: %d is_pc lines", name, n)
	}
	if a.Decoded[0].Address != a.Boundary.Start {
		t.Errorf("%s: window starts at %v, boundary at %v", name, a.Decoded[0].Address, a.Boundary.Start)
	}
}

func sorted[K ~string](m map[K]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, string(k)+"="+itoa(v))
	}
	sort.Strings(out)
	return out
}

// BenchmarkAnalyze measures Analyze plus the lines explain shows, per
// corpus log (parsing excluded): the fault part of `hserr explain`.
func BenchmarkAnalyze(b *testing.B) {
	paths := corpus.Logs(b)
	for _, name := range []string{"krashpad-dataset84.log", "krashpad-dataset44.log", "krashpad-dataset95.log", "krashpad-dataset1.log", "krashpad-dataset69.log"} {
		l := parseFile(b, filepath.Join(filepath.Dir(paths[0]), name))
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Analyze(l).Lines()
			}
		})
	}
	b.Run("all", func(b *testing.B) {
		logs := make([]*model.Log, 0, len(paths))
		for _, p := range paths {
			logs = append(logs, parseFile(b, p))
		}
		for b.Loop() {
			for _, l := range logs {
				Analyze(l).Lines()
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(logs)), "ns/log")
	})
}
