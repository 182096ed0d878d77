package lab

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// built is the output of one build: classes and the native library.
type built struct {
	Classes string
	Lib     string // liblab.so
}

// build compiles every lab source once: one javac run (the JNA sources
// only when jna.jar exists) and one gcc run for liblab.so.
func build(j *jdk, dir string) (*built, error) {
	b := &built{Classes: filepath.Join(dir, "classes"), Lib: filepath.Join(dir, "liblab.so")}
	csrc, _ := filepath.Glob("c/*.c")
	// Frame pointers let HotSpot's native stack walk show every lab frame.
	args := []string{"-shared", "-fPIC", "-O2", "-g", "-fno-omit-frame-pointer",
		"-I" + filepath.Join(j.Home, "include"), "-I" + filepath.Join(j.Home, "include", "linux"),
		"-o", b.Lib}
	if err := run(j.CC, append(args, csrc...)...); err != nil {
		return nil, err
	}
	jsrc, _ := filepath.Glob("java/lab/*.java")
	cp := ""
	if j.JNA != "" {
		more, _ := filepath.Glob("jna/lab/jna/*.java")
		jsrc = append(jsrc, more...)
		cp = j.JNA
	}
	jargs := []string{"-nowarn", "-XDsuppressNotes", "--add-modules", "jdk.incubator.foreign", "-d", b.Classes}
	if cp != "" {
		jargs = append(jargs, "-cp", cp)
	}
	if err := run(j.Javac, append(jargs, jsrc...)...); err != nil {
		return nil, err
	}
	return b, nil
}

func run(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
	return nil
}

// keepDir is where HSERR_LAB_KEEP asks logs to be copied ("" = nowhere).
func keepDir() string {
	d := os.Getenv("HSERR_LAB_KEEP")
	if d != "" {
		_ = os.MkdirAll(d, 0o755)
	}
	return d
}
