// Package taxonomy is the list of crash-class ids hserr reports: a contract
// with every script that reads `verdict.class` from hserr's JSON. Ids are
// added freely and never renamed or reused. The list lives in classes.tsv;
// docs/taxonomy.md is generated from it (go test ./internal/taxonomy -update).
package taxonomy

import (
	_ "embed"
	"fmt"
	"strings"
)

// Area groups classes by where the crash comes from; the letter prefixes
// each class's area code (A4, C1, …).
type Area byte

// The areas, by the letter of their codes.
const (
	AreaNative   Area = 'A'
	AreaFiles    Area = 'B'
	AreaMemory   Area = 'C'
	AreaJVM      Area = 'D'
	AreaUnsafe   Area = 'E'
	AreaAgents   Area = 'F'
	AreaDesktop  Area = 'G'
	AreaPlatform Area = 'H'
	AreaRuntime  Area = 'J'
	AreaLog      Area = 'K'
)

var areaNames = map[Area]string{
	AreaNative:   "native code and JNI",
	AreaFiles:    "mapped files and file-backed memory",
	AreaMemory:   "native memory and resource limits",
	AreaJVM:      "the JVM itself: JIT, GC, VM operations",
	AreaUnsafe:   "Unsafe and off-heap memory",
	AreaAgents:   "agents and profilers",
	AreaDesktop:  "desktop, graphics and embedded browsers",
	AreaPlatform: "platform and configuration",
	AreaRuntime:  "other runtimes",
	AreaLog:      "log quality and no verdict",
}

// String names the area.
func (a Area) String() string {
	if n, ok := areaNames[a]; ok {
		return n
	}
	return "area " + string(a)
}

// Class is one crash class.
type Class struct {
	ID      string `json:"id"`
	Code    string `json:"code"`    // area letter and number, e.g. "A1"
	Meaning string `json:"meaning"` // one line
}

// Area returns the class's area.
func (c Class) Area() Area {
	if c.Code == "" {
		return 0
	}
	return Area(c.Code[0])
}

//go:embed classes.tsv
var classesTSV string

var all, byID = load(classesTSV)

func load(src string) ([]Class, map[string]Class) {
	var list []Class
	idx := map[string]Class{}
	for n, line := range strings.Split(src, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[0] == "" || len(f[1]) < 2 || f[2] == "" {
			panic(fmt.Sprintf("taxonomy/classes.tsv:%d: want id, code, meaning", n+1))
		}
		if _, dup := idx[f[0]]; dup {
			panic(fmt.Sprintf("taxonomy/classes.tsv:%d: id %q twice", n+1, f[0]))
		}
		c := Class{ID: f[0], Code: f[1], Meaning: f[2]}
		list = append(list, c)
		idx[c.ID] = c
	}
	return list, idx
}

// All returns every class in the file's order (a copy).
func All() []Class { return append([]Class(nil), all...) }

// Lookup finds a class by id.
func Lookup(id string) (Class, bool) {
	c, ok := byID[id]
	return c, ok
}
