package rules

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// mmapLog mirrors the seed case 2 (Panama memfd_secret, JDK 18).
func mmapLog(addr uint64) *model.Log {
	l := segv(addr)
	l.Header.Version.Major = 18
	top := model.Frame{Kind: "v", Stub: "~StubRoutines::jbyte_disjoint_arraycopy", Line: ln(9, "# v  ~StubRoutines::jbyte_disjoint_arraycopy")}
	l.Header.ProblematicFrame = &top
	l.Thread.NativeFrames = []model.Frame{
		{Kind: "V", Library: "libjvm.so", Symbol: "Unsafe_CopyMemory0", Line: ln(399, "V  [libjvm.so+0xe66d70]  Unsafe_CopyMemory0+0xd0")},
		{Kind: "j", Method: "jdk.incubator.foreign.MemorySegment.copyFrom", Line: ln(406, "j  jdk.incubator.foreign.MemorySegment.copyFrom(Ljdk/incubator/foreign/MemorySegment;)Ljdk/incubator/foreign/MemorySegment;+10")},
	}
	return l
}

func TestMmapFailedPositive(t *testing.T) {
	f := expect(t, MmapFailed, mmapLog(0xffffffffffffffff), true, 0.8)
	for _, want := range []string{"MAP_FAILED", "errno", "memfd_secret"} {
		if !strings.Contains(f.Explanation+strings.Join(f.Remedy, " "), want) {
			t.Errorf("finding lacks %q", want)
		}
	}
}

func TestMmapFailedNegative(t *testing.T) {
	if fs := only(t, MmapFailed, mmapLog(0x7f0012345678)); len(fs) != 0 {
		t.Fatalf("fired on an ordinary address: %+v", fs[0].Summary)
	}
	// The same -1 in the unsafe-offheap rule must not compete.
	if fs := only(t, UnsafeOffheap, mmapLog(0xffffffffffffffff)); len(fs) != 0 {
		t.Fatal("unsafe-offheap-misuse claimed a MAP_FAILED address")
	}
}
