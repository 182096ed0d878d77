package rules

import (
	"bufio"
	"embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

//go:embed data/*.tsv
var dataFS embed.FS

// Lib is a catalogue entry for a library name.
type Lib struct {
	Kind  string // jvm, jdk, system, libc, jna, agent, gpu, … ("" = third-party)
	Owner string
}

type libRow struct {
	re *regexp.Regexp
	Lib
}

type frameRow struct {
	tag string
	re  *regexp.Regexp
}

var (
	libRows   = loadLibs()
	frameRows = loadFrames()
)

// tsv reads a tab-separated data file, skipping comments and blank lines.
func tsv(name string, cols int) [][]string {
	f, err := dataFS.Open("data/" + name)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		t := sc.Text()
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		r := strings.Split(t, "\t")
		if len(r) < cols {
			panic(fmt.Sprintf("data/%s:%d: want %d columns, got %d", name, n, cols, len(r)))
		}
		rows = append(rows, r)
	}
	return rows
}

func loadLibs() []libRow {
	var out []libRow
	for _, r := range tsv("libraries.tsv", 3) {
		out = append(out, libRow{regexp.MustCompile(r[0]), Lib{Kind: r[1], Owner: r[2]}})
	}
	return out
}

func loadFrames() []frameRow {
	var out []frameRow
	for _, r := range tsv("frames.tsv", 2) {
		out = append(out, frameRow{r[0], regexp.MustCompile(r[1])})
	}
	return out
}

// libBase is path.Base(strings.ReplaceAll(p, `\`, "/")): the file name of a
// Unix or Windows path, without the copy ReplaceAll makes of Windows paths.
func libBase(p string) string {
	if p == "" {
		return "."
	}
	for len(p) > 0 && (p[len(p)-1] == '/' || p[len(p)-1] == '\\') {
		p = p[:len(p)-1]
	}
	if i := max(strings.LastIndexByte(p, '/'), strings.LastIndexByte(p, '\\')); i >= 0 {
		p = p[i+1:]
	}
	if p == "" {
		return "/"
	}
	return p
}

// LookupLib classifies a library path or name; Kind "" means third-party.
func LookupLib(name string) Lib {
	base := libBase(name)
	return libCache.Do(base, func(base string) Lib {
		for _, r := range libRows {
			if r.re.MatchString(base) {
				return r.Lib
			}
		}
		return Lib{}
	})
}

// FrameTags returns the frame-pattern tags that match a frame. The result
// is shared: callers must not modify it.
func FrameTags(f model.Frame) []string { return frameTags(&f) }

// frameTags looks the frame's text up as printed first: a fleet repeats
// whole frame lines, and a hit skips stripHex and its allocation.
func frameTags(f *model.Frame) []string {
	text := f.Text
	if text == "" {
		text = frameText(*f)
	}
	if tags, ok := frameLineCache.Get(text); ok {
		return tags
	}
	tags := frameTagCache.Do(stripHex(text), matchFrameRows)
	frameLineCache.Put(text, tags)
	return tags
}

// matchFrameRows returns the tags of the frame patterns that match text.
func matchFrameRows(text string) []string {
	var tags []string
	for _, r := range frameRows {
		if r.re.MatchString(text) {
			tags = append(tags, r.tag)
		}
	}
	return tags
}

// frameText is the text the frame patterns see: the printed frame, or the
// decoded pieces when the line text is missing.
func frameText(f model.Frame) string {
	if f.Text != "" {
		return f.Text
	}
	var b strings.Builder
	for _, s := range []string{f.Library, f.Symbol, f.Method, f.Stub} {
		if s != "" {
			b.WriteString(s + " ")
		}
	}
	if f.Symbol != "" {
		b.WriteString(f.Symbol + "+")
	}
	return b.String()
}

// IsSystemKind reports kinds that are never the culprit by themselves.
func IsSystemKind(k string) bool {
	return k == "jvm" || k == "jdk" || k == "system" || k == "libc" || k == "musl"
}
