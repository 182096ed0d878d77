package term

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// Output is the one output convention every command shares: -o FORMAT
// (the formats that apply to the command), --output-file, and the old
// per-command flags (--json, --format) kept as aliases.
type Output struct {
	format  string
	file    string
	formats []string
	json    bool   // alias: --json
	alias   string // alias: --format
}

// Register adds -o/--output and --output-file to cmd; the first format is
// the default.
func (o *Output) Register(cmd *cobra.Command, formats ...string) {
	o.formats = formats
	f := cmd.Flags()
	f.StringVarP(&o.format, "output", "o", formats[0], "output format: "+strings.Join(formats, ", "))
	f.StringVar(&o.file, "output-file", "", "write the output to `FILE` instead of standard output")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	if slices.Contains(formats, "json") {
		f.BoolVar(&o.json, "json", false, "same as -o json")
	}
	if slices.Contains(formats, "markdown") {
		f.StringVar(&o.alias, "format", "", "same as -o (kept for older scripts)")
		_ = f.MarkHidden("format")
	}
}

// Alias records an old flag that picks a format (such as triage's --csv).
func (o *Output) Alias(format string) { o.alias = format }

// Resolve checks the choice and folds the aliases in.
func (o *Output) Resolve() (string, error) {
	format := o.format
	if o.alias != "" {
		format = o.alias
	}
	if o.json {
		if o.alias != "" && o.alias != "json" {
			return "", Usage("--json and --%s cannot be combined", o.alias)
		}
		format = "json"
	}
	if format == "md" {
		format = "markdown"
	}
	if !slices.Contains(o.formats, format) {
		return "", Usage("-o must be one of %s (got %q)", strings.Join(o.formats, ", "), format)
	}
	return format, nil
}

// Open returns where to write: standard output, or --output-file (closed
// by the returned function, whose error counts).
func (o *Output) Open(cmd *cobra.Command) (io.Writer, func() error, error) {
	if o.file == "" || o.file == "-" {
		return cmd.OutOrStdout(), func() error { return nil }, nil
	}
	f, err := os.Create(o.file)
	if err != nil {
		return nil, nil, Usage("--output-file: %v", err)
	}
	w := &Writer{W: f}
	return w, func() error {
		cerr := f.Close()
		if w.Err != nil {
			return Exit(ExitUsage, fmt.Errorf("writing %s: %w", o.file, w.Err))
		}
		if cerr != nil {
			return Exit(ExitUsage, fmt.Errorf("writing %s: %w", o.file, cerr))
		}
		return nil
	}, nil
}
