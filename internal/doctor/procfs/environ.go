package procfs

import "strings"

// ParseEnviron parses /proc/<pid>/environ: NUL-separated KEY=VALUE entries.
// Entries without '=' are ignored; for a repeated key the first one wins,
// as it does for getenv(3).
func ParseEnviron(data []byte) map[string]string {
	env := map[string]string{}
	for _, kv := range strings.Split(string(data), "\x00") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			continue
		}
		if _, seen := env[k]; !seen {
			env[k] = v
		}
	}
	return env
}

// EnvironFromList turns os.Environ()-style entries into a map with the same
// rules as ParseEnviron.
func EnvironFromList(list []string) map[string]string {
	return ParseEnviron([]byte(strings.Join(list, "\x00")))
}

// ParseCmdline splits /proc/<pid>/cmdline into arguments. A process may
// rewrite its own cmdline; a trailing NUL is dropped.
func ParseCmdline(data []byte) []string {
	s := strings.TrimSuffix(string(data), "\x00")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\x00")
}
