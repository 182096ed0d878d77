// Package buildinfo says which hserr this is: the module version `go
// install module@version` recorded, or the VCS revision and time `go build`
// stamped into a binary built from a checkout.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Version may be set at link time (-ldflags "-X github.com/hserr/hserr/internal/buildinfo.Version=v1.2.3")
// by a packager; otherwise the build info decides.
var Version = ""

// Info describes the running binary.
type Info struct {
	Version   string `json:"version"`            // module version, or "devel"
	Revision  string `json:"revision,omitempty"` // VCS commit
	Time      string `json:"time,omitempty"`     // VCS commit time (RFC 3339)
	Modified  bool   `json:"modified,omitempty"` // built from a tree with uncommitted changes
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"` // GOOS/GOARCH
}

// Read returns the running binary's build facts.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	return fromBuildInfo(bi, ok)
}

func fromBuildInfo(bi *debug.BuildInfo, ok bool) Info {
	in := Info{Version: "devel", GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if ok && bi != nil {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			in.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Revision = s.Value
			case "vcs.time":
				in.Time = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	if Version != "" {
		in.Version = Version
	}
	return in
}

// Short is the one-line form `hserr --version` prints, e.g.
// "v0.3.0" or "devel 3199f29e1a2b (2026-12-04T22:00:00Z, modified)".
func (in Info) Short() string {
	s := in.Version
	if in.Revision == "" {
		return s
	}
	rev := in.Revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	s += " " + rev
	extra := in.Time
	if in.Modified {
		if extra != "" {
			extra += ", "
		}
		extra += "modified"
	}
	if extra != "" {
		s += " (" + extra + ")"
	}
	return s
}
