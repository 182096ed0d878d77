package rules

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// A GC crash on a G1 JVM must not advise -XX:+UseG1GC.
func TestGCRemedyFitsTheCollector(t *testing.T) {
	l := hs{Thread: gcThread, Frame: "V  [libjvm.so+0x1234]  G1ParScanThreadState::copy_to_survivor_space(G1HeapRegionAttr, oopDesc*, markWord)+0x10"}.log()
	if l.GCFlag() != "UseG1GC" {
		t.Fatalf("the test log runs %q, want G1", l.GCFlag())
	}
	for _, f := range Run(NewPass(l), []*Rule{GCCrash}) {
		if r := strings.Join(f.Remedy, "\n"); strings.Contains(r, "-XX:+UseG1GC") {
			t.Errorf("remedy tells a G1 JVM to use G1:\n%s", r)
		}
	}
}

// Every registry case, rerun with each flag its remedies suggest already
// on: no remedy may be left that suggests only flags the JVM has.
func TestRemediesNeverSuggestFlagsAlreadyOn(t *testing.T) {
	for _, c := range registry {
		fs := Run(NewPass(c.log), []*Rule{c.rule})
		var flags []string
		for _, f := range fs {
			for _, r := range f.Remedy {
				flags = append(flags, suggestedFlags(r)...)
			}
		}
		if len(flags) == 0 {
			continue
		}
		l := *c.log
		l.Process.Flags = append([]model.Flag{}, l.Process.Flags...)
		for _, name := range flags {
			l.Process.Flags = append(l.Process.Flags, model.Flag{Type: "bool", Name: name, Value: "true"})
		}
		for _, f := range Run(NewPass(&l), []*Rule{c.rule}) {
			for _, r := range f.Remedy {
				ms := suggestedFlags(r)
				if len(ms) == 0 {
					continue
				}
				allOn := true
				for _, m := range ms {
					allOn = allOn && flagOn(&l, m)
				}
				if allOn {
					t.Errorf("%s/%s: remedy suggests only flags the JVM already has: %s", c.wantClass(), c.name, r)
				}
			}
		}
	}
}

// A header-only (console) log keeps its reading but never a high confidence.
func TestHeaderOnlyConfidenceStaysLow(t *testing.T) {
	l := raw("#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x00007f8803cfa2ca, pid=1, tid=2\n#\n" +
		"# JRE version: OpenJDK Runtime Environment (17.0.10+7) (build 17.0.10+7)\n" +
		"# Java VM: OpenJDK 64-Bit Server VM (17.0.10+7, mixed mode, sharing, tiered, compressed oops, g1 gc, linux-amd64)\n" +
		"# Problematic frame:\n# C  [librocksdbjni5040108181873856658.so+0x3e1a4]  rocksdb::DBImpl::Get()+0x64\n#\n")
	if l.Parse.Kind != "console" {
		t.Fatalf("kind %q, want console", l.Parse.Kind)
	}
	for _, f := range Run(NewPass(l), All()) {
		if f.Role == RootCause && f.Confidence > headerOnlyCap {
			t.Errorf("%s at %.2f on a header-only log", f.Class, f.Confidence)
		}
	}
}

// 1.8.0_262 and 8.0_262 are one JDK: the same update reading.
func TestJDKSpellingsAgree(t *testing.T) {
	var got []string
	for _, jdk := range []string{"1.8.0_262-b10", "8.0_262-b10"} {
		l := hs{JDK: jdk}.log()
		line, upd, ok := jdkUpdate(l.Header.Version)
		if !ok || line != 8 || upd != 262 {
			t.Errorf("%s read as %d u%d (%v)", jdk, line, upd, ok)
		}
		for _, f := range Run(NewPass(l), []*Rule{JDKOutdated}) {
			got = append(got, strings.Replace(f.Summary, jdk, "JDK", 1))
		}
	}
	if len(got) != 2 || got[0] != got[1] {
		t.Errorf("the two spellings read differently: %q", got)
	}
}

// Mentioning a flag to remove it is no suggestion to set it: the NUMA
// workaround survives on a JVM running with -XX:+UseNUMA.
func TestRemovalIsNoSuggestion(t *testing.T) {
	if got := suggestedFlags("Workaround: remove -XX:+UseNUMA (or pin the JVM)."); len(got) != 0 {
		t.Errorf("removal read as a suggestion: %v", got)
	}
	if got := suggestedFlags("Configure hugetlbfs pages before using -XX:+UseLargePages."); len(got) != 0 {
		t.Errorf("a condition read as a suggestion: %v", got)
	}
	if got := suggestedFlags("Diagnose with -XX:+UnlockDiagnosticVMOptions -XX:+VerifyBeforeGC"); len(got) != 2 {
		t.Errorf("suggestions missed: %v", got)
	}
	for _, c := range registry {
		if c.rule != NUMA || !c.fire {
			continue
		}
		for _, f := range Run(NewPass(c.log), []*Rule{NUMA}) {
			if !strings.Contains(strings.Join(f.Remedy, "\n"), "remove -XX:+UseNUMA") {
				t.Errorf("%s: the NUMA workaround was dropped: %v", c.name, f.Remedy)
			}
		}
	}
}

// A Java OOM escalated by CrashOnOutOfMemoryError on a JVM that already
// writes heap dumps is told to open the dump, not to enable it.
func TestHeapDumpRemedyFitsTheFlags(t *testing.T) {
	l := hs{Err: "Internal Error (debug.cpp:362), pid=100, tid=101", Header: []string{"fatal error: OutOfMemory encountered: Java heap space"},
		Process: []string{"VM Arguments:", "jvm_args: -XX:+CrashOnOutOfMemoryError -XX:+HeapDumpOnOutOfMemoryError"}}.log()
	fs := Run(NewPass(l), []*Rule{CrashOnOOME})
	if len(fs) == 0 {
		t.Fatal("crash-on-oome did not fire")
	}
	r := strings.Join(fs[0].Remedy, "\n")
	if !strings.Contains(r, "open the heap dump") || strings.Contains(r, "capture a heap dump") {
		t.Errorf("remedy:\n%s", r)
	}
}

// Rules never panic on lines cut where they read the next word.
func TestCutLinesDoNotPanic(t *testing.T) {
	l := c2HaltLog("_thread_in_Java")
	l.More = []string{"Stack slot to memory mapping:", "stack at sp + 5 slots: 0x00007f745ca3cfb3 is at entry_point+2707 in (nmethod*)"}
	Run(NewPass(l.log()), All())
	g := hs{Frame: "C  [ld-linux-x86-64.so.2+0x8d5c]  do_lookup_x+0xcf", Process: []string{"Internal exceptions (1 events):",
		"Event: 0.6 Thread 0x00007f0000010000 Exception <a 'java/lang/UnsatisfiedLinkError'{0x0}: version `GLIBC_2.34' not found (required by "}}
	Run(NewPass(g.log()), All())
}
