package doctor

import (
	"context"
	"strings"
	"testing"

	"github.com/hserr/hserr/docs/schema"
)

// The checks of this very host, as --json prints them, validate against
// docs/schema/doctor.schema.json (closed: no undocumented field).
func TestRealRunJSONValidates(t *testing.T) {
	rep, err := Run(context.Background(), Options{})
	if err != nil && len(rep.Checks) == 0 {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(schema.Doctor, []byte(b.String()), true); err != nil {
		t.Errorf("%v\n%s", err, b.String())
	}
	t.Logf("%d checks validated", len(rep.Checks))
}
