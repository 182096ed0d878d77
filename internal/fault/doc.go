// Package fault analyses the faulting instruction of an hs_err log: it
// disassembles the Instructions: dump (x86-64, x86, aarch64, ppc64,
// ppc64le and s390x, with golang.org/x/arch), computes the memory accesses
// of the instruction at pc from the logged registers, classifies the fault
// address, and traces the registers that form the address back to the
// function's arguments.
//
// Each architecture is a machine (insn.go): x86.go, arm64.go, ppc64.go and
// s390x.go decode; the files beside them (x86_access.go, arm64_effects.go,
// ppc64_effects.go and ppc64_mem.go, s390x_effects.go, …) say which
// registers an instruction writes and which memory it touches. Register writes follow
// the ISA's operand order (the target first on Arm, Power and s390x), with
// tables for the exceptions (stores, compares, traps, register pairs);
// instructions that use registers their operands do not name, and bytes
// that do not decode, make provenance unknown rather than guessed.
//
// Everything is gated on what the log has. When a step cannot be done (no
// dump, no registers, no symbol, an architecture without a decoder) the
// Analysis says so in Notes instead of guessing.
package fault
