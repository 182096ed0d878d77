package api_test

import (
	"path/filepath"
	"testing"

	"github.com/hserr/hserr/docs/schema"
	"github.com/hserr/hserr/internal/example"
)

// Whatever the input, explain and parse output validate against their
// closed schemas and the conversion does not panic. `go test` runs the
// seeds; `go test -fuzz FuzzContract ./internal/api` searches further.
func FuzzContract(f *testing.F) {
	f.Add(example.Log)
	f.Add(example.Log[:len(example.Log)/2])
	for _, name := range goldenSeeds {
		b, err := readFile(filepath.Join(fixtureDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x"))
	f.Add([]byte("siginfo: si_signo: 11 (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0x0\nInstructions: (pc=0x1)\n"))
	ex, err := schema.Compile(schema.Explain, true)
	if err != nil {
		f.Fatal(err)
	}
	ps, err := schema.Compile(schema.Parse, true)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		validate(t, ex, "explain", explainJSON(t, data))
		validate(t, ps, "parse", parseJSON(t, data))
	})
}
