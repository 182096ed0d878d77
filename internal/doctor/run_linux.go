package doctor

import (
	"context"
	"fmt"
	"os"

	"github.com/hserr/hserr/internal/term"
)

// run holds one probe pass: the target's context, its root, and results
// later checks depend on.
type run struct {
	cx          *probeContext
	root        fsRoot
	probe       *prober
	sel         selinuxState
	anonWX      error
	paxMprotect bool
}

// Run checks the host from the view Options select. The error is for
// problems with the request itself (unknown user, no such process, not
// root); failing checks are in the Report. On ctx cancellation the checks
// done so far are returned with ctx.Err().
func Run(ctx context.Context, opts Options) (Report, error) {
	cx, id, err := resolveContext(opts)
	if err != nil {
		return Report{}, err
	}
	var checks []Check
	if id.UID == os.Geteuid() && id.GID == os.Getegid() {
		cx.Info.ProbesRun = fmt.Sprintf("in-process as uid %d", id.UID)
		checks, err = probeInProcess(ctx, cx)
	} else {
		if os.Geteuid() != 0 {
			return Report{}, term.Usage("probing as %s (uid %d) needs root: re-run with sudo", id.Name, id.UID)
		}
		cx.Info.ProbesRun = fmt.Sprintf("re-executed as uid %d (%s)", id.UID, id.Name)
		checks, err = probeAs(ctx, cx, id)
	}
	rep := Report{Context: cx.Info, Checks: checks, Summary: summarize(checks)}
	return rep, err
}

func probeInProcess(ctx context.Context, cx *probeContext) ([]Check, error) {
	root, err := openRoot(rootDir(cx))
	if err != nil {
		return nil, fmt.Errorf("open %s: %s", rootDir(cx), errnoText(err))
	}
	defer root.close()
	return runProbes(ctx, cx, root), ctx.Err()
}

func rootDir(cx *probeContext) string {
	if cx.Info.Root == "" {
		return "/"
	}
	return cx.Info.Root
}

// runProbes runs every check in order; later groups use earlier results
// (SELinux and W+X decide whether libffi needs temp files at all).
func runProbes(ctx context.Context, cx *probeContext, root fsRoot) []Check {
	r := &run{cx: cx, root: root, probe: newProber(root, cx.Mounts)}
	r.sel = r.selinux()
	groups := []func() []Check{
		func() []Check {
			return []Check{r.checkUser(), r.checkAnonWX(), r.checkMDWE(), r.checkSELinux(),
				r.checkSELinuxBooleans(), r.checkAppArmor(), r.checkSeccomp(), r.checkPaX()}
		},
		r.libffiChecks,
		r.jvmChecks,
		func() []Check { return []Check{r.checkMemfdSecret(), r.checkMemfdNoexec()} },
		r.hotspotChecks,
	}
	var out []Check
	for _, g := range groups {
		if ctx.Err() != nil {
			out = append(out, Check{ID: "interrupted", Title: "interrupted", Status: Skip, Observed: "remaining checks not run"})
			break
		}
		out = append(out, g()...)
	}
	return out
}

// checkUser warns when root probes for itself: root passes permission
// checks a service user fails, and libffi's mount scan finds / for root.
func (r *run) checkUser() Check {
	c := Check{ID: "context.user", Title: "whose view is checked"}
	who := fmt.Sprintf("probes ran as %s (uid %d)", r.cx.Info.User, r.cx.Info.UID)
	if r.cx.Info.PID != 0 {
		who += fmt.Sprintf(" against pid %d through %s; memory probes (mmap, memfd) run in hserr's own process "+
			"and see its seccomp/MDWE, not the JVM's", r.cx.Info.PID, r.cx.Info.Root)
	}
	c.Observed = who
	if r.cx.Info.UID != 0 || r.cx.Explicit {
		c.Status = Pass
		return c
	}
	c.Status = Warn
	c.Why = "root can write almost anywhere, so directories look fine that the service user cannot use; " +
		"the classic case is JNA working as root and crashing as the service user."
	c.Remedy = "re-run as `hserr doctor --user <service user>` or `hserr doctor --pid <JVM pid>`."
	return c
}
