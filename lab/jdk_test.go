package lab

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
)

// jdk is the toolchain the lab builds and runs with.
type jdk struct {
	Home  string // JAVA_HOME: bin/java, bin/javac, include/jni.h
	Java  string
	Javac string
	CC    string // gcc (or $CC)
	JNA   string // jna.jar, or "" when Debian's libjna-java is absent
}

// findJDK uses $JAVA_HOME, else the JDK that owns javac on PATH.
func findJDK() (*jdk, error) {
	home := os.Getenv("JAVA_HOME")
	if home == "" {
		javac, err := exec.LookPath("javac")
		if err != nil {
			return nil, errors.New("no javac on PATH and JAVA_HOME unset")
		}
		real, err := filepath.EvalSymlinks(javac)
		if err != nil {
			return nil, err
		}
		home = filepath.Dir(filepath.Dir(real))
	}
	j := &jdk{Home: home, Java: filepath.Join(home, "bin", "java"), Javac: filepath.Join(home, "bin", "javac")}
	for _, f := range []string{j.Java, j.Javac, filepath.Join(home, "include", "jni.h")} {
		if _, err := os.Stat(f); err != nil {
			return nil, errors.New("incomplete JDK at " + home + ": " + err.Error())
		}
	}
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "gcc"
	}
	path, err := exec.LookPath(cc)
	if err != nil {
		return nil, errors.New("no C compiler: " + cc)
	}
	j.CC = path
	if _, err := os.Stat("/usr/share/java/jna.jar"); err == nil {
		j.JNA = "/usr/share/java/jna.jar"
	}
	return j, nil
}
