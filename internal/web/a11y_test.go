package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// a11yScript lists, for the page it runs in, what an accessibility review
// would flag, as computed by the browser itself:
//   - text whose contrast with its background is under WCAG 2 AA (4.5:1,
//     3:1 for large text), with the colours as the browser resolved them;
//   - a form control without a label;
//   - not exactly one h1, or a heading level skipped (h2 then h4);
//   - an SVG image without a title.
const a11yScript = `(() => {
  const out = [];
  const rgb = s => { const m = s.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const bgOf = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg")) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!own) continue;
    const st = getComputedStyle(el);
    if (st.display === "none" || st.visibility === "hidden" || el.getClientRects().length === 0) continue;
    const fg = rgb(st.color), bg = bgOf(el);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) out.push("contrast " + ratio.toFixed(2) + " < " + need + ": <" + el.tagName.toLowerCase() + " class=" + el.className + "> " + st.color + " on " + JSON.stringify(bg) + ": " + el.textContent.trim().slice(0, 40));
  }
  for (const c of document.querySelectorAll("input, select, textarea")) {
    if (c.type === "hidden") continue;
    const labelled = (c.id && document.querySelector("label[for='" + c.id + "']")) || c.closest("label") || c.getAttribute("aria-label");
    if (!labelled) out.push("no label: " + c.outerHTML.slice(0, 80));
  }
  const hs = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => +h.tagName[1]);
  if (hs.filter(h => h === 1).length !== 1) out.push("h1 count " + hs.filter(h => h === 1).length);
  for (let i = 1; i < hs.length; i++) if (hs[i] > hs[i - 1] + 1) out.push("heading skips from h" + hs[i - 1] + " to h" + hs[i]);
  for (const s of document.querySelectorAll("svg[role=img]")) if (!s.querySelector("title")) out.push("svg image without a title");
  return out;
})()`

// focusables counts what the keyboard must reach on the page.
const focusables = `document.querySelectorAll("a[href], button, input, select, textarea, summary").length`

// focusState names the focused element and whether it shows a focus ring.
const focusState = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "body";
  const st = getComputedStyle(e);
  const ring = st.outlineStyle !== "none" && parseFloat(st.outlineWidth) > 0;
  return (ring ? "ring " : "NO RING ") + e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "");
})()`

// TestBrowserAccessible: every page passes the browser-computed checks
// above, and the keyboard alone reaches every link and control of it, in
// order, each showing where the focus is.
func TestBrowserAccessible(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	ctx := browser(t)
	f := newFixture(t, 12, "")
	group := "/groups/" + f.groupOf(t, f.Crafted)
	for _, path := range []string{"/", group, "/reports/" + f.Crafted, "/hosts", "/jdks"} {
		step(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+path), chromedp.WaitVisible(chromedp.CSS("h1"))))
		for _, problem := range value(t, ctx, chromedp.Evaluate[[]string](a11yScript)) {
			t.Errorf("%s: %s", path, problem)
		}
		n := value(t, ctx, chromedp.Evaluate[int](focusables))
		seen := map[string]bool{}
		for i := 0; i < n; i++ {
			step(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
			st := value(t, ctx, chromedp.Evaluate[string](focusState))
			if st == "body" {
				t.Errorf("%s: tab %d of %d left the page", path, i+1, n)
				break
			}
			if strings.HasPrefix(st, "NO RING") {
				t.Errorf("%s: tab %d: the focus is not shown: %s", path, i+1, st)
			}
			seen[st] = true
		}
		if len(seen) == 0 {
			t.Errorf("%s: the keyboard reaches nothing", path)
		}
	}
}
