package fault

import "github.com/hserr/hserr/internal/model"

// Analysis is what the log says about the faulting instruction. It is never
// nil; fields the log could not support stay empty and Notes say why.
type Analysis struct {
	// Arch is the decoder family: "x86_64", "x86", "aarch64", or the log's
	// own arch name when there is no decoder for it ("" when unknown).
	Arch model.Arch `json:"arch,omitempty"`
	PC   Addr       `json:"pc"`
	// HasPC is false when neither the header nor the dump heading gave a pc.
	HasPC bool `json:"has_pc"`
	// Status says how far decoding got (DecodeOK when the instruction at pc
	// was decoded).
	Status DecodeStatus `json:"decode_status"`
	// Instruction is the faulting instruction in Intel (x86) or GNU (arm64)
	// syntax; "" when it was not decoded.
	Instruction string `json:"instruction,omitempty"`
	// Decoded lists the instructions from the boundary up to pc and a few
	// after, in address order; exactly one has IsPC set when Status is DecodeOK.
	Decoded  []Instruction `json:"decoded,omitempty"`
	Boundary Boundary      `json:"boundary"`
	// BytesAtPC keeps the raw bytes at pc (hex) when they could not be
	// decoded, so nothing the log had is lost.
	BytesAtPC string `json:"bytes_at_pc,omitempty"`

	// Accesses are the memory accesses of the faulting instruction.
	Accesses []Access `json:"accesses,omitempty"`
	// SiAddr is the address the signal reported (si_addr, or Windows'
	// reading/writing address); HasSiAddr is false when the log has none.
	SiAddr    Addr `json:"si_addr"`
	HasSiAddr bool `json:"has_si_addr"`
	// Agreement compares SiAddr with the computed accesses.
	Agreement Agreement `json:"si_addr_agreement"`

	// AddressClass classifies the fault address (Address.Address).
	AddressClass AddressClass  `json:"address_class"`
	Address      *FaultAddress `json:"address,omitempty"`

	// ReturnAddress is the word at sp (x86) when it is a return address:
	// when fetching pc faulted (the call that jumped to the bad pc, if it
	// was a call), or when nothing since the function start moved sp (the
	// real caller, which HotSpot's frame-pointer walk may skip).
	ReturnAddress    Addr     `json:"return_address,omitempty"`
	ReturnAddressMap *Mapping `json:"return_address_mapping,omitempty"`

	// Registers are the registers that form the faulting address, with
	// their provenance.
	Registers []RegisterUse `json:"registers,omitempty"`
	// TextRegisters are registers whose values read as text (ASCII or
	// UTF-16 bytes): string data where a value or pointer belongs.
	TextRegisters []TextRegister `json:"text_registers,omitempty"`
	// ABI is the calling convention used for argument provenance.
	ABI string `json:"abi,omitempty"`

	// Decode-level facts other crash classes need; nil when not applicable.
	Trap   *Trap         `json:"trap,omitempty"`
	Divide *Divide       `json:"divide,omitempty"`
	ISA    *ISAExtension `json:"isa_extension,omitempty"`
	Stack  *StackFacts   `json:"stack,omitempty"`

	// AssertPoison: the log's signal is HotSpot's write to its assert
	// poison page during an Internal Error, not a fault; nothing is decoded.
	AssertPoison bool `json:"assert_poison,omitempty"`

	// Evidence are plain-language reasoning steps (the seed's argument).
	Evidence []string `json:"evidence,omitempty"`
	// Notes say what could not be done and why.
	Notes []string `json:"notes,omitempty"`
}

// DecodeStatus says how far decoding got.
type DecodeStatus string

const (
	DecodeOK DecodeStatus = "decoded"
	// DecodeNoPC: the log gives no pc.
	DecodeNoPC DecodeStatus = "no-pc"
	// DecodeNoDump: there is no Instructions: dump, or it does not cover pc.
	DecodeNoDump DecodeStatus = "no-dump"
	// DecodeUnreadable: the dump printed ?? at pc (pc is not readable memory).
	DecodeUnreadable DecodeStatus = "unreadable-at-pc"
	// DecodeUnsupported: no decoder for this architecture.
	DecodeUnsupported DecodeStatus = "unsupported-arch"
	// DecodeInvalid: the bytes at pc are not a valid instruction.
	DecodeInvalid DecodeStatus = "invalid-at-pc"
)

// Instruction is one decoded instruction.
type Instruction struct {
	Address Addr `json:"address"`
	// Offset is the offset from the boundary symbol ("+0x1a"), when known.
	Offset string `json:"offset,omitempty"`
	Bytes  string `json:"bytes"` // hex, space-separated
	Text   string `json:"text"`
	IsPC   bool   `json:"is_pc"`
}

// BoundaryMethod is how the decoder found an instruction boundary.
type BoundaryMethod string

const (
	// BoundarySymbol: the problematic frame's symbol+offset gives the
	// function start inside the dump, and decoding from it lands on pc.
	BoundarySymbol BoundaryMethod = "symbol"
	// BoundaryCodeBegin: a compiled Java frame's [code_begin+offset].
	BoundaryCodeBegin BoundaryMethod = "code-begin"
	// BoundaryScan: no known start; the decodings from the first start
	// offsets that land exactly on pc are kept, and the window starts at
	// the earliest boundary they all share.
	BoundaryScan BoundaryMethod = "scan"
	// BoundaryFixedWidth: fixed 4-byte instructions (aarch64, Power):
	// every aligned word is a boundary.
	BoundaryFixedWidth BoundaryMethod = "fixed-width"
	// BoundaryNone: decoding was not possible.
	BoundaryNone BoundaryMethod = "none"
)

// Boundary is where decoding started and how that start was found.
type Boundary struct {
	Method BoundaryMethod `json:"method"`
	Start  Addr           `json:"start"`
	// Symbol is the function whose start Start is (BoundarySymbol only).
	Symbol string `json:"symbol,omitempty"`
	// FunctionStart is true when Start is the start of the function that
	// contains pc, so "not written since Start" means "as passed by the caller".
	FunctionStart bool   `json:"function_start"`
	Detail        string `json:"detail"`
}

// AccessKind is what the instruction does to memory.
type AccessKind string

const (
	AccessRead      AccessKind = "read"
	AccessWrite     AccessKind = "write"
	AccessReadWrite AccessKind = "read-write"
	AccessExecute   AccessKind = "execute"
	AccessPush      AccessKind = "stack-push"
	AccessPop       AccessKind = "stack-pop"
)

// Access is one memory access of the faulting instruction.
type Access struct {
	Kind AccessKind `json:"kind"`
	// Operand is the memory operand as written ("[rdi]", "[x1,#8]").
	Operand string `json:"operand"`
	// Address is the effective address computed from the logged registers;
	// valid only when HasAddress.
	Address    Addr `json:"address"`
	HasAddress bool `json:"has_address"`
	// Size in bytes; 0 when the decoder cannot tell.
	Size int `json:"size"`
	// Registers are the log names of the registers in the address.
	Registers []string `json:"registers,omitempty"`
	// Faulting is set on the access that si_addr (or the recovered
	// address) points into.
	Faulting bool `json:"faulting,omitempty"`
	// Why explains a missing address (unknown register, TLS segment, …).
	Why string `json:"why,omitempty"`
}

// Agreement compares si_addr with the computed accesses.
type Agreement string

const (
	// AgreeExact: si_addr equals an access's effective address.
	AgreeExact Agreement = "exact"
	// AgreeInside: si_addr lies inside an access (a page-crossing access
	// faults at the first byte of the missing page).
	AgreeInside Agreement = "inside-access"
	// AgreeGPZero: x86 general-protection fault; the kernel reports
	// si_addr 0, the real address is the operand's (non-canonical) one.
	AgreeGPZero Agreement = "gp-fault-si-addr-zero"
	// AgreeWindowsGP: Windows reports 0xffffffffffffffff for a
	// general-protection fault; the operand's address is non-canonical.
	AgreeWindowsGP Agreement = "gp-fault-si-addr-all-ones"
	// AgreeExecute: si_addr is pc: the fetch of the instruction faulted.
	AgreeExecute Agreement = "execute"
	// AgreePCSignal: SIGILL/SIGFPE/SIGTRAP report the instruction's own
	// address; si_addr is pc by definition.
	AgreePCSignal Agreement = "pc-signal"
	// AgreeSamePage: si_addr is the page of an access's address; s390x
	// reports fault addresses with page granularity only.
	AgreeSamePage Agreement = "same-page"
	// AgreeDiffers: no access explains si_addr.
	AgreeDiffers Agreement = "differs"
	// AgreeNotCompared: one side is missing.
	AgreeNotCompared Agreement = "not-compared"
)

// AddressClass classifies a fault address.
type AddressClass string

const (
	ClassNull         AddressClass = "null"          // exactly 0
	ClassNearNull     AddressClass = "near-null"     // 0 < a < 64 KiB: a field of a NULL struct
	ClassAllOnes      AddressClass = "all-ones"      // -1: a failed call's -1 / MAP_FAILED used as a pointer
	ClassNearAllOnes  AddressClass = "near-all-ones" // -1 minus < 64 KiB (or -1 plus an index)
	ClassNonCanonical AddressClass = "non-canonical" // outside the CPU's virtual address space
	ClassKernel       AddressClass = "kernel-space"  // canonical upper half, not near -1
	ClassStackGuard   AddressClass = "stack-guard-zone"
	ClassStack        AddressClass = "stack"    // inside the thread's stack, above the guard zone
	ClassMapped       AddressClass = "mapped"   // inside a Dynamic libraries mapping
	ClassUnmapped     AddressClass = "unmapped" // the memory map is complete and nothing covers it
	ClassUnknown      AddressClass = "unknown"  // no address, or no map to place it in
)

// FaultAddress is the fault address, where it came from and what it is.
type FaultAddress struct {
	Address Addr `json:"address"`
	// Source: "si_addr", "operand" (recovered from the decoded operand) or
	// "pc" (the pc of a SIGILL/SIGFPE/SIGTRAP, or an unreadable pc).
	Source string       `json:"source"`
	Class  AddressClass `json:"class"`
	// Delta is the distance from the class's reference point: the offset
	// from 0 (near-null), from -1 (near-all-ones, negative), from the stack
	// bottom (stack classes).
	Delta int64 `json:"delta,omitempty"`
	// Mapping is the Dynamic libraries entry containing the address.
	Mapping *Mapping `json:"mapping,omitempty"`
	// MappedLater is the anonymous mapping the map shows at an address
	// si_code SEGV_MAPERR says was unmapped at the fault (class unmapped).
	MappedLater *Mapping `json:"mapped_later,omitempty"`
	// PermissionConflict says why the access is not allowed by the
	// mapping's permissions ("write to r--p mapping").
	PermissionConflict string `json:"permission_conflict,omitempty"`
	Detail             string `json:"detail"`
	// Uncertain says why the class may be wrong (e.g. Windows reports -1
	// for general-protection faults too); "" when the class is firm.
	Uncertain string `json:"uncertain,omitempty"`
}

// Mapping is a memory-map entry quoted from Dynamic libraries.
type Mapping struct {
	Start Addr   `json:"start"`
	End   Addr   `json:"end"`
	Perms string `json:"perms,omitempty"`
	Path  string `json:"path,omitempty"`
	Line  int    `json:"line,omitempty"`
}

// RegisterUse is a register of the faulting address and its provenance.
type RegisterUse struct {
	// Name is the register as the log prints it ("RDI", "R0", "x0").
	Name string `json:"name"`
	// Role: "base", "index", "stack-pointer", or "source" for a register
	// another one was copied from.
	Role string `json:"role"`
	// Value is the register's value where it is used: the logged value, or
	// for a "source" register the value of the copy made from it.
	Value    Addr `json:"value"`
	HasValue bool `json:"has_value"`
	// ValueClass classifies the value like an address (null, all-ones, …).
	ValueClass AddressClass `json:"value_class,omitempty"`
	// WrittenBeforeFault: true when an instruction between the boundary and
	// pc writes the register (WrittenBy says which); false when none does
	// and the boundary is the function start; nil when it cannot be known.
	WrittenBeforeFault *bool  `json:"written_before_fault"`
	WrittenBy          string `json:"written_by,omitempty"`
	// WrittenAt is the address of the instruction WrittenBy describes.
	WrittenAt Addr `json:"written_at,omitempty"`
	// DerivedFrom is set when that instruction copies another register
	// (mov r, r / lea r, [src+offset]): the value is DerivedFrom +
	// DerivedOffset, and the next RegisterUse (role "source") traces it.
	DerivedFrom   string `json:"derived_from,omitempty"`
	DerivedOffset int64  `json:"derived_offset,omitempty"`
	// ABIArgument is the 1-based argument index under ABI when the register
	// is an argument register not written since the function start; 0 otherwise.
	ABIArgument int    `json:"abi_argument,omitempty"`
	Function    string `json:"function,omitempty"`
	// Caller is the next native frame: the function that passed the argument.
	Caller     string `json:"caller,omitempty"`
	CallerKind string `json:"caller_kind,omitempty"`
	CallerLine int    `json:"caller_line,omitempty"`
}

// Written reports the provenance tri-state as two booleans.
func (r RegisterUse) Written() (written, known bool) {
	if r.WrittenBeforeFault == nil {
		return false, false
	}
	return *r.WrittenBeforeFault, true
}

// Trap is a deliberate trap instruction at pc.
type Trap struct {
	// Kind: "ud2", "ud1", "ud0", "int3", "int", "brk", "udf", "hlt".
	Kind string `json:"kind"`
	// Immediate is the trap's immediate (brk #imm, udf #imm, int imm).
	Immediate   uint64 `json:"immediate,omitempty"`
	Instruction string `json:"instruction"`
}

// Divide is an integer division at pc.
type Divide struct {
	Op string `json:"op"` // div, idiv
	// Divisor is the divisor operand ("ecx", "qword ptr [rsi]").
	Divisor string `json:"divisor"`
	// DivisorValue is the divisor read from the registers (register
	// operands only); HasDivisorValue says whether it was available.
	DivisorValue    Addr `json:"divisor_value"`
	HasDivisorValue bool `json:"has_divisor_value"`
	// ByZero: the divisor is 0. Overflow: idiv of the most negative value by -1.
	ByZero   bool `json:"by_zero"`
	Overflow bool `json:"overflow"`
}

// divideWords says what the divisor was, for the evidence.
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

// ISAExtension is an instruction-set extension the instruction at pc needs.
type ISAExtension struct {
	// Extension uses /proc/cpuinfo spelling: avx, avx2, avx512f, bmi1, …
	Extension string `json:"extension"`
	// Encoding: "evex", "vex" or "legacy".
	Encoding    string `json:"encoding"`
	Instruction string `json:"instruction"`
	// InCPUFeatures: does the CPU: line (what the JVM detected) list it?
	// InCPUFlags: do the /proc/cpuinfo flags list it? nil when the log has
	// no such list.
	InCPUFeatures *bool `json:"in_cpu_features"`
	InCPUFlags    *bool `json:"in_cpu_flags"`
}

// StackFacts relate sp and the fault to the thread's stack bounds.
type StackFacts struct {
	Bottom Addr `json:"bottom"`
	Top    Addr `json:"top"`
	SP     Addr `json:"sp"`
	HasSP  bool `json:"has_sp"`
	// SPAboveBottom is sp - bottom (the free stack left), when sp is known.
	SPAboveBottom int64 `json:"sp_above_bottom,omitempty"`
	// SPInGuardZone: sp is within the guard span of the bottom.
	SPInGuardZone bool `json:"sp_in_guard_zone"`
	// PushOrCall: the faulting instruction pushes on the stack (push, call,
	// enter, stp with pre-index on sp, …).
	PushOrCall bool `json:"push_or_call"`
	// FaultInGuardZone: the fault address is in the guard span.
	FaultInGuardZone bool `json:"fault_in_guard_zone"`
}
