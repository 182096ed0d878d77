package fault

import "fmt"

// Lines is the analysis as `hserr explain` shows it (text and Markdown):
// the instruction at pc, the decoded listing, the address class, then the
// evidence and notes in plain words.
func (a *Analysis) Lines() []string {
	if a == nil {
		return nil
	}
	var out []string
	if a.Instruction != "" {
		out = append(out, fmt.Sprintf("instruction at pc 0x%x: %s", uint64(a.PC), a.Instruction))
	}
	out = append(out, a.Listing()...)
	if a.AddressClass != "" {
		out = append(out, "fault address class: "+string(a.AddressClass))
	}
	out = append(out, a.Evidence...)
	for _, n := range a.Notes {
		out = append(out, "note: "+n)
	}
	return out
}

// Listing is the decoded code from the boundary to a few instructions past
// pc, the faulting one marked "=>", the way the first seed shows it.
func (a *Analysis) Listing() []string {
	if len(a.Decoded) == 0 {
		return nil
	}
	head := "decoded"
	if a.Boundary.Method != "" {
		head += " (boundary: " + string(a.Boundary.Method)
		if a.Boundary.Symbol != "" {
			head += ", " + a.Boundary.Symbol
		}
		head += ")"
	}
	out := []string{head + ":"}
	bw := 0
	for _, in := range a.Decoded {
		bw = max(bw, len(in.Bytes))
	}
	for _, in := range a.Decoded {
		mark := "  "
		if in.IsPC {
			mark = "=>"
		}
		where := fmt.Sprintf("0x%x", uint64(in.Address))
		if in.Offset != "" {
			where = in.Offset
		}
		out = append(out, fmt.Sprintf("%s %-8s %-*s  %s", mark, where, bw, in.Bytes, in.Text))
	}
	return out
}
