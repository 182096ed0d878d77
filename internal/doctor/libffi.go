package doctor

// This file models libffi's choice of executable memory for closures
// (src/closures.c, dlmmap and open_temp_exec_file), independent of probing.

// Candidate keys, in the order of libffi 3.4's open_temp_exec_file_opts[].
const (
	candMemfd        = "memfd"
	candLibffiTmpdir = "LIBFFI_TMPDIR"
	candTmpdir       = "TMPDIR"
	candTmp          = "/tmp"
	candVarTmp       = "/var/tmp"
	candDevShm       = "/dev/shm"
	candHome         = "HOME"
	candMounts       = "mounts"
)

// candidate is one entry of libffi's temp-file search, as probed.
type candidate struct {
	Key   string
	Label string // what to call it in a report: "$TMPDIR=/x", "/tmp"
	Set   bool   // false for an unset environment variable (libffi skips it)
	OK    bool   // a file there could be mapped PROT_EXEC
}

// flavour is one libffi build a JVM may carry.
type flavour struct {
	ID, Title    string
	Memfd        bool // built with HAVE_MEMFD_CREATE (3.4.0+ on glibc >= 2.27)
	LibffiTmpdir bool // reads $LIBFFI_TMPDIR (3.4.0+)
	Failure      string
}

// flavours: JNA's bundled copies are what crash; its ELF binaries import no
// memfd_create in any release (x86-64 needs at most GLIBC_2.7).
var flavours = []flavour{
	{
		ID: "libffi.jna", Title: "JNA 5.10+ closures (bundled libffi 3.4.x, no memfd_create)",
		LibffiTmpdir: true,
		Failure:      "java.lang.UnsupportedOperationException: Failed to allocate closure (callbacks via CallbackReference can still SIGSEGV)",
	},
	{
		ID: "libffi.jna-legacy", Title: "JNA 4.2-5.9 closures (bundled libffi 3.2.1/3.3)",
		Failure: "SIGSEGV in ffi_prep_closure_loc inside jna<digits>.tmp: ffi_closure_alloc returned NULL and JNA did not check",
	},
	{
		ID: "libffi.system", Title: "system libffi 3.4+ closures (memfd_create first)",
		Memfd: true, LibffiTmpdir: true,
		Failure: "ffi_closure_alloc returns NULL (Python ctypes: MemoryError; other users vary)",
	},
}

// order is the temp-file search order of this flavour.
func (f flavour) order() []string {
	var o []string
	if f.Memfd {
		o = append(o, candMemfd)
	}
	if f.LibffiTmpdir {
		o = append(o, candLibffiTmpdir)
	}
	return append(o, candTmpdir, candTmp, candVarTmp, candDevShm, candHome, candMounts)
}

// anonState is what happens to libffi's first attempt, an anonymous
// PROT_READ|PROT_WRITE|PROT_EXEC mapping.
type anonState struct {
	Skipped  bool   // libffi does not try it: SELinux seen, or PaX MPROTECT
	Why      string // why it was skipped
	OK       bool
	Fallback bool   // failed with EPERM/EACCES, so libffi goes on to temp files
	Errno    string // when it failed
}

// decision is where libffi ends up.
type decision struct {
	OK    bool
	Route string   // "anonymous W+X memory" or a candidate label
	Tried []string // candidates tried before, in order, with outcome
}

// decide walks libffi's logic (dlmmap then dlmmap_locked) for a flavour.
// Static trampolines (3.4+) are not modelled as a way out: JNA deletes its
// unpacked library, so libffi cannot reopen it and falls back to the same
// temp-file search.
func decide(f flavour, anon anonState, cands map[string]candidate) decision {
	var d decision
	if !anon.Skipped {
		if anon.OK {
			return decision{OK: true, Route: "anonymous W+X memory"}
		}
		if !anon.Fallback {
			d.Tried = append(d.Tried, "anonymous W+X: "+anon.Errno+" (not EPERM/EACCES, libffi gives up)")
			return d
		}
		d.Tried = append(d.Tried, "anonymous W+X: "+anon.Errno)
	}
	for _, k := range f.order() {
		c, ok := cands[k]
		if !ok || !c.Set {
			continue
		}
		if c.OK {
			d.OK, d.Route = true, c.Label
			return d
		}
		d.Tried = append(d.Tried, c.Label+": no")
	}
	return d
}
