package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/makplan/makplan/cmd/makplan/config"
	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/email"
	"github.com/makplan/makplan/planner/history"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/timeline"
	"github.com/makplan/makplan/planner/wording"
	"github.com/spf13/cobra"
)

// addHistoryFlags marks a command as one that records the run in the
// history (docs/history.md).
func addHistoryFlags(cmd *cobra.Command, f *inputFlags) {
	f.keepsHistory = true
	cmd.Flags().BoolVar(&f.noHistory, "no-history", false, "do not record this run in the history, nor read it")
	cmd.Flags().BoolVar(&f.requireHistory, "require-history", false, "stop (exit 1) when the history cannot be read or written, instead of going on without it")
	cmd.Flags().BoolVar(&f.replaceSnapshot, "replace-snapshot", false, "let the key exports' counts replace the history's where they contradict it (a correction; docs/history.md)")
}

// openHistoryFor opens the history named by the configuration, for the
// history and request commands.
func (a *app) openHistoryFor(cmd *cobra.Command, f *inputFlags) (*history.DB, *config.Options, error) {
	opt, err := a.loadConfig(cmd, f)
	if err != nil {
		return nil, nil, err
	}
	if opt.History.Off {
		return nil, nil, &problem.InputError{Problems: []problem.Problem{{File: opt.Path, Column: "history.path",
			Message: "is off: there is no history to read or record in; set history.path to the history's file"}}}
	}
	// These commands read the history plan and check keep, or add to its
	// requests: they never start one. A path that holds none is a mistyped
	// history.path, not a new history to create empty.
	if _, err := os.Lstat(opt.History.Path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &problem.InputError{Problems: []problem.Problem{{File: opt.Path, Column: "history.path",
			Message: fmt.Sprintf("no history at %s: plan and check start one there when they first run; check history.path (or MAKPLAN_HISTORY_PATH)", opt.History.Path)}}}
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
				timeline.Burn
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
				k := keyJSON{Key: planner.MaskLast5(last.Last5), Products: last.Products, Snapshots: []snapJSON{}}
				counts := make([]timeline.Count, len(all))
				for i, sn := range all {
					counts[i] = sn.Count
				}
				k.Burn = timeline.BurnOver(counts, opt.History.Window, on)
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
		Short: "Record, correct, cancel and list the increase requests sent to Microsoft",
		Long: `request keeps the increase requests in the history (docs/history.md, "Requests"):
record the ones sent by hand — every key of a draft at once with --from, or one
key with --key and --requested (email --send records its own) — correct one
(amend), withdraw one (cancel), and list them with where each stands: open, due
for follow-up (open longer than requests.follow_up_days; check alerts FOLLOW-UP),
granted (a later key export shows the key's limit raised), or cancelled.`,
		Args: cobra.NoArgs,
	}
	root.AddCommand(newRequestRecordCmd(a), newRequestAmendCmd(a), newRequestCancelCmd(a), newRequestListCmd(a))
	return root
}

func newRequestRecordCmd(a *app) *cobra.Command {
	var f inputFlags
	var key, ticket, from string
	var requested int
	cmd := &cobra.Command{
		Use:   "record (--from DRAFT | --key KEY --requested N) [--ticket T]",
		Short: "Record an increase request sent by hand: every key of a draft, or one key",
		Example: `  makplan request record --from out/makadd-request-91000001ZZS0001.txt --ticket REQ-4711
  makplan request record --from out/makadd-request-91000001ZZS0001.eml
  makplan request record --key VF68T --requested 200 --ticket REQ-4711`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s := a.streams(&f)
			var asked []email.DraftKey
			switch {
			case from != "" && (key != "" || requested != 0):
				return usagef("--from records what the draft asks for: give it alone, or --key and --requested without it")
			case from != "":
				var err error
				if asked, err = readDraft(from); err != nil {
					return &problem.InputError{Problems: []problem.Problem{{File: from, Message: err.Error()}}}
				}
			default:
				k, err := parseKeyArg(key)
				if err != nil {
					return err
				}
				if requested < 1 {
					return usagef("--requested must be the number of activations asked for (1 or more), got %d", requested)
				}
				k.Activations = requested
				asked = []email.DraftKey{k}
			}
			h, opt, err := a.openHistoryFor(cmd, &f)
			if err != nil {
				return err
			}
			defer h.Close()
			on := opt.AsOf(a.now)
			// Every key is found before anything is recorded, and the keys
			// are recorded in one transaction: a draft is recorded whole or
			// not at all.
			fps := make([]string, len(asked))
			var problems []problem.Problem
			for i, k := range asked {
				fp, msg, err := fingerprintFor(h, k)
				if err != nil {
					return err
				}
				if msg != "" {
					problems = append(problems, problem.Problem{File: orValue(from, h.Path()), Message: msg})
				}
				fps[i] = fp
			}
			if len(problems) > 0 {
				return &problem.InputError{Problems: problems}
			}
			open, err := h.RequestsFor(fps)
			if err != nil {
				return err
			}
			var record []history.NewRequest
			for i, k := range asked {
				if dup := sameRequest(open, fps[i], on); dup != nil {
					fmt.Fprintf(s.info, "warning: request %d already records %d activations for %s on %s: not recorded again (makplan request amend %d --requested %d corrects it)\n",
						dup.ID, dup.Requested, planner.MaskLast5(k.Last5), on, dup.ID, k.Activations)
					continue
				}
				record = append(record, history.NewRequest{Fingerprint: fps[i], Requested: k.Activations})
			}
			if len(record) == 0 {
				return nil
			}
			qs, err := h.RecordRequests(record, strings.TrimSpace(ticket), on)
			if err != nil {
				return err
			}
			for _, q := range qs {
				limit := "unknown: the granted amount will not be seen"
				if q.LimitThen != nil {
					limit = strconv.Itoa(*q.LimitThen)
				}
				fmt.Fprintf(s.info, "recorded request %d: %d activations for %s on %s (limit then: %s)\n", q.ID, q.Requested, planner.MaskLast5(q.Key), q.On, limit)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&f.config, "config", "c", "", "configuration file (YAML)")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "the day the request was sent, YYYY-MM-DD (default today; not after today)")
	cmd.Flags().StringVar(&from, "from", "", "a request makplan wrote (makadd-request-<agreement>.txt or .eml): records every key it asks for")
	cmd.Flags().StringVar(&key, "key", "", "the key: its last five characters, or the whole key")
	cmd.Flags().IntVar(&requested, "requested", 0, "activations asked for")
	cmd.Flags().StringVar(&ticket, "ticket", "", "the ticket or case number")
	return cmd
}

// readDraft reads the keys a request makplan wrote asks for: a regular
// file only (not a folder, a device or a pipe, which could hang the run).
func readDraft(path string) ([]email.DraftKey, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the draft: %s", strings.TrimPrefix(err.Error(), "stat "+path+": "))
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("cannot read the draft: not a regular file; expected makadd-request-<agreement>.txt or .eml")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the draft: %s", strings.TrimPrefix(err.Error(), "open "+path+": "))
	}
	defer f.Close()
	return email.ReadDraft(f)
}

// parseKeyArg reads --key: the last five characters of a key, or a whole key.
func parseKeyArg(s string) (email.DraftKey, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if len(t) == 5 && strings.Trim(t, planner.KeyChars) == "" {
		return email.DraftKey{Last5: t}, nil
	}
	if k, err := planner.ParseProductKey(t); err == nil {
		return email.DraftKey{Last5: k.Last5(), Key: k}, nil
	}
	return email.DraftKey{}, usagef("--key must be the last five characters of the key, or the whole key, got %q", redact.MaskKeys(s))
}

// fingerprintFor finds the history's key for a key asked for: by the
// whole key when it is known, else by its last five characters. msg says
// why none can be told (no export held it; two keys end the same).
func fingerprintFor(h *history.DB, k email.DraftKey) (fp, msg string, err error) {
	fps, err := h.FingerprintsOf(k.Last5)
	if err != nil {
		return "", "", err
	}
	if !k.Key.IsZero() {
		fp := h.Fingerprint(k.Key)
		if slices.Contains(fps, fp) {
			return fp, "", nil
		}
		fps = nil
	}
	switch len(fps) {
	case 1:
		return fps[0], "", nil
	case 0:
		return "", fmt.Sprintf("no key ending in %s in the history: no key export read by plan or check held it; run plan or check with the export that holds the key first", k.Last5), nil
	}
	return "", fmt.Sprintf("%d keys ending in %s are in the history: the last five characters cannot tell which the request is for; record it with --key and the whole key", len(fps), k.Last5), nil
}

// sameRequest finds an open request for the same key on the same day: a
// draft recorded twice.
func sameRequest(qs []timeline.Request, fp string, on planner.Date) *timeline.Request {
	for i, q := range qs {
		if q.Fingerprint == fp && q.On.Equal(on) && q.IsOpen() {
			return &qs[i]
		}
	}
	return nil
}

func orValue(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// requestID reads a request ID argument.
func requestID(arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return 0, usagef("expected a request ID as makplan request list shows it (1, 2, …), got %q", arg)
	}
	return id, nil
}

func newRequestAmendCmd(a *app) *cobra.Command {
	var f inputFlags
	var requested int
	cmd := &cobra.Command{
		Use:     "amend ID --requested N",
		Short:   "Correct the activations a recorded request asked for",
		Example: `  makplan request amend 3 --requested 120`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s := a.streams(&f)
			id, err := requestID(args[0])
			if err != nil {
				return err
			}
			if requested < 1 {
				return usagef("--requested must be the number of activations asked for (1 or more), got %d", requested)
			}
			h, opt, err := a.openHistoryFor(cmd, &f)
			if err != nil {
				return err
			}
			defer h.Close()
			q, err := h.AmendRequest(id, requested, opt.AsOf(a.now))
			if err != nil {
				return requestError(h, err)
			}
			fmt.Fprintf(s.info, "request %d for %s now asks for %d activations (sent on %s)\n", q.ID, planner.MaskLast5(q.Key), q.Requested, q.On)
			return nil
		},
	}
	cmd.Flags().StringVarP(&f.config, "config", "c", "", "configuration file (YAML)")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "the day of the correction, YYYY-MM-DD (default today; not after today)")
	cmd.Flags().IntVar(&requested, "requested", 0, "the activations the request really asked for")
	return cmd
}

func newRequestCancelCmd(a *app) *cobra.Command {
	var f inputFlags
	cmd := &cobra.Command{
		Use:     "cancel ID",
		Short:   "Withdraw a recorded request: it is no longer open",
		Example: `  makplan request cancel 3`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s := a.streams(&f)
			id, err := requestID(args[0])
			if err != nil {
				return err
			}
			h, opt, err := a.openHistoryFor(cmd, &f)
			if err != nil {
				return err
			}
			defer h.Close()
			q, err := h.CancelRequest(id, opt.AsOf(a.now))
			if err != nil {
				return requestError(h, err)
			}
			fmt.Fprintf(s.info, "request %d for %s (%d activations, sent on %s) cancelled on %s\n", q.ID, planner.MaskLast5(q.Key), q.Requested, q.On, q.CancelledOn)
			return nil
		},
	}
	cmd.Flags().StringVarP(&f.config, "config", "c", "", "configuration file (YAML)")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "the day of the cancellation, YYYY-MM-DD (default today; not after today)")
	return cmd
}

// requestError says why a request cannot be changed, naming the history.
func requestError(h *history.DB, err error) error {
	var he *history.Error
	if errors.As(err, &he) {
		return err
	}
	return &problem.InputError{Problems: []problem.Problem{{File: h.Path(), Message: err.Error()}}}
}

func newRequestListCmd(a *app) *cobra.Command {
	var lf inputFlags
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the recorded requests and where each stands",
		Long: `list shows every request recorded, with its ID (for amend and cancel) and its
status, in the words check and the workbook's History sheet use: open, due for
follow-up, granted, cancelled.`,
		Args: cobra.NoArgs,
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
			on := opt.AsOf(a.now)
			type requestJSON struct {
				timeline.Request
				Status   timeline.Status `json:"status"`
				DaysOpen int             `json:"days_open"`
			}
			out := make([]requestJSON, 0, len(reqs))
			for _, q := range reqs {
				out = append(out, requestJSON{q, q.StatusOn(on, opt.History.FollowUpDays), q.DaysOpen(on)})
			}
			if lf.json {
				b, err := json.MarshalIndent(struct {
					Requests []requestJSON `json:"requests"`
				}{out}, "", "  ")
				if err != nil {
					return err
				}
				fmt.Fprintln(s.json, string(b))
				return nil
			}
			tw := tabwriter.NewWriter(s.report, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "id\tkey\trequested\ton\tticket\tstatus")
			for _, q := range reqs {
				fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", q.ID, q.Key, q.Requested, q.On, orNone(q.Ticket), q.Describe(on, opt.History.FollowUpDays))
			}
			return tw.Flush()
		},
	}
	list.Flags().StringVarP(&lf.config, "config", "c", "", "configuration file (YAML)")
	list.Flags().StringVar(&lf.asOf, "as-of", "", "the day to count open days from, YYYY-MM-DD (default today; not after today)")
	list.Flags().BoolVar(&lf.json, "json", false, "print one JSON document on stdout")
	return list
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
