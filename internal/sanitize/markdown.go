package sanitize

import "strings"

// CodeSpan returns s as a Markdown inline code span that s cannot end
// early: the fence is one backtick longer than the longest run of backticks
// in s (CommonMark 6.1), with a space inside each fence when s starts or
// ends with a backtick or a space. Control characters are escaped first
// (Line), so the span stays on one line.
func CodeSpan(s string) string {
	s = Line(s)
	if s == "" {
		return "` `"
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if s[0] == '`' || s[len(s)-1] == '`' || s[0] == ' ' && s[len(s)-1] == ' ' {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// CodeBlock returns text as a fenced Markdown code block whose fence is
// longer than any backtick run inside it (so the text cannot close it), with
// an optional info string (e.g. "text"). Newlines are kept, other control
// characters escaped (Text).
func CodeBlock(text, info string) string {
	text = Text(text)
	n := longestRun(text, '`') + 1
	if n < 3 {
		n = 3
	}
	fence := strings.Repeat("`", n)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return fence + info + "\n" + text + fence + "\n"
}

// inlineSpecial start emphasis, code, links, images, HTML, entities,
// strikethrough, table cells or escapes anywhere in a line.
const inlineSpecial = "\\`*_[]<>|~&!"

// MarkdownText returns s as literal Markdown text: characters that start
// inline markup are backslash-escaped (CommonMark allows a backslash before
// any ASCII punctuation), and so is a block marker at the start (a heading
// '#', a list '-', '+' or "1.", a quote '>'), so that nothing in s becomes a
// link, an image, an HTML tag, a heading or emphasis. Control characters are
// escaped as in Line. Ordinary punctuation ('.', '-', '(') inside the text is
// left alone, so the raw Markdown stays readable.
func MarkdownText(s string) string {
	s = Line(s)
	lead := blockMarker(s)
	if lead == 0 && !strings.ContainsAny(s, inlineSpecial) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if i == lead-1 || strings.IndexByte(inlineSpecial, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// blockMarker returns 1 + the index of the character that would open a
// block (heading, list item, quote, ordered list) at the start of s, or 0.
func blockMarker(s string) int {
	i := 0
	for i < len(s) && i < 3 && s[i] == ' ' {
		i++
	}
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case '#', '-', '+', '>', '=':
		return i + 1
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > i && j < len(s) && (s[j] == '.' || s[j] == ')') {
		return j + 1
	}
	return 0
}

func longestRun(s string, c byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			cur++
			if cur > best {
				best = cur
			}
		} else {
			cur = 0
		}
	}
	return best
}
