package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makplan/makplan/planner/email/smtptest"
	"github.com/makplan/makplan/planner/history"
)

// twoAgreements writes a configuration with two EA agreements, one MAK each
// with 1 activation left of 10, and four devices under each planned for
// 2027-02-01: each agreement is short by 4 (demand 4 + reserve
// ceil(4 x 10%) = 1 - remaining 1 = 4), so `email` writes two requests,
// makadd-request-A1.eml before makadd-request-A2.eml.
func twoAgreements(t *testing.T) (dir string) {
	dir = t.TempDir()
	files := map[string]string{
		"makplan.yaml": `customer:
  name: Contoso Ltd
  contact: {name: Ada Admin, email: ada@contoso.example}
agreements:
  - {number: "A1", program: EA}
  - {number: "A2", program: EA}
inputs:
  keys: [keys.csv]
  plan: [plan.csv]
  key_dates:
    - {file: keys.csv, as_of: 2027-01-04}
email:
  from: "Ada Admin <ada@contoso.example>"
smtp:
  username: ada
`,
		"keys.csv": "License ID,Parent Program,Organization,Product,Product Key,Type,MAK Activations-Used/Available\n" +
			"11,A1,Contoso Ltd,Windows 10/11 Enterprise,7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,MAK, 9/10\n" +
			"12,A2,Contoso Ltd,Windows 10/11 Enterprise,D9HGK-2WMXT-B6QYR-7CFJP-3GVF7,MAK, 9/10\n",
	}
	plan := "Device,Licensed Product,License Channel,Target Product,Enterprise Upgrade,Agreement,Wave,Wave Date\n"
	for _, a := range []string{"A1", "A2"} {
		for i := 0; i < 4; i++ {
			plan += fmt.Sprintf("%s-PC-%d,Windows 10 Pro,OEM,Windows 11 Enterprise,Yes,%s,W1,2027-02-01\n", a, i, a)
		}
	}
	files["plan.csv"] = plan
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func sendAll(t *testing.T, dir string, srv *smtptest.Server, extra ...string) (string, int) {
	t.Helper()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, srv.CAPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"MAKPLAN_SMTP_HOST": "127.0.0.1", "MAKPLAN_SMTP_PORT": strconv.Itoa(srv.Port), "MAKPLAN_SMTP_CA_FILE": ca,
		"MAKPLAN_SMTP_PASSWORD": "pw", "MAKPLAN_HISTORY_PATH": filepath.Join(dir, "history.db"),
	} {
		t.Setenv(k, v)
	}
	var stdout, stderr bytes.Buffer
	a := &app{stdout: &stdout, stderr: &stderr, now: testNow, getenv: os.Getenv}
	root := newRootCmd(a)
	root.SetArgs(append([]string{"email", "--send", "--config", filepath.Join(dir, "makplan.yaml"), "--as-of", "2027-01-04", "--out", filepath.Join(dir, "out")}, extra...))
	root.SetOut(&stderr)
	root.SetErr(&stderr)
	code := exitCode(root.Execute(), &stderr)
	return stderr.String(), code
}

func recorded(t *testing.T, dir string) string {
	t.Helper()
	h, err := history.Open(filepath.Join(dir, "history.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	reqs, err := h.Requests()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range reqs {
		out = append(out, fmt.Sprintf("%s:%d", q.Key, q.Requested))
	}
	return strings.Join(out, " ")
}

// TestSentRequestIsRecorded (issue 19, finding 7): requests are sent one at
// a time and each is recorded as soon as the server accepts it. The first
// accepted and the second refused: the first is recorded, the error names
// the SMTP step and what was not sent. Accepted but dropped at QUIT: sent,
// recorded, a warning.
func TestSentRequestIsRecorded(t *testing.T) {
	dir := twoAgreements(t)
	srv := smtptest.Start(t, smtptest.Accept, smtptest.Refuse)
	out, code := sendAll(t, dir, srv)
	if code != exitInput {
		t.Errorf("exit %d, want %d", code, exitInput)
	}
	for _, want := range []string{
		"sent makadd-request-A1.eml to makadd@microsoft.com",
		"sending makadd-request-A2.eml: end of DATA: the server did not accept the message: 554",
		"not sent: makadd-request-A2.eml",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("the server holds %d messages", n)
	}
	// A1's key short by 4: recorded; A2's: not.
	if got, want := recorded(t, dir), "VF68T:4"; got != want {
		t.Errorf("the history records %q, want %q", got, want)
	}

	// The next run (cron) does not send A1's request again: it is open in
	// the history. It sends A2's, and --resend sends both.
	srv = smtptest.Start(t)
	out, code = sendAll(t, dir, srv)
	if code != exitShortfall || !strings.Contains(out, "warning: makadd-request-A1.eml not sent: the history holds an open request for the same activations (VF68T: 4 on 2027-01-04)") ||
		!strings.Contains(out, "sent makadd-request-A2.eml") || len(srv.Messages()) != 1 {
		t.Errorf("the next run: exit %d, %d sent\n%s", code, len(srv.Messages()), out)
	}
	if got, want := recorded(t, dir), "VF68T:4 3GVF7:4"; got != want {
		t.Errorf("the next run: the history records %q, want %q", got, want)
	}
	srv = smtptest.Start(t)
	out, code = sendAll(t, dir, srv, "--resend")
	if code != exitShortfall || len(srv.Messages()) != 2 {
		t.Errorf("--resend: exit %d, %d sent\n%s", code, len(srv.Messages()), out)
	}

	dir = twoAgreements(t)
	srv = smtptest.Start(t, smtptest.DropAtQuit, smtptest.Accept)
	out, code = sendAll(t, dir, srv)
	if code != exitShortfall {
		t.Errorf("dropped at QUIT: exit %d, want %d\n%s", code, exitShortfall, out)
	}
	if !strings.Contains(out, "warning: makadd-request-A1.eml: QUIT, after the server accepted the message") || !strings.Contains(out, "it is sent") {
		t.Errorf("dropped at QUIT: no warning:\n%s", out)
	}
	if got, want := recorded(t, dir), "VF68T:4 3GVF7:4"; got != want {
		t.Errorf("dropped at QUIT: the history records %q, want %q", got, want)
	}
}

// TestInterruptExits130 (issue 19, finding 8): a run whose context is
// cancelled (Ctrl-C) ends with 130, the shell's status for SIGINT, saying so.
func TestInterruptExits130(t *testing.T) {
	var errs bytes.Buffer
	err := fmt.Errorf("writing the outputs: %w", context.Canceled)
	if code := exitCode(err, &errs); code != exitInterrupted || !strings.Contains(errs.String(), "makplan: interrupted") {
		t.Errorf("exit %d, stderr %q", code, errs.String())
	}
}

// TestNeverSentUnrecorded (issue 28, finding 12): --send without a history
// to record in — --no-history, history.path: off, or a history that cannot
// be used — sends nothing, unless --unrecorded says so, and then warns that
// the next run sends again.
func TestNeverSentUnrecorded(t *testing.T) {
	dir := twoAgreements(t)
	srv := smtptest.Start(t)
	out, code := sendAll(t, dir, srv, "--no-history")
	if code != exitUsage || !strings.Contains(out, "add --unrecorded to send anyway") || len(srv.Messages()) != 0 {
		t.Errorf("--no-history: exit %d, %d sent\n%s", code, len(srv.Messages()), out)
	}
	// A history that is a folder cannot be used: nothing is sent.
	if err := os.Mkdir(filepath.Join(dir, "history.db"), 0o700); err != nil {
		t.Fatal(err)
	}
	out, code = sendAll(t, dir, srv)
	if code != exitInput || !strings.Contains(out, "not a history database") || len(srv.Messages()) != 0 {
		t.Errorf("an unusable history: exit %d, %d sent\n%s", code, len(srv.Messages()), out)
	}
	out, code = sendAll(t, dir, srv, "--no-history", "--unrecorded")
	if code != exitShortfall || len(srv.Messages()) != 2 ||
		!strings.Contains(out, "warning: makadd-request-A1.eml was sent and is not recorded (--unrecorded): the next run sends it again unless you record it: makplan request record --from ") {
		t.Errorf("--unrecorded: exit %d, %d sent\n%s", code, len(srv.Messages()), out)
	}
}

// TestOpenRequestByFingerprint (issue 28, finding 13): two keys that share
// their last five characters are two keys: an open request for one does not
// stop the other's.
func TestOpenRequestByFingerprint(t *testing.T) {
	dir := twoAgreements(t)
	keys := "License ID,Parent Program,Organization,Product,Product Key,Type,MAK Activations-Used/Available\n" +
		"11,A1,Contoso Ltd,Windows 10/11 Enterprise,7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,MAK, 9/10\n" +
		"12,A2,Contoso Ltd,Windows 10/11 Enterprise,D9HGK-2WMXT-B6QYR-7CFJP-VF68T,MAK, 9/10\n"
	if err := os.WriteFile(filepath.Join(dir, "keys.csv"), []byte(keys), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := smtptest.Start(t, smtptest.Accept, smtptest.Refuse)
	sendAll(t, dir, srv) // A1's request sent and recorded, A2's refused
	srv = smtptest.Start(t)
	out, code := sendAll(t, dir, srv)
	if code != exitShortfall || len(srv.Messages()) != 1 || !strings.Contains(out, "sent makadd-request-A2.eml") {
		t.Errorf("the other key's request: exit %d, %d sent\n%s", code, len(srv.Messages()), out)
	}
	if got, want := recorded(t, dir), "VF68T:4 VF68T:4"; got != want {
		t.Errorf("the history records %q, want %q", got, want)
	}
}
