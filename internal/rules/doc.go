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
//
// Three rules of the rule base, each enforced by a test:
//   - A rule rests only on evidence that separates a crashing JVM from a
//     healthy one (healthy_test.go weaves what healthy JVMs log into
//     neutral logs: no root cause may quote it or move the verdict).
//   - A rule speaks of the OS and CPU its log is from: Rule.OS keeps it off
//     other systems' logs, byOS/byArch pick remedies (platform_words_test.go).
//   - The fault address is classified once, by package fault; rules read
//     that class (SigFact), never their own.
package rules
