package taxonomy

import (
	"flag"
	"os"
	"regexp"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/taxonomy.md")

const doc = "../../docs/taxonomy.md"

// TestDocUpToDate keeps docs/taxonomy.md generated from classes.tsv.
func TestDocUpToDate(t *testing.T) {
	want := Markdown()
	if *update {
		if err := os.WriteFile(doc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("docs/taxonomy.md is stale: run go test ./internal/taxonomy -update")
	}
}

var idShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
var codeShape = regexp.MustCompile(`^[A-K][0-9]+$`)

func TestClassesWellFormed(t *testing.T) {
	codes := map[string]string{}
	for _, c := range All() {
		if !idShape.MatchString(c.ID) {
			t.Errorf("%q: ids are lower-case words joined by '-'", c.ID)
		}
		if !codeShape.MatchString(c.Code) {
			t.Errorf("%s: code %q is not an area letter and a number", c.ID, c.Code)
		}
		if other, dup := codes[c.Code]; dup {
			t.Errorf("%s and %s share code %s", c.ID, other, c.Code)
		}
		codes[c.Code] = c.ID
		if c.Area().String() == "area "+string(c.Area()) {
			t.Errorf("%s: area %c has no name", c.ID, c.Area())
		}
	}
	// Ids from the first published taxonomy: they may never disappear.
	for _, id := range []string{"jna-libffi-closure-alloc", "unchecked-mmap-failed", "jni-null-deref", "unknown-with-evidence", "report-truncated-or-secondary-fault", "external-signal", "native-deliberate-trap"} {
		if _, ok := Lookup(id); !ok {
			t.Errorf("published id %q is gone", id)
		}
	}
}

func TestLoadRejectsBadRows(t *testing.T) {
	for _, src := range []string{"a\tA1\n", "a\tA1\tx\na\tA2\ty\n", "\tA1\tx\n"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("load(%q) accepted a bad table", src)
				}
			}()
			load(src)
		}()
	}
}
