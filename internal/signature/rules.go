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
func LoadRules(dir string) (*Rules, error) {
	return loadRules(overlayFS{dir: dir}, ".", dir)
}

// WriteDefaultRules writes the built-in lists into dir for editing.
func WriteDefaultRules(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{IrrelevantFile, CollapseFile, SystemFile} {
		b, err := listFS.ReadFile("lists/" + name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
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

func compileList(name string, lines []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for i, ln := range lines {
		t := strings.TrimSpace(ln)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
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

func applyCollapse(rules []Replace, s string) string {
	for _, c := range rules {
		if c.Re.MatchString(s) {
			s = c.Re.ReplaceAllString(s, c.With)
		}
	}
	return s
}
