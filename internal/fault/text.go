package fault

import (
	"fmt"
	"io"
	"strings"

	"github.com/hserr/hserr/internal/term"
)

// textBefore is how many instructions before pc the text shows; earlier
// ones are shown only when the evidence cites them.
const textBefore = 12

// WriteText renders the analysis for `hserr explain`: the decoded window
// with the faulting instruction marked "=>", the accesses, the address
// class, the register provenance and the evidence in plain words.
func (a *Analysis) WriteText(w io.Writer, color bool) error {
	var b strings.Builder
	head := "Fault analysis"
	if a.Arch != "" {
		head += " (" + a.Arch
		if a.ABI != "" {
			head += ", " + a.ABI + " ABI"
		}
		head += ")"
	}
	fmt.Fprintln(&b, term.Paint(color, "1", head))
	if a.Instruction != "" {
		fmt.Fprintf(&b, "  Faulting instruction at %s: %s\n", a.PC, term.Paint(color, "1", a.Instruction))
	} else if a.BytesAtPC != "" {
		fmt.Fprintf(&b, "  Bytes at pc %s (not decoded): %s\n", a.PC, a.BytesAtPC)
	}
	if a.Boundary.Method != BoundaryNone {
		fmt.Fprintf(&b, "  Decoded from %s (%s): %s\n", a.Boundary.Start, a.Boundary.Method, a.Boundary.Detail)
		a.writeListing(&b, color)
	}
	for _, acc := range a.Accesses {
		fmt.Fprintf(&b, "  Access: %s", accessWords(acc))
		if acc.HasAddress {
			fmt.Fprintf(&b, " = %s", acc.Address)
		}
		if acc.Faulting {
			b.WriteString(term.Paint(color, "31", " (faulting)"))
		}
		b.WriteByte('\n')
	}
	if a.HasSiAddr {
		fmt.Fprintf(&b, "  si_addr: %s (%s)\n", a.SiAddr, a.Agreement)
	}
	if a.Address != nil {
		fmt.Fprintf(&b, "  Address class: %s: %s\n", term.Paint(color, "1", string(a.AddressClass)), a.Address.Detail)
	}
	for _, r := range a.Registers {
		fmt.Fprintf(&b, "  Register %s (%s)%s\n", regValue(r), r.Role, provenanceWords(r))
	}
	if t := a.Trap; t != nil {
		fmt.Fprintf(&b, "  Trap: %s (a deliberate trap instruction)\n", t.Instruction)
	}
	if d := a.Divide; d != nil {
		fmt.Fprintf(&b, "  Divide: %s by %s%s\n", d.Op, d.Divisor, divideWords(d))
	}
	if x := a.ISA; x != nil {
		fmt.Fprintf(&b, "  ISA extension: %s (%s encoding); CPU: line %s, cpuinfo flags %s\n",
			x.Extension, x.Encoding, listed(x.InCPUFeatures), listed(x.InCPUFlags))
	}
	writeList(&b, "Evidence", a.Evidence)
	writeList(&b, "Notes", a.Notes)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeListing prints the decoded instructions, eliding the start of long
// windows except for instructions the evidence cites.
func (a *Analysis) writeListing(b *strings.Builder, color bool) {
	pcAt := -1
	for k, d := range a.Decoded {
		if d.IsPC {
			pcAt = k
		}
	}
	cited := map[Addr]bool{}
	for _, r := range a.Registers {
		if r.WrittenAt != 0 {
			cited[r.WrittenAt] = true
		}
	}
	elided := false
	for k, d := range a.Decoded {
		if pcAt >= 0 && k < pcAt-textBefore && k > 0 && !cited[d.Address] {
			if !elided {
				fmt.Fprintf(b, "       …\n")
				elided = true
			}
			continue
		}
		elided = false
		line := fmt.Sprintf("%s %-7s %-24s %s", d.Address, d.Offset, d.Bytes, d.Text)
		if d.IsPC {
			fmt.Fprintf(b, "  %s %s\n", term.Paint(color, "31;1", "=>"), term.Paint(color, "1", line))
		} else {
			fmt.Fprintf(b, "     %s\n", line)
		}
	}
}

func regValue(r RegisterUse) string {
	if !r.HasValue {
		return r.Name + " (value not in the log)"
	}
	s := r.Name + "=" + short(uint64(r.Value))
	if r.ValueClass != "" {
		s += " [" + string(r.ValueClass) + "]"
	}
	return s
}

func provenanceWords(r RegisterUse) string {
	written, known := r.Written()
	switch {
	case r.Role == "stack-pointer":
		return ""
	case !known:
		return ": provenance unknown"
	case written:
		return ": written before the fault, " + r.WrittenBy
	case r.ABIArgument > 0:
		s := fmt.Sprintf(": not written before the fault; argument %d of %s", r.ABIArgument, r.Function)
		if r.Caller != "" {
			s += " as passed by " + r.Caller
		}
		return s
	}
	return ": not written before the fault"
}

func divideWords(d *Divide) string {
	switch {
	case !d.HasDivisorValue:
		return " (divisor value not in the log)"
	case d.ByZero:
		return " = 0: division by zero"
	case d.Overflow:
		return " = -1 with the most negative dividend: quotient overflow"
	}
	return " = " + short(uint64(d.DivisorValue))
}

func listed(b *bool) string {
	switch {
	case b == nil:
		return "absent"
	case *b:
		return "lists it"
	}
	return "does NOT list it"
}

func writeList(b *strings.Builder, title string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(b, "  %s:\n", title)
	for _, s := range items {
		fmt.Fprintf(b, "    - %s\n", s)
	}
}
