package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/hserr/hserr", Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-04T22:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	in := fromBuildInfo(bi, true)
	if in.Version != "devel" || in.Revision != "0123456789abcdef0123" || !in.Modified {
		t.Fatalf("%+v", in)
	}
	if got, want := in.Short(), "devel 0123456789ab (2026-12-04T22:00:00Z, modified)"; got != want {
		t.Errorf("Short() = %q, want %q", got, want)
	}
	rel := fromBuildInfo(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true)
	if rel.Short() != "v1.2.3" {
		t.Errorf("release Short() = %q", rel.Short())
	}
	if none := fromBuildInfo(nil, false); none.Version != "devel" || !strings.Contains(none.Platform, "/") {
		t.Errorf("no build info: %+v", none)
	}
}

func TestLinkTimeVersionWins(t *testing.T) {
	old := Version
	defer func() { Version = old }()
	Version = "v9.9.9"
	if v := fromBuildInfo(&debug.BuildInfo{Main: debug.Module{Version: "v1.0.0"}}, true).Version; v != "v9.9.9" {
		t.Errorf("got %q", v)
	}
}
