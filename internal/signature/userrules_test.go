package signature

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadRulesRefusesMissingOrEmptyDir(t *testing.T) {
	if _, err := LoadRules(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("a missing directory was accepted")
	}
	empty := t.TempDir()
	if _, err := LoadRules(empty); err == nil || !strings.Contains(err.Error(), "none of") {
		t.Errorf("an empty directory: %v", err)
	}
	partial := t.TempDir()
	os.WriteFile(filepath.Join(partial, SystemFile), []byte("^libfoo\\.so$\n"), 0o644)
	if _, err := LoadRules(partial); err != nil {
		t.Errorf("a directory with one list (the others built in): %v", err)
	}
}

func TestWriteDefaultRulesKeepsEdits(t *testing.T) {
	dir := t.TempDir()
	if err := WriteDefaultRules(dir); err != nil {
		t.Fatal(err)
	}
	if err := WriteDefaultRules(dir); err != nil {
		t.Errorf("rewriting unedited lists: %v", err)
	}
	edited := filepath.Join(dir, CollapseFile)
	mine := "module: ^mylib-[0-9]+\\.so$ => mylib.so\n"
	os.WriteFile(edited, []byte(mine), 0o644)
	err := WriteDefaultRules(dir)
	if err == nil || !strings.Contains(err.Error(), CollapseFile) {
		t.Errorf("edited list: err = %v", err)
	}
	if b, _ := os.ReadFile(edited); string(b) != mine {
		t.Error("the edited list was overwritten")
	}
}

func TestExplosiveCollapseRules(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, CollapseFile), []byte("# mine\nmodule: ^(.*)$ => $1$1$1$1$1$1$1$1\n"), 0o644)
	_, err := LoadRules(dir)
	if err == nil || !strings.Contains(err.Error(), CollapseFile+":2") || !strings.Contains(err.Error(), "$1") {
		t.Errorf("an exploding rule: err = %v", err)
	}
	for _, ok := range []string{"$1$2", "${1}x${name}", "$$1$1", "jna<N>.tmp"} {
		if r := repeatedRef(ok); r != "" {
			t.Errorf("repeatedRef(%q) = %q", ok, r)
		}
	}
	for _, bad := range []string{"$1$1", "${a}-${a}", "$x$x"} {
		if repeatedRef(bad) == "" {
			t.Errorf("repeatedRef(%q) missed the repeat", bad)
		}
	}
}

// Even a rule that gets past the load check (growth through distinct,
// overlapping groups) cannot multiply a name: the output is capped.
func TestCollapseOutputBounded(t *testing.T) {
	r, err := loadRulesFromText(t, "module: ^((((.*))))$ => $1$2$3$4\nmodule: ^((((.*))))$ => $1$2$3$4\nmodule: ^((((.*))))$ => $1$2$3$4\n")
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Repeat("a", 1000)
	start := time.Now()
	out := applyCollapse(r.ModuleCollapse, in)
	if len(out) > len(in)+maxCollapseGrowth {
		t.Errorf("collapse grew %d bytes to %d", len(in), len(out))
	}
	if time.Since(start) > 5*time.Second {
		t.Error("collapse took too long")
	}
}

func loadRulesFromText(t *testing.T, collapse string) (*Rules, error) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, CollapseFile), []byte(collapse), 0o644)
	return LoadRules(dir)
}
