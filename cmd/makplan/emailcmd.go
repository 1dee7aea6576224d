package main

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/makplan/makplan/cmd/makplan/config"
	"github.com/makplan/makplan/planner/email"
	"github.com/makplan/makplan/planner/pipeline"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/workbook"
	"github.com/makplan/makplan/templates"
	"github.com/spf13/cobra"
)

// maxAttachment is the largest workbook attached to a request: base64 makes
// it a third larger, and mail servers commonly refuse messages over 20–25 MB.
const maxAttachment = 15 << 20

// requests builds the makadd requests for the report, attaching workbook.
// requests builds the makadd requests, with attachment (the workbook or its
// summary, per email.attach; nil for none).
func requests(opt *config.Options, r *report.Report, attachment []byte, warn func(string)) ([]email.Request, error) {
	tfs := templates.FS()
	if opt.Email.Templates != "" {
		if st, err := os.Stat(opt.Email.Templates); err != nil || !st.IsDir() {
			return nil, &problem.InputError{Problems: []problem.Problem{{File: opt.Path, Column: "email.templates",
				Message: fmt.Sprintf("expected a folder of template files (%s), got %q", strings.Join(templates.Names, ", "), opt.Email.Templates)}}}
		}
		tfs = templates.Overlay(os.DirFS(opt.Email.Templates))
	}
	from, err := opt.Sender()
	if err != nil {
		return nil, err
	}
	eo := email.Options{From: from, To: opt.Email.To, Cc: opt.Email.Cc, Templates: tfs, FullKeys: opt.Email.Keys == "full"}
	switch {
	case opt.Email.Attach == "summary":
		// Each request gets its own workbook: its pools, keys, counts and
		// waves, nothing else (docs/configuration.md, email.attach).
		eo.AttachmentFor = func(q report.Request) ([]byte, error) {
			var buf bytes.Buffer
			err := workbook.WriteRequest(&buf, r, q)
			return buf.Bytes(), err
		}
	case len(attachment) > maxAttachment:
		warn(fmt.Sprintf("the workbook is %.1f MiB, too large to attach to an email (the limit here is %d MiB): the request goes without it; send it another way, or set email.attach: summary",
			float64(len(attachment))/(1<<20), maxAttachment>>20))
	case attachment != nil:
		eo.Attachment, eo.AttachmentName, eo.AttachmentDevices = attachment, workbookName, true
		warn("email.attach: full: the whole workbook goes to Microsoft with each request — every device name, every ineligible device and every licence to buy. " +
			"Microsoft also audits licences; email.attach: summary sends only what justifies the request")
	}
	reqs, err := email.Build(r, eo)
	for _, req := range reqs {
		// Only a program whose form asks for it (Open License): the
		// others' enrollment number or License ID is the agreement field.
		if a, ok := r.AgreementOf(req.Agreement); ok && a.Program.AsksAuthorization() && a.Authorization == "" {
			warn(fmt.Sprintf("%s: agreement %s has no authorization number in the configuration (agreements[].authorization); Microsoft's request form asks for it: %s leaves it to fill in",
				opt.Path, req.Agreement, req.FormName))
		}
	}
	if ie := (*problem.InputError)(nil); errors.As(err, &ie) {
		for i := range ie.Problems {
			if ie.Problems[i].File == "" {
				ie.Problems[i].File = opt.Path
			}
		}
	}
	return reqs, err
}

func newEmailCmd(a *app) *cobra.Command {
	var f inputFlags
	var send, resend, unrecorded bool
	cmd := &cobra.Command{
		Use:   "email [--send]",
		Short: "Write the makadd request for each agreement with a shortfall, and with --send send it",
		Long: `email computes the plan and writes, into the output folder, the workbook and one
makadd-request-<agreement>.eml per agreement whose pools are short (a draft that
Outlook opens with X-Unsent: 1), with makadd-request-<agreement>.txt beside it:
the same request as the fields of Microsoft's web form. With --send it delivers
them over SMTP (smtp.host, smtp.port, smtp.username; the password only from
MAKPLAN_SMTP_PASSWORD): STARTTLS is required, TLS 1.2 at least, AUTH when a
username is set. Each request is recorded in the history as soon as the server
accepts it; one the history holds as sent and not yet granted is not sent
again unless --resend is given.
Exit status 3 when requests were written (pools are short), 0 when no pool is
short, 1 on input, configuration or sending errors.`,
		Example: `  makplan email                     # write the .eml drafts; Outlook opens them
  MAKPLAN_SMTP_PASSWORD=… makplan email --send`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opt, err := a.configure(cmd, &f)
			if err != nil {
				return err
			}
			if _, err := opt.Sender(); err != nil {
				return err
			}
			var srv email.Server
			if send {
				if srv, err = a.smtpServer(opt); err != nil {
					return err
				}
				// Never send what cannot be recorded: a request sent and
				// not recorded is sent again by the next run.
				switch {
				case unrecorded:
				case f.noHistory || opt.History.Off:
					return usagef("--send records each request in the history as the server accepts it, and without the history (--no-history, history.path: off) every run would send it again; add --unrecorded to send anyway, then record them with makplan request record --from")
				default:
					f.requireHistory = true // a history that cannot be used stops the run before anything is sent
				}
			}
			s := a.streams(&f)
			r, err := a.buildReport(cmd.Context(), opt, s, &f)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			reqs, err := a.writeOutputs(ctx, r, opt, s)
			if err != nil {
				return err
			}
			if len(reqs) == 0 {
				fmt.Fprintln(s.info, "no pool is short: there is no request to write")
				return nil
			}
			if send {
				// One request at a time, each recorded as soon as the server
				// has accepted it: a second that fails leaves the first
				// recorded, so the next run does not send it again.
				for i, req := range reqs {
					if open := openRequests(r, req); open != "" && !resend {
						fmt.Fprintf(s.info, "warning: %s not sent: the history holds an open request for the same activations (%s); no key export shows the limit raised since; makplan request list shows it. Send it again with --resend\n", req.FileName, open)
						continue
					}
					// The request is recorded the moment the server accepts
					// it, inside the critical section a second Ctrl-C waits for.
					req := req
					srv.Accepted = func() {
						critical.Lock()
						defer critical.Unlock()
						if r.History == nil {
							return
						}
						if rerr := pipeline.RecordSent(&opt.Settings, r.AsOf, req); rerr != nil {
							fmt.Fprintf(s.info, "warning: %s was sent but is not recorded in the history: %v; record it with makplan request record --from %s\n", req.FileName, rerr, filepath.Join(opt.OutputDir, req.FormName))
						}
					}
					accepted, err := email.Send(ctx, srv, req)
					if accepted {
						fmt.Fprintf(s.info, "sent %s to %s through %s:%d\n", req.FileName, strings.Join(req.Recipients, ", "), srv.Host, srv.Port)
						if r.History == nil {
							fmt.Fprintf(s.info, "warning: %s was sent and is not recorded (--unrecorded): the next run sends it again unless you record it: makplan request record --from %s\n", req.FileName, filepath.Join(opt.OutputDir, req.FormName))
						}
						if err != nil {
							fmt.Fprintf(s.info, "warning: %s: %v; the server had accepted it: it is sent\n", req.FileName, err)
						}
						continue
					}
					unsent := make([]string, 0, len(reqs)-i)
					for _, q := range reqs[i:] {
						unsent = append(unsent, q.FileName)
					}
					return fmt.Errorf("sending %s: %w; not sent: %s", req.FileName, err, strings.Join(unsent, ", "))
				}
			}
			if f.json {
				if err := r.WriteSummary(s.json, nil); err != nil {
					return err
				}
			}
			return &statusError{exitShortfall}
		},
	}
	addInputFlags(cmd, &f, true)
	addHistoryFlags(cmd, &f)
	cmd.Flags().BoolVar(&send, "send", false, "send the requests over SMTP (STARTTLS required)")
	cmd.Flags().BoolVar(&resend, "resend", false, "with --send, send a request even when the history holds an open one for the same activations")
	cmd.Flags().BoolVar(&unrecorded, "unrecorded", false, "with --send, send even without a history to record the requests in (the next run sends them again)")
	return cmd
}

// openRequests names the open requests the history holds that already ask
// for every activation req asks for (report.AlreadyAsked), or returns ""
// when req asks for something not yet asked. A scheduled `email --send`
// then does not mail Microsoft the same request every month.
func openRequests(r *report.Report, req email.Request) string {
	if len(req.Asked) == 0 {
		return ""
	}
	var named []string
	for _, k := range req.Asked {
		q, ok := r.AlreadyAsked(k.Key, k.Activations)
		if !ok {
			return ""
		}
		named = append(named, fmt.Sprintf("%s: %d on %s", q.Key, q.Requested, q.On))
	}
	return strings.Join(named, ", ")
}

// smtpServer reads the smtp: settings and the password from the environment.
func (a *app) smtpServer(cfg *config.Options) (email.Server, error) {
	bad := func(key, msg string) error {
		return &problem.InputError{Problems: []problem.Problem{{File: cfg.Path, Column: key, Message: msg}}}
	}
	if cfg.SMTP.Host == "" {
		return email.Server{}, bad("smtp.host", "expected the SMTP server to send through (or leave out --send and attach the .eml yourself)")
	}
	srv := email.Server{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
		Password: a.getenv("MAKPLAN_SMTP_PASSWORD"), Timeout: 30 * time.Second,
		MaxReplyLine: cfg.SMTP.MaxReplyLine, MaxReplyBytes: cfg.SMTP.MaxReplyBytes}
	if cfg.SMTP.Username != "" && srv.Password == "" {
		return email.Server{}, bad("smtp.username", "is set, so the password must be in the environment variable MAKPLAN_SMTP_PASSWORD (it is never read from the file)")
	}
	if cfg.SMTP.CAFile != "" {
		pem, err := os.ReadFile(cfg.SMTP.CAFile)
		if err != nil {
			return email.Server{}, bad("smtp.ca_file", "cannot read it: "+err.Error())
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return email.Server{}, bad("smtp.ca_file", "expected PEM certificates")
		}
		srv.RootCAs = pool
	}
	return srv, nil
}
