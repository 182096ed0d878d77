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
	// Missing maps an optional part (Scenario.Needs) to why it is absent.
	Missing map[string]string
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
	b.Missing = map[string]string{}
	if j.JNA == "" {
		b.Missing["jna"] = "no /usr/share/java/jna.jar (Debian package libjna-java)"
	}
	err := javac(j, b, true)
	if err != nil && strings.Contains(err.Error(), "jdk.incubator.foreign") {
		// JDK 20+ dropped the incubator FFM API the FFM scenario is written for.
		b.Missing["ffm"] = "this JDK has no jdk.incubator.foreign (JDK 17-19)"
		err = javac(j, b, false)
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// javac compiles every lab Java source in one run: java/, plus jna/ when
// jna.jar exists and ffm/ when asked.
func javac(j *jdk, b *built, ffm bool) error {
	src, _ := filepath.Glob("java/lab/*.java")
	args := []string{"-nowarn", "-XDsuppressNotes", "-d", b.Classes}
	if ffm {
		more, _ := filepath.Glob("ffm/lab/*.java")
		src = append(src, more...)
		args = append(args, "--add-modules", "jdk.incubator.foreign")
	}
	if j.JNA != "" {
		more, _ := filepath.Glob("jna/lab/jna/*.java")
		src = append(src, more...)
		args = append(args, "-cp", j.JNA)
	}
	return run(j.Javac, append(args, src...)...)
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
