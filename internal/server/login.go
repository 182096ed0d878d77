package server

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"strings"
)

// sessionCookie carries a read token for browsers, which cannot send an
// Authorization header on a link. HttpOnly (no script reads it),
// SameSite=Strict (no other site's page sends it), Secure over TLS.
const sessionCookie = "hserr_read"

// wantsPage says whether an unauthorised request is a browser asking for
// a page (sent to the login form) rather than an API client (401).
func wantsPage(r *http.Request) bool {
	return r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/v1/") && r.URL.Path != "/metrics" &&
		strings.Contains(r.Header.Get("Accept"), "text/html")
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · hserr</title></head>
<body style="font: 15px/1.45 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem">
<h1>hserr</h1>
<form method="post" action="/login">
<p><label for="token">Read token</label><br>
<input type="password" id="token" name="token" autocomplete="current-password" required style="width: 100%; font: inherit"></p>
<p><button type="submit">Sign in</button></p>
</form>
{{if .}}<p role="alert">{{.}}</p>{{end}}
</body></html>
`))

func renderLogin(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(code)
	loginPage.Execute(w, msg)
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	renderLogin(w, http.StatusOK, "")
}

// login takes a read token from the form and keeps it in the session
// cookie. Attempts are rate limited per address like ingest requests.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if ok, wait := s.limit.allow(r.Context(), senderIP(r)); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		renderLogin(w, http.StatusTooManyRequests, "Too many attempts: wait and try again.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCheckBody)
	if err := r.ParseForm(); err != nil || len(s.read) == 0 || !s.read.match(r.PostForm.Get("token")) {
		renderLogin(w, http.StatusUnauthorized, "That is not a read token of this server.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: encodeSession(r.PostForm.Get("token")), Path: "/",
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// The token is base64url in the cookie: a cookie value cannot hold every
// byte a token may have (";", quotes, non-ASCII), and SetCookie would drop
// them silently.
func encodeSession(token string) string { return base64.RawURLEncoding.EncodeToString([]byte(token)) }

func decodeSession(v string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return string(b), err == nil
}
