package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLifecycleForm: the group page's form resolves a group (and needs the
// version), and a cross-site page cannot post it.
func TestLifecycleForm(t *testing.T) {
	f := newFixture(t, 3, "")
	id := f.groupOf(t, f.Crafted)
	post := func(form url.Values, site string) *http.Response {
		return postForm(t, f.URL+"/groups/"+id+"/status", form, site)
	}
	resolve := url.Values{"status": {"resolved"}, "version": {"2.4.0"}, "note": {"JDK-8000000"}}
	if resp := post(resolve, "cross-site"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", resp.StatusCode)
	}
	if resp := post(url.Values{"status": {"resolved"}}, "same-origin"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("resolved without a version: %d, want 400", resp.StatusCode)
	}
	if resp := post(resolve, "same-origin"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/groups/"+id {
		t.Fatalf("post: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, doc := get(t, f.URL+"/groups/"+id)
	if facts := doc.Find(".facts").Text(); !strings.Contains(facts, "resolved in 2.4.0") {
		t.Errorf("group facts after resolving: %q", facts)
	}
	if h := doc.Find("#history").Parent().Text(); !strings.Contains(h, "JDK-8000000") {
		t.Errorf("history: %q", h)
	}
	if doc.Find("p.mute").Length() != 0 {
		t.Error("a resolved group shows a mute line")
	}
	// muted: the page says what it is compared with and what escalates it
	if resp := post(url.Values{"status": {"muted"}}, "same-origin"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mute: %d", resp.StatusCode)
	}
	_, doc = get(t, f.URL+"/groups/"+id)
	mute := doc.Find("p.mute").Text()
	if !strings.Contains(mute, "at 1 crash on 1 host; 0 crashes since") || !strings.Contains(mute, "or at 10 crashes since the mute") {
		t.Errorf("mute line: %q", mute)
	}
	var g struct {
		Mute *struct {
			EscalatesAt int `json:"escalates_at"`
		} `json:"mute"`
	}
	json.NewDecoder(fetch(t, f.URL+"/groups/"+id+".json", "").Body).Decode(&g)
	if g.Mute == nil || g.Mute.EscalatesAt != 10 {
		t.Errorf("the group's JSON mute: %+v", g.Mute)
	}
}

// TestIssueForm: the group page's issue form links the group to an issue,
// shown as a link that passes no referrer or ranking and in the history
// and the page's JSON; a javascript: URL is refused with a 400, a
// cross-site post with a 403; an empty URL unlinks.
func TestIssueForm(t *testing.T) {
	for _, b := range backendsFor(t) {
		t.Run(b.Name, func(t *testing.T) { testIssueForm(t, newFixture(t, 3, b.URL)) })
	}
}

func testIssueForm(t *testing.T, f *fixture) {
	id := f.groupOf(t, f.Crafted)
	post := func(issue, site string) *http.Response {
		return postForm(t, f.URL+"/groups/"+id+"/issue", url.Values{"url": {issue}}, site)
	}
	const issue = "https://tracker.example/browse/OPS-42?x=1&y=2"
	if resp := post(issue, "cross-site"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", resp.StatusCode)
	}
	for _, bad := range []string{"javascript:alert(document.domain)", "data:text/html,x", "https://example.com/\x01"} {
		if resp := post(bad, "same-origin"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%q: %d, want 400", bad, resp.StatusCode)
		}
	}
	if resp := post("  "+issue+" ", "same-origin"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/groups/"+id {
		t.Fatalf("post: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, doc := get(t, f.URL+"/groups/"+id)
	link := doc.Find("p.issue a")
	if href, _ := link.Attr("href"); href != issue || link.AttrOr("rel", "") != "noopener noreferrer nofollow" || link.Text() != issue {
		t.Errorf("issue link: href %q rel %q text %q", href, link.AttrOr("rel", ""), link.Text())
	}
	if h := doc.Find("ul.history a"); h.AttrOr("href", "") != issue || !strings.Contains(h.Parent().Text(), "linked to") {
		t.Errorf("history: %q", doc.Find("ul.history").Text())
	}
	if v := doc.Find("#issue-url").AttrOr("value", ""); v != issue {
		t.Errorf("the form's field: %q", v)
	}
	resp, err := http.Get(f.URL + "/groups/" + id + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		IssueURL string `json:"issue_url"`
		History  []struct {
			Kind     string `json:"kind"`
			IssueURL string `json:"issue_url"`
		} `json:"history"`
	}
	json.NewDecoder(resp.Body).Decode(&g)
	resp.Body.Close()
	if g.IssueURL != issue || len(g.History) != 1 || g.History[0].Kind != "issue" || g.History[0].IssueURL != issue {
		t.Errorf("group JSON: %+v", g)
	}

	if resp := post("", "same-origin"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("unlink: %d", resp.StatusCode)
	}
	_, doc = get(t, f.URL+"/groups/"+id)
	if doc.Find("p.issue").Length() != 0 || !strings.Contains(doc.Find("ul.history").Text(), "issue unlinked") {
		t.Errorf("after unlinking: issue %q, history %q", doc.Find("p.issue").Text(), doc.Find("ul.history").Text())
	}
}

// postForm posts a page's form as a browser would, from site (the
// Sec-Fetch-Site header; "" sends none), and returns the answer without
// following its redirect.
func postForm(t *testing.T, target string, form url.Values, site string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if site != "" {
		req.Header.Set("Sec-Fetch-Site", site)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
