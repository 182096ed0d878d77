package doctor

import "testing"

func TestParseSELinuxBool(t *testing.T) {
	tests := []struct {
		in           string
		cur, pending int
		ok           bool
	}{
		{"1 1", 1, 1, true},
		{"0 1\n", 0, 1, true},
		{"1", 0, 0, false},
		{"2 0", 0, 0, false},
		{"a b", 0, 0, false},
		{"", 0, 0, false},
		{"1 0 1", 0, 0, false},
	}
	for _, tt := range tests {
		cur, pending, ok := parseSELinuxBool(tt.in)
		if cur != tt.cur || pending != tt.pending || ok != tt.ok {
			t.Errorf("parseSELinuxBool(%q) = %d %d %v", tt.in, cur, pending, ok)
		}
	}
}

func TestParseSELinuxEnforce(t *testing.T) {
	for in, want := range map[string]string{"1": "enforcing", "0\n": "permissive", "x": ""} {
		got, ok := parseSELinuxEnforce(in)
		if got != want || ok != (want != "") {
			t.Errorf("parseSELinuxEnforce(%q) = %q %v", in, got, ok)
		}
	}
}
