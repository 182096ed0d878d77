// Package redact removes secrets and personal data from a crash log before
// it leaves the host or is pasted into an issue: values of -D properties
// that name a secret, program arguments, credentials in URLs, known secret
// shapes (cloud keys, PEM blocks, JWTs, bearer and API tokens),
// environment values not on an allowlist, and user names in home paths.
// The share profile also replaces host names, IP addresses and pids by
// stable pseudonyms, for sending a log to a vendor.
//
// It works line by line in linear time (RE2 expressions only) and keeps
// every line where it was, so line numbers quoted as evidence stay valid.
// It is deterministic: the same log gives the same output and counts.
package redact

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Profile chooses how much is removed.
type Profile int

const (
	// Default removes secrets and personal data, keeping what diagnosis needs.
	Default Profile = iota
	// Share also pseudonymises host names, IP addresses and pids.
	Share
)

// Category names a kind of redaction, as counted in Counts.
type Category string

// The categories.
const (
	Property    Category = "property" // -Dname=value with a secret-like name
	ProgramArgs Category = "program-args"
	URLCreds    Category = "url-credentials"
	SecretShape Category = "secret"      // a key, token or JWT by its shape
	PEM         Category = "pem"         // a line of a PEM block
	EnvValue    Category = "environment" // a value not on the allowlist
	HomeUser    Category = "home-user"   // a user name in a home path
	Host        Category = "host"        // share profile
	IP          Category = "ip"          // share profile
	PID         Category = "pid"         // share profile
)

// Counts says how many values of each category were replaced.
type Counts map[Category]int

// Total is the number of replacements.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// String lists the counts, e.g. "3 environment, 1 property" ("" for none).
func (c Counts) String() string {
	var parts []string
	for _, k := range c.Categories() {
		parts = append(parts, strconv.Itoa(c[k])+" "+string(k))
	}
	return strings.Join(parts, ", ")
}

// Categories lists the categories with a count, sorted.
func (c Counts) Categories() []Category {
	var out []Category
	for k, v := range c {
		if v > 0 {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Text redacts a whole log.
func Text(log string, p Profile) (string, Counts) {
	r := &redactor{p: p, counts: Counts{}}
	lines := strings.SplitAfter(log, "\n")
	for i, ln := range lines {
		lines[i] = r.line(ln)
	}
	return strings.Join(lines, ""), r.counts
}

type redactor struct {
	p      Profile
	counts Counts
	inEnv  bool // inside "Environment Variables:"
	inPEM  bool
}

func (r *redactor) line(ln string) string {
	body, eol := splitEOL(ln)
	trim := strings.TrimSpace(body)
	switch {
	case r.inPEM:
		if strings.HasPrefix(trim, "-----END ") {
			r.inPEM = false
			return ln
		}
		if placeholder(trim) {
			return ln
		}
		r.counts[PEM]++
		return "<redacted:pem>" + eol
	case strings.HasPrefix(trim, "-----BEGIN ") && strings.Contains(trim, "PRIVATE KEY"):
		r.inPEM = true
		return ln
	case trim == "Environment Variables:":
		r.inEnv = true
		return ln
	case r.inEnv && (trim == "" || !envLine.MatchString(trim)):
		r.inEnv = false
	}
	if r.inEnv {
		body = r.env(body)
	}
	body = r.commandLine(body)
	body = r.everywhere(body)
	return body + eol
}

func splitEOL(ln string) (string, string) {
	if strings.HasSuffix(ln, "\r\n") {
		return ln[:len(ln)-2], "\r\n"
	}
	if strings.HasSuffix(ln, "\n") {
		return ln[:len(ln)-1], "\n"
	}
	return ln, ""
}

// pseudonym is a short stable stand-in for a value (share profile): equal
// values stay equal, so a reader can still follow one host or pid through
// the log. It hides the value from a reader, not from a search over all
// possible values (IPv4 addresses and pids are few).
func pseudonym(kind Category, v string) string {
	h := sha256.Sum256([]byte(string(kind) + "\x00" + v))
	return "<" + string(kind) + ":" + hex.EncodeToString(h[:4]) + ">"
}

var envLine = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
