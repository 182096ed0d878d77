package fault

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLabCrashes crashes real JVMs with testdata/lab/crash.c and checks the
// analysis of the hs_err logs they write. It needs gcc, javac and java
// (JAVA_HOME or PATH); it is skipped without them, and in -short mode.
func TestLabCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts JVMs")
	}
	dir := buildLab(t)
	cases := []struct {
		name  string
		check func(t *testing.T, a *Analysis)
	}{
		{"store", func(t *testing.T, a *Analysis) {
			// store_through(NULL, 42): the first seed's shape
			if a.AddressClass != ClassNull || a.Agreement != AgreeExact {
				t.Errorf("class %s agreement %s", a.AddressClass, a.Agreement)
			}
			argument1(t, a, "store_through", "Java_Crash_store")
			if len(a.Accesses) == 0 || a.Accesses[0].Kind != AccessWrite || a.Accesses[0].Size != 4 {
				t.Errorf("accesses = %+v", a.Accesses)
			}
		}},
		{"mapFailed", func(t *testing.T, a *Analysis) {
			// fill(MAP_FAILED, 1): the second seed's -1, traced to argument 1
			if a.AddressClass != ClassAllOnes || a.SiAddr != 0xffffffffffffffff {
				t.Errorf("class %s si_addr %v", a.AddressClass, a.SiAddr)
			}
			base := argument1(t, a, "fill", "Java_Crash_mapFailed")
			if base.ValueClass != ClassAllOnes {
				t.Errorf("base register %+v: want an all-ones value", base)
			}
		}},
		{"divide", func(t *testing.T, a *Analysis) {
			d := a.Divide
			if d == nil || d.Op != "idiv" || !d.HasDivisorValue || !d.ByZero {
				t.Fatalf("divide = %+v", d)
			}
			if a.Agreement != AgreePCSignal || a.Trap != nil {
				t.Errorf("agreement %s trap %+v", a.Agreement, a.Trap)
			}
		}},
		{"trap", func(t *testing.T, a *Analysis) {
			if a.Trap == nil || a.Trap.Kind != "ud2" || a.ISA != nil {
				t.Errorf("trap = %+v isa = %+v", a.Trap, a.ISA)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			log := crashJVM(t, dir, c.name)
			a := Analyze(parseFile(t, log))
			if a.Status != DecodeOK || a.Boundary.Method != BoundarySymbol {
				t.Fatalf("status %s boundary %+v notes %v", a.Status, a.Boundary, a.Notes)
			}
			pcInsn(t, a)
			c.check(t, a)
			if t.Failed() {
				t.Log(strings.Join(a.Lines(), "\n"))
			}
		})
	}
}

// buildLab compiles libcrash.so and Crash.class into a temporary directory.
func buildLab(t *testing.T) string {
	t.Helper()
	javaHome := os.Getenv("JAVA_HOME")
	if javaHome == "" {
		if p, err := exec.LookPath("javac"); err == nil {
			if r, err := filepath.EvalSymlinks(p); err == nil {
				javaHome = filepath.Dir(filepath.Dir(r))
			}
		}
	}
	inc := filepath.Join(javaHome, "include")
	if _, err := os.Stat(filepath.Join(inc, "jni.h")); err != nil {
		t.Skip("no JDK with include/jni.h (set JAVA_HOME)")
	}
	for _, tool := range []string{"gcc", "javac", "java"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found", tool)
		}
	}
	dir := t.TempDir()
	// Without tail calls and with frame pointers, HotSpot's frame walk
	// shows the JNI function as the caller of the crashing helper, as in
	// the seed; without them the walk skips straight to Java.
	run(t, dir, "gcc", "-O2", "-fno-optimize-sibling-calls", "-fno-omit-frame-pointer", "-shared", "-fPIC", "-I", inc, "-I", filepath.Join(inc, "linux"),
		"-o", filepath.Join(dir, "libcrash.so"), mustAbs(t, "testdata/lab/crash.c"))
	run(t, dir, "javac", "-d", dir, mustAbs(t, "testdata/lab/Crash.java"))
	return dir
}

// crashJVM runs one crash and returns the hs_err log it wrote.
func crashJVM(t *testing.T, dir, name string) string {
	t.Helper()
	log := filepath.Join(dir, "hs_err_"+name+".log")
	cmd := exec.Command("java", "-Xmx64m", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile="+log,
		"-Dcrash.lib="+filepath.Join(dir, "libcrash.so"), "-cp", dir, "Crash", name)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("java %s did not crash:\n%s", name, out)
	}
	if _, err := os.Stat(log); err != nil {
		t.Fatalf("java %s wrote no hs_err log (%v):\n%s", name, err, out)
	}
	return log
}

func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// argument1 checks the lab's shape: the helper keeps its pointer argument
// in a callee-saved register across a call, so the faulting base register
// is a copy of RDI, and RDI is argument 1 of fn as passed by caller.
func argument1(t *testing.T, a *Analysis, fn, caller string) RegisterUse {
	t.Helper()
	if len(a.Registers) != 2 {
		t.Fatalf("registers = %+v, want the base and its source", a.Registers)
	}
	base, src := a.Registers[0], a.Registers[1]
	if w, known := base.Written(); !known || !w || base.DerivedFrom != "RDI" || base.DerivedOffset != 0 || base.Role != "base" {
		t.Errorf("base = %+v, want a register copied from RDI", base)
	}
	if src.Name != "RDI" || src.Role != "source" || !src.HasValue || src.Value != base.Value {
		// the call between the copy and pc may overwrite RDI, so its value
		// is the copy's, not the logged one
		t.Errorf("source = %+v, want RDI with the value copied into %s", src, base.Name)
	}
	notWritten(t, src)
	if src.ABIArgument != 1 || src.Function != fn || src.Caller != caller {
		t.Errorf("source = %+v, want argument 1 of %s passed by %s", src, fn, caller)
	}
	return base
}
