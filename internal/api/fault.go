package api

import "github.com/hserr/hserr/internal/fault"

// Fault is the analysis of the faulting instruction: what it was, what it
// accessed, where the address came from. Facts the log cannot support are
// omitted, and Notes say why.
type Fault struct {
	Arch         Arch         `json:"arch,omitempty"`
	PC           string       `json:"pc,omitempty"`
	DecodeStatus DecodeStatus `json:"decode_status"`
	// Instruction is the faulting instruction (Intel syntax on x86, GNU
	// on arm64), when decoded.
	Instruction string `json:"instruction,omitempty"`
	// Decoded is the listing from the boundary to a few instructions past
	// pc; the faulting one has is_pc.
	Decoded  []Instruction `json:"decoded"`
	Boundary Boundary      `json:"boundary"`
	// BytesAtPC are the raw bytes at pc (hex) when they could not be decoded.
	BytesAtPC       string        `json:"bytes_at_pc,omitempty"`
	Accesses        []Access      `json:"accesses"`
	SiAddr          string        `json:"si_addr,omitempty"`
	SiAddrAgreement Agreement     `json:"si_addr_agreement"`
	AddressClass    AddressClass  `json:"address_class"`
	Address         *FaultAddress `json:"address,omitempty"`
	// ReturnAddress is the return address at sp, when the word there is one.
	ReturnAddress        string        `json:"return_address,omitempty"`
	ReturnAddressMapping *Mapping      `json:"return_address_mapping,omitempty"`
	Registers            []RegisterUse `json:"registers"`
	ABI                  string        `json:"abi,omitempty"`
	Trap                 *Trap         `json:"trap,omitempty"`
	Divide               *Divide       `json:"divide,omitempty"`
	ISAExtension         *ISAExtension `json:"isa_extension,omitempty"`
	Stack                *Stack        `json:"stack,omitempty"`
	// Evidence are the reasoning steps in plain words; Notes say what could
	// not be done and why.
	Evidence []string `json:"evidence"`
	Notes    []string `json:"notes"`
}

// FaultAnalysis converts a fault analysis; nil (no analysis) gives nil.
func FaultAnalysis(a *fault.Analysis) *Fault {
	if a == nil {
		return nil
	}
	f := &Fault{
		Arch:                 NormalizeArch(string(a.Arch)),
		PC:                   hexIf(uint64(a.PC), a.HasPC),
		DecodeStatus:         DecodeStatus(a.Status),
		Instruction:          a.Instruction,
		Decoded:              mapSlice(a.Decoded, instruction),
		Boundary:             boundary(a.Boundary),
		BytesAtPC:            a.BytesAtPC,
		Accesses:             mapSlice(a.Accesses, access),
		SiAddr:               hexIf(uint64(a.SiAddr), a.HasSiAddr),
		SiAddrAgreement:      Agreement(a.Agreement),
		AddressClass:         AddressClass(a.AddressClass),
		Address:              faultAddress(a.Address),
		ReturnAddress:        hexIf(uint64(a.ReturnAddress), a.ReturnAddress != 0),
		ReturnAddressMapping: mapping(a.ReturnAddressMap),
		Registers:            mapSlice(a.Registers, registerUse),
		ABI:                  a.ABI,
		Trap:                 trap(a.Trap),
		Divide:               divide(a.Divide),
		ISAExtension:         isa(a.ISA),
		Stack:                stack(a.Stack),
		Evidence:             Strings(a.Evidence),
		Notes:                Strings(a.Notes),
	}
	if f.DecodeStatus == "" {
		// an analysis that never started: say the first step that is missing
		f.DecodeStatus = DecodeNoDump
		if !a.HasPC {
			f.DecodeStatus = DecodeNoPC
		}
	}
	if f.AddressClass == "" {
		f.AddressClass = AddressUnknown // an analysis that never started leaves it unset
	}
	if f.SiAddrAgreement == "" {
		f.SiAddrAgreement = AgreeNotCompared
	}
	return f
}

// hexIf is the address in the contract's spelling, or "" (omitted) when
// the log did not give it.
func hexIf(v uint64, known bool) string {
	if !known {
		return ""
	}
	return Hex(v)
}

func instruction(i fault.Instruction) Instruction {
	return Instruction{Address: Hex(uint64(i.Address)), Offset: i.Offset, Bytes: i.Bytes, Text: i.Text, IsPC: i.IsPC}
}

func boundary(b fault.Boundary) Boundary {
	out := Boundary{Method: BoundaryMethod(b.Method), Symbol: b.Symbol, FunctionStart: b.FunctionStart, Detail: b.Detail}
	if out.Method == "" {
		out.Method = BoundaryNone
	}
	if out.Method != BoundaryNone {
		out.Start = Hex(uint64(b.Start))
	}
	return out
}

func access(a fault.Access) Access {
	return Access{
		Kind:      AccessKind(a.Kind),
		Operand:   a.Operand,
		Address:   hexIf(uint64(a.Address), a.HasAddress),
		Size:      a.Size,
		Registers: Strings(a.Registers),
		Faulting:  a.Faulting,
		Why:       a.Why,
	}
}

func faultAddress(fa *fault.FaultAddress) *FaultAddress {
	if fa == nil {
		return nil
	}
	return &FaultAddress{
		Address:            Hex(uint64(fa.Address)),
		Source:             fa.Source,
		Class:              AddressClass(fa.Class),
		Delta:              fa.Delta,
		Mapping:            mapping(fa.Mapping),
		PermissionConflict: fa.PermissionConflict,
		Detail:             fa.Detail,
		Uncertain:          fa.Uncertain,
	}
}

func mapping(m *fault.Mapping) *Mapping {
	if m == nil {
		return nil
	}
	return &Mapping{Start: Hex(uint64(m.Start)), End: Hex(uint64(m.End)), Perms: m.Perms, Path: m.Path, Line: m.Line}
}
