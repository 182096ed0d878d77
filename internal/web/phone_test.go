package web

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
)

// TestBrowserPhoneWidth: every page fits a phone's width (no sideways
// scrolling of the page; wide logs scroll inside their own box).
func TestBrowserPhoneWidth(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browser(t)
	f := newFixture(t, 20, "")
	shots := screenshotDir(t)
	group := "/groups/" + f.groupOf(t, f.Crafted)
	for name, path := range map[string]string{"top": "/", "group": group, "report": "/reports/" + f.Crafted} {
		step(t, chromedp.Do(ctx, chromedp.Emulate(device.IPhone13), chromedp.Navigate(f.URL+path), chromedp.WaitVisible(chromedp.CSS("h1"))))
		// screen.width, not innerWidth: a page wider than the screen makes
		// the phone zoom out, and innerWidth grows with it.
		over := value(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - screen.width`))
		os.WriteFile(filepath.Join(shots, "phone-"+name+".png"), value(t, ctx, chromedp.FullScreenshot(100)), 0o644)
		if w := value(t, ctx, chromedp.Evaluate[int](`screen.width`)); w > 500 {
			t.Fatalf("the phone emulation did not take: %d px wide", w)
		}
		if over > 0 {
			t.Errorf("%s at phone width: %d px wider than the screen", name, over)
		}
	}
}
