// Package jvmtest is what the tests that crash a real JVM share (the hook's
// and the command line's): the java to run, a program that crashes, and
// the hserr binary for -XX:OnError. Only tests import it.
package jvmtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// CrashSource is a program that crashes its JVM: a write to address 0
// through Unsafe, a SIGSEGV in native code on every platform. The java
// launcher runs it as a single source file (JDK 11 and later).
const CrashSource = `public class Crash {
  public static void main(String[] a) throws Exception {
    java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    ((sun.misc.Unsafe) f.get(null)).putAddress(0L, 42L);
  }
}
`

// Java returns the java a test crashes. It skips the test under -short or
// without a JDK, except under CI, which installs one (Debian's
// openjdk-17-jdk-headless), where it fails instead.
func Java(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("crashes a JVM")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no java: CI installs openjdk-17-jdk-headless")
		}
		t.Skip("no java on PATH (Debian openjdk-17-jdk-headless)")
	}
	return java
}

// WriteCrash writes CrashSource as dir/Crash.java and returns its path.
func WriteCrash(t testing.TB, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "Crash.java")
	if err := os.WriteFile(src, []byte(CrashSource), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

// BuildHserr builds the hserr command into dir and returns its path.
func BuildHserr(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "hserr")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/hserr/hserr/cmd/hserr").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
