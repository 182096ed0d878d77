package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hserr/hserr/docs/schema"
	"github.com/hserr/hserr/internal/api"
	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/rules"
)

// Nothing is required of the inputs: nil reports, a nil log, an empty
// analysis all give valid documents, never a panic.
func TestNilAndEmptyInputs(t *testing.T) {
	ex, ps := strictSchema(t, schema.Explain), strictSchema(t, schema.Parse)
	validate(t, ex, "explain of nil", encode(t, api.ExplainReport(nil, nil)))
	empty := explain.Build(&model.Log{})
	validate(t, ex, "explain of empty", encode(t, api.ExplainReport(&model.Log{}, empty)))
	empty.Fault = &fault.Analysis{}
	validate(t, ex, "explain with an empty analysis", encode(t, api.ExplainReport(&model.Log{}, empty)))
	empty.Fault = nil
	validate(t, ex, "explain without an analysis", encode(t, api.ExplainReport(&model.Log{}, empty)))
	validate(t, ps, "parse of nil", encode(t, api.ParseSummary(nil)))
	if api.FaultAnalysis(nil) != nil {
		t.Error("FaultAnalysis(nil) is not nil")
	}
	b := encode(t, api.ExplainReport(nil, empty))
	for _, want := range []string{`"fault": null`, `"findings": []`, `"sections": []`, `"markers": []`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("empty report lacks %s:\n%s", want, b)
		}
	}
}

// Confidences print as two decimals, not as the float the rules computed.
func TestConfidenceRounded(t *testing.T) {
	r := &explain.Report{Verdict: rules.Finding{Class: "x", Role: rules.RootCause, Confidence: 0.9500000000000001}, Findings: []rules.Finding{}}
	b := encode(t, api.ExplainReport(nil, r))
	if !strings.Contains(string(b), `"confidence": 0.95,`) {
		t.Errorf("confidence not rounded:\n%s", b)
	}
	for in, want := range map[float64]float64{0.854: 0.85, 0.855000001: 0.86, 1: 1, 0: 0, 0.3: 0.3} {
		if got := api.Round2(in); got != want {
			t.Errorf("Round2(%v) = %v, want %v", in, got, want)
		}
	}
}

// The model says amd64, the fault analysis x86_64: the contract says amd64.
func TestOneArchVocabulary(t *testing.T) {
	for in, want := range map[string]api.Arch{"x86_64": api.ArchAMD64, "amd64": api.ArchAMD64, "arm64": api.ArchAArch64,
		"AArch64": api.ArchAArch64, "i686": api.ArchX86, "ppc64el": api.ArchPPC64LE, "sparcv9": "sparcv9"} {
		if got := api.NormalizeArch(in); got != want {
			t.Errorf("NormalizeArch(%q) = %q, want %q", in, got, want)
		}
	}
	if got := api.FaultAnalysis(&fault.Analysis{Arch: fault.ArchX86_64}).Arch; got != api.ArchAMD64 {
		t.Errorf("fault arch %q", got)
	}
}

func TestHex(t *testing.T) {
	for in, want := range map[uint64]string{0: "0x0000000000000000", 0x10: "0x0000000000000010", ^uint64(0): "0xffffffffffffffff"} {
		if got := api.Hex(in); got != want {
			t.Errorf("Hex(%#x) = %s", in, got)
		}
	}
}

// Each closed enumeration's Go constants are exactly the schema's enum.
func TestEnumsMatchSchemas(t *testing.T) {
	for _, c := range []struct {
		file, ptr string
		consts    []string
	}{
		{schema.Explain, "$defs/finding/properties/role", strs(api.RoleRootCause, api.RoleFactor, api.RoleQuality)},
		{schema.Explain, "$defs/fault/properties/decode_status", strs(api.DecodeOK, api.DecodeNoPC, api.DecodeNoDump,
			api.DecodeUnreadable, api.DecodeUnsupported, api.DecodeInvalid)},
		{schema.Explain, "$defs/boundary/properties/method", strs(api.BoundarySymbol, api.BoundaryCodeBegin,
			api.BoundaryScan, api.BoundaryFixedWidth, api.BoundaryNone)},
		{schema.Explain, "$defs/access/properties/kind", strs(api.AccessRead, api.AccessWrite, api.AccessReadWrite,
			api.AccessExecute, api.AccessPush, api.AccessPop)},
		{schema.Explain, "$defs/fault/properties/si_addr_agreement", strs(api.AgreeExact, api.AgreeInside, api.AgreeGPZero,
			api.AgreeWindowsGP, api.AgreeExecute, api.AgreePCSignal, api.AgreeSamePage, api.AgreeDiffers, api.AgreeNotCompared)},
		{schema.Explain, "$defs/address_class", strs(api.AddressNull, api.AddressNearNull, api.AddressAllOnes,
			api.AddressNearAllOnes, api.AddressNonCanonical, api.AddressKernel, api.AddressStackGuard, api.AddressStack,
			api.AddressMapped, api.AddressUnmapped, api.AddressUnknown)},
		{"common.schema.json", "$defs/crash/properties/error_kind", strs(api.ErrorSignal, api.ErrorException,
			api.ErrorInternal, api.ErrorOutOfMemory, api.ErrorOther)},
		{"common.schema.json", "$defs/completeness/properties/kind", strs(api.InputHsErr, api.InputConsole,
			api.InputFragment, api.InputForeign, api.InputUnknown)},
		{"common.schema.json", "$defs/section/properties/name", strs(api.SectionHeader, api.SectionSummary,
			api.SectionThread, api.SectionProcess, api.SectionSystem)},
		{"common.schema.json", "$defs/section/properties/state", strs(api.SectionPresent, api.SectionMissing, api.SectionCut)},
		{schema.Doctor, "$defs/check/properties/status", strs(api.StatusPass, api.StatusWarn, api.StatusFail, api.StatusSkip, api.StatusInfo)},
	} {
		got := enumAt(t, c.file, c.ptr)
		if !slices.Equal(got, c.consts) {
			t.Errorf("%s#/%s: schema enum %v, Go constants %v", c.file, c.ptr, got, c.consts)
		}
	}
}

func strs[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func enumAt(t *testing.T, file, ptr string) []string {
	t.Helper()
	b, err := schema.FS.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var n any
	if err := json.Unmarshal(b, &n); err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Split(ptr, "/") {
		n = n.(map[string]any)[p]
	}
	var out []string
	for _, v := range n.(map[string]any)["enum"].([]any) {
		out = append(out, v.(string))
	}
	return out
}
