// Package web renders the fleet server's pages: top crashes and a crash
// group, server-side with html/template (every value from a log or a
// sender is escaped by it), embedded assets, no JavaScript. It reads the
// server's store and explains a group's newest sample on request.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/server"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/style.css
var styleCSS []byte

// maxReports bounds a group page's report list.
const maxReports = 200

// Pages serves the pages over a store.
type Pages struct {
	now     func() time.Time // the top page's windows end now
	store   *server.Store
	log     *slog.Logger
	top     *template.Template
	group   *template.Template
	reportT *template.Template
	hosts   *template.Template
	jdks    *template.Template
}

// New parses the templates (they are part of the binary: an error here is
// a bug, so it panics at start, never on a request).
func New(st *server.Store, log *slog.Logger) *Pages {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	parse := func(page string) *template.Template {
		return template.Must(template.New("layout.html").Funcs(funcs).Funcs(servedFuncs).
			ParseFS(templateFS, "templates/layout.html", "templates/table.html", "templates/"+page))
	}
	return &Pages{now: time.Now, store: st, log: log, top: parse("top.html"), group: parse("group.html"), reportT: parse("report.html"),
		hosts: parse("hosts.html"), jdks: parse("jdks.html")}
}

// Handler routes the pages.
func (p *Pages) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", p.topPage)
	mux.HandleFunc("GET /{name}", p.namedPage) // top.json, hosts, jdks.csv, …
	mux.HandleFunc("GET /groups/{id}", p.groupPage)
	mux.HandleFunc("GET /reports/{sha}", p.reportPage)
	mux.HandleFunc("GET /reports/{sha}/log", p.logDownload)
	mux.HandleFunc("POST /groups/{id}/status", p.setStatus)
	mux.HandleFunc("POST /groups/{id}/issue", p.setIssue)
	mux.HandleFunc("GET /assets/style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=3600")
		w.Write(styleCSS)
	})
	// The forms change state: a cross-site page must not post them with
	// the viewer's credentials (Sec-Fetch-Site / Origin checked; the
	// server checks every route again, this keeps the pages safe alone).
	return http.NewCrossOriginProtection().Handler(mux)
}

// page is what every template gets: the title and the page's own data.
type page struct {
	Title string
	Now   time.Time
	Data  any
}

func (p *Pages) render(w http.ResponseWriter, t *template.Template, title string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// No script runs on these pages: a policy that forbids all of it makes
	// an escaping bug harmless rather than exploitable.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// into a buffer first: a template error must not leave half a page
	var b bytes.Buffer
	if err := t.Execute(&b, page{Title: title, Now: time.Now().UTC(), Data: data}); err != nil {
		p.log.Error("render", "page", title, "err", err)
		http.Error(w, "the page could not be made", http.StatusInternalServerError)
		return
	}
	io.WriteString(w, visible(b.String()))
}

// visible is the last step of every page, served or exported: html/template
// escaped the markup, and what a log or a sender may still have put in a
// value — control characters, bidi overrides, zero-width marks — is shown
// as a visible escape (\x1b, \u202e) wherever it landed, text or
// attribute (sanitize.Text; the pages' own whitespace is newlines and tabs).
// One pass over the page, so no template field can be missed.
func visible(page string) string { return sanitize.Text(page) }

func (p *Pages) fail(w http.ResponseWriter, err error) {
	if errors.Is(err, server.ErrNoGroup) {
		http.Error(w, "no such group", http.StatusNotFound)
		return
	}
	p.log.Error("page", "err", err)
	http.Error(w, "storage failed", http.StatusServiceUnavailable)
}

// explainSample explains the group's newest stored sample; nil when it
// has none (count-only reports have no body).
func (p *Pages) explainSample(ctx context.Context, id string) (string, *explain.Report, error) {
	sha, body, ok, err := p.store.LatestSample(ctx, id)
	if err != nil || !ok {
		return "", nil, err
	}
	return sha, explain.Build(parse.ParseString(string(body))), nil
}

// servedFuncs are the functions whose output differs between the served
// pages and the static export (site.go, static.go): where the links go,
// and whether the page is served (forms, live lists) or a file.
var servedFuncs = template.FuncMap{
	"groupURL":  func(id string) string { return "/groups/" + id },
	"reportURL": func(sha string) string { return "/reports/" + sha },
	"logURL":    func(sha string) string { return "/reports/" + sha + "/log" },
	"homeURL":   func() string { return "/" },
	"styleURL":  func() string { return "/assets/style.css" },
	"static":    func() bool { return false },
}
