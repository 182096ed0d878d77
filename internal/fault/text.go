package fault

import "strconv"

// A register whose bytes are printable text where a pointer belongs: string
// data (ASCII, or UTF-16 as Java strings hold it) was written over a
// pointer, or a string's bytes were read as one. No allocator, stack or
// mapping hands out such an address, so it marks overwritten memory (heap
// corruption), not a bad pointer computed by the code that faulted.

// TextRegister is a register whose value reads as text.
type TextRegister struct {
	Name  string `json:"name"`
	Value Addr   `json:"value"`
	// Text is the bytes in memory order (little-endian registers read
	// low byte first), e.g. "nvocatio" for 0x6f697461636f766e.
	Text string `json:"text"`
	// Encoding is "ascii" or "utf-16le".
	Encoding string `json:"encoding"`
	// Pointer: the register forms the faulting address (a base or index of
	// the faulting access), so string bytes were used as a pointer.
	Pointer bool `json:"used_as_pointer"`
	// Suspect: the fault is a general-protection fault whose operand was not
	// decoded (the OS hides its address), and this value is non-canonical,
	// the only kind of pointer that raises one: likely what faulted.
	Suspect bool `json:"gp_suspect,omitempty"`
}

// asText reads v as 8 printable ASCII bytes, or as 4 UTF-16LE printable
// characters, in little-endian memory order.
func asText(v uint64) (string, string, bool) {
	var b [8]byte
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
	ascii := true
	for _, c := range b {
		ascii = ascii && c >= 0x20 && c < 0x7f
	}
	if ascii {
		return string(b[:]), "ascii", true
	}
	utf16 := true
	var s []byte
	for i := 0; i < 8; i += 2 {
		utf16 = utf16 && b[i] >= 0x20 && b[i] < 0x7f && b[i+1] == 0
		s = append(s, b[i])
	}
	if utf16 {
		return string(s), "utf-16le", true
	}
	return "", "", false
}

// textRegisters lists the 64-bit general-purpose registers whose values
// read as text, marking those that form the faulting address.
func (a *Analysis) textRegisters(r regs) {
	if a.Arch != ArchX86_64 && a.Arch != ArchAArch64 {
		return // 32-bit values are too short to tell text from numbers
	}
	pointer := map[string]bool{}
	for _, u := range a.Registers {
		if u.Role == "base" || u.Role == "index" {
			pointer[u.Name] = true
		}
	}
	// a #GP whose address the OS hid and no decoded operand recovered
	hidden := a.Address == nil || a.Address.Source == "si_addr" && (a.Address.Uncertain != "" || a.Address.Class == ClassUnknown && siKernel(r.l.Thread.Siginfo))
	names := gp64[:]
	if a.Arch == ArchAArch64 {
		names = a64GPNames()
	}
	for _, name := range names {
		v, logName, ok := r.get(name)
		if !ok {
			continue
		}
		if text, enc, ok := asText(v); ok {
			suspect := hidden && !pointer[logName] && nonCanonical(a.Arch, v)
			a.TextRegisters = append(a.TextRegisters, TextRegister{Name: logName, Value: Addr(v), Text: text, Encoding: enc, Pointer: pointer[logName], Suspect: suspect})
		}
	}
}

// a64GPNames are X0..X30 as the aarch64 decoder names them.
func a64GPNames() []string {
	out := make([]string, 31)
	for i := range out {
		out[i] = "X" + strconv.Itoa(i)
	}
	return out
}
