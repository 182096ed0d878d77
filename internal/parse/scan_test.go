package parse

import (
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// nextField walks the same fields as strings.Fields, Unicode spaces and
// invalid UTF-8 included.
func TestNextFieldIsFields(t *testing.T) {
	pieces := []string{"a", "0x1f", " ", "\t", "\r", "\v", "??", "\xc2\x85", "\xc2\xa0", "\xe2\x80\x80",
		"\u3000", "é", "\xe0", "\xf0", "\x80", "\xc2", "\xe2\x80", ","}
	r := rand.New(rand.NewSource(1))
	for k := 0; k < 20000; k++ {
		var b strings.Builder
		for n := r.Intn(12); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := b.String()
		var got []string
		for f, rest := nextField(s); f != ""; f, rest = nextField(rest) {
			got = append(got, f)
		}
		if want := strings.Fields(s); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Fatalf("%q: fields %q, strings.Fields %q", s, got, want)
		}
	}
}

// decimal reads digits as strconv.ParseInt does, limits included.
func TestDecimal(t *testing.T) {
	for _, s := range []string{"", "0", "7", "31389", "999999999999999999", "1000000000000000000",
		"9223372036854775807", "9223372036854775808", "123456789012345678901234"} {
		want, _ := strconv.ParseInt(s, 10, 64)
		if got := decimal(s); got != want {
			t.Errorf("decimal(%q) = %d, want %d", s, got, want)
		}
	}
}
