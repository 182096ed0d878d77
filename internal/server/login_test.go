package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrowserLogin: with read tokens set, a browser asking for a page is
// sent to the login form; a read token there sets an HttpOnly, SameSite
// cookie that opens the pages (an ingest token does not); another site
// cannot post the form.
func TestBrowserLogin(t *testing.T) {
	st, err := Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "the pages") })
	srv := New(st, Config{IngestTokens: []string{"w1"}, ReadTokens: []string{"r1", `s3cr;et "ä"`}, Pages: pages})
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path, body string, h map[string]string) *http.Response {
		req, _ := http.NewRequest(method, hs.URL+path, strings.NewReader(body))
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	browser := map[string]string{"Accept": "text/html"}
	if resp := do("GET", "/", "", browser); resp.StatusCode != 303 || resp.Header.Get("Location") != "/login" {
		t.Errorf("a page without a session: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := do("GET", "/v1/groups", "", browser); resp.StatusCode != 401 {
		t.Errorf("the API without a token: %d, want 401", resp.StatusCode)
	}
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	for _, tok := range []string{"wrong", "w1"} {
		if resp := do("POST", "/login", url.Values{"token": {tok}}.Encode(), form); resp.StatusCode != 401 {
			t.Errorf("login with %q: %d, want 401", tok, resp.StatusCode)
		}
	}
	cross := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site"}
	if resp := do("POST", "/login", url.Values{"token": {"r1"}}.Encode(), cross); resp.StatusCode != 403 {
		t.Errorf("cross-site login: %d, want 403", resp.StatusCode)
	}
	resp := do("POST", "/login", url.Values{"token": {"r1"}}.Encode(), form)
	cookies := resp.Cookies()
	if resp.StatusCode != 303 || len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("login: %d, cookies %+v", resp.StatusCode, cookies)
	}
	session := map[string]string{"Cookie": cookies[0].Name + "=" + cookies[0].Value}
	if resp := do("GET", "/", "", session); resp.StatusCode != 200 {
		t.Errorf("a page with the session: %d", resp.StatusCode)
	}
	if resp := do("PUT", "/v1/reports/"+strings.Repeat("0", 64), "x", session); resp.StatusCode != 401 {
		t.Errorf("the session cookie must not ingest: %d", resp.StatusCode)
	}
	if resp := do("GET", "/", "", map[string]string{"Cookie": sessionCookie + "=" + encodeSession("w1")}); resp.StatusCode != 401 {
		t.Errorf("an ingest token as the session: %d, want 401", resp.StatusCode)
	}
	// a sibling subdomain is the same site (the cookie goes along): the
	// origin check still refuses its state-changing requests
	sibling := map[string]string{"Cookie": session["Cookie"], "Sec-Fetch-Site": "same-site"}
	if resp := do("POST", "/v1/admin/reprocess", "", sibling); resp.StatusCode != 403 {
		t.Errorf("reprocess from a sibling origin: %d, want 403", resp.StatusCode)
	}
	// a token with bytes a cookie cannot hold still makes a session
	resp = do("POST", "/login", url.Values{"token": {`s3cr;et "ä"`}}.Encode(), form)
	if c := resp.Cookies(); resp.StatusCode != 303 || len(c) != 1 ||
		do("GET", "/", "", map[string]string{"Cookie": c[0].Name + "=" + c[0].Value}).StatusCode != 200 {
		t.Errorf("a token with ';', quotes and non-ASCII does not make a working session")
	}
}
