package fault

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Addr is an address or register value. It marshals to JSON as a
// 0x-prefixed 16-digit hex string: JSON numbers lose precision above 2^53,
// and addresses such as 0xffffffffffffffff are the point of some verdicts.
type Addr uint64

func (a Addr) String() string {
	const digits = "0123456789abcdef"
	var b [18]byte // "0x" and 16 digits, as %016x
	b[0], b[1] = '0', 'x'
	for i := len(b) - 1; i >= 2; i-- {
		b[i] = digits[a&0xf]
		a >>= 4
	}
	return string(b[:])
}

// MarshalJSON writes the address as a hex string.
func (a Addr) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// UnmarshalJSON reads a hex string (or a plain number, for leniency).
func (a *Addr) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n uint64
		if err2 := json.Unmarshal(b, &n); err2 != nil {
			return err
		}
		*a = Addr(n)
		return nil
	}
	v, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(s), "0x"), 16, 64)
	if err != nil {
		return fmt.Errorf("fault: bad address %q: %w", s, err)
	}
	*a = Addr(v)
	return nil
}

// short prints a value compactly (0x0, 0x1f) for evidence sentences, where
// the 16-digit form hides small numbers.
func short(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }
