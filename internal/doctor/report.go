package doctor

// Status is the verdict of one check.
type Status string

const (
	Pass Status = "pass"
	Warn Status = "warn" // works, but fragile or degraded
	Fail Status = "fail" // will break a JVM's native code; exit code 1
	Skip Status = "skip" // not applicable or could not be checked
	// Info: worth knowing, no action needed for most workloads (a kernel
	// default that only some services must raise).
	Info Status = "info"
)

// Check is one finding. Observed says what was seen, with the errno name and
// message of the call that failed; Why and Remedy are filled for warn/fail.
type Check struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Status   Status    `json:"status"`
	Observed string    `json:"observed"`
	Errno    string    `json:"errno,omitempty"` // e.g. "EPERM"
	Error    string    `json:"error,omitempty"` // strerror text
	Why      string    `json:"why,omitempty"`
	Remedy   string    `json:"remedy,omitempty"`
	Steps    []Step    `json:"steps,omitempty"`
	Dir      *DirProbe `json:"dir,omitempty"`
}

// Step is one system call of a multi-step probe.
type Step struct {
	Call   string `json:"call"`
	OK     bool   `json:"ok"`
	Result string `json:"result,omitempty"`
	Errno  string `json:"errno,omitempty"`
	Error  string `json:"error,omitempty"`
}

// DirProbe is what a directory probe found: the same test libffi makes
// (a temp file there, one page written, mapped PROT_EXEC).
type DirProbe struct {
	Path         string   `json:"path"`
	ProbedAt     string   `json:"probed_at,omitempty"` // nearest existing ancestor when Path is missing
	Exists       bool     `json:"exists"`
	IsDir        bool     `json:"is_dir"`
	Writable     bool     `json:"writable"`
	FSType       string   `json:"fs_type,omitempty"`
	MountPoint   string   `json:"mount_point,omitempty"`
	MountOptions []string `json:"mount_options,omitempty"`
	Noexec       bool     `json:"noexec"`
	ReadOnly     bool     `json:"read_only"`
	FreeBytes    uint64   `json:"free_bytes,omitempty"`
	Method       string   `json:"method,omitempty"` // O_TMPFILE or mkostemp+unlink
	Steps        []Step   `json:"steps,omitempty"`
	ExecOK       bool     `json:"exec_ok"`
	Errno        string   `json:"errno,omitempty"`
	Error        string   `json:"error,omitempty"`
}

// ContextInfo says whose view the checks describe.
type ContextInfo struct {
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	Kernel    string `json:"kernel,omitempty"`
	PID       int    `json:"pid,omitempty"`
	Command   string `json:"command,omitempty"`
	Root      string `json:"root,omitempty"`
	User      string `json:"user,omitempty"`
	UID       int    `json:"uid"`
	GID       int    `json:"gid"`
	ProbesRun string `json:"probes_run"` // "in-process" or "re-executed as uid N"
}

// Summary counts checks by status.
type Summary struct {
	Pass int `json:"pass"`
	Warn int `json:"warn"`
	Fail int `json:"fail"`
	Skip int `json:"skip"`
	Info int `json:"info,omitempty"`
}

// Report is the result of Run.
type Report struct {
	Context ContextInfo `json:"context"`
	Checks  []Check     `json:"checks"`
	Summary Summary     `json:"summary"`
}

// Failed reports whether any check failed.
func (r Report) Failed() bool { return r.Summary.Fail > 0 }

// Find returns the check with the given id.
func (r Report) Find(id string) (Check, bool) {
	for _, c := range r.Checks {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

func summarize(checks []Check) Summary {
	var s Summary
	for _, c := range checks {
		switch c.Status {
		case Pass:
			s.Pass++
		case Warn:
			s.Warn++
		case Fail:
			s.Fail++
		case Info:
			s.Info++
		default:
			s.Skip++
		}
	}
	return s
}

// Options select whose view Run checks.
type Options struct {
	// PID, when non-zero, checks against that process: its environment,
	// its -D properties, its mount namespace (/proc/PID/root) and limits.
	// Probes run as the process's owner unless User is set.
	PID int
	// User runs the probes as that user (name or numeric uid). Needs root
	// unless it is the current user.
	User string
	// Env is the environment to evaluate (KEY=VALUE). Nil means this
	// process's own, with HOME/USER/LOGNAME taken from User when set.
	// Ignored with PID (the process's environment is used).
	Env []string
}
