package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/server"
)

// groupServer is an in-process server holding one processed report; it
// returns its URL and the report's group.
func groupServer(t *testing.T) (string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := server.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := server.New(st, server.Config{})
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() { hs.Close(); cancel(); <-done; st.Close() })
	sum := sha256.Sum256(example.Log)
	sha := hex.EncodeToString(sum[:])
	if _, err := st.Ingest(ctx, server.Report{SHA256: sha, Body: example.Log, Received: time.Now(), Host: "web-1", State: server.Pending}); err != nil {
		t.Fatal(err)
	}
	s.Wake()
	for range 200 {
		if r, err := st.Report(ctx, sha); err == nil && r.GroupID != "" {
			return hs.URL, r.GroupID
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the report was not processed")
	return "", ""
}

// TestGroupsLink: `hserr groups link ID URL` links a group to an issue
// (in the history it prints, in `groups` and `groups -o json`), a
// javascript: URL is refused by the server, and "" unlinks.
func TestGroupsLink(t *testing.T) {
	url, id := groupServer(t)
	t.Setenv("HSERR_SERVER", "")
	t.Setenv("HSERR_TOKEN", "")
	const issue = "https://github.com/acme/app/issues/123"
	code, out, errs := run(t, nil, "groups", "link", "--server", url, id, issue)
	if code != 0 || !strings.Contains(out, "issue "+issue) {
		t.Fatalf("link: exit %d\n%s%s", code, out, errs)
	}
	_, out, _ = run(t, nil, "groups", "--server", url, "-o", "json")
	var gs []map[string]any
	if err := json.Unmarshal([]byte(out), &gs); err != nil || len(gs) != 1 || gs[0]["issue_url"] != issue {
		t.Errorf("groups -o json: %v\n%s", err, out)
	}
	if _, out, _ = run(t, nil, "groups", "--server", url); !strings.Contains(out, "  issue: "+issue+"\n") {
		t.Errorf("groups:\n%s", out)
	}
	code, _, errs = run(t, nil, "groups", "link", "--server", url, id, "javascript:alert(1)")
	if code == 0 || !strings.Contains(errs, "400") || !strings.Contains(errs, "http:// or https://") {
		t.Errorf("a javascript: URL: exit %d, %s", code, errs)
	}
	code, out, errs = run(t, nil, "groups", "link", "--server", url, id, "")
	if code != 0 || !strings.Contains(out, "issue unlinked") {
		t.Errorf("unlink: exit %d\n%s%s", code, out, errs)
	}
	if _, out, _ = run(t, nil, "groups", "--server", url, "-o", "json"); strings.Contains(out, "issue_url") {
		t.Errorf("still linked:\n%s", out)
	}
}

// TestServeManualReprocessFlag: --manual-reprocess reaches the server's
// configuration (and is off by default).
func TestServeManualReprocessFlag(t *testing.T) {
	for args, want := range map[string]bool{"": false, "--manual-reprocess": true} {
		var got server.Config
		cmd := newServeCmdRunning(func(_ *cobra.Command, o serveOptions) error {
			got = o.config(slog.Default())
			return nil
		})
		cmd.SetArgs(strings.Fields(args))
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		if got.ManualReprocess != want {
			t.Errorf("serve %s: ManualReprocess %v", args, got.ManualReprocess)
		}
	}
}
