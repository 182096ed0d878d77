package rules

import (
	"slices"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

func TestStripHex(t *testing.T) {
	cases := map[string]string{
		"C  [libc.so.6+0x749c1]  memcpy+0x11":                "C  [libc.so.6+0x]  memcpy+0x",
		"v  ~StubRoutines::call_stub 0x00007fa37eb38fa6":     "v  ~StubRoutines::call_stub 0x",
		"j  java.lang.Thread.run()V+11":                      "j  java.lang.Thread.run()V+11",
		"J 3285 c2 Foo.bar()V (110 bytes) @ 0xABC [0x1+0x2]": "J 3285 c2 Foo.bar()V (110 bytes) @ 0x [0x+0x]",
		"0x": "0x",
	}
	for in, want := range cases {
		if got := stripHex(in); got != want {
			t.Errorf("stripHex(%q) = %q, want %q", in, got, want)
		}
	}
}

// The cache must give the same tags as matching the patterns directly, for
// the same symbol at different offsets.
func TestFrameTagsCached(t *testing.T) {
	a := model.Frame{Line: model.Line{Text: "C  [libc.so.6+0x749c1]  __memmove_avx_unaligned_erms+0x11"}}
	b := model.Frame{Line: model.Line{Text: "C  [libc.so.6+0x18b2f0]  __memmove_avx_unaligned_erms+0x3e"}}
	ta, tb := FrameTags(a), FrameTags(b)
	if !slices.Contains(ta, "memcopy") || !slices.Equal(ta, tb) {
		t.Errorf("tags %v / %v", ta, tb)
	}
	var direct []string
	for _, r := range frameRows {
		if r.re.MatchString(a.Text) {
			direct = append(direct, r.tag)
		}
	}
	if !slices.Equal(direct, ta) {
		t.Errorf("cached %v, direct %v", ta, direct)
	}
}
