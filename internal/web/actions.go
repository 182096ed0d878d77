package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/hserr/hserr/internal/server"
)

// maxForm bounds a lifecycle form.
const maxForm = 4 << 10

// setStatus is the group page's lifecycle form: resolve in a version, mute,
// reopen. It answers with a redirect to the group page (post/redirect/get).
func (p *Pages) setStatus(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	st := server.Status(r.PostForm.Get("status"))
	version := r.PostForm.Get("version")
	if st == server.StatusResolved && version == "" {
		http.Error(w, "resolving a group needs the version that fixes it", http.StatusBadRequest)
		return
	}
	p.changed(w, r, id, p.store.SetStatus(r.Context(), id, st, version, r.PostForm.Get("note")))
}

// setIssue is the group page's issue form: link the group to the issue
// it is tracked in, or unlink it with an empty URL (post/redirect/get).
func (p *Pages) setIssue(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	id := r.PathValue("id")
	// spaces around a pasted URL are not part of it
	p.changed(w, r, id, p.store.SetIssue(r.Context(), id, strings.TrimSpace(r.PostForm.Get("url"))))
}

// parseForm reads a lifecycle form's fields into r.PostForm; false when
// it answered a bad one.
func parseForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form is too large or malformed", http.StatusBadRequest)
		return false
	}
	return true
}

// changed answers a lifecycle form: back to the group page when the
// change (err nil) is made, else what was wrong.
func (p *Pages) changed(w http.ResponseWriter, r *http.Request, id string, err error) {
	switch {
	case errors.Is(err, server.ErrNoGroup):
		http.Error(w, "no such group", http.StatusNotFound)
	case errors.Is(err, server.ErrBadStatus), errors.Is(err, server.ErrBadIssueURL):
		http.Error(w, err.Error(), http.StatusBadRequest)
	case err != nil:
		p.fail(w, err) // storage: logged, not shown
	default:
		http.Redirect(w, r, "/groups/"+url.PathEscape(id), http.StatusSeeOther)
	}
}
