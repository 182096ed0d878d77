package doctor

import (
	"fmt"
	"os"
	"os/user"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/hserr/hserr/internal/doctor/procfs"
	"github.com/hserr/hserr/internal/term"
)

// identity is the user the probes run as.
type identity struct {
	Name   string
	UID    int
	GID    int
	Groups []int
	Home   string
}

// resolveContext reads everything about the target that needs the caller's
// privileges: another process's /proc files are only readable by its owner
// or root.
func resolveContext(opts Options) (*probeContext, identity, error) {
	cx := &probeContext{Explicit: opts.PID != 0 || opts.User != "", Label: map[string]string{}}
	proc := "/proc/self"
	if opts.PID != 0 {
		if opts.PID < 0 {
			return nil, identity{}, term.Usage("--pid %d: not a process id", opts.PID)
		}
		proc = "/proc/" + strconv.Itoa(opts.PID)
		if _, err := os.Stat(proc); err != nil {
			return nil, identity{}, term.Usage("--pid %d: no such process", opts.PID)
		}
	}
	read := func(name string) []byte {
		b, _ := os.ReadFile(proc + "/" + name)
		return b
	}
	cx.Status = procfs.ParseStatus(read("status"))
	cx.Limits = procfs.ParseLimits(read("limits"))
	cx.Mounts = procfs.ParseMountinfo(read("mountinfo"))
	for lsm, file := range map[string]string{"current": "attr/current", "apparmor": "attr/apparmor/current"} {
		if b := strings.TrimSpace(strings.TrimRight(string(read(file)), "\x00")); b != "" {
			cx.Label[lsm] = b
		}
	}

	id, err := probeIdentity(opts, cx.Status)
	if err != nil {
		return nil, identity{}, err
	}
	cx.Home, cx.JVMUser, cx.JVMUID = id.Home, id.Name, id.UID
	if opts.PID != 0 && opts.User != "" { // the JVM's user, whoever probes
		if owner, err := probeIdentity(Options{PID: opts.PID}, cx.Status); err == nil {
			cx.Home, cx.JVMUser, cx.JVMUID = owner.Home, owner.Name, owner.UID
		}
	}

	var argv []string
	if opts.PID != 0 {
		envb, err := os.ReadFile(proc + "/environ")
		if err != nil {
			return nil, identity{}, term.Usage("--pid %d: reading environ: %s (%s)", opts.PID, errnoText(err), environHint())
		}
		cx.Env = procfs.ParseEnviron(envb)
		argv = procfs.ParseCmdline(read("cmdline"))
		cx.Cwd, _ = os.Readlink(proc + "/cwd")
		cx.Info.Root = proc + "/root"
		cx.Info.Command = strings.Join(argv, " ")
		if len(cx.Info.Command) > 300 {
			cx.Info.Command = cx.Info.Command[:300] + "..."
		}
	} else {
		list := opts.Env
		if list == nil {
			list = os.Environ()
		}
		cx.Env = procfs.EnvironFromList(list)
		if opts.Env == nil && opts.User != "" { // what su - / systemd User= would set
			cx.Env["HOME"], cx.Env["USER"], cx.Env["LOGNAME"] = id.Home, id.Name, id.Name
		}
		cx.Cwd, _ = os.Getwd()
		cx.Info.Root = "/"
	}
	cx.JVM = procfs.ParseJVMArgs(argv, cx.Env)

	var uts unix.Utsname
	_ = unix.Uname(&uts)
	cx.Info.OS, cx.Info.Arch = runtime.GOOS, runtime.GOARCH
	cx.Info.Kernel = unix.ByteSliceToString(uts.Release[:])
	cx.Info.PID = opts.PID
	cx.Info.User, cx.Info.UID, cx.Info.GID = id.Name, id.UID, id.GID
	return cx, id, nil
}

// probeIdentity picks the probe user: --user, else the owner of --pid,
// else whoever runs hserr.
func probeIdentity(opts Options, status map[string]string) (identity, error) {
	switch {
	case opts.User != "":
		u, err := user.Lookup(opts.User)
		if err != nil {
			if _, nerr := strconv.Atoi(opts.User); nerr == nil {
				u, err = user.LookupId(opts.User)
			}
		}
		if err != nil {
			return identity{}, term.Usage("--user %s: no such user", opts.User)
		}
		return identityOf(u)
	case opts.PID != 0:
		uid, ok1 := procfs.StatusIDs(status["Uid"])
		gid, ok2 := procfs.StatusIDs(status["Gid"])
		if !ok1 || !ok2 {
			return identity{}, fmt.Errorf("--pid %d: cannot read its owner from /proc/%d/status", opts.PID, opts.PID)
		}
		id := identity{UID: uid, GID: gid, Groups: procfs.StatusGroups(status["Groups"]), Name: strconv.Itoa(uid)}
		if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
			id.Name, id.Home = u.Username, u.HomeDir
		}
		return id, nil
	}
	id := identity{UID: os.Geteuid(), GID: os.Getegid(), Name: strconv.Itoa(os.Geteuid())}
	if u, err := user.LookupId(strconv.Itoa(id.UID)); err == nil {
		id.Name, id.Home = u.Username, u.HomeDir
	}
	return id, nil
}

func identityOf(u *user.User) (identity, error) {
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err1 != nil || err2 != nil {
		return identity{}, fmt.Errorf("user %s: non-numeric uid/gid", u.Username)
	}
	id := identity{Name: u.Username, UID: uid, GID: gid, Home: u.HomeDir}
	if gids, err := u.GroupIds(); err == nil {
		for _, g := range gids {
			if n, err := strconv.Atoi(g); err == nil {
				id.Groups = append(id.Groups, n)
			}
		}
	}
	return id, nil
}

// environHint says what may help when /proc/PID/environ cannot be read:
// more privilege, unless hserr has it already.
func environHint() string {
	if os.Geteuid() == 0 {
		return "the process may have exited, or /proc hides it (hidepid)"
	}
	return "run as root or as the process owner"
}
