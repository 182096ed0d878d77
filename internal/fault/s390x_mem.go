package fault

import (
	"fmt"
	"strings"

	"golang.org/x/arch/s390x/s390xasm"
)

// s390Mem is a z/Architecture instruction that touches memory: the kind of
// each storage operand in order, and the size (0: from the length field of
// SS forms, or the register range of load/store multiple).
type s390Mem struct {
	size  int
	kinds []AccessKind
}

// The common storage instructions by size. Instructions not listed (la,
// lay and shifts use D(X,B) as a number, branches as a target) make no
// access.
var (
	s390Reads = map[int]string{
		1:  "llgc llc lgb lb cli cliy tm tmy ic icy",
		2:  "lh lhy lgh llh llgh lrvh ch chy cgh ah ahy agh sh shy mh mhy chhsi clhhsi",
		4:  "l ly lgf llgf lt ltgf lrv llgt a ay agf al aly algf s sy sgf sl sly slgf n ny o oy x xy c cy cgf cl cly clgf ms msy msgf d dl dsgf le ley keb ceb aeb seb meeb deb chsi clfhsi clt",
		8:  "lg ltg lrvg ag alg sg slg ng og xg cg clg msg dsg dlg ld ldy cdb adb sdb mdb ddb cghsi clghsi clgt",
		16: "lpq vl",
		0:  "lm lmy lmg lmh",
	}
	s390Writes = map[int]string{
		1:  "stc stcy mvi mviy",
		2:  "sth sthy strvh mvhhi",
		4:  "st sty strv ste stey mvhi stoc",
		8:  "stg strvg std stdy mvghi stocg stck stckf",
		16: "stpq vst",
		0:  "stm stmy stmg stmh",
	}
	s390ReadWrites = map[int]string{
		1:  "ni niy oi oiy xi xiy",
		4:  "cs csy asi alsi laa laal lan lao lax",
		8:  "csg agsi algsi laag laalg lang laog laxg",
		16: "cdsg",
	}
	s390MemOps = buildS390Mem()
)

func buildS390Mem() map[string]s390Mem {
	out := map[string]s390Mem{}
	add := func(table map[int]string, k AccessKind) {
		for size, names := range table {
			for _, op := range strings.Fields(names) {
				out[op] = s390Mem{size: size, kinds: []AccessKind{k}}
			}
		}
	}
	add(s390Reads, AccessRead)
	add(s390Writes, AccessWrite)
	add(s390ReadWrites, AccessReadWrite)
	// storage-to-storage: the length field sizes both operands
	out["mvc"] = s390Mem{kinds: []AccessKind{AccessWrite, AccessRead}}
	out["clc"] = s390Mem{kinds: []AccessKind{AccessRead, AccessRead}}
	for _, op := range []string{"xc", "nc", "oc"} {
		out[op] = s390Mem{kinds: []AccessKind{AccessReadWrite, AccessRead}}
	}
	return out
}

// s390Addr is one storage operand D(X,B) or D(L,B).
type s390Addr struct {
	base, index string // canonical registers; "" for a 0 field
	disp        int64
	length      int // SS length field (bytes), 0 when absent
	text        string
}

// s390Operands finds the storage operands: a displacement followed by an
// index and base (RX), a length and base (SS) or a base alone (RS, SI).
func s390Operands(in *s390xasm.Inst) []s390Addr {
	a := in.Args
	var out []s390Addr
	for k := 0; k < len(a); k++ {
		d, ok := s390Disp(a[k])
		if !ok || k+1 >= len(a) {
			continue
		}
		p := s390Addr{disp: d}
		var inner []string
		switch x := a[k+1].(type) {
		case s390xasm.Index:
			if k+2 < len(a) {
				p.index, p.base = s390Canon(x), s390Canon(a[k+2])
			}
			if p.index != "" {
				inner = append(inner, "%"+strings.ToLower(p.index))
			}
		case s390xasm.Len:
			p.length = int(x) + 1
			inner = append(inner, fmt.Sprint(p.length))
			if k+2 < len(a) {
				p.base = s390Canon(a[k+2])
			}
		case s390xasm.Base:
			p.base = s390Canon(x)
		default:
			continue // vector element forms D(V,B): not followed
		}
		if p.base != "" {
			inner = append(inner, "%"+strings.ToLower(p.base))
		}
		p.text = fmt.Sprint(p.disp)
		if len(inner) > 0 {
			p.text += "(" + strings.Join(inner, ",") + ")"
		}
		out = append(out, p)
	}
	return out
}

// s390Range is how many registers R1..R3 of a load/store multiple cover
// (the range wraps from r15 to r0).
func s390Range(in *s390xasm.Inst) int {
	r1, ok1 := in.Args[0].(s390xasm.Reg)
	r3, ok3 := in.Args[1].(s390xasm.Reg)
	if !ok1 || !ok3 || r1 > s390xasm.R15 || r3 > s390xasm.R15 {
		return 0
	}
	return int((r3-r1)&15) + 1
}
