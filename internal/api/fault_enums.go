package api

// The fault analysis' enumerations are closed: a new value bumps the
// schema version, since scripts switch on them.

// DecodeStatus says how far decoding got.
type DecodeStatus string

// Decode statuses.
const (
	DecodeOK          DecodeStatus = "decoded"
	DecodeNoPC        DecodeStatus = "no-pc"
	DecodeNoDump      DecodeStatus = "no-dump"          // no Instructions: dump covering pc
	DecodeUnreadable  DecodeStatus = "unreadable-at-pc" // the dump printed ?? at pc
	DecodeUnsupported DecodeStatus = "unsupported-arch"
	DecodeInvalid     DecodeStatus = "invalid-at-pc"
)

// BoundaryMethod is how the decoder found an instruction boundary.
type BoundaryMethod string

// Boundary methods.
const (
	BoundarySymbol     BoundaryMethod = "symbol"      // the frame's symbol+offset
	BoundaryCodeBegin  BoundaryMethod = "code-begin"  // a compiled Java frame's code_begin
	BoundaryScan       BoundaryMethod = "scan"        // decodings that land on pc agree
	BoundaryFixedWidth BoundaryMethod = "fixed-width" // 4-byte instruction sets
	BoundaryNone       BoundaryMethod = "none"
)

// AccessKind is what an instruction does to memory.
type AccessKind string

// Access kinds.
const (
	AccessRead      AccessKind = "read"
	AccessWrite     AccessKind = "write"
	AccessReadWrite AccessKind = "read-write"
	AccessExecute   AccessKind = "execute"
	AccessPush      AccessKind = "stack-push"
	AccessPop       AccessKind = "stack-pop"
)

// Agreement compares si_addr with the computed accesses.
type Agreement string

// Agreements.
const (
	AgreeExact       Agreement = "exact"
	AgreeInside      Agreement = "inside-access"
	AgreeGPZero      Agreement = "gp-fault-si-addr-zero"
	AgreeWindowsGP   Agreement = "gp-fault-si-addr-all-ones"
	AgreeExecute     Agreement = "execute"
	AgreePCSignal    Agreement = "pc-signal"
	AgreeSamePage    Agreement = "same-page"
	AgreeDiffers     Agreement = "differs"
	AgreeNotCompared Agreement = "not-compared"
)

// AddressClass classifies a fault address or a register value.
type AddressClass string

// Address classes.
const (
	AddressNull         AddressClass = "null"
	AddressNearNull     AddressClass = "near-null"     // a field of a NULL struct
	AddressAllOnes      AddressClass = "all-ones"      // -1 used as a pointer
	AddressNearAllOnes  AddressClass = "near-all-ones" // -1 minus a little
	AddressNonCanonical AddressClass = "non-canonical"
	AddressKernel       AddressClass = "kernel-space"
	AddressStackGuard   AddressClass = "stack-guard-zone"
	AddressStack        AddressClass = "stack"
	AddressMapped       AddressClass = "mapped"
	AddressUnmapped     AddressClass = "unmapped"
	AddressUnknown      AddressClass = "unknown"
)
