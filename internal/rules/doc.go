// Package rules is hserr's rule base: one small rule per crash class.
//
// The shape follows golang.org/x/tools/go/analysis. A Fact is a value
// computed once per log (the fault analysis, the signal reading, the stack
// classification) that any number of rules may require; a Rule reads the
// log and the facts it requires and returns zero or more Findings. Rules
// are code where they reason (registers, memory figures, thread kinds) and
// data where they are only patterns: the library catalogue and the frame
// patterns live in data/*.tsv, embedded at build time.
//
// Run applies every rule; Decide picks one verdict (the strongest root-cause
// finding, or unknown-with-evidence) and keeps the rest as findings.
package rules
