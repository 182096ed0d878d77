package sanitize

import (
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain thread":                    "plain thread",
		"tab\there":                       "tab\there",
		"\x1b]0;pwned\x07title":           `\x1b]0;pwned\x07title`,
		"\x1b]8;;http://x\x1b\\link":      `\x1b]8;;http://x\x1b\link`,
		"over\rwrite":                     `over\rwrite`,
		"back\bspace\x00nul\x7fdel":       `back\x08space\x00nul\x7fdel`,
		"two\nlines":                      `two\nlines`,
		"caf\xe9":                         `caf\xe9`,
		"naïve ✓":                         "naïve ✓",
		"evil\u202etxt.exe":               `evil\u202etxt.exe`,
		"c1\u009bcsi":                     `c1\x9bcsi`,
		"zero\u200bwidth":                 `zero\u200bwidth`,
		"ünïcode then \x1b[31mred\x1b[0m": `ünïcode then \x1b[31mred\x1b[0m`,
		"ünïcode then newline\n":          `ünïcode then newline\n`,
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Text("a\nb\x1bc"); got != "a\nb\\x1bc" {
		t.Errorf("Text kept the wrong things: %q", got)
	}
}

// No output of Line may contain a byte a terminal acts on.
func TestLineNeverEmitsControls(t *testing.T) {
	var all strings.Builder
	for c := 0; c < 256; c++ {
		all.WriteByte(byte(c))
	}
	all.WriteString("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u0085\ufeff")
	out := Line(all.String())
	for i := 0; i < len(out); i++ {
		if c := out[i]; c < 0x20 && c != '\t' || c == 0x7f {
			t.Fatalf("control byte %#x survives at %d: %q", c, i, out)
		}
	}
	for _, r := range out {
		if unsafeRune(r) && r != '\t' {
			t.Fatalf("rune %U survives", r)
		}
	}
}

func TestCodeSpan(t *testing.T) {
	for in, want := range map[string]string{
		"main":             "`main`",
		"a`b":              "``a`b``",
		"`x`":              "`` `x` ``",
		"run ``` fences":   "````run ``` fences````",
		"":                 "` `",
		"x\x1b[2Jy":        "`x\\x1b[2Jy`",
		"[link](http://e)": "`[link](http://e)`",
	} {
		if got := CodeSpan(in); got != want {
			t.Errorf("CodeSpan(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCodeBlock(t *testing.T) {
	got := CodeBlock("line\n```\nescaped?\n", "text")
	if !strings.HasPrefix(got, "````text\n") || !strings.HasSuffix(got, "\n````\n") {
		t.Errorf("fence not longer than the content's: %q", got)
	}
}

func TestMarkdownText(t *testing.T) {
	for in, want := range map[string]string{
		"Thread-1 in libjvm.so (pid 3)": "Thread-1 in libjvm.so (pid 3)",
		"![img](http://x/a.png)":        `\!\[img\](http://x/a.png)`,
		"[link](javascript:alert(1))":   `\[link\](javascript:alert(1))`,
		"<script>alert(1)</script>":     `\<script\>alert(1)\</script\>`,
		"# heading":                     `\# heading`,
		"- item":                        `\- item`,
		"12. ordered":                   `12\. ordered`,
		"> quote":                       `\> quote`,
		"a|b":                           `a\|b`,
		"&amp;":                         `\&amp;`,
		"init_header *p ~x~":            `init\_header \*p \~x\~`,
		"plain words":                   "plain words",
	} {
		if got := MarkdownText(in); got != want {
			t.Errorf("MarkdownText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1":                       "'+1",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tx":                      "'\tx",
		"libjvm.so":                "libjvm.so",
		"":                         "",
		"a\x1bb":                   `a\x1bb`,
	} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkLineClean(b *testing.B) {
	s := strings.Repeat("JavaThread \"main\" [_thread_in_native, id=15261] ", 4)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_ = Line(s)
	}
}
