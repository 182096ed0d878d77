package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/server"
	"github.com/hserr/hserr/internal/term"
)

func newGroupsCmd() *cobra.Command {
	var cf clientFlags
	var o term.Output
	var q server.Query
	var status string
	cmd := &cobra.Command{
		Use:   "groups",
		Short: "List the crash groups an hserr server has collected",
		Long: `groups asks an hserr server (--server, $HSERR_SERVER) for its crash groups:
one per signature, most recent first, with the verdict (class and cause),
the number of crashes, the hosts, the first and last time seen, the JDK
builds, the application versions, the lifecycle status (new, resolved,
regressed, muted) and the issue it is tracked in. -o json prints the API's
JSON array as it is. The token (--token, $HSERR_TOKEN) must be a read token
when the server has them.`,
		Example: `  hserr groups --server http://127.0.0.1:8490
  hserr groups -o json | jq '.[] | select(.status == "regressed")'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := o.Resolve()
			if err != nil {
				return err
			}
			c := cf.client()
			if c == nil {
				return term.Usage("no server: give --server URL or set HSERR_SERVER")
			}
			q.Status = server.Status(status)
			gs, err := c.Groups(cmd.Context(), q)
			if err != nil {
				return term.Exit(term.ExitUsage, err)
			}
			w, done, err := o.Open(cmd)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				enc.Encode(gs)
			} else {
				groupsText(w, gs)
			}
			return done()
		},
	}
	cmd.AddCommand(newGroupStatusCmd(), newGroupLinkCmd(), newReprocessCmd())
	cf.register(cmd)
	o.Register(cmd, "text", "json")
	cmd.Flags().StringVar(&status, "status", "", "only groups in this status: new, resolved, regressed or muted")
	cmd.Flags().IntVar(&q.Limit, "limit", 0, "at most this many groups, most recent first (default 1000, at most 10000)")
	return cmd
}

// groupsText prints a group per paragraph; everything from the server is
// sanitized (a report's text is the crashed program's, and untrusted).
func groupsText(w io.Writer, gs []server.Group) {
	if len(gs) == 0 {
		fmt.Fprintln(w, "no crash groups yet")
		return
	}
	for _, g := range gs {
		status := string(g.Status)
		if g.ResolvedIn != "" {
			status += " in " + g.ResolvedIn
		}
		fmt.Fprintf(w, "%s  %d crash(es) on %d host(s)  %s  [%s]\n", sanitize.Line(g.ID), g.Count, len(g.Hosts),
			sanitize.Line(g.Verdict.Class), sanitize.Line(status))
		fmt.Fprintf(w, "  %s\n", sanitize.Line(g.Verdict.Cause))
		fmt.Fprintf(w, "  signature: %s\n", sanitize.Line(g.Signature))
		if g.IssueURL != "" {
			fmt.Fprintf(w, "  issue: %s\n", sanitize.Line(g.IssueURL))
		}
		fmt.Fprintf(w, "  seen %s .. %s; JDK %s; hosts %s\n\n", g.FirstSeen.Format("2006-01-02 15:04"), g.LastSeen.Format("2006-01-02 15:04"),
			sanitize.Line(strings.Join(g.JDKs, ", ")), sanitize.Line(strings.Join(g.Hosts, ", ")))
	}
}

func newGroupStatusCmd() *cobra.Command {
	var cf clientFlags
	var req server.StatusRequest
	cmd := &cobra.Command{
		Use:   "status ID new|resolved|regressed|muted",
		Short: "Move a crash group in its lifecycle (resolved takes --version)",
		Long: `status sets a group's lifecycle status on the server and prints its
history. A group resolved in a version becomes regressed by itself when a
crash received later joins it. A muted group stays muted until it
escalates: it becomes regressed when it crashes on a host it had not
crashed on when muted, or when the crashes since the mute reach those it
had then (and at least 10). Needs a read token when the server has them.`,
		Example: `  hserr groups status 88458a5481358aaf resolved --version 2.4.0 --note "fixed by #123"`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c := cf.client()
			if c == nil {
				return term.Usage("no server: give --server URL or set HSERR_SERVER")
			}
			req.Status = server.Status(args[1])
			h, err := c.SetStatus(cmd.Context(), args[0], req)
			if err != nil {
				return term.Exit(term.ExitUsage, err)
			}
			historyText(cmd.OutOrStdout(), h)
			return nil
		},
	}
	cf.register(cmd)
	cmd.Flags().StringVar(&req.Version, "version", "", "the version the crash is fixed in (with resolved)")
	cmd.Flags().StringVar(&req.Note, "note", "", "a note kept in the group's history")
	return cmd
}

// historyText prints a group's history, a change a line.
func historyText(w io.Writer, h []server.Change) {
	for _, ch := range h {
		what := strings.TrimSpace(sanitize.Line(string(ch.Status)) + " " + sanitize.Line(ch.Version))
		if ch.Kind == server.ChangeIssue {
			what = "issue " + sanitize.Line(ch.IssueURL)
			if ch.IssueURL == "" {
				what = "issue unlinked"
			}
		}
		fmt.Fprintf(w, "%s  %s  %s\n", ch.At.Format("2006-01-02 15:04:05"), what, sanitize.Line(ch.Note))
	}
}

func newGroupLinkCmd() *cobra.Command {
	var cf clientFlags
	cmd := &cobra.Command{
		Use:   "link ID URL",
		Short: "Link a crash group to the issue it is tracked in (\"\" unlinks)",
		Long: `link sets the issue a group is tracked in: an http or https URL of at most
500 bytes, shown on the group's page and in 'hserr groups'. An empty URL
unlinks. The change is kept in the group's history, which is printed.
Needs a read token when the server has them.`,
		Example: `  hserr groups link 88458a5481358aaf https://github.com/acme/app/issues/123
  hserr groups link 88458a5481358aaf ""`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c := cf.client()
			if c == nil {
				return term.Usage("no server: give --server URL or set HSERR_SERVER")
			}
			h, err := c.LinkIssue(cmd.Context(), args[0], args[1])
			if err != nil {
				return term.Exit(term.ExitUsage, err)
			}
			historyText(cmd.OutOrStdout(), h)
			return nil
		},
	}
	cf.register(cmd)
	return cmd
}

func newReprocessCmd() *cobra.Command {
	var cf clientFlags
	cmd := &cobra.Command{
		Use:   "reprocess",
		Short: "Have the server parse, explain and sign every stored report again",
		Long: `reprocess asks the server to process every stored report again (after an
upgrade of hserr or a change of the signature rules); reports may move
between groups. Needs a read token when the server has them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c := cf.client()
			if c == nil {
				return term.Usage("no server: give --server URL or set HSERR_SERVER")
			}
			n, newer, err := c.Reprocess(cmd.Context())
			if err != nil {
				return term.Exit(term.ExitUsage, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "hserr: %d reports queued for processing\n", n)
			if newer > 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "hserr: %d reports were processed by a newer hserr than this server and are left to it (ask a server of that version)\n", newer)
			}
			return nil
		},
	}
	cf.register(cmd)
	return cmd
}
