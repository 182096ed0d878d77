package doctor

import (
	"strconv"
	"strings"
)

// selinuxBoolean is a policy boolean that decides whether a JVM or libffi
// may have executable memory or execute temp files.
type selinuxBoolean struct {
	Name string
	// Bad is the value that breaks native code.
	Bad int
	Why string
}

// selinuxBooleans are the booleans that matter (fedora-selinux policy,
// policy/global_tunables and service modules). Missing ones are not listed.
var selinuxBooleans = []selinuxBoolean{
	{"deny_execmem", 1, "denies user domains W+X memory: HotSpot's code cache and libffi's anonymous closures"},
	{"selinuxuser_execmem", 0, "legacy name of the execmem permission for user domains"},
	{"selinuxuser_execheap", 0, "executable heap for user domains"},
	{"selinuxuser_execmod", 0, "execmod on modified file mappings"},
	{"selinuxuser_execstack", 0, "executable stack for user domains"},
	{"domain_can_mmap_files", 0, "lets confined domains mmap files (System.load of unpacked .so files)"},
	{"cluster_use_execmem", 0, "execmem for cluster services"},
	{"httpd_execmem", 0, "execmem for web servers (Tomcat run as httpd_t)"},
}

// parseSELinuxBool parses /sys/fs/selinux/booleans/<name>, which holds
// "<current> <pending>" (selinuxfs.c sel_read_bool: "%d %d").
func parseSELinuxBool(s string) (current, pending int, ok bool) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, 0, false
	}
	c, err1 := strconv.Atoi(f[0])
	p, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || c < 0 || c > 1 || p < 0 || p > 1 {
		return 0, 0, false
	}
	return c, p, true
}

// parseSELinuxEnforce parses /sys/fs/selinux/enforce ("0" or "1").
func parseSELinuxEnforce(s string) (mode string, ok bool) {
	switch strings.TrimSpace(s) {
	case "1":
		return "enforcing", true
	case "0":
		return "permissive", true
	}
	return "", false
}
