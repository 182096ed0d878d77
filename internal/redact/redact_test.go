package redact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planted is a log fragment with one secret of every category.
const planted = `#  SIGSEGV (0xb) at pc=0x00007f63a984c114, pid=15260, tid=15261
Command Line: -Xmx2g -Ddb.password=hunter2 -Dapi.token="abc def" -Dfile.encoding=UTF-8 -cp /home/alice/app.jar com.example.Main --user bob --secret s3cr3t
jvm_args: -Djavax.net.ssl.keyStorePassword=changeit -Xss1m
java_command: com.example.Main --user bob
Environment Variables:
JAVA_HOME=/usr/lib/jvm/java-17
PATH=/usr/bin:/home/alice/bin
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
DATABASE_URL=postgres://app:pw@db.internal:5432/app
JAVA_TOOL_OPTIONS=-Dsecret.key=abc123
HOSTNAME=build-17.corp.example

Dynamic libraries:
7f0000000000-7f0000001000 r-xp 00000000 fd:01 1 /Users/carol/lib/libfoo.dylib
7f0000001000-7f0000002000 r-xp 00000000 fd:01 2 C:\Users\dave\AppData\Local\Temp\jna123.dll
connected to https://admin:Pa55@repo.example.com/maven from 10.1.2.3
token AKIAIOSFODNN7EXAMPLE and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U
Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA1234
abcd
-----END RSA PRIVATE KEY-----
ghp_abcdefghijklmnopqrstuvwxyz0123456789 glpat-abcdefghijklmnopqrstu
`

var secrets = []string{"hunter2", "abc def", "s3cr3t", "bob", "changeit", "wJalrXUtnFEMI", "app:pw", "abc123",
	"alice", "carol", "dave", "admin:Pa55", "AKIAIOSFODNN7EXAMPLE", "eyJhbGciOiJIUzI1NiJ9", "abcdefghijklmnopqrstuvwxyz012345",
	"MIIEowIBAAKCAQEA1234", "ghp_abcdef", "glpat-abc", "build-17"}

func TestEverySecretGone(t *testing.T) {
	out, counts := Text(planted, Default)
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("%q survived:\n%s", s, out)
		}
	}
	for _, keep := range []string{"-Xmx2g", "-Dfile.encoding=UTF-8", "com.example.Main", "JAVA_HOME=/usr/lib/jvm/java-17", "libfoo.dylib", "jna123.dll", "pid=15260", "10.1.2.3", "-----BEGIN RSA PRIVATE KEY-----"} {
		if !strings.Contains(out, keep) {
			t.Errorf("%q was removed, diagnosis needs it:\n%s", keep, out)
		}
	}
	if got, want := strings.Count(out, "\n"), strings.Count(planted, "\n"); got != want {
		t.Errorf("%d lines, want %d: evidence line numbers must stay valid", got, want)
	}
	for _, c := range []Category{Property, ProgramArgs, URLCreds, SecretShape, PEM, EnvValue, HomeUser} {
		if counts[c] == 0 {
			t.Errorf("no %s counted: %v", c, counts)
		}
	}
	again, counts2 := Text(planted, Default)
	if again != out || counts2.Total() != counts.Total() {
		t.Error("not deterministic")
	}
}

func TestShareProfile(t *testing.T) {
	out, counts := Text(planted, Share)
	for _, s := range []string{"10.1.2.3", "pid=15260"} {
		if strings.Contains(out, s) {
			t.Errorf("%q survived the share profile", s)
		}
	}
	if counts[IP] == 0 || counts[PID] == 0 {
		t.Errorf("counts %v", counts)
	}
	if !strings.Contains(out, pseudonym(IP, "10.1.2.3")) {
		t.Error("the IP's pseudonym is not stable")
	}

	// versions are not addresses; the perf-data user and a core file's
	// pid are personal and pseudonymised (found by a newcomer's run)
	in := "JRE Red_Hat-25.0.1.0.8-1 (build 11.0.16.1.1) at 10.9.8.7, /tmp/hsperfdata_devops/31388 core.31388\n"
	out, _ = Text(in, Share)
	for _, keep := range []string{"Red_Hat-25.0.1.0.8-1", "11.0.16.1.1"} {
		if !strings.Contains(out, keep) {
			t.Errorf("share changed the version %q: %s", keep, out)
		}
	}
	for _, gone := range []string{"10.9.8.7", "devops", "31388"} {
		if strings.Contains(out, gone) {
			t.Errorf("share kept %q: %s", gone, out)
		}
	}
	if again, _ := Text(out, Share); again != out {
		t.Errorf("share is not idempotent: %s -> %s", out, again)
	}
}

// A redacted real log still says the same things where diagnosis looks.
func TestCorpusLogsKeepTheirShape(t *testing.T) {
	logs, _ := filepath.Glob("../../testdata/corpus/logs/*.log")
	if len(logs) == 0 {
		t.Fatal("no corpus")
	}
	for _, p := range logs {
		b, _ := os.ReadFile(p)
		out, _ := Text(string(b), Default)
		if strings.Count(out, "\n") != strings.Count(string(b), "\n") {
			t.Errorf("%s: line count changed", filepath.Base(p))
		}
	}
}

func TestProgramArgs(t *testing.T) {
	r := &redactor{counts: Counts{}}
	for in, want := range map[string]string{
		" -Xmx1g -jar app.jar --port 80":     " -Xmx1g -jar app.jar <redacted:program arguments>",
		" -cp a.jar:b.jar com.x.Main a b c":  " -cp a.jar:b.jar com.x.Main <redacted:program arguments>",
		" -m mod/com.x.Main x":               " -m mod/com.x.Main <redacted:program arguments>",
		" -Xmx1g com.x.Main":                 " -Xmx1g com.x.Main",
		" --module-path m -p q com.x.Main y": " --module-path m -p q com.x.Main <redacted:program arguments>",
	} {
		if got := r.programArgs(in, true); got != want {
			t.Errorf("programArgs(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIdempotent: a redacted log redacted again gives the same text and
// no counts (the fleet server re-scans what clients send and quarantines
// a report in which anything still matches).
func TestIdempotent(t *testing.T) {
	for _, p := range []Profile{Default} {
		once, _ := Text(planted+"-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----\n", p)
		twice, c := Text(once, p)
		if c.Total() != 0 || twice != once {
			t.Errorf("profile %d: a second pass found %v", p, c)
		}
	}
}

// TestLongOptions: a token given to a command inside -XX:OnError (which
// HotSpot copies into jvm_args) is redacted, with = or a blank.
func TestLongOptions(t *testing.T) {
	in := "jvm_args: -XX:OnError=hserr hook %p --server http://c:8490 --token w-s3cret --api-key=k9k9 --auth-file /etc/x --keep -Xmx1g\n"
	out, c := Text(in, Default)
	for _, s := range []string{"w-s3cret", "k9k9", "/etc/x"} {
		if strings.Contains(out, s) {
			t.Errorf("%q survived: %s", s, out)
		}
	}
	if !strings.Contains(out, "--server http://c:8490") || !strings.Contains(out, "--keep -Xmx1g") || c[Property] != 3 {
		t.Errorf("%v: %s", c, out)
	}
	if again, c2 := Text(out, Default); again != out || c2.Total() != 0 {
		t.Errorf("not idempotent: %v", c2)
	}
}
