package doctor

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hserr/hserr/internal/api"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/term"
)

var statusColor = map[Status]string{Pass: "32", Warn: "33", Fail: "31;1", Skip: "2", Info: "36"}

// WriteText renders a report: one line per check (id, status, observed),
// then why and remedy for every warn and fail. Colour only when color.
func WriteText(w io.Writer, rep Report, color bool) {
	c := rep.Context
	fmt.Fprintf(w, "hserr doctor: %s/%s", c.OS, c.Arch)
	if c.Kernel != "" {
		fmt.Fprintf(w, ", kernel %s", oneLine(c.Kernel))
	}
	if c.PID != 0 {
		fmt.Fprintf(w, ", pid %d (%s)", c.PID, oneLine(c.Command))
	}
	if c.ProbesRun != "" {
		fmt.Fprintf(w, "\nprobes: %s", c.ProbesRun)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)

	width := len("ID")
	for _, ch := range rep.Checks {
		width = max(width, len(ch.ID))
	}
	fmt.Fprintf(w, "%-*s  %-4s  %s\n", width, "ID", "STAT", "OBSERVED")
	for _, ch := range rep.Checks {
		fmt.Fprintf(w, "%-*s  %s  %s\n", width, ch.ID, paintStatus(color, ch.Status), oneLine(ch.Observed))
	}

	var problems []Check
	for _, ch := range rep.Checks {
		if ch.Status == Fail || ch.Status == Warn {
			problems = append(problems, ch)
		}
	}
	// Failures first: they are what breaks the JVM.
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Status == Fail && problems[j].Status != Fail })
	if len(problems) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "What to do:")
	}
	saidWhy := map[string]bool{} // several library checks share one explanation
	for _, ch := range problems {
		fmt.Fprintf(w, "\n%s %s: %s\n", paintStatus(color, ch.Status), ch.ID, oneLine(ch.Title))
		if ch.Why != "" && !saidWhy[ch.Why] {
			saidWhy[ch.Why] = true
			fmt.Fprintf(w, "  why:    %s\n", oneLine(ch.Why))
		}
		if ch.Remedy != "" {
			fmt.Fprintf(w, "  remedy: %s\n", oneLine(ch.Remedy))
		}
	}
	s := rep.Summary
	fmt.Fprintf(w, "\n%d pass, %d warn, %d fail, %d skip, %d info\n", s.Pass, s.Warn, s.Fail, s.Skip, s.Info)
}

func paintStatus(color bool, s Status) string {
	return term.Paint(color, statusColor[s], strings.ToUpper(fmt.Sprintf("%-4s", s)))
}

// oneLine keeps untrusted text (paths, labels, command lines) on one line.
// oneLine shows s on one line with every control character visible: the
// observed values come from the host (paths, environment variables, a
// process's command line) and may carry escape sequences or BEL.
func oneLine(s string) string { return sanitize.Line(s) }

// WriteJSON prints the report as one JSON object of the api contract
// (docs/schema/doctor.schema.json), not the internal struct.
func WriteJSON(w io.Writer, rep Report) error {
	return api.Encode(w, APIReport(rep))
}

// APIReport converts a report to the JSON contract. It lives here, not in
// api, because api cannot import doctor (doctor imports api to print).
func APIReport(rep Report) api.Doctor {
	out := api.NewDoctor()
	c := rep.Context
	out.Context = api.DoctorContext{OS: c.OS, Arch: c.Arch, Kernel: c.Kernel, PID: c.PID, Command: c.Command,
		Root: c.Root, User: c.User, UID: c.UID, GID: c.GID, ProbesRun: c.ProbesRun}
	for _, ch := range rep.Checks {
		out.Checks = append(out.Checks, apiCheck(ch))
	}
	s := rep.Summary
	out.Summary = api.DoctorSummary{Pass: s.Pass, Warn: s.Warn, Fail: s.Fail, Skip: s.Skip, Info: s.Info}
	return out
}

func apiCheck(ch Check) api.Check {
	return api.Check{ID: ch.ID, Title: ch.Title, Status: api.Status(ch.Status), Observed: ch.Observed,
		Errno: ch.Errno, Error: ch.Error, Why: ch.Why, Remedy: ch.Remedy, Steps: apiSteps(ch.Steps), Dir: apiDir(ch.Dir)}
}

func apiDir(d *DirProbe) *api.DirProbe {
	if d == nil {
		return nil
	}
	return &api.DirProbe{Path: d.Path, ProbedAt: d.ProbedAt, Exists: d.Exists, IsDir: d.IsDir, Writable: d.Writable,
		FSType: d.FSType, MountPoint: d.MountPoint, MountOptions: api.Strings(d.MountOptions), Noexec: d.Noexec,
		ReadOnly: d.ReadOnly, FreeBytes: d.FreeBytes, Method: d.Method, Steps: apiSteps(d.Steps), ExecOK: d.ExecOK,
		Errno: d.Errno, Error: d.Error}
}

func apiSteps(steps []Step) []api.Step {
	out := make([]api.Step, 0, len(steps))
	for _, s := range steps {
		out = append(out, api.Step{Call: s.Call, OK: s.OK, Result: s.Result, Errno: s.Errno, Error: s.Error})
	}
	return out
}
