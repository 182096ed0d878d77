package doctor

import (
	"fmt"
	"strconv"
	"strings"
)

// selinuxBoolean is a policy boolean that decides whether a JVM or libffi
// may have executable memory or execute temp files.
type selinuxBoolean struct {
	Name string
	// Bad is the value that breaks native code.
	Bad int
	// Fails: at Bad under enforcing policy, every JVM in a user domain is
	// broken, so exec.selinux-booleans fails. The others only matter to
	// some domains (or are off by default) and are listed, not judged.
	Fails bool
	Why   string // what the bad value does
	// Otherwise is the way out besides setsebool, for Fails booleans.
	Otherwise string
}

// selinuxBooleans are the booleans that matter (fedora-selinux policy,
// policy/global_tunables and service modules). Missing ones are not listed.
var selinuxBooleans = []selinuxBoolean{
	{Name: "deny_execmem", Bad: 1, Fails: true, Why: "denies W+X memory to user domains: HotSpot cannot map its code cache",
		Otherwise: "run the JVM in a domain with process execmem"},
	{Name: "selinuxuser_execmem", Bad: 0, Why: "legacy name of the execmem permission for user domains"},
	{Name: "selinuxuser_execheap", Bad: 0, Why: "executable heap for user domains"},
	{Name: "selinuxuser_execmod", Bad: 0, Why: "execmod on modified file mappings"},
	{Name: "selinuxuser_execstack", Bad: 0, Why: "executable stack for user domains"},
	{Name: "domain_can_mmap_files", Bad: 0, Why: "lets confined domains mmap files (System.load of unpacked .so files)"},
	{Name: "cluster_use_execmem", Bad: 0, Why: "execmem for cluster services"},
	{Name: "httpd_execmem", Bad: 0, Why: "execmem for web servers (Tomcat run as httpd_t)"},
}

// failure is exec.selinux-booleans' why and remedy for a Fails boolean
// found at its bad value.
func (b selinuxBoolean) failure() (why, remedy string) {
	why = fmt.Sprintf("%s=%d %s.", b.Name, b.Bad, b.Why)
	remedy = fmt.Sprintf("setsebool -P %s %d", b.Name, 1-b.Bad)
	if b.Otherwise != "" {
		remedy += " (or " + b.Otherwise + ")"
	}
	return why, remedy + "."
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
