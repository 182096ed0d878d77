package explain

import (
	"github.com/hserr/hserr/internal/fault"
)

// faultLines renders the fault analysis for text and Markdown.
func faultLines(a *fault.Analysis) []string { return a.Lines() }
