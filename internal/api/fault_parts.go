package api

import "github.com/hserr/hserr/internal/fault"

// Instruction is one decoded instruction.
type Instruction struct {
	Address string `json:"address"`
	Offset  string `json:"offset,omitempty"` // from the boundary symbol: "+0x1a"
	Bytes   string `json:"bytes"`            // hex, space-separated
	Text    string `json:"text"`
	IsPC    bool   `json:"is_pc"`
}

// Boundary is where decoding started and how that start was found.
type Boundary struct {
	Method BoundaryMethod `json:"method"`
	Start  string         `json:"start,omitempty"` // omitted when method is "none"
	Symbol string         `json:"symbol,omitempty"`
	// FunctionStart: Start is the start of the function that contains pc.
	FunctionStart bool   `json:"function_start"`
	Detail        string `json:"detail"`
}

// Access is one memory access of the faulting instruction.
type Access struct {
	Kind    AccessKind `json:"kind"`
	Operand string     `json:"operand"`
	// Address is the effective address from the logged registers; omitted
	// when it cannot be computed, and Why says why.
	Address   string   `json:"address,omitempty"`
	Size      int      `json:"size"` // bytes; 0 when unknown
	Registers []string `json:"registers"`
	Faulting  bool     `json:"faulting"`
	Why       string   `json:"why,omitempty"`
}

// FaultAddress is the fault address, where it came from and what it is.
type FaultAddress struct {
	Address string `json:"address"`
	// Source is "si_addr", "operand" or "pc" (open vocabulary).
	Source string       `json:"source"`
	Class  AddressClass `json:"class"`
	// Delta is the distance from the class's reference point (0, -1, the
	// stack bottom).
	Delta              int64    `json:"delta,omitempty"`
	Mapping            *Mapping `json:"mapping,omitempty"`
	PermissionConflict string   `json:"permission_conflict,omitempty"`
	Detail             string   `json:"detail"`
	// Uncertain says why the class may be wrong; omitted when it is firm.
	Uncertain string `json:"uncertain,omitempty"`
}

// Mapping is a memory-map entry quoted from Dynamic libraries.
type Mapping struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Perms string `json:"perms,omitempty"`
	Path  string `json:"path,omitempty"`
	Line  int    `json:"line,omitempty"`
}

// RegisterUse is a register of the faulting address and its provenance.
type RegisterUse struct {
	Name string `json:"name"` // as the log prints it: RDI, R0, x0
	// Role is "base", "index", "stack-pointer" or "source" (open vocabulary).
	Role       string       `json:"role"`
	Value      string       `json:"value,omitempty"`
	ValueClass AddressClass `json:"value_class,omitempty"`
	// WrittenBeforeFault is omitted when it cannot be known.
	WrittenBeforeFault *bool  `json:"written_before_fault,omitempty"`
	WrittenBy          string `json:"written_by,omitempty"`
	WrittenAt          string `json:"written_at,omitempty"`
	DerivedFrom        string `json:"derived_from,omitempty"`
	DerivedOffset      int64  `json:"derived_offset,omitempty"`
	// ABIArgument is the 1-based argument index, when the register holds an
	// argument as the caller passed it.
	ABIArgument int    `json:"abi_argument,omitempty"`
	Function    string `json:"function,omitempty"`
	Caller      string `json:"caller,omitempty"`
	CallerKind  string `json:"caller_kind,omitempty"`
	CallerLine  int    `json:"caller_line,omitempty"`
}

// Trap is a deliberate trap instruction at pc.
type Trap struct {
	Kind        string `json:"kind"` // ud2, int3, brk, udf, … (open vocabulary)
	Immediate   uint64 `json:"immediate,omitempty"`
	Instruction string `json:"instruction"`
}

// Divide is an integer division at pc.
type Divide struct {
	Op           string `json:"op"`
	Divisor      string `json:"divisor"`
	DivisorValue string `json:"divisor_value,omitempty"`
	ByZero       bool   `json:"by_zero"`
	Overflow     bool   `json:"overflow"`
}

// ISAExtension is an instruction-set extension the instruction needs.
type ISAExtension struct {
	Extension   string `json:"extension"` // /proc/cpuinfo spelling: avx2, avx512f, …
	Encoding    string `json:"encoding"`  // evex, vex, legacy
	Instruction string `json:"instruction"`
	// InCPUFeatures and InCPUFlags are omitted when the log has no list.
	InCPUFeatures *bool `json:"in_cpu_features,omitempty"`
	InCPUFlags    *bool `json:"in_cpu_flags,omitempty"`
}

// Stack relates sp and the fault to the thread's stack bounds.
type Stack struct {
	Bottom           string `json:"bottom"`
	Top              string `json:"top"`
	SP               string `json:"sp,omitempty"`
	SPAboveBottom    int64  `json:"sp_above_bottom,omitempty"`
	SPInGuardZone    bool   `json:"sp_in_guard_zone"`
	PushOrCall       bool   `json:"push_or_call"`
	FaultInGuardZone bool   `json:"fault_in_guard_zone"`
}

func registerUse(r fault.RegisterUse) RegisterUse {
	return RegisterUse{
		Name: r.Name, Role: r.Role,
		Value:              hexIf(uint64(r.Value), r.HasValue),
		ValueClass:         AddressClass(r.ValueClass),
		WrittenBeforeFault: r.WrittenBeforeFault,
		WrittenBy:          r.WrittenBy,
		WrittenAt:          hexIf(uint64(r.WrittenAt), r.WrittenAt != 0),
		DerivedFrom:        r.DerivedFrom,
		DerivedOffset:      r.DerivedOffset,
		ABIArgument:        r.ABIArgument,
		Function:           r.Function,
		Caller:             r.Caller,
		CallerKind:         r.CallerKind,
		CallerLine:         r.CallerLine,
	}
}

func trap(t *fault.Trap) *Trap {
	if t == nil {
		return nil
	}
	return &Trap{Kind: t.Kind, Immediate: t.Immediate, Instruction: t.Instruction}
}

func divide(d *fault.Divide) *Divide {
	if d == nil {
		return nil
	}
	return &Divide{Op: d.Op, Divisor: d.Divisor, DivisorValue: hexIf(uint64(d.DivisorValue), d.HasDivisorValue),
		ByZero: d.ByZero, Overflow: d.Overflow}
}

func isa(x *fault.ISAExtension) *ISAExtension {
	if x == nil {
		return nil
	}
	return &ISAExtension{Extension: x.Extension, Encoding: x.Encoding, Instruction: x.Instruction,
		InCPUFeatures: x.InCPUFeatures, InCPUFlags: x.InCPUFlags}
}

func stack(s *fault.StackFacts) *Stack {
	if s == nil {
		return nil
	}
	return &Stack{Bottom: Hex(uint64(s.Bottom)), Top: Hex(uint64(s.Top)), SP: hexIf(uint64(s.SP), s.HasSP),
		SPAboveBottom: s.SPAboveBottom, SPInGuardZone: s.SPInGuardZone, PushOrCall: s.PushOrCall,
		FaultInGuardZone: s.FaultInGuardZone}
}
