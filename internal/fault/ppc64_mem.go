package fault

import (
	"fmt"
	"strings"

	"golang.org/x/arch/ppc64/ppc64asm"
)

// ppcMem is a Power load or store. The Power ISA names its forms: a
// trailing "x" is indexed (EA = (RA|0) + RB), "u"/"ux" updates RA with EA,
// the rest are D/DS/DQ-form (EA = (RA|0) + D); a leading "p" is a Power10
// prefixed 8LS/MLS form, PC-relative when its R bit is set.
type ppcMem struct {
	size   int
	write  bool
	update bool
	index  bool
	// align is the block the hardware rounds EA down to (lvx: 16, dcbz:
	// the 128-byte cache line of POWER7 and later), 0 when none.
	align uint64
	// pair: the target is an even/odd register pair (lq).
	pair bool
}

// ppcLoads and ppcStores list the common integer, floating-point and VSX
// memory instructions by size.
var (
	ppcLoads = map[int]string{
		1:  "lbz lbzu lbzx lbzux lbarx plbz",
		2:  "lhz lhzu lhzx lhzux lha lhau lhax lhaux lhbrx lharx plhz plha",
		4:  "lwz lwzu lwzx lwzux lwa lwax lwaux lwbrx lwarx lfs lfsu lfsx lfsux lfiwax lfiwzx lxsiwzx lxsiwax lxsspx lxssp plwz plwa plfs plxssp",
		8:  "ld ldu ldx ldux ldbrx ldarx lfd lfdu lfdx lfdux lxsd lxsdx lxvdsx pld plfd plxsd",
		16: "lq lqarx lxv lxvx lxvd2x lxvw4x lxvb16x lxvh8x lvx lvxl plq plxv",
	}
	ppcStores = map[int]string{
		1:  "stb stbu stbx stbux stbcx. pstb",
		2:  "sth sthu sthx sthux sthbrx sthcx. psth",
		4:  "stw stwu stwx stwux stwbrx stwcx. stfs stfsu stfsx stfsux stfiwx stxsiwx stxsspx stxssp pstw pstfs pstxssp",
		8:  "std stdu stdx stdux stdbrx stdcx. stfd stfdu stfdx stfdux stxsd stxsdx pstd pstfd pstxsd",
		16: "stq stqcx. stxv stxvx stxvd2x stxvw4x stxvb16x stxvh8x stvx stvxl pstq pstxv",
	}
	ppcMemOps = buildPPCMem()
)

func buildPPCMem() map[string]ppcMem {
	out := map[string]ppcMem{}
	add := func(table map[int]string, write bool) {
		for size, names := range table {
			for _, op := range strings.Fields(names) {
				base := strings.TrimSuffix(op, ".")
				m := ppcMem{size: size, write: write,
					index:  strings.HasSuffix(base, "x") && !strings.HasPrefix(op, "p"),
					update: strings.HasSuffix(base, "u") || strings.HasSuffix(base, "ux")}
				switch base {
				case "lvx", "lvxl", "stvx", "stvxl":
					m.align = 16
				case "lq", "plq":
					m.pair = true
				}
				out[op] = m
			}
		}
	}
	add(ppcLoads, false)
	add(ppcStores, true)
	// dcbz zeroes the whole cache line that holds EA
	out["dcbz"] = ppcMem{size: 128, write: true, index: true, align: 128}
	return out
}

// ppcAddr is the address operand of a memory instruction.
type ppcAddr struct {
	base, index string // canonical registers; "" when absent or RA=0
	disp        int64
	pcrel       bool // Power10 prefixed with R=1: EA = pc + disp
	text        string
}

// ppcOperand finds the address operand: Offset followed by RA for D-forms
// (and prefixed forms, whose R bit follows), the last two GPRs for X-forms.
func ppcOperand(in *ppc64asm.Inst, m ppcMem) (ppcAddr, bool) {
	a := in.Args
	if m.index {
		var gprs []ppc64asm.Arg
		for _, x := range a {
			if ppcCanon(x) != "" {
				gprs = append(gprs, x)
			}
		}
		if len(gprs) < 2 {
			return ppcAddr{}, false
		}
		ra, rb := gprs[len(gprs)-2], gprs[len(gprs)-1]
		p := ppcAddr{base: ppcBase(ra), index: ppcCanon(rb)}
		p.text = "(" + strings.ToLower(p.index) + ")"
		if p.base != "" {
			p.text = fmt.Sprintf("(%s+%s)", strings.ToLower(p.base), strings.ToLower(p.index))
		}
		return p, true
	}
	for k := 0; k+1 < len(a); k++ {
		off, ok := a[k].(ppc64asm.Offset)
		if !ok {
			continue
		}
		p := ppcAddr{base: ppcBase(a[k+1]), disp: int64(off)}
		if k+2 < len(a) && in.Len == 8 {
			if r, ok := a[k+2].(ppc64asm.Imm); ok && r == 1 {
				p.pcrel, p.base = true, ""
			}
		}
		switch {
		case p.pcrel:
			p.text = fmt.Sprintf("%d(pc)", p.disp)
		case p.base == "":
			p.text = fmt.Sprintf("%d(0)", p.disp)
		default:
			p.text = fmt.Sprintf("%d(%s)", p.disp, strings.ToLower(p.base))
		}
		return p, true
	}
	return ppcAddr{}, false
}
