package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts Debian's headless Chromium (installed by .ci/run; never
// downloaded) through chromedp.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no chromium: .ci/run installs Debian's chromium")
		}
		t.Skip("no chromium on PATH")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900), chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// screenshotDir is where the browser test writes its screenshots:
// $HSERR_SCREENSHOTS (to refresh docs/img by hand), else a temp dir.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("HSERR_SCREENSHOTS"); d != "" {
		os.MkdirAll(d, 0o755)
		return d
	}
	return t.TempDir()
}

// TestBrowserTopToGroup: in a real browser, from top crashes to a group:
// the verdict, evidence and remedy are on the page; the status filter
// works; a crafted log's <script> is shown as text and never runs; the
// group's forms resolve it and link it to an issue.
func TestBrowserTopToGroup(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browser(t)
	f := newFixture(t, 40, "")
	shots := screenshotDir(t)

	step(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+"/"), chromedp.WaitVisible(chromedp.CSS("table.groups"))))
	top := value(t, ctx, chromedp.Text(chromedp.CSS("h1")))
	rows := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.groups tbody tr").length`))
	os.WriteFile(filepath.Join(shots, "top-crashes.png"), value(t, ctx, chromedp.FullScreenshot(100)), 0o644)
	if !strings.Contains(top, "Top crashes") || rows < 5 {
		t.Errorf("top page: %q, %d rows", top, rows)
	}

	step(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("table.groups tbody tr:first-child a.group-link")),
		chromedp.WaitVisible(chromedp.ID("verdict"))))
	verdict := value(t, ctx, chromedp.Text(chromedp.CSS(".verdict")))
	remedy := value(t, ctx, chromedp.Text(chromedp.CSS("ul.remedy")))
	os.WriteFile(filepath.Join(shots, "group.png"), value(t, ctx, chromedp.FullScreenshot(100)), 0o644)
	if strings.TrimSpace(verdict) == "" || strings.TrimSpace(remedy) == "" {
		t.Errorf("group page: verdict %q, remedy %q", verdict, remedy)
	}

	// on to the newest report of the group: its verdict and marked log
	step(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("a.report-link")),
		chromedp.WaitVisible(chromedp.CSS("ul.evidence-links"))))
	marked := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("pre.log .hit").length`))
	os.WriteFile(filepath.Join(shots, "report.png"), value(t, ctx, chromedp.FullScreenshot(100)), 0o644)
	if marked == 0 {
		t.Error("report page: no evidence line marked in the log")
	}

	// the window form: the last 7 days, ranks compared with the week before
	step(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+"/"), chromedp.WaitVisible(chromedp.ID("days")),
		chromedp.SetValue(chromedp.ID("days"), "7"),
		chromedp.Click(chromedp.CSS("form.window button")),
		chromedp.WaitVisible(chromedp.CSS("table.groups .change"))))
	if loc := value(t, ctx, chromedp.Location()); !strings.Contains(loc, "days=7") {
		t.Errorf("after choosing 7 days: %s", loc)
	}

	step(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+"/?status=new"), chromedp.WaitVisible(chromedp.CSS("h1"))))
	if filtered := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.groups tbody tr").length`)); filtered != rows {
		t.Errorf("status=new shows %d groups, want all %d (none has been resolved)", filtered, rows)
	}

	step(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+"/groups/"+f.groupOf(t, f.Crafted)), chromedp.WaitVisible(chromedp.CSS(".thread-name"))))
	thread := value(t, ctx, chromedp.Text(chromedp.CSS(".thread-name")))
	title := value(t, ctx, chromedp.Title())
	if !strings.Contains(thread, crafted) || strings.Contains(title, "pwned") {
		t.Errorf("crafted thread name: shown %q, title %q", thread, title)
	}

	// a lifecycle action through the page's form: resolve in a version
	step(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("version"), "2.4.0"),
		chromedp.Click(chromedp.CSS("#status-form button")),
		chromedp.WaitVisible(chromedp.CSS(".facts .status-resolved"))))
	if facts := value(t, ctx, chromedp.Text(chromedp.CSS(".facts"))); !strings.Contains(facts, "resolved in 2.4.0") {
		t.Errorf("after resolving: %q", facts)
	}
	// link the issue it is tracked in through the other form
	const issue = "https://tracker.example/browse/OPS-7"
	step(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("issue-url"), issue),
		chromedp.Click(chromedp.CSS("#issue-form button")),
		chromedp.WaitVisible(chromedp.CSS("p.issue a"))))
	link := value(t, ctx, chromedp.Evaluate[[]string](`(a => [a.href, a.rel, a.textContent])(document.querySelector("p.issue a"))`))
	if len(link) != 3 || link[0] != issue || link[1] != "noopener noreferrer nofollow" || link[2] != issue {
		t.Errorf("issue link: %q", link)
	}
	if h := value(t, ctx, chromedp.Text(chromedp.CSS("ul.history"))); !strings.Contains(h, "linked to "+issue) {
		t.Errorf("history after linking: %q", h)
	}
	step(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+"/?status=resolved"), chromedp.WaitVisible(chromedp.CSS("table.groups"))))
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.groups tbody tr").length`)); n != 1 {
		t.Errorf("status=resolved lists %d groups, want 1", n)
	}
	t.Logf("screenshots in %s", shots)
}

func step(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
