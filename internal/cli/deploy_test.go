package cli

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// The deployment examples under deploy/ are what operators copy; an example
// that names a flag hserr does not have, or an environment variable no
// command reads, fails at 3 a.m. on somebody's cluster. These tests check
// every hserr command line in them against the command tree.

const deployDir = "../../deploy"

func TestDeploySystemdUnits(t *testing.T) {
	units, _ := filepath.Glob(filepath.Join(deployDir, "systemd", "*.service"))
	if len(units) < 2 {
		t.Fatalf("want the serve and watch units under deploy/systemd, found %v", units)
	}
	for _, unit := range units {
		data, err := os.ReadFile(unit)
		if err != nil {
			t.Fatal(err)
		}
		var execs int
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			line, ok := strings.CutPrefix(sc.Text(), "ExecStart=")
			if !ok {
				continue
			}
			execs++
			checkCommandLine(t, unit, strings.Fields(line))
		}
		if execs != 1 {
			t.Errorf("%s: %d ExecStart lines, want 1", unit, execs)
		}
		checkEnvNames(t, unit, data)
	}
}

func TestDeployKubernetes(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(deployDir, "kubernetes", "*.yaml"))
	if len(files) < 2 {
		t.Fatalf("want the sidecar and serve manifests under deploy/kubernetes, found %v", files)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var found int
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var doc any
			if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: not YAML: %v", file, err)
			}
			for _, c := range containers(doc) {
				cmd, args := stringList(c["command"]), stringList(c["args"])
				if len(cmd) == 0 || filepath.Base(cmd[0]) != "hserr" {
					continue
				}
				found++
				checkCommandLine(t, file, append(cmd, args...))
			}
		}
		if found == 0 {
			t.Errorf("%s: no hserr container", file)
		}
		checkEnvNames(t, file, data)
	}
}

// checkCommandLine resolves argv (the binary first) in the command tree and
// parses its flags and arguments without running it.
func checkCommandLine(t *testing.T, where string, argv []string) {
	t.Helper()
	if len(argv) < 2 || filepath.Base(argv[0]) != "hserr" {
		t.Errorf("%s: %q is not an hserr command line", where, argv)
		return
	}
	root := NewRoot()
	cmd, rest, err := root.Find(argv[1:])
	if err != nil || cmd == root {
		t.Errorf("%s: %q: no such command (%v)", where, argv, err)
		return
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Errorf("%s: %q: %v", where, argv, err)
		return
	}
	if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
		t.Errorf("%s: %q: %v", where, argv, err)
	}
}

var envName = regexp.MustCompile(`\bHSERR_[A-Z_]+\b`)

// checkEnvNames fails on an HSERR_ variable no command's help mentions:
// the help is where each command says which variables it reads.
func checkEnvNames(t *testing.T, where string, data []byte) {
	t.Helper()
	help := helpText(NewRoot())
	for _, name := range envName.FindAllString(string(data), -1) {
		if !strings.Contains(help, "$"+name) {
			t.Errorf("%s: %s is read by no hserr command", where, name)
		}
	}
}

func helpText(c *cobra.Command) string {
	var b strings.Builder
	b.WriteString(c.Long)
	c.Flags().VisitAll(func(f *pflag.Flag) { b.WriteString(" " + f.Usage) })
	for _, sub := range c.Commands() {
		b.WriteString(helpText(sub))
	}
	return b.String()
}

// containers returns the containers of a Pod, or of a workload's pod
// template, as decoded maps.
func containers(doc any) []map[string]any {
	m, _ := doc.(map[string]any)
	spec, _ := m["spec"].(map[string]any)
	if tmpl, ok := spec["template"].(map[string]any); ok {
		spec, _ = tmpl["spec"].(map[string]any)
	}
	var out []map[string]any
	for _, key := range []string{"initContainers", "containers"} {
		list, _ := spec[key].([]any)
		for _, c := range list {
			if cm, ok := c.(map[string]any); ok {
				out = append(out, cm)
			}
		}
	}
	return out
}

func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, s := range list {
		if str, ok := s.(string); ok {
			out = append(out, str)
		}
	}
	return out
}
