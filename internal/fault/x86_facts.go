package fault

import (
	"fmt"
	"strings"

	"golang.org/x/arch/x86/x86asm"
)

// facts records deliberate traps, integer divisions and ISA extensions of
// the x86 instruction at pc.
func (m x86Machine) facts(i insn, a *Analysis, r regs, cpu cpuInfo) {
	in := i.x86
	if in == nil {
		return
	}
	switch op := mnemonic(in); op {
	case "ud2", "ud1", "ud0", "hlt":
		a.Trap = &Trap{Kind: op, Instruction: i.String()}
	case "int3":
		a.Trap = &Trap{Kind: "int3", Instruction: i.String()}
	case "int":
		t := &Trap{Kind: "int", Instruction: i.String()}
		if imm, ok := in.Args[0].(x86asm.Imm); ok {
			t.Immediate = uint64(imm)
			if imm == 3 {
				t.Kind = "int3"
			}
		}
		a.Trap = t
	case "div", "idiv":
		a.Divide = m.divide(i, op, r)
		a.evidence(fmt.Sprintf("`%s` is an integer division by %s%s.", i.String(), a.Divide.Divisor, divideWords(a.Divide)))
	}
	if a.Trap != nil {
		a.evidence(fmt.Sprintf("`%s` is a deliberate trap instruction (compilers emit it for __builtin_trap, abort paths and unreachable code), not a missing CPU feature.", i.String()))
	}
	if ext, enc := x86Extension(in); ext != "" {
		x := &ISAExtension{Extension: ext, Encoding: enc, Instruction: i.String()}
		x.InCPUFeatures, x.InCPUFlags = cpu.lookup(ext)
		a.ISA = x
		a.evidence(isaWords(x))
	}
}

// divide reads the divisor (and for idiv the dividend) from the registers.
func (m x86Machine) divide(i insn, op string, r regs) *Divide {
	in := i.x86
	d := &Divide{Op: op}
	bits := in.DataSize
	if in.MemBytes > 0 {
		bits = in.MemBytes * 8
	}
	switch a := in.Args[0].(type) {
	case x86asm.Reg:
		d.Divisor = strings.ToLower(a.String())
		if v, _, ok := r.get(m.canon(a)); ok {
			if a >= x86asm.AH && a <= x86asm.BH {
				v >>= 8
			}
			d.DivisorValue, d.HasDivisorValue = Addr(v&widthMask(bits)), true
		}
	case x86asm.Mem:
		d.Divisor = memText(a) // a memory divisor's value is not in the log
	}
	if !d.HasDivisorValue {
		return d
	}
	d.ByZero = d.DivisorValue == 0
	if op == "idiv" && uint64(d.DivisorValue) == widthMask(bits) {
		// INT_MIN / -1 overflows: the dividend's low half is the most
		// negative value and its high half (RDX) is its sign extension.
		lo, _, okA := r.get(m.reg("RAX"))
		hi, _, okD := r.get(m.reg("RDX"))
		minInt := uint64(1) << (bits - 1)
		if bits == 8 {
			d.Overflow = okA && lo&0xffff == 0xff80
		} else {
			d.Overflow = okA && okD && lo&widthMask(bits) == minInt && hi&widthMask(bits) == widthMask(bits)
		}
	}
	return d
}

func widthMask(bits int) uint64 {
	if bits >= 64 || bits <= 0 {
		return ^uint64(0)
	}
	return 1<<bits - 1
}

// x86Extension names the ISA extension an instruction needs beyond the
// x86-64 baseline (SSE2), in /proc/cpuinfo spelling, and its encoding.
func x86Extension(in *x86asm.Inst) (ext, enc string) {
	enc = "legacy"
	evex, vex := false, false
	for _, p := range in.Prefix {
		if p == 0 {
			break
		}
		evex = evex || p.IsEVEX()
		vex = vex || p.IsVEX()
	}
	op := opName(in)
	switch {
	case evex:
		return "avx512f", "evex"
	case vex:
		enc = "vex"
		if usesRegs(in, x86asm.Z0, x86asm.Z31) || usesRegs(in, x86asm.K0, x86asm.K7) {
			return "avx512f", enc
		}
		if e := vexExtension(op, in); e != "" {
			return e, enc
		}
		return "avx", enc
	case usesRegs(in, x86asm.Z0, x86asm.Z31) || usesRegs(in, x86asm.K0, x86asm.K7):
		return "avx512f", enc
	}
	if e, ok := legacyExt[op]; ok {
		return e, enc
	}
	for prefix, e := range legacyExtPrefix {
		if strings.HasPrefix(op, prefix) {
			return e, enc
		}
	}
	return "", ""
}

// vexExtension separates BMI, FMA, F16C and AVX2 from plain AVX.
func vexExtension(op string, in *x86asm.Inst) string {
	switch op {
	case "ANDN", "BEXTR", "BLSI", "BLSMSK", "BLSR":
		return "bmi1"
	case "BZHI", "MULX", "PDEP", "PEXT", "RORX", "SARX", "SHLX", "SHRX":
		return "bmi2"
	case "VCVTPH2PS", "VCVTPS2PH":
		return "f16c"
	case "VPERMD", "VPERMQ", "VPERMPS", "VPERMPD", "VPERM2I128", "VINSERTI128", "VEXTRACTI128",
		"VBROADCASTI128", "VPMASKMOVD", "VPMASKMOVQ", "VPSLLVD", "VPSLLVQ", "VPSRLVD", "VPSRLVQ", "VPSRAVD":
		return "avx2"
	}
	switch {
	case strings.HasPrefix(op, "VFMADD"), strings.HasPrefix(op, "VFMSUB"),
		strings.HasPrefix(op, "VFNMADD"), strings.HasPrefix(op, "VFNMSUB"):
		return "fma"
	case strings.HasPrefix(op, "VGATHER"), strings.HasPrefix(op, "VPGATHER"), strings.HasPrefix(op, "VPBROADCAST"):
		return "avx2"
	case strings.HasPrefix(op, "VP") && usesRegs(in, x86asm.Y0, x86asm.Y15):
		// integer operations on ymm registers came with AVX2
		return "avx2"
	}
	return ""
}

// legacyExt are non-VEX instructions outside the x86-64 baseline.
var legacyExt = map[string]string{
	"POPCNT": "popcnt", "LZCNT": "abm", "TZCNT": "bmi1", "CRC32": "sse4_2",
	"PCMPESTRI": "sse4_2", "PCMPESTRM": "sse4_2", "PCMPISTRI": "sse4_2", "PCMPISTRM": "sse4_2", "PCMPGTQ": "sse4_2",
	"PTEST": "sse4_1", "PBLENDW": "sse4_1", "PBLENDVB": "sse4_1", "BLENDPS": "sse4_1", "BLENDPD": "sse4_1",
	"ROUNDSS": "sse4_1", "ROUNDSD": "sse4_1", "ROUNDPS": "sse4_1", "ROUNDPD": "sse4_1", "PMULLD": "sse4_1",
	"PEXTRB": "sse4_1", "PEXTRD": "sse4_1", "PEXTRQ": "sse4_1", "PINSRB": "sse4_1", "PINSRD": "sse4_1",
	"PINSRQ": "sse4_1", "DPPS": "sse4_1", "DPPD": "sse4_1", "PMOVZXBW": "sse4_1", "PMOVSXBW": "sse4_1",
	"PCMPEQQ": "sse4_1", "PACKUSDW": "sse4_1", "MOVNTDQA": "sse4_1", "PMINSB": "sse4_1", "PMAXSB": "sse4_1",
	"PMINUD": "sse4_1", "PMAXUD": "sse4_1", "PMINUW": "sse4_1", "PMAXUW": "sse4_1", "PMINSD": "sse4_1", "PMAXSD": "sse4_1",
	"PSHUFB": "ssse3", "PALIGNR": "ssse3", "PMADDUBSW": "ssse3", "PMULHRSW": "ssse3",
	"PCLMULQDQ": "pclmulqdq", "MOVBE": "movbe", "ADCX": "adx", "ADOX": "adx",
	"RDRAND": "rdrand", "RDSEED": "rdseed", "XGETBV": "xsave", "CMPXCHG16B": "cx16", "RDTSCP": "rdtscp",
	"XBEGIN": "rtm", "XEND": "rtm", "XABORT": "rtm", "XTEST": "rtm",
}

// legacyExtPrefix are mnemonic families of extensions.
var legacyExtPrefix = map[string]string{
	"AES": "aes", "SHA1": "sha_ni", "SHA256": "sha_ni", "PHADD": "ssse3", "PHSUB": "ssse3",
	"PSIGN": "ssse3", "PABS": "ssse3",
}

func usesRegs(in *x86asm.Inst, lo, hi x86asm.Reg) bool {
	for _, a := range in.Args {
		if r, ok := a.(x86asm.Reg); ok && r >= lo && r <= hi {
			return true
		}
	}
	return false
}
