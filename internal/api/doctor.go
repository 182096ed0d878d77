package api

// Doctor is `hserr doctor --json`: the checks of this host, whose view they
// describe and their counts. doctor.APIReport converts to it.
type Doctor struct {
	Envelope
	Context DoctorContext `json:"context"`
	Checks  []Check       `json:"checks"`
	Summary DoctorSummary `json:"summary"`
}

// NewDoctor opens a doctor document; the caller fills the rest.
func NewDoctor() Doctor { return Doctor{Envelope: envelope(KindDoctor), Checks: []Check{}} }

// Status is a check's outcome (closed enumeration).
type Status string

// Check outcomes.
const (
	StatusPass Status = "pass"
	StatusWarn Status = "warn" // works, but fragile or degraded
	StatusFail Status = "fail" // will break a JVM's native code
	StatusSkip Status = "skip" // not applicable, or could not be checked
	StatusInfo Status = "info" // worth knowing; no action needed for most workloads
)

// DoctorContext says whose view the checks describe.
type DoctorContext struct {
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	Kernel  string `json:"kernel,omitempty"`
	PID     int    `json:"pid,omitempty"` // the process checked against (--pid)
	Command string `json:"command,omitempty"`
	Root    string `json:"root,omitempty"`
	User    string `json:"user,omitempty"`
	UID     int    `json:"uid"`
	GID     int    `json:"gid"`
	// ProbesRun says how the probes ran: "in-process" or "re-executed as uid N".
	ProbesRun string `json:"probes_run"`
}

// Check is one finding about the host.
type Check struct {
	ID       string `json:"id"` // stable, dotted: "libffi.tmpdir"
	Title    string `json:"title"`
	Status   Status `json:"status"`
	Observed string `json:"observed"`
	Errno    string `json:"errno,omitempty"` // EPERM, …
	Error    string `json:"error,omitempty"` // strerror text
	// Why and Remedy are filled for warn and fail.
	Why    string    `json:"why,omitempty"`
	Remedy string    `json:"remedy,omitempty"`
	Steps  []Step    `json:"steps"`
	Dir    *DirProbe `json:"dir,omitempty"`
}

// Step is one system call of a multi-step probe.
type Step struct {
	Call   string `json:"call"`
	OK     bool   `json:"ok"`
	Result string `json:"result,omitempty"`
	Errno  string `json:"errno,omitempty"`
	Error  string `json:"error,omitempty"`
}

// DirProbe is what a directory probe found: a temp file written there and
// mapped PROT_EXEC, as libffi does.
type DirProbe struct {
	Path string `json:"path"`
	// ProbedAt is the nearest existing ancestor, when Path is missing.
	ProbedAt     string   `json:"probed_at,omitempty"`
	Exists       bool     `json:"exists"`
	IsDir        bool     `json:"is_dir"`
	Writable     bool     `json:"writable"`
	FSType       string   `json:"fs_type,omitempty"`
	MountPoint   string   `json:"mount_point,omitempty"`
	MountOptions []string `json:"mount_options"`
	Noexec       bool     `json:"noexec"`
	ReadOnly     bool     `json:"read_only"`
	FreeBytes    uint64   `json:"free_bytes,omitempty"`
	Method       string   `json:"method,omitempty"` // O_TMPFILE or mkostemp+unlink
	Steps        []Step   `json:"steps"`
	ExecOK       bool     `json:"exec_ok"`
	Errno        string   `json:"errno,omitempty"`
	Error        string   `json:"error,omitempty"`
}

// DoctorSummary counts checks by status.
type DoctorSummary struct {
	Pass int `json:"pass"`
	Warn int `json:"warn"`
	Fail int `json:"fail"`
	Skip int `json:"skip"`
	Info int `json:"info,omitempty"`
}
