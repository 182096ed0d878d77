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

// markdownSpecial are the characters that start emphasis, links, images,
// HTML, headings, lists, tables, code or escapes somewhere in a line.
const markdownSpecial = "\\`*_{}[]()<>#+-.!|~&"

// MarkdownText returns s as literal Markdown text: each special character
// backslash-escaped (CommonMark allows a backslash before any ASCII
// punctuation), so that nothing in s becomes a link, image, HTML tag,
// heading or emphasis; control characters escaped as in Line.
func MarkdownText(s string) string {
	s = Line(s)
	if !strings.ContainsAny(s, markdownSpecial) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(markdownSpecial, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
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
