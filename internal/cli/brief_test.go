package cli

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/hserr/hserr/internal/corpus"
)

// The default answer is the right size: the example fits in 30 lines, ends
// with the terms it used explained, and quotes no log line twice.
func TestBriefAnswer(t *testing.T) {
	_, out, _ := run(t, nil, "explain", "--example")
	if n := strings.Count(out, "\n"); n > 30 {
		t.Errorf("the example's answer is %d lines, want at most 30:\n%s", n, out)
	}
	for _, want := range []string{"VERDICT", "Evidence", "Why", "Fault:", "Remedy", "Terms", "SEGV_MAPERR: nothing is mapped"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "decoded (boundary") {
		t.Error("the listing belongs to --verbose")
	}
	_, out, _ = run(t, nil, "explain", "--example", "--no-glossary")
	if strings.Contains(out, "Terms") {
		t.Error("--no-glossary kept the terms")
	}
	_, out, _ = run(t, nil, "explain", "--example", "-v")
	for _, want := range []string{"decoded (boundary", "=> +0x4"} {
		if !strings.Contains(out, want) {
			t.Errorf("-v lacks %q", want)
		}
	}
}

// No block of the log is quoted twice, in text or Markdown, on any corpus
// log: a finding's evidence that the verdict already quoted is left out.
func TestNoRepeatedEvidence(t *testing.T) {
	for _, p := range corpus.Logs(t) {
		for _, args := range [][]string{{"explain", "-v", "--no-glossary", p}, {"explain", "-o", "markdown", "--no-redact", p}} {
			_, out, _ := run(t, nil, args...)
			seen := map[string]bool{}
			for _, line := range strings.Split(out, "\n") {
				l := strings.TrimSpace(line)
				if !strings.HasPrefix(l, "L") || len(l) < 3 || l[1] < '0' || l[1] > '9' {
					continue
				}
				if seen[l] {
					t.Errorf("%s %v: line quoted twice: %s", p, args[:2], l)
				}
				seen[l] = true
			}
		}
	}
}

// The Markdown renders as intended on GitHub: the long fault analysis sits
// in <details>, headings are ours.
func TestMarkdownStructure(t *testing.T) {
	_, out, _ := run(t, nil, "explain", "--example", "-o", "markdown")
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader([]byte(out)))
	var headings []string
	details := false
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, string(n.Text([]byte(out))))
		case *ast.HTMLBlock:
			if strings.Contains(string(n.Lines().Value([]byte(out))), "<details>") {
				details = true
			}
		}
		return ast.WalkContinue, nil
	})
	if !details {
		t.Error("no <details> block for the fault analysis")
	}
	if len(headings) < 3 || !strings.HasPrefix(headings[0], "Verdict") {
		t.Errorf("headings %q", headings)
	}
}
