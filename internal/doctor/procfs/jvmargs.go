package procfs

import (
	"path/filepath"
	"strings"
)

// JVMArgs is what doctor needs from a JVM's options: its -D system properties
// and -XX:ErrorFile. Source says where each property came from.
type JVMArgs struct {
	Props     map[string]string `json:"props"`
	Source    map[string]string `json:"source"`
	ErrorFile string            `json:"error_file,omitempty"`
}

// launcherOptsWithValue are java launcher options whose value is the next
// argument; skipping them keeps us from mistaking the value for the main class.
var launcherOptsWithValue = map[string]bool{
	"-cp": true, "-classpath": true, "--class-path": true,
	"-p": true, "--module-path": true, "--upgrade-module-path": true,
	"--add-modules": true, "--limit-modules": true, "--add-reads": true,
	"--add-exports": true, "--add-opens": true, "--patch-module": true,
	"--source": true, "--enable-native-access": true,
}

// ParseJVMArgs collects -D properties the way the JVM layers them:
// JAVA_TOOL_OPTIONS first, then JDK_JAVA_OPTIONS (java launcher only), then
// the command line up to the main class / -jar / -m, then _JAVA_OPTIONS,
// later ones overriding earlier ones.
func ParseJVMArgs(argv []string, env map[string]string) JVMArgs {
	a := JVMArgs{Props: map[string]string{}, Source: map[string]string{}}
	a.add(SplitOptions(env["JAVA_TOOL_OPTIONS"]), "JAVA_TOOL_OPTIONS")
	isLauncher := len(argv) > 0 && filepath.Base(argv[0]) == "java"
	if isLauncher {
		a.add(SplitOptions(env["JDK_JAVA_OPTIONS"]), "JDK_JAVA_OPTIONS")
	}
	if len(argv) > 1 {
		a.add(vmOptions(argv[1:]), "command line")
	}
	a.add(SplitOptions(env["_JAVA_OPTIONS"]), "_JAVA_OPTIONS")
	return a
}

// vmOptions returns the options before the main class, -jar or -m, leaving
// out the values of options such as -cp.
func vmOptions(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		switch {
		case arg == "-jar" || arg == "-m" || arg == "--module" || strings.HasPrefix(arg, "--module="):
			return out
		case launcherOptsWithValue[arg]:
			i++
		case !strings.HasPrefix(arg, "-"):
			return out
		default:
			out = append(out, arg)
		}
	}
	return out
}

func (a *JVMArgs) add(opts []string, source string) {
	for _, o := range opts {
		switch {
		case strings.HasPrefix(o, "-D"):
			k, v, _ := strings.Cut(o[2:], "=")
			if k != "" {
				a.Props[k] = v
				a.Source[k] = source
			}
		case strings.HasPrefix(o, "-XX:ErrorFile="):
			a.ErrorFile = strings.TrimPrefix(o, "-XX:ErrorFile=")
		}
	}
}

// SplitOptions splits an options variable on white space, honouring single
// and double quotes as the JDK does for JDK_JAVA_OPTIONS. An unterminated
// quote runs to the end of the string.
func SplitOptions(s string) []string {
	var out []string
	var cur strings.Builder
	inToken := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inToken = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inToken {
				out = append(out, cur.String())
				cur.Reset()
				inToken = false
			}
		default:
			cur.WriteRune(r)
			inToken = true
		}
	}
	if inToken {
		out = append(out, cur.String())
	}
	return out
}
