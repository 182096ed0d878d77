package doctor

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/hserr/hserr/internal/doctor/procfs"
)

// Thresholds below which any JVM is at risk (a warning wherever it runs);
// a known workload's own requirements (workload.go) are warnings only where
// that workload runs, and information elsewhere.
const (
	// the kernel's default (DEFAULT_MAX_MAP_COUNT): lower means someone cut it
	minMaxMapCount = 65530
	minNofile      = 4096
	minNproc       = 1024
	minTmpFree     = 16 << 20
)

func (r *run) hotspotChecks() []Check {
	return []Check{
		r.checkHsperfdata(), r.checkTmpSpace(), r.checkCore(), r.checkHsErr(),
		r.checkMaxMapCount(), r.checkLimit(nofileLimit), r.checkLimit(nprocLimit),
	}
}

// checkHsperfdata: HotSpot always uses /tmp/hsperfdata_<user> on Linux
// (java.io.tmpdir does not move it) and refuses a directory that is a
// symlink, not owned by the user, or group/other-writable.
func (r *run) checkHsperfdata() Check {
	c := Check{ID: "hotspot.hsperfdata", Title: "hsperfdata dir (jps, jcmd, jstat discovery)"}
	dir := "/tmp/hsperfdata_" + r.cx.JVMUser
	c.Why = "without it the JVM silently uses private perf memory: jps/jcmd/jstat cannot find the process (no crash)."
	fd, err := r.root.open(dir, unix.O_PATH|unix.O_NOFOLLOW, 0)
	if err == nil {
		defer unix.Close(fd)
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			c.setErr(err)
			c.Status, c.Observed = Skip, "fstat "+dir+": "+errnoText(err)
			return c
		}
		c.Observed = fmt.Sprintf("%s exists, owner uid %d, mode %04o", dir, st.Uid, st.Mode&0o7777)
		switch {
		case st.Mode&unix.S_IFMT == unix.S_IFLNK:
			c.Status, c.Remedy = Warn, "HotSpot refuses a symlink: rm "+dir
		case st.Mode&unix.S_IFMT != unix.S_IFDIR:
			c.Status, c.Remedy = Warn, "not a directory: rm "+dir
		case int(st.Uid) != r.cx.JVMUID:
			c.Status, c.Remedy = Warn, fmt.Sprintf("HotSpot refuses a directory it does not own: chown %d %s", r.cx.JVMUID, dir)
		case st.Mode&0o022 != 0:
			c.Status, c.Remedy = Warn, "HotSpot refuses a group/other-writable directory: chmod 755 "+dir
		case unix.Access(fmt.Sprintf("/proc/self/fd/%d", fd), unix.W_OK) != nil:
			c.Status, c.Remedy = Warn, "not writable: chmod u+w "+dir
		default:
			c.Status, c.Why = Pass, ""
		}
		return c
	}
	d := r.probe.dir("/tmp")
	state := "is not"
	if d.Writable {
		state = "is"
	}
	c.Observed = dir + " does not exist yet; /tmp " + state + " writable"
	if d.Writable {
		c.Status, c.Why = Pass, ""
		return c
	}
	c.Status = Warn
	c.Remedy = "make /tmp writable for the user (mode 1777), or accept it with -XX:+PerfDisableSharedMem / -XX:-UsePerfData."
	return c
}

func (r *run) checkTmpSpace() Check {
	c := Check{ID: "hotspot.tmp-space", Title: "free space on /tmp (hsperfdata, hs_err fallback)"}
	d := r.probe.dir("/tmp")
	if !d.Exists || d.FSType == "" {
		c.Status, c.Observed = Skip, d.describe()
		return c
	}
	c.Observed = fmt.Sprintf("%s free on /tmp [%s on %s]", humanBytes(d.FreeBytes), d.FSType, d.MountPoint)
	if d.FreeBytes >= minTmpFree {
		c.Status = Pass
		return c
	}
	c.Status = Warn
	c.Why = "HotSpot writes one byte per page of its perf file to reserve space; on a full /tmp it gives up shared perf memory, and hs_err files falling back to /tmp are lost."
	c.Remedy = "free space on /tmp (or grow the tmpfs: mount -o remount,size=... /tmp)."
	return c
}

func (r *run) checkCore() Check {
	c := Check{ID: "hotspot.core", Title: "core dumps (ulimit -c, core_pattern)"}
	l, ok := r.cx.Limits[procfs.LimitCore]
	pattern, err := r.root.readTrimmed("/proc/sys/kernel/core_pattern")
	if err != nil {
		pattern = "(unreadable: " + errnoText(err) + ")"
	}
	if !ok {
		c.Status, c.Observed = Skip, "core limit unknown; core_pattern "+pattern
		return c
	}
	c.Observed = fmt.Sprintf("ulimit -c soft %s hard %s; core_pattern %q", procfs.FormatLimit(l.Soft), procfs.FormatLimit(l.Hard), pattern)
	if strings.HasPrefix(pattern, "|") {
		c.Observed += " (piped to a handler, which is given the limit)"
	} else if !strings.HasPrefix(pattern, "/") {
		c.Observed += " (relative to the JVM's working directory)"
	}
	if l.Soft != 0 {
		c.Status = Pass
		return c
	}
	c.Status = Warn
	c.Why = "a native crash leaves only the hs_err file (\"Core dumps have been disabled\"); the core is what lets you inspect native frames."
	c.Remedy = "ulimit -c unlimited before starting java, or LimitCORE=infinity in the systemd unit."
	return c
}

// checkHsErr follows vmError.cpp prepare_log_file: -XX:ErrorFile, then
// <cwd>/hs_err_pid<pid>.log, then /tmp/hs_err_pid<pid>.log.
func (r *run) checkHsErr() Check {
	c := Check{ID: "hotspot.hs_err", Title: "where hs_err_pid<N>.log files go"}
	pid := "<pid>"
	if r.cx.Info.PID != 0 {
		pid = strconv.Itoa(r.cx.Info.PID)
	}
	var tried []string
	try := func(file, how string) bool {
		d := r.probe.dir(path.Dir(file))
		if d.Exists && d.Writable && !d.ReadOnly {
			c.Status = Pass
			c.Observed = strings.Join(append(tried, how+": "+file), "; ")
			return true
		}
		tried = append(tried, how+" "+path.Dir(file)+" not writable")
		return false
	}
	if ef := r.cx.JVM.ErrorFile; ef != "" {
		f := strings.NewReplacer("%p", pid, "%%", "%").Replace(ef)
		if !path.IsAbs(f) && r.cx.Cwd != "" {
			f = path.Join(r.cx.Cwd, f)
		}
		if try(f, "-XX:ErrorFile") {
			return c
		}
	}
	if r.cx.Cwd != "" && try(path.Join(r.cx.Cwd, "hs_err_pid"+pid+".log"), "working directory") {
		if r.cx.Info.PID == 0 {
			c.Observed += " (hserr's working directory; a JVM uses its own)"
		}
		return c
	}
	if try("/tmp/hs_err_pid"+pid+".log", "fallback") {
		return c
	}
	c.Status = Warn
	c.Observed = strings.Join(tried, "; ")
	c.Why = "a crash would leave no hs_err file to diagnose."
	c.Remedy = "-XX:ErrorFile=/var/log/<app>/hs_err_pid%p.log with that directory writable by the service user."
	return c
}

func (r *run) checkMaxMapCount() Check {
	c := Check{ID: "hotspot.max_map_count", Title: "vm.max_map_count"}
	v, err := r.root.readTrimmed("/proc/sys/vm/max_map_count")
	n, perr := strconv.Atoi(v)
	if err != nil || perr != nil {
		c.setErr(err)
		c.Status, c.Observed = Skip, "cannot read /proc/sys/vm/max_map_count"
		return c
	}
	c.Observed = fmt.Sprintf("vm.max_map_count = %d", n)
	why := "every mmap'd file, thread stack and heap region is a mapping; past the limit mmap fails with ENOMEM and the JVM reports OutOfMemoryError or \"Cannot allocate memory\"."
	return judge(c, int64(n), minMaxMapCount, func() (int64, *workload) { return r.workloadMin(func(w *workload) int64 { return w.MaxMapCount }) }, why,
		func(min int64) string {
			return fmt.Sprintf("sysctl -w vm.max_map_count=%d and persist it in /etc/sysctl.d/.", min)
		})
}

// workloadMin is the detected workload's threshold, with the workload.
func (r *run) workloadMin(pick func(*workload) int64) (int64, *workload) {
	// without a detected workload the best-known service's figure is
	// still named (as information)
	if w := detectWorkload(r.cx); w != nil {
		return pick(w), w
	}
	return pick(&elasticsearch), nil
}

// judge compares a value with the threshold every JVM needs (below it:
// warn) and a known workload's higher one: a warning where that workload
// runs, and information where it was not seen, naming who needs more.
func judge(c Check, v, general int64, wl func() (int64, *workload), why string, remedy func(int64) string) Check {
	need, w := wl()
	switch {
	case v < general:
		c.Status, c.Why, c.Remedy = Warn, why, remedy(general)
	case v >= need:
		c.Status = Pass
	case w != nil:
		c.Status = Warn
		c.Why = why + " " + w.Name + " runs here and requires " + strconv.FormatInt(need, 10) + " (" + w.Source + ")."
		c.Remedy = remedy(need)
	default:
		c.Status = Info
		c.Observed += fmt.Sprintf("; enough for most JVMs (Elasticsearch and OpenSearch require %d)", need)
	}
	return c
}

// rlimitCheck describes a resource limit HotSpot needs enough of.
type rlimitCheck struct {
	ID, Title string
	Limit     string // procfs.Limit* name
	// Hard: judge the hard limit, because HotSpot raises the soft limit to
	// it at start (-XX:+MaxFDLimit, on by default); otherwise the soft one.
	Hard bool
	Note string // after "soft N, hard M"
	Min  int64  // every JVM needs at least this
	// Workload picks a known workload's (higher) requirement.
	Workload func(*workload) int64
	Why      string
	// Systemd and LimitsConf name the limit in a unit (LimitNOFILE) and in
	// /etc/security/limits.conf (nofile).
	Systemd, LimitsConf string
}

var (
	nofileLimit = rlimitCheck{ID: "hotspot.nofile", Title: "open files limit", Limit: procfs.LimitNofile, Hard: true,
		Note: "HotSpot raises soft to hard", Min: minNofile, Workload: func(w *workload) int64 { return w.Nofile },
		Why:     "running out of descriptors fails sockets and files with EMFILE (\"Too many open files\").",
		Systemd: "LimitNOFILE", LimitsConf: "nofile"}
	nprocLimit = rlimitCheck{ID: "hotspot.nproc", Title: "processes/threads limit", Limit: procfs.LimitNproc,
		Note: "counts every thread of the user", Min: minNproc, Workload: func(w *workload) int64 { return w.Nproc },
		Why:     "thread creation fails with \"unable to create native thread: possibly out of memory or process/resource limits reached\".",
		Systemd: "LimitNPROC", LimitsConf: "nproc"}
)

func (r *run) checkLimit(rc rlimitCheck) Check {
	c := Check{ID: rc.ID, Title: rc.Title}
	l, ok := r.cx.Limits[rc.Limit]
	if !ok {
		c.Status, c.Observed = Skip, "limit unknown"
		return c
	}
	c.Observed = fmt.Sprintf("soft %s, hard %s (%s)", procfs.FormatLimit(l.Soft), procfs.FormatLimit(l.Hard), rc.Note)
	v := l.Soft
	if rc.Hard {
		v = l.Hard
	}
	if v == procfs.Unlimited {
		c.Status = Pass
		return c
	}
	return judge(c, v, rc.Min, func() (int64, *workload) { return r.workloadMin(rc.Workload) }, rc.Why,
		func(min int64) string {
			return fmt.Sprintf("%s=%d in the systemd unit, or %s %d in /etc/security/limits.conf.", rc.Systemd, min, rc.LimitsConf, min)
		})
}

func humanBytes(b uint64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := uint64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(b)/float64(div), "KMGTPE"[exp])
}
