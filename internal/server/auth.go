package server

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// Access is what a request may do.
type Access int

// The two kinds of access: ingest tokens are write-only (a token on every
// host of a fleet must not read the fleet's crashes); read tokens also
// reach the admin calls.
const (
	Ingest Access = iota
	Read
)

// tokens holds the accepted tokens of one kind.
type tokens []string

// ParseTokens splits a comma-separated list, dropping empty entries.
func ParseTokens(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// allows checks the request's bearer token (or, where cookie is true,
// the browser session cookie set by the login page) against the list in
// constant time per token. With no tokens configured only loopback is
// trusted.
func (ts tokens) allows(r *http.Request, cookie bool) bool {
	if len(ts) == 0 {
		// the Host check defeats DNS rebinding: a page on another name
		// that resolves to 127.0.0.1 is loopback by address only
		return loopback(r) && loopbackHost(r.Host)
	}
	got, ok := bearer(r)
	if !ok && cookie {
		if c, err := r.Cookie(sessionCookie); err == nil {
			got, ok = decodeSession(c.Value)
		}
	}
	return ok && ts.match(got)
}

// bearer is the request's bearer token.
func bearer(r *http.Request) (string, bool) {
	return strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// match compares a token with every accepted one in constant time.
func (ts tokens) match(got string) bool {
	match := 0
	for _, t := range ts {
		match |= subtle.ConstantTimeCompare([]byte(got), []byte(t))
	}
	return match == 1
}

// loopbackHost says whether a Host header names this machine by a
// loopback name or address.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopback reports whether the request came from this machine.
func loopback(r *http.Request) bool {
	ip := net.ParseIP(senderIP(r))
	return ip != nil && ip.IsLoopback()
}

// senderIP is the peer's address (proxies' headers are not trusted: a
// sender could name any address in them).
func senderIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
