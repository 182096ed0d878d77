package redact

import (
	"regexp"
	"strings"
)

// envAllowed are the environment variables whose values diagnosis needs
// and which hold no secret (paths of the JDK and temp dirs, locale, shell);
// every other value is replaced. The option variables are kept and their
// -D secrets redacted like a command line.
var envAllowed = map[string]bool{
	"JAVA_HOME": true, "JRE_HOME": true, "JDK_HOME": true, "PATH": true, "LD_LIBRARY_PATH": true,
	"LD_PRELOAD": true, "DYLD_LIBRARY_PATH": true, "SHELL": true, "DISPLAY": true, "WAYLAND_DISPLAY": true,
	"XDG_SESSION_TYPE": true, "HOSTTYPE": true, "OSTYPE": true, "MACHTYPE": true, "LANG": true, "LC_ALL": true,
	"LC_CTYPE": true, "TERM": true, "TZ": true, "TMPDIR": true, "TMP": true, "TEMP": true, "LIBFFI_TMPDIR": true,
	"MALLOC_ARENA_MAX": true, "MALLOC_CHECK_": true, "JAVA_TOOL_OPTIONS": true, "_JAVA_OPTIONS": true,
	"JDK_JAVA_OPTIONS": true, "CLASSPATH": true, "HOME": true, "USERNAME": false, "USER": false,
	"PROCESSOR_IDENTIFIER": true, "NUMBER_OF_PROCESSORS": true, "OS": true, "windir": true, "SystemRoot": true,
}

// env redacts the value of NAME=value unless NAME is on the allowlist.
func (r *redactor) env(body string) string {
	lead := body[:len(body)-len(strings.TrimLeft(body, " \t"))]
	name, value, ok := strings.Cut(strings.TrimLeft(body, " \t"), "=")
	if !ok || envAllowed[name] || value == "" || placeholder(value) {
		return body
	}
	r.counts[EnvValue]++
	return lead + name + "=<redacted>"
}

// placeholder reports whether a value is already one of redaction's
// placeholders: redacting a redacted log again finds nothing (the server
// re-scans what clients send and quarantines what still matches).
func placeholder(v string) bool {
	return strings.HasPrefix(v, "<redacted") && strings.HasSuffix(v, ">")
}

// secretName matches property names that hold secrets.
var secretName = regexp.MustCompile(`(?i)(password|passwd|pwd|secret|token|key|credential|auth|passphrase)`)

// dprop is a -Dname=value option (value up to the next blank).
var dprop = regexp.MustCompile(`-D([A-Za-z0-9_.$-]+)=("[^"]*"|'[^']*'|\S*)`)

// longOpt is a --name=value or --name value option whose name says it
// holds a secret: such options reach the log inside -XX:OnError commands
// ("hserr hook %p --token …") and tools' own command lines.
var longOpt = regexp.MustCompile(`(?i)(--[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|key|credential|auth|passphrase)[A-Za-z0-9_.-]*)(=|[ \t]+)("[^"]*"|'[^']*'|[^\s"']+)`)

// commandLine redacts -D secrets and secret-named long options wherever
// options appear, and the program's arguments on the lines that carry the
// command.
func (r *redactor) commandLine(body string) string {
	if strings.Contains(body, "--") {
		body = longOpt.ReplaceAllStringFunc(body, func(m string) string {
			sub := longOpt.FindStringSubmatch(m)
			if placeholder(sub[3]) || strings.HasPrefix(sub[3], "-") {
				return m // redacted already, or the next option: the flag took no value
			}
			r.counts[Property]++
			return sub[1] + sub[2] + "<redacted>"
		})
	}
	if strings.Contains(body, "-D") {
		body = dprop.ReplaceAllStringFunc(body, func(m string) string {
			sub := dprop.FindStringSubmatch(m)
			if !secretName.MatchString(sub[1]) || sub[2] == "" || placeholder(sub[2]) {
				return m
			}
			r.counts[Property]++
			return "-D" + sub[1] + "=<redacted>"
		})
	}
	for _, prefix := range []string{"java_command:", "Command Line:"} {
		if rest, ok := strings.CutPrefix(strings.TrimLeft(body, " "), prefix); ok {
			lead := body[:len(body)-len(strings.TrimLeft(body, " "))]
			return lead + prefix + r.programArgs(rest, prefix == "Command Line:")
		}
	}
	return body
}

// valueOptions take the next word as their value (so it is not the main
// class).
var valueOptions = map[string]bool{"-cp": true, "-classpath": true, "--class-path": true, "-p": true,
	"--module-path": true, "--upgrade-module-path": true, "--add-modules": true, "--add-opens": true,
	"--add-exports": true, "--add-reads": true, "--patch-module": true, "--limit-modules": true, "-splash:": false}

const programArgsPlaceholder = "<redacted:program arguments>"

// programArgs keeps the JVM's options and the main class or jar (or
// module), and replaces what follows: the application's own arguments.
func (r *redactor) programArgs(rest string, hasOptions bool) string {
	words := strings.Fields(rest)
	main := -1
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case !hasOptions:
			main = i // java_command starts with the main class or jar
		case w == "-jar" || w == "-m" || w == "--module":
			main = i + 1
		case valueOptions[w]:
			i++
			continue
		case strings.HasPrefix(w, "-"):
			continue
		default:
			main = i
		}
		break
	}
	if main < 0 || main+1 >= len(words) || strings.Join(words[main+1:], " ") == programArgsPlaceholder {
		return rest
	}
	r.counts[ProgramArgs] += len(words) - main - 1
	return " " + strings.Join(words[:main+1], " ") + " " + programArgsPlaceholder
}

var (
	urlCreds = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)([^/\s:@]+):([^/\s@]+)@`)
	shapes   = []shape{
		{regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`), []string{"AKIA", "ASIA"}},                       // AWS access key id
		{regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`), []string{"eyJ"}}, // JWT
		{regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{16,}`), []string{"bearer"}},                    // bearer token
		{regexp.MustCompile(`\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b`), []string{"gh"}},                  // GitHub
		{regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{30,}\b`), []string{"github_pat_"}},                     // GitHub fine-grained
		{regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}\b`), []string{"glpat-"}},                              // GitLab
		{regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}\b`), []string{"xox"}},                            // Slack
		{regexp.MustCompile(`\bsk-(?:proj-|live_|test_)?[A-Za-z0-9_-]{20,}\b`), []string{"sk-"}},              // OpenAI, Stripe
		{regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`), []string{"AIza"}},                                   // Google API key
		{regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`), []string{"npm_"}},                                     // npm
	}
	homeUnix    = regexp.MustCompile(`(/home/|/Users/)([A-Za-z0-9._-]+)`)
	homeWindows = regexp.MustCompile(`(?i)([A-Z]:\\(?:Users|Documents and Settings)\\)([^\\\s:;"]+)`)
	ipv4        = regexp.MustCompile(`\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b`)
	pidRef      = regexp.MustCompile(`\b(pid=|pid |hs_err_pid|core\.|hsperfdata_(?:[A-Za-z0-9._-]+|<user>)/)(\d+)`)
	// perfUser is the user name in HotSpot's perf-data directory
	// (/tmp/hsperfdata_<user>/<pid>): the account the JVM ran as, kept by
	// the default profile (mostly a service account, and the hsperfdata
	// rules read it) and pseudonymised by share like host names.
	perfUser = regexp.MustCompile(`(hsperfdata_)([A-Za-z0-9._-]+)`)
	hostEnv  = regexp.MustCompile(`^(\s*(?:HOSTNAME|COMPUTERNAME|HOST)=)(\S+)`)
)

// shape is a secret's shape and the literals one of which any match
// contains: most lines contain none, and strings.Contains is far cheaper
// than running ten expressions over every line (the fleet server re-scans
// every report it receives).
type shape struct {
	re    *regexp.Regexp
	hints []string // lower-case hints are looked for in the lower-cased line
}

func (s shape) mayMatch(line, lower string) bool {
	for _, h := range s.hints {
		if strings.Contains(line, h) || (h == strings.ToLower(h) && strings.Contains(lower, h)) {
			return true
		}
	}
	return false
}

// everywhere redacts what may appear on any line.
func (r *redactor) everywhere(body string) string {
	// the literal checks skip expressions that cannot match (most lines)
	if strings.Contains(body, "://") {
		body = urlCreds.ReplaceAllStringFunc(body, func(m string) string {
			r.counts[URLCreds]++
			return urlCreds.FindStringSubmatch(m)[1] + "<redacted>@"
		})
	}
	lower := strings.ToLower(body)
	for _, sh := range shapes {
		if !sh.mayMatch(body, lower) {
			continue
		}
		body = sh.re.ReplaceAllStringFunc(body, func(string) string {
			r.counts[SecretShape]++
			return "<redacted:secret>"
		})
	}
	body = homeUnix.ReplaceAllStringFunc(body, func(m string) string { return r.home(homeUnix, m) })
	if strings.Contains(body, ":\\") {
		body = homeWindows.ReplaceAllStringFunc(body, func(m string) string { return r.home(homeWindows, m) })
	}
	if r.p == Share {
		body = r.share(body)
	}
	return body
}

func (r *redactor) home(re *regexp.Regexp, m string) string {
	sub := re.FindStringSubmatch(m)
	if sub[2] == "<user>" || strings.HasPrefix(sub[2], "<") {
		return m
	}
	r.counts[HomeUser]++
	return sub[1] + "<user>"
}

// share pseudonymises IP addresses, pids and host names.
func (r *redactor) share(body string) string {
	body = replaceIPs(body, func(m string) string {
		if m == "0.0.0.0" || strings.HasPrefix(m, "127.") {
			return m
		}
		r.counts[IP]++
		return pseudonym(IP, m)
	})
	if strings.Contains(body, "hsperfdata_") {
		body = perfUser.ReplaceAllStringFunc(body, func(m string) string { return r.home(perfUser, m) })
	}
	body = pidRef.ReplaceAllStringFunc(body, func(m string) string {
		sub := pidRef.FindStringSubmatch(m)
		r.counts[PID]++
		return sub[1] + pseudonym(PID, sub[2])
	})
	if sub := hostEnv.FindStringSubmatch(body); sub != nil && !strings.HasPrefix(sub[2], "<") {
		r.counts[Host]++
		body = sub[1] + pseudonym(Host, sub[2]) + body[len(sub[0]):]
	}
	return body
}

// replaceIPs replaces the IPv4 addresses of body by what repl returns. A
// dotted quad inside a longer version string is no address: one glued to a
// name or a dash before it ("Red_Hat-25.0.1.0.8-1") or followed by another
// ".digit" ("11.0.16.1.1") is left alone.
func replaceIPs(body string, repl func(string) string) string {
	var b strings.Builder
	last := 0
	for _, m := range ipv4.FindAllStringIndex(body, -1) {
		if partOfVersion(body, m[0], m[1]) {
			continue
		}
		b.WriteString(body[last:m[0]])
		b.WriteString(repl(body[m[0]:m[1]]))
		last = m[1]
	}
	if last == 0 {
		return body
	}
	b.WriteString(body[last:])
	return b.String()
}

func partOfVersion(s string, start, end int) bool {
	if start > 0 {
		if c := s[start-1]; c == '.' || c == '-' || c == '_' || c == '+' || isAlnum(c) {
			return true
		}
	}
	return end+1 < len(s) && s[end] == '.' && s[end+1] >= '0' && s[end+1] <= '9'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
