// Package fault analyses the faulting instruction of an hs_err log: it
// disassembles the Instructions: dump (x86-64, x86 and aarch64, with
// golang.org/x/arch), computes the memory accesses of the instruction at pc
// from the logged registers, classifies the fault address, and traces the
// registers that form the address back to the function's arguments.
//
// Everything is gated on what the log has. When a step cannot be done (no
// dump, no registers, no symbol, an architecture without a decoder) the
// Analysis says so in Notes instead of guessing.
package fault
