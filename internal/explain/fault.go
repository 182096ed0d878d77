package explain

import "github.com/hserr/hserr/internal/rules"

// faultOf returns the fault analysis shared with the rules (nil until the
// fault package is wired in).
func faultOf(p *rules.Pass) any { return nil }

// faultLines renders the fault analysis for text and Markdown.
func faultLines(f any) []string { return nil }
