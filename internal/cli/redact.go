package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/input"
	"github.com/hserr/hserr/internal/redact"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/term"
)

func newRedactCmd() *cobra.Command {
	var o term.Output
	var profile string
	cmd := &cobra.Command{
		Use:   "redact [FILE...]",
		Short: "Remove secrets and personal data from crash logs before sharing them",
		Long: `redact prints each log with secrets and personal data replaced, line for
line (line numbers stay valid): values of -D properties whose names contain
password, passwd, pwd, secret, token, key, credential, auth or passphrase
(on the command line, jvm_args and the *_OPTIONS variables); the program's
own arguments after the main class or jar; credentials in URLs; cloud keys,
PEM private keys, JWTs, bearer and API tokens by their shape; environment
values not on an allowlist (JAVA_HOME, PATH, TMPDIR, locale and the like are
kept); user names in home paths. What was replaced is counted per category
on standard error.

--profile share also replaces IP addresses, pids and host names by stable
pseudonyms, for sending a log to a vendor. The same code redacts
'hserr explain -o markdown'.`,
		Example: `  hserr redact hs_err_pid1234.log > hs_err_pid1234.redacted.log
  hserr redact --profile share hs_err_pid1234.log.gz --output-file for-vendor.log`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := o.Resolve(); err != nil {
				return err
			}
			p := redact.Default
			switch profile {
			case "default":
			case "share":
				p = redact.Share
			default:
				return term.Usage("--profile must be default or share (got %q)", profile)
			}
			w, done, err := o.Open(cmd)
			if err != nil {
				return err
			}
			names, err := expandArgs(args, cmd.InOrStdin())
			if err != nil {
				return err
			}
			failed := 0
			report := func(name, why string) {
				failed++
				fmt.Fprintf(cmd.ErrOrStderr(), "hserr: %s: %s\n", sanitize.Line(name), sanitize.Line(why))
			}
			for _, name := range names {
				err := forEachLog(name, cmd.InOrStdin(), cmd.ErrOrStderr(), func(n string, r io.Reader) error {
					b, err := io.ReadAll(input.Capped(r, input.DefaultLimits.MaxLogBytes))
					if err != nil {
						report(n, err.Error())
						return nil
					}
					out, counts := redact.Text(string(b), p)
					fmt.Fprintf(cmd.ErrOrStderr(), "hserr: %s: %s\n", sanitize.Line(n), countsText(counts))
					_, werr := io.WriteString(w, out)
					return werr
				}, report)
				if err != nil {
					return err
				}
			}
			if err := done(); err != nil {
				return err
			}
			if failed > 0 {
				return term.Exit(term.ExitUsage, nil)
			}
			return nil
		},
	}
	o.Register(cmd, "text")
	cmd.Flags().StringVar(&profile, "profile", "default", "default, or share (also pseudonymise IP addresses, pids and host names)")
	return cmd
}

func countsText(c redact.Counts) string {
	if c.Total() == 0 {
		return "nothing to redact"
	}
	return "redacted " + c.String()
}
