package explain

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/parse"
)

// hostileName goes where a crafted log can put text: the thread name and
// the faulting function. It carries Markdown and HTML that would turn live
// in an issue, a backtick run that would end code spans, and terminal
// escapes.
const hostileName = "x`` ``` <img src=x onerror=alert(1)> ![i](http://e/i.png) [l](http://e) <script>alert(2)</script> | *b* _i_ \x1b]0;title\x07\x1b[2J\r"

func hostileReport(t *testing.T) *Report {
	t.Helper()
	log := strings.ReplaceAll(string(example.Log), "init_header", hostileName)
	log = strings.ReplaceAll(log, `JavaThread "main"`, `JavaThread "`+hostileName+`"`)
	return Build(parse.ParseBytes([]byte(log)))
}

func TestHostileLogText(t *testing.T) {
	var b bytes.Buffer
	if err := hostileReport(t).WriteText(&b, true); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// our own colour codes are SGR sequences "\x1b[...m"; nothing else may
	// reach the terminal
	for i := 0; i < len(out); i++ {
		c := out[i]
		if c == 0x1b {
			j := i + 2
			for j < len(out) && (out[j] >= '0' && out[j] <= '9' || out[j] == ';') {
				j++
			}
			if i+1 >= len(out) || out[i+1] != '[' || j >= len(out) || out[j] != 'm' {
				t.Fatalf("a raw escape sequence from the log at %d: %q", i, out[i:min(i+20, len(out))])
			}
			continue
		}
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			t.Fatalf("raw control byte %#x at %d", c, i)
		}
	}
	if !strings.Contains(out, `\x1b]0;title\x07`) {
		t.Errorf("the escapes are not shown visibly:\n%s", out)
	}
}

func TestHostileLogMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := hostileReport(t).WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	src := b.Bytes()
	if bytes.ContainsAny(src, "\x1b\x07\r\x00") {
		t.Fatal("control characters in the Markdown")
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	doc := md.Parser().Parse(text.NewReader(src))
	var found []string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch hb := n.(type) {
		case *ast.HTMLBlock:
			// only our own folding: <details>, <summary>…</summary>, </details>
			if h := htmlBlockText(hb, src); !ourFolding(h) {
				found = append(found, "HTMLBlock: "+h)
			}
		case *ast.Link, *ast.Image, *ast.AutoLink, *ast.RawHTML, *ast.Emphasis, *east.Strikethrough:
			found = append(found, n.Kind().String()+": "+string(n.Text(src)))
		}
		return ast.WalkContinue, nil
	})
	// the report's own bold ("**class**") is the only emphasis it writes
	var unexpected []string
	for _, f := range found {
		if !strings.HasPrefix(f, "Emphasis: ") || strings.Contains(f, "onerror") || strings.Contains(f, "alert") {
			unexpected = append(unexpected, f)
		}
	}
	if len(unexpected) > 0 {
		t.Errorf("log text became live Markdown: %q\n%s", unexpected, src)
	}
	// the table stays a table with two cells per row
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if row, ok := n.(*east.TableRow); ok && entering && row.ChildCount() != 2 {
			t.Errorf("a table row has %d cells: %q", row.ChildCount(), row.Text(src))
		}
		return ast.WalkContinue, nil
	})
}

func htmlBlockText(n *ast.HTMLBlock, src []byte) string {
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(src))
	}
	return b.String()
}

func ourFolding(h string) bool {
	for _, line := range strings.Split(strings.TrimSpace(h), "\n") {
		switch line := strings.TrimSpace(line); {
		case line == "<details>", line == "</details>", line == "":
		case strings.HasPrefix(line, "<summary>") && strings.HasSuffix(line, "</summary>") && !strings.ContainsAny(strings.TrimSuffix(strings.TrimPrefix(line, "<summary>"), "</summary>"), "<>"):
		default:
			return false
		}
	}
	return true
}
