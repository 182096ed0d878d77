package rules

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// jnaLog mirrors corpus dataset84 (Cassandra, JNA 4.2.2).
func jnaLog(rdi uint64) *model.Log {
	l := segv(0)
	top := frame(9, "C", "jna3125142934924644081.tmp", "ffi_prep_closure_loc", "# C  [jna3125142934924644081.tmp+0x122ca]  ffi_prep_closure_loc+0x1a")
	l.Header.ProblematicFrame = &top
	l.Thread.NativeFrames = []model.Frame{
		frame(95, "C", "jna3125142934924644081.tmp", "ffi_prep_closure_loc", "C  [jna3125142934924644081.tmp+0x122ca]  ffi_prep_closure_loc+0x1a"),
		frame(96, "C", "jna3125142934924644081.tmp", "Java_com_sun_jna_Native_registerMethod", "C  [jna3125142934924644081.tmp+0xd278]  Java_com_sun_jna_Native_registerMethod+0x498"),
	}
	l.Thread.Registers = regs(26, "RDI", rdi, "RSI", uint64(0x7f8824907a10))
	l.Header.PC, l.Header.HasPC = 0x7f8803cfa2ca, true
	l.Thread.Instructions = &model.HexDump{Start: 0x7f8803cfa2aa, Bytes: append(make([]byte, 0x20), 0x66, 0xc7, 0x07, 0x49)}
	l.Process.Libraries = []model.Mapping{
		{Start: 0x7f8803ce8000, End: 0x7f8803cff000, Perms: "r-xp", Path: "/home/cassandra/tmp/jna-1073564104/jna3125142934924644081.tmp (deleted)", Line: 238},
		{Start: 0x7f880a93f000, End: 0x7f880a943000, Perms: "r--s", Path: "/usr/share/cassandra/lib/jna-4.2.2.jar", Line: 320},
	}
	l.Process.VMArguments.JVMArgs = []string{"-Djava.io.tmpdir=/home/cassandra/tmp"}
	l.Process.VMArguments.JVMArgsLine = ln(429, "jvm_args: -Djava.io.tmpdir=/home/cassandra/tmp")
	l.Process.Environment = []model.EnvVar{{Name: "PATH", Value: "/sbin:/bin", Line: 435}}
	return l
}

func TestJNAClosurePositive(t *testing.T) {
	f := expect(t, JNAClosure, jnaLog(0), true, 0.9)
	for _, want := range []string{"RDI=0x0", "JNA 4.2.2", "libffi 3.2.1", "does not know LIBFFI_TMPDIR", "/home/cassandra/tmp", "$HOME"} {
		if !strings.Contains(f.Explanation, want) {
			t.Errorf("explanation lacks %q:\n%s", want, f.Explanation)
		}
	}
	if !strings.Contains(strings.Join(f.Remedy, "\n"), "TMPDIR=/home/cassandra/tmp") || !strings.Contains(strings.Join(f.Remedy, "\n"), "hserr doctor") {
		t.Errorf("remedy lacks TMPDIR target or doctor: %v", f.Remedy)
	}
	if strings.Contains(strings.Join(f.Remedy, "\n"), "LIBFFI_TMPDIR=") {
		t.Errorf("JNA 4.2.2's libffi ignores LIBFFI_TMPDIR; remedy must not lead with it: %v", f.Remedy)
	}
}

func TestJNAClosureNonNullArgumentLowersConfidence(t *testing.T) {
	expect(t, JNAClosure, jnaLog(0x7f0000001000), false, 0)
}

func TestJNAClosureNegative(t *testing.T) {
	l := segv(0)
	top := frame(9, "C", "jna8588255081773605818.tmp", "CkMultiByteBase::nextIdx", "# C  [jna8588255081773605818.tmp+0x13c480]  CkMultiByteBase::nextIdx()+0x10")
	l.Header.ProblematicFrame = &top
	if fs := only(t, JNAClosure, l); len(fs) != 0 {
		t.Fatalf("fired on a non-closure JNA crash: %+v", fs)
	}
}
