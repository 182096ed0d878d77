package web

import (
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
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(form url.Values, site string) *http.Response {
		req, _ := http.NewRequest("POST", f.URL+"/groups/"+id+"/status", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
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
}
