package signature

import (
	"github.com/hserr/hserr/internal/memo"

	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// The default lists. They are plain text so that users can read them (and
// `hserr triage --rules DIR` can replace them with edited copies).
//
//go:embed lists/*.txt
var listFS embed.FS

// Rule file names inside a rules directory.
const (
	IrrelevantFile = "irrelevant.txt"
	CollapseFile   = "collapse.txt"
	SystemFile     = "system.txt"
)

// Rules are the editable lists the algorithm uses.
type Rules struct {
	// Irrelevant frames are skipped (matched against the normalised function).
	Irrelevant []*regexp.Regexp
	// ModuleCollapse and JavaCollapse rewrite random parts of names.
	ModuleCollapse []Replace
	JavaCollapse   []Replace
	// System modules never end a signature on their own.
	System []*regexp.Regexp
	// Source says where the lists came from: "builtin" or a directory.
	Source string
	// fingerprint is a short hash of the list texts; it is part of the
	// algorithm id so that edited lists never share group ids with the
	// built-in ones.
	fingerprint string
	// the lists are regexes over names that repeat across a fleet: their
	// answers are remembered (bounded), per set of lists.
	irrelevantMemo, systemMemo *memo.Cache[bool]
	// frameMemo holds normalised frames by frame line.
	frameMemo *memo.Cache[normalised]
	// alg is AlgorithmID, computed once (it is asked for every log).
	algOnce sync.Once
	alg     string
}

// Replace is one collapse rule.
type Replace struct {
	Re   *regexp.Regexp
	With string
	Line int
}

var (
	defaultOnce  sync.Once
	defaultRules *Rules
	defaultErr   error
)

// DefaultRules returns the built-in lists. It panics only if the embedded
// lists do not compile, which a unit test guards.
func DefaultRules() *Rules {
	defaultOnce.Do(func() {
		defaultRules, defaultErr = loadRules(listFS, "lists", "builtin")
	})
	if defaultErr != nil {
		panic(defaultErr)
	}
	return defaultRules
}

// LoadRules reads irrelevant.txt, collapse.txt and system.txt from dir. A file
// missing from dir falls back to the built-in one. Use WriteDefaultRules to get
// editable copies.
//
// A directory that does not exist, or holds none of the three files, is an
// error rather than a silent run with the built-in lists.
func LoadRules(dir string) (*Rules, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	found := false
	for _, name := range []string{IrrelevantFile, CollapseFile, SystemFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("%s holds none of %s, %s, %s (hserr triage --write-rules %s writes them)", dir, IrrelevantFile, CollapseFile, SystemFile, dir)
	}
	return loadRules(overlayFS{dir: dir}, ".", dir)
}

// WriteDefaultRules writes the built-in lists into dir for editing. A file
// already there is left alone when it differs from the built-in list (it
// may hold the user's edits), and reported.
func WriteDefaultRules(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var kept []string
	for _, name := range []string{IrrelevantFile, CollapseFile, SystemFile} {
		b, err := listFS.ReadFile("lists/" + name)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, name)
		if old, err := os.ReadFile(path); err == nil {
			if string(old) != string(b) {
				kept = append(kept, path)
			}
			continue
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, werr := f.Write(b)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return werr
		}
	}
	if len(kept) > 0 {
		return fmt.Errorf("not overwritten, they differ from the built-in lists (edited?): %s; remove them or choose another directory", strings.Join(kept, ", "))
	}
	return nil
}

// overlayFS reads from a directory and falls back to the embedded lists.
type overlayFS struct{ dir string }

func (o overlayFS) Open(name string) (fs.File, error) {
	f, err := os.Open(filepath.Join(o.dir, filepath.FromSlash(name)))
	if err == nil {
		return f, nil
	}
	if os.IsNotExist(err) {
		return listFS.Open("lists/" + name)
	}
	return nil, err
}

func loadRules(fsys fs.FS, dir, source string) (*Rules, error) {
	r := &Rules{Source: source, irrelevantMemo: memo.New[bool](1 << 15), systemMemo: memo.New[bool](1 << 12),
		frameMemo: memo.New[normalised](1 << 15)}
	h := sha256.New()
	read := func(name string) ([]string, error) {
		b, err := fs.ReadFile(fsys, pathJoin(dir, name))
		if err != nil {
			return nil, fmt.Errorf("signature rules: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%s\x00", name, b)
		var lines []string
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		return lines, sc.Err()
	}
	lines, err := read(IrrelevantFile)
	if err != nil {
		return nil, err
	}
	if r.Irrelevant, err = compileList(IrrelevantFile, lines); err != nil {
		return nil, err
	}
	if lines, err = read(SystemFile); err != nil {
		return nil, err
	}
	if r.System, err = compileList(SystemFile, lines); err != nil {
		return nil, err
	}
	if lines, err = read(CollapseFile); err != nil {
		return nil, err
	}
	for i, ln := range lines {
		t := strings.TrimSpace(ln)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		kind, rest, ok := strings.Cut(t, ":")
		if !ok || (kind != "module" && kind != "java") {
			return nil, fmt.Errorf("%s:%d: want \"module: REGEX => REPLACEMENT\" or \"java: …\"", CollapseFile, i+1)
		}
		rest = strings.TrimSpace(rest)
		k := strings.LastIndex(rest, " =>")
		if k < 0 {
			return nil, fmt.Errorf("%s:%d: missing \" => \"", CollapseFile, i+1)
		}
		pat, with := strings.TrimSpace(rest[:k]), strings.TrimSpace(rest[k+3:])
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", CollapseFile, i+1, err)
		}
		if ref := repeatedRef(with); ref != "" {
			return nil, fmt.Errorf("%s:%d: the replacement repeats %s: a collapse rule shortens names, and repeating captured text could grow them without bound", CollapseFile, i+1, ref)
		}
		if len(r.ModuleCollapse)+len(r.JavaCollapse) >= maxRules {
			return nil, fmt.Errorf("%s:%d: more than %d collapse rules", CollapseFile, i+1, maxRules)
		}
		rep := Replace{Re: re, With: with, Line: i + 1}
		if kind == "module" {
			r.ModuleCollapse = append(r.ModuleCollapse, rep)
		} else {
			r.JavaCollapse = append(r.JavaCollapse, rep)
		}
	}
	r.fingerprint = hex.EncodeToString(h.Sum(nil))[:12]
	return r, nil
}

func pathJoin(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return dir + "/" + name
}

// Bounds on user-supplied lists.
const (
	maxRules = 2000 // per list
	// collapse output never exceeds its input by more than this
	maxCollapseGrowth = 64
)

// repeatedRef returns a capture reference ($1, ${name}) that a replacement
// template uses more than once ("" if none): repeating captured text is how
// a collapse rule grows a name instead of shortening it.
func repeatedRef(tmpl string) string {
	seen := map[string]bool{}
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '$' || i+1 >= len(tmpl) {
			continue
		}
		if tmpl[i+1] == '$' { // $$ is a literal dollar
			i++
			continue
		}
		j := i + 1
		var ref string
		if tmpl[j] == '{' {
			k := strings.IndexByte(tmpl[j:], '}')
			if k < 0 {
				continue
			}
			ref, i = tmpl[j+1:j+k], j+k
		} else {
			k := j
			for k < len(tmpl) && (tmpl[k] == '_' || tmpl[k] >= '0' && tmpl[k] <= '9' || tmpl[k] >= 'a' && tmpl[k] <= 'z' || tmpl[k] >= 'A' && tmpl[k] <= 'Z') {
				k++
			}
			ref, i = tmpl[j:k], k-1
		}
		if ref == "" {
			continue
		}
		if seen[ref] {
			return "$" + ref
		}
		seen[ref] = true
	}
	return ""
}

func compileList(name string, lines []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for i, ln := range lines {
		t := strings.TrimSpace(ln)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if len(out) >= maxRules {
			return nil, fmt.Errorf("%s:%d: more than %d rules", name, i+1, maxRules)
		}
		re, err := regexp.Compile(t)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, i+1, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// AlgorithmID names the algorithm and lists: "1" for the built-in lists,
// "1+rules:abcdef123456" for edited ones.
func (r *Rules) AlgorithmID() string {
	r.algOnce.Do(func() {
		if r == DefaultRules() || r.fingerprint == DefaultRules().fingerprint {
			r.alg = fmt.Sprint(Version)
		} else {
			r.alg = fmt.Sprintf("%d+rules:%s", Version, r.fingerprint)
		}
	})
	return r.alg
}

func (r *Rules) irrelevant(fn string) bool {
	return r.irrelevantMemo.Do(fn, func(fn string) bool { return anyMatch(r.Irrelevant, fn) })
}

func (r *Rules) system(module string) bool {
	return r.systemMemo.Do(module, func(module string) bool { return anyMatch(r.System, module) })
}

func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// applyCollapse rewrites s with each matching rule. The result is capped
// just above the input's length: the rules are meant to shorten names, and
// a rule that grows them (an edited list) must not multiply memory.
func applyCollapse(rules []Replace, s string) string {
	limit := len(s) + maxCollapseGrowth
	for _, c := range rules {
		if c.Re.MatchString(s) {
			s = c.Re.ReplaceAllString(s, c.With)
			if len(s) > limit {
				s = s[:limit]
			}
		}
	}
	return s
}
