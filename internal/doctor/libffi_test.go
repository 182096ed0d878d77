package doctor

import (
	"strings"
	"testing"
)

func cands(ok ...string) map[string]candidate {
	m := map[string]candidate{}
	for _, k := range []string{candMemfd, candLibffiTmpdir, candTmpdir, candTmp, candVarTmp, candDevShm, candHome, candMounts} {
		m[k] = candidate{Key: k, Label: k, Set: true}
	}
	for _, k := range ok {
		c := m[k]
		c.OK = true
		m[k] = c
	}
	return m
}

func flavourByID(t *testing.T, id string) flavour {
	t.Helper()
	for _, f := range flavours {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no flavour %s", id)
	return flavour{}
}

func TestDecideOrder(t *testing.T) {
	denied := anonState{Fallback: true, Errno: "EACCES"}
	jna, legacy, system := flavourByID(t, "libffi.jna"), flavourByID(t, "libffi.jna-legacy"), flavourByID(t, "libffi.system")

	tests := []struct {
		name  string
		f     flavour
		anon  anonState
		cands map[string]candidate
		ok    bool
		route string
	}{
		{"anonymous W+X wins when allowed", jna, anonState{OK: true}, cands(), true, "anonymous W+X memory"},
		{"SELinux skips anonymous even if it would work", jna, anonState{Skipped: true, OK: true}, cands(candHome), true, candHome},
		{"memfd first for system libffi", system, denied, cands(candMemfd, candTmp), true, candMemfd},
		{"JNA has no memfd", jna, denied, cands(candMemfd, candTmp), true, candTmp},
		{"LIBFFI_TMPDIR before TMPDIR", jna, denied, cands(candTmpdir, candLibffiTmpdir), true, candLibffiTmpdir},
		{"legacy ignores LIBFFI_TMPDIR", legacy, denied, cands(candLibffiTmpdir, candHome), true, candHome},
		{"nothing works", jna, denied, cands(candMemfd), false, ""},
		{"mount scan is the last resort", legacy, denied, cands(candMounts), true, candMounts},
		{"other errno: libffi gives up", jna, anonState{Errno: "ENOMEM"}, cands(candTmp), false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decide(tt.f, tt.anon, tt.cands)
			if d.OK != tt.ok || d.Route != tt.route {
				t.Errorf("decide = %+v, want ok=%v route=%q", d, tt.ok, tt.route)
			}
		})
	}
}

func TestDecideSkipsUnsetEnv(t *testing.T) {
	c := cands(candLibffiTmpdir)
	lt := c[candLibffiTmpdir]
	lt.Set = false // unset variables are skipped even if "OK"
	c[candLibffiTmpdir] = lt
	d := decide(flavourByID(t, "libffi.jna"), anonState{Skipped: true}, c)
	if d.OK {
		t.Fatalf("unset LIBFFI_TMPDIR used: %+v", d)
	}
	if strings.Contains(strings.Join(d.Tried, ","), candLibffiTmpdir) {
		t.Errorf("unset candidate listed as tried: %v", d.Tried)
	}
}

func TestFlavourOrderMatchesLibffi(t *testing.T) {
	// libffi 3.4 open_temp_exec_file_opts[] and 3.2.1/3.3's, as read in
	// src/closures.c.
	want := map[string]string{
		"libffi.system":     "memfd LIBFFI_TMPDIR TMPDIR /tmp /var/tmp /dev/shm HOME mounts",
		"libffi.jna":        "LIBFFI_TMPDIR TMPDIR /tmp /var/tmp /dev/shm HOME mounts",
		"libffi.jna-legacy": "TMPDIR /tmp /var/tmp /dev/shm HOME mounts",
	}
	for id, w := range want {
		if got := strings.Join(flavourByID(t, id).order(), " "); got != w {
			t.Errorf("%s order = %q, want %q", id, got, w)
		}
	}
}
