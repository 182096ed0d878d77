package procfs

import (
	"os"
	"reflect"
	"runtime"
	"testing"
)

const sampleMountinfo = `21 26 0:20 / /proc rw,relatime - proc proc rw
24 23 0:22 / /dev/shm rw,nosuid,nodev,noexec,relatime shared:3 - tmpfs tmpfs rw,size=24683620k
26 1 254:0 / / rw,relatime shared:1 master:2 - ext4 /dev/vda rw,discard
90 26 0:50 /data /mnt/my\040disk rw,noexec - tmpfs my\134src rw
garbage line
91 26 0:51 / /short rw - tmpfs
`

func TestParseMountinfo(t *testing.T) {
	ms := ParseMountinfo([]byte(sampleMountinfo))
	if len(ms) != 4 {
		t.Fatalf("got %d mounts, want 4 (garbage and truncated lines skipped): %+v", len(ms), ms)
	}
	shm := ms[1]
	if shm.MountPoint != "/dev/shm" || shm.FSType != "tmpfs" || !shm.Has("noexec") || shm.Has("ro") {
		t.Errorf("shm = %+v", shm)
	}
	root := ms[2]
	if root.ID != 26 || root.Parent != 1 || root.FSType != "ext4" || root.Source != "/dev/vda" {
		t.Errorf("optional fields not skipped: %+v", root)
	}
	esc := ms[3]
	if esc.MountPoint != "/mnt/my disk" || esc.Source != `my\src` || esc.Root != "/data" {
		t.Errorf("escapes: %+v", esc)
	}
	if m, ok := ByID(ms, 24); !ok || m.MountPoint != "/dev/shm" {
		t.Errorf("ByID(24) = %+v %v", m, ok)
	}
	if _, ok := FSTypeMounted(ms, "selinuxfs"); ok {
		t.Error("selinuxfs reported mounted")
	}
}

func TestParseMountinfoSelf(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	var sawRoot bool
	for _, m := range ParseMountinfo(data) {
		if m.MountPoint == "/" {
			sawRoot = true
		}
	}
	if !sawRoot {
		t.Error("no / mount parsed from /proc/self/mountinfo")
	}
}

func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		`a\040b`: "a b", `\134`: `\`, `tail\04`: `tail\04`, `\999x`: `\999x`, "": "",
	} {
		if got := Unescape(in); got != want {
			t.Errorf("Unescape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseEnviron(t *testing.T) {
	got := ParseEnviron([]byte("HOME=/root\x00LIBFFI_TMPDIR=/opt/x\x00noequals\x00=bad\x00HOME=/second\x00EMPTY=\x00A=b=c\x00"))
	want := map[string]string{"HOME": "/root", "LIBFFI_TMPDIR": "/opt/x", "EMPTY": "", "A": "b=c"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if len(ParseEnviron(nil)) != 0 {
		t.Error("empty environ not empty")
	}
}

func TestParseEnvironSelf(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	t.Setenv("HSERR_PROCFS_TEST", "x y=z")
	// /proc/self/environ shows the environment at exec time, so read our
	// own via os.Environ and check the list form agrees.
	env := EnvironFromList(os.Environ())
	if env["HSERR_PROCFS_TEST"] != "x y=z" {
		t.Errorf("got %q", env["HSERR_PROCFS_TEST"])
	}
}

func TestParseCmdline(t *testing.T) {
	if got := ParseCmdline([]byte("java\x00-Dx=1\x00Main\x00")); !reflect.DeepEqual(got, []string{"java", "-Dx=1", "Main"}) {
		t.Errorf("got %q", got)
	}
	if got := ParseCmdline(nil); got != nil {
		t.Errorf("empty: %q", got)
	}
}

func TestParseJVMArgs(t *testing.T) {
	argv := []string{"/usr/lib/jvm/bin/java", "-Xmx1g", "-cp", "-Dnot.a.prop=1", "-Djna.tmpdir=/var/lib/app/tmp",
		"-Dflag", "-XX:ErrorFile=/var/log/app/hs_err_%p.log", "-jar", "app.jar", "-Dapp.arg=ignored"}
	env := map[string]string{
		"JAVA_TOOL_OPTIONS": `-Djava.io.tmpdir=/tool -Djna.tmpdir=/overridden`,
		"JDK_JAVA_OPTIONS":  `"-Dquoted=a b"`,
		"_JAVA_OPTIONS":     "-Dlast=wins",
	}
	a := ParseJVMArgs(argv, env)
	want := map[string]string{
		"java.io.tmpdir": "/tool", "jna.tmpdir": "/var/lib/app/tmp", "flag": "",
		"quoted": "a b", "last": "wins",
	}
	if !reflect.DeepEqual(a.Props, want) {
		t.Errorf("props = %v, want %v", a.Props, want)
	}
	if a.Source["jna.tmpdir"] != "command line" || a.Source["java.io.tmpdir"] != "JAVA_TOOL_OPTIONS" {
		t.Errorf("sources = %v", a.Source)
	}
	if a.ErrorFile != "/var/log/app/hs_err_%p.log" {
		t.Errorf("ErrorFile = %q", a.ErrorFile)
	}
	// Not the java launcher: JDK_JAVA_OPTIONS is ignored, main class ends options.
	b := ParseJVMArgs([]string{"jsvc", "-Da=1", "Main", "-Db=2"}, env)
	if _, ok := b.Props["quoted"]; ok || b.Props["a"] != "1" || b.Props["b"] != "" {
		t.Errorf("non-launcher props = %v", b.Props)
	}
	if len(ParseJVMArgs(nil, nil).Props) != 0 {
		t.Error("empty argv gave props")
	}
}

func TestSplitOptions(t *testing.T) {
	for in, want := range map[string][]string{
		"":                    nil,
		"  -Da=1\t-Db=2 ":     {"-Da=1", "-Db=2"},
		`-Dx="a b" '-Dy=c d'`: {"-Dx=a b", "-Dy=c d"},
		`-Dunterminated="a b`: {"-Dunterminated=a b"},
		`""`:                  {""},
	} {
		if got := SplitOptions(in); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitOptions(%q) = %q, want %q", in, got, want)
		}
	}
}

const sampleLimits = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max core file size        0                    unlimited            bytes     
Max processes             4096                 96365                processes 
Max open files            1024                 524288               files     
Max nice priority         0                    0                    
Broken line
`

func TestParseLimits(t *testing.T) {
	l := ParseLimits([]byte(sampleLimits))
	if got := l[LimitCore]; got.Soft != 0 || got.Hard != Unlimited || got.Unit != "bytes" {
		t.Errorf("core = %+v", got)
	}
	if got := l[LimitNofile]; got.Soft != 1024 || got.Hard != 524288 {
		t.Errorf("nofile = %+v", got)
	}
	if got, ok := l["Max nice priority"]; !ok || got.Unit != "" {
		t.Errorf("unitless row = %+v %v", got, ok)
	}
	if len(l) != 5 {
		t.Errorf("got %d rows: %v", len(l), l)
	}
	if FormatLimit(Unlimited) != "unlimited" || FormatLimit(42) != "42" {
		t.Error("FormatLimit")
	}
}

func TestParseLimitsSelf(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	data, err := os.ReadFile("/proc/self/limits")
	if err != nil {
		t.Fatal(err)
	}
	l := ParseLimits(data)
	for _, name := range []string{LimitCore, LimitNofile, LimitNproc, LimitMemlock} {
		if _, ok := l[name]; !ok {
			t.Errorf("%q missing from /proc/self/limits", name)
		}
	}
}

func TestParseStatus(t *testing.T) {
	s := ParseStatus([]byte("Name:\tjava\nUid:\t1000\t1001\t1000\t1000\nGroups:\t4 24 27 \nSeccomp:\t2\nnocolon\n"))
	if s["Name"] != "java" || s["Seccomp"] != "2" {
		t.Errorf("status = %v", s)
	}
	if uid, ok := StatusIDs(s["Uid"]); !ok || uid != 1001 {
		t.Errorf("effective uid = %d %v", uid, ok)
	}
	if _, ok := StatusIDs("garbage"); ok {
		t.Error("garbage uid parsed")
	}
	if g := StatusGroups(s["Groups"]); !reflect.DeepEqual(g, []int{4, 24, 27}) {
		t.Errorf("groups = %v", g)
	}
}
