package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/hserr/hserr/internal/server"
)

// maxForm bounds a lifecycle form.
const maxForm = 4 << 10

// setStatus is the group page's lifecycle form: resolve in a version, mute,
// reopen. It answers with a redirect to the group page (post/redirect/get).
func (p *Pages) setStatus(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form is too large or malformed", http.StatusBadRequest)
		return
	}
	id := r.PathValue("id")
	st := server.Status(r.PostForm.Get("status"))
	version := r.PostForm.Get("version")
	if st == server.StatusResolved && version == "" {
		http.Error(w, "resolving a group needs the version that fixes it", http.StatusBadRequest)
		return
	}
	err := p.store.SetStatus(r.Context(), id, st, version, r.PostForm.Get("note"))
	switch {
	case errors.Is(err, server.ErrNoGroup):
		http.Error(w, "no such group", http.StatusNotFound)
	case errors.Is(err, server.ErrBadStatus):
		http.Error(w, err.Error(), http.StatusBadRequest)
	case err != nil:
		p.fail(w, err) // storage: logged, not shown
	default:
		http.Redirect(w, r, "/groups/"+url.PathEscape(id), http.StatusSeeOther)
	}
}
