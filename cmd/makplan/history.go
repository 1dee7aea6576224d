package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/makplan/makplan/cmd/makplan/config"
	"github.com/makplan/makplan/planner/history"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/wording"
	"github.com/spf13/cobra"
)

// addHistoryFlags marks a command as one that records the run in the
// history (docs/history.md).
func addHistoryFlags(cmd *cobra.Command, f *inputFlags) {
	f.keepsHistory = true
	cmd.Flags().BoolVar(&f.noHistory, "no-history", false, "do not record this run in the history, nor read it")
	cmd.Flags().BoolVar(&f.requireHistory, "require-history", false, "stop (exit 1) when the history cannot be read or written, instead of going on without it")
}

// openHistoryFor opens the history named by the configuration, for the
// history and request commands.
func (a *app) openHistoryFor(cmd *cobra.Command, f *inputFlags) (*history.DB, *config.Options, error) {
	opt, err := a.loadConfig(cmd, f)
	if err != nil {
		return nil, nil, err
	}
	h, err := history.Open(opt.History.Path, opt.History.BusyTimeout)
	return h, opt, err
}

func newHistoryCmd(a *app) *cobra.Command {
	var f inputFlags
	var key string
	cmd := &cobra.Command{
		Use:   "history [--key LAST5]",
		Short: "Show each key's recorded snapshots, burn rate and runway",
		Long: `history reads the history that plan and check record (history.path, by default
makplan-history.db beside the configuration) and prints, per key, its snapshots,
the activations it uses per 30 days (least squares over the last history.window
snapshots) and the day its remaining activations run out at that pace.`,
		Example: `  makplan history
  makplan history --key VF68T --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s := a.streams(&f)
			h, opt, err := a.openHistoryFor(cmd, &f)
			if err != nil {
				return err
			}
			defer h.Close()
			on := opt.AsOf(a.now)
			fps, err := h.Fingerprints()
			if err != nil {
				return err
			}
			type snapJSON struct {
				AsOf      string `json:"as_of"`
				Limit     *int   `json:"limit"`
				Used      *int   `json:"used"`
				Remaining int    `json:"remaining"`
			}
			type keyJSON struct {
				Key      string `json:"key"`
				Products string `json:"products"`
				history.Burn
				Snapshots []snapJSON `json:"snapshots"`
			}
			out := struct {
				Keys []keyJSON `json:"keys"`
			}{Keys: []keyJSON{}}
			for _, fp := range fps {
				if key != "" && !strings.EqualFold(strings.SplitN(fp, ":", 2)[0], key) {
					continue
				}
				all, err := h.Snapshots(fp, 0)
				if err != nil {
					return err
				}
				last := all[len(all)-1]
				k := keyJSON{Key: "XXXXX-XXXXX-XXXXX-XXXXX-" + last.Last5, Products: last.Products, Snapshots: []snapJSON{}}
				window := all[max(0, len(all)-opt.History.Window):]
				if slope, ok := history.Slope(window); ok {
					k.Burn = history.BurnOf(slope, last.Remaining, last.AsOf, on)
				}
				for _, sn := range all {
					k.Snapshots = append(k.Snapshots, snapJSON{AsOf: sn.AsOf.String(), Limit: sn.Limit, Used: sn.Used, Remaining: sn.Remaining})
				}
				out.Keys = append(out.Keys, k)
			}
			if key != "" && len(out.Keys) == 0 {
				return &problem.InputError{Problems: []problem.Problem{{File: h.Path(), Message: fmt.Sprintf("no key ending in %s in the history", strings.ToUpper(key))}}}
			}
			if f.json {
				b, err := json.MarshalIndent(out, "", "  ")
				if err != nil {
					return err
				}
				fmt.Fprintln(s.json, string(b))
				return nil
			}
			fmt.Fprintf(s.report, "History %s, as of %s\n", h.Path(), on)
			for _, k := range out.Keys {
				pace := "not enough history (two snapshots on different days are needed)"
				if k.Per30 != nil {
					pace = fmt.Sprintf("%.1f activations per 30 days", *k.Per30)
					if k.ExhaustedOn != nil {
						pace += fmt.Sprintf("; runs out on %s (in %s)", k.ExhaustedOn, wording.Plural(*k.RunwayDays, "day", "days"))
					} else {
						pace += "; not running out"
					}
				}
				fmt.Fprintf(s.report, "\n%s %s: %s\n", k.Key, k.Products, pace)
				tw := tabwriter.NewWriter(s.report, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "  as of\tlimit\tused\tremaining")
				for _, sn := range k.Snapshots {
					fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", sn.AsOf, orDash(sn.Limit), orDash(sn.Used), wording.Count(sn.Remaining))
				}
				tw.Flush()
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&f.config, "config", "c", "", "configuration file (YAML); default $MAKPLAN_CONFIG, else makplan.yaml if present")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "the day runways are counted from, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&key, "key", "", "only the key ending in these five characters")
	cmd.Flags().BoolVar(&f.json, "json", false, "print one JSON document on stdout")
	return cmd
}

func orDash(n *int) string {
	if n == nil {
		return "-"
	}
	return wording.Count(*n)
}

func newRequestCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "request",
		Short: "Record and list the increase requests sent to Microsoft",
		Long: `request keeps the increase requests in the history: record one sent by hand
(email --send records its own), list them with where each stands. A request is
granted when a later key export shows the key's limit higher than when it was
asked for; check alerts FOLLOW-UP on one still open after requests.follow_up_days.`,
		Args: cobra.NoArgs,
	}
	var f inputFlags
	var key, ticket string
	var requested int
	record := &cobra.Command{
		Use:     "record --key LAST5 --requested N [--ticket T]",
		Short:   "Record an increase request sent for a key",
		Example: `  makplan request record --key VF68T --requested 200 --ticket REQ-4711`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s := a.streams(&f)
			if len(key) != 5 {
				return usagef("--key must be the last five characters of the key, got %q", key)
			}
			if requested < 1 {
				return usagef("--requested must be the number of activations asked for (1 or more), got %d", requested)
			}
			h, opt, err := a.openHistoryFor(cmd, &f)
			if err != nil {
				return err
			}
			defer h.Close()
			fp, err := h.FingerprintOf(key)
			if err != nil {
				return err
			}
			if fp == "" {
				return &problem.InputError{Problems: []problem.Problem{{File: h.Path(), Message: fmt.Sprintf(
					"no key ending in %s in the history: run plan or check with the key export first", strings.ToUpper(key))}}}
			}
			q, err := h.RecordRequest(fp, requested, strings.TrimSpace(ticket), opt.AsOf(a.now))
			if err != nil {
				return err
			}
			limit := "unknown: the granted amount will not be seen"
			if q.LimitThen != nil {
				limit = strconv.Itoa(*q.LimitThen)
			}
			fmt.Fprintf(s.info, "recorded request %d: %d activations for XXXXX-XXXXX-XXXXX-XXXXX-%s on %s (limit then: %s)\n", q.ID, q.Requested, q.Key, q.On, limit)
			return nil
		},
	}
	record.Flags().StringVarP(&f.config, "config", "c", "", "configuration file (YAML)")
	record.Flags().StringVar(&f.asOf, "as-of", "", "the day the request was sent, YYYY-MM-DD (default today)")
	record.Flags().StringVar(&key, "key", "", "the key's last five characters")
	record.Flags().IntVar(&requested, "requested", 0, "activations asked for")
	record.Flags().StringVar(&ticket, "ticket", "", "the ticket or case number")

	var lf inputFlags
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the recorded requests and where each stands",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s := a.streams(&lf)
			h, opt, err := a.openHistoryFor(cmd, &lf)
			if err != nil {
				return err
			}
			defer h.Close()
			reqs, err := h.Requests()
			if err != nil {
				return err
			}
			if reqs == nil {
				reqs = []history.Request{}
			}
			if lf.json {
				b, err := json.MarshalIndent(struct {
					Requests []history.Request `json:"requests"`
				}{reqs}, "", "  ")
				if err != nil {
					return err
				}
				fmt.Fprintln(s.json, string(b))
				return nil
			}
			on := opt.AsOf(a.now)
			tw := tabwriter.NewWriter(s.report, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "id\tkey\trequested\ton\tticket\tstatus")
			for _, q := range reqs {
				status := fmt.Sprintf("open, %s", wording.Plural(on.DaysSince(q.On), "day", "days"))
				if q.Granted != nil {
					status = fmt.Sprintf("granted %d on %s", *q.Granted, q.GrantedOn)
				} else if on.DaysSince(q.On) > opt.History.FollowUpDays {
					status += ": follow up"
				}
				fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", q.ID, q.Key, q.Requested, q.On, orNone(q.Ticket), status)
			}
			return tw.Flush()
		},
	}
	list.Flags().StringVarP(&lf.config, "config", "c", "", "configuration file (YAML)")
	list.Flags().StringVar(&lf.asOf, "as-of", "", "the day to count open days from, YYYY-MM-DD (default today)")
	list.Flags().BoolVar(&lf.json, "json", false, "print one JSON document on stdout")
	root.AddCommand(record, list)
	return root
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
