// Package email builds the request for more MAK activations that goes to
// makadd@microsoft.com (the brief's Q8): one RFC 5322 message per agreement
// with a shortfall, text and HTML parts from the templates, the workbook
// attached, X-Unsent: 1 so that Outlook opens it as a draft. It is the only
// writer that prints product keys in full. The same report gives the same
// message: Date from the as-of day, Message-ID and MIME boundaries from the
// content, headers in a fixed order.
package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"net/mail"
	"regexp"
	"sort"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"

	jwemail "github.com/jordan-wright/email"
	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/report"
)

// Options are the email: settings.
type Options struct {
	From           string   // an RFC 5322 address
	To             string   // default makadd@microsoft.com
	Cc             []string //
	Templates      fs.FS    // the template files (templates.FS, or a folder over it)
	Attachment     []byte   // the workbook; nil for none
	AttachmentName string
	// AttachmentFor, when set, builds each request's own attachment (the
	// request workbook of email.attach: summary) instead of Attachment.
	AttachmentFor func(q report.Request) ([]byte, error)
	// AttachmentDevices: the attachment lists the devices (email.attach: full);
	// else it is the summary.
	AttachmentDevices bool
	// FullKeys writes the requested keys whole (email.keys: full); else only
	// their last five characters, as Microsoft's request form asks.
	FullKeys bool
}

// Request is one message, ready to write or send, with the same request as
// the fields of Microsoft's web form (Form, written beside it as FormName).
type Request struct {
	Agreement  string
	Asked      []Asked // the keys and activations asked for
	FileName   string  // makadd-request-<agreement>.eml
	Subject    string
	From       string   // the envelope sender
	Recipients []string // To and Cc, for the envelope
	Message    []byte   // the whole message, CRLF line ends
	FormName   string   // makadd-request-<agreement>.txt
	Form       []byte
}

// Asked is a key a request asks activations for.
type Asked struct {
	Key         planner.ProductKey
	Activations int
}

// MaxSubject is the longest subject a request may have.
const MaxSubject = 150

// View is what the templates see.
type View struct {
	Agreement, Program string
	// AgreementInferred: some key's agreement is in no export (KeyView says
	// which); every device it serves is under Agreement, in the plan.
	AgreementInferred bool
	Authorization     string // "" when not configured
	LicenseIDs        string // the requested keys' VLSC License IDs
	Customer          report.Customer
	Keys              []KeyView // the keys asked for
	KeyCount          int
	Pools             []PoolView // each requested pool, its arithmetic spelled out
	Products          string     // the requested products, for the subject: "Windows 10/11 Enterprise and 2 more"
	Waves             []WaveView
	FirstNeeded       string // the first day an activation beyond those remaining is needed; "" when none is dated
	// Under the agreement: distinct devices of the plan, products (rows)
	// judged, products eligible; activations still to make with the
	// requested keys, and those already made.
	DevicesChecked, ProductsChecked, DevicesEligible int
	// Scope says them in words; Risks are the plan's largest risks.
	Scope                             string
	Risks                             []string
	DevicesConsuming, Done            int
	PoolRemaining, Reserve, Shortfall int
	TotalRequest                      int
	ReservePolicy                     string
	FullKeys                          bool
	AsOf                              string
	Workbook                          string
	WorkbookDevices                   bool // the attached workbook lists the devices
	// Reimage and ESU: the request has pools of reimages, and of Windows
	// 10 ESU years (ESUYears lists those, with why their devices stay).
	Reimage  bool
	ESUYears []ESUView
}

// ESUView is one Windows 10 ESU year of a request: its activations and why
// their devices stay on Windows 10.
type ESUView struct {
	Year        int
	Start, End  string
	Activations int
	Why         []string
}

// KeyView is one key that receives a request. FullKey is the whole key
// with email.keys: full, else the key masked; Last5 its last five
// characters. Product is the key's product as VLSC names it, LicenseID
// VLSC's License ID ("" when no export gives it). Activations says the
// key's counts in words, once: "492 of 500 used, 8 remaining on
// 2026-11-27". Used and Limit are "" when the export does not give them.
type KeyView struct {
	FullKey, Last5, Product, LicenseID, Activations string
	Used, Limit, AsOf                               string
	Remaining, Request                              int
	NeededBy                                        string
	// AgreementInferred: no export puts the key under an agreement; every
	// device it serves is under the request's, in the plan.
	AgreementInferred bool
	// Earlier: the requests for the key still open, which this one
	// includes and replaces; "" when none.
	Earlier string
}

// PoolView is a requested pool: every key with its counts, then demand +
// reserve − remaining = shortfall, rounded up to the request.
type PoolView struct {
	Products                          string
	Keys                              []PoolKeyView
	Remaining, Demand, Done, Reserve  int
	Shortfall, Request, RoundTo       int
	ReserveText, Arithmetic, Rounding string
	RequestKey, NeededBy, Doubles     string
	Rights                            []string
	Waves                             []WaveView
	ESU                               bool // a Windows 10 ESU year's pool
}

// PoolKeyView is one key of a requested pool: the key (masked unless it is
// the one asked for and email.keys is full), its counts and its request.
type PoolKeyView struct {
	Key, Counts        string
	Remaining, Request int
}

// WaveView is a rollout wave of the justification.
type WaveView struct {
	Name, Date string
	Devices    int // activations to make in the wave
}

// Build returns one request per agreement whose pools are short, in
// agreement order.
func Build(r *report.Report, opt Options) ([]Request, error) {
	if opt.To == "" {
		opt.To = "makadd@microsoft.com"
	}
	from, err := parseAddress("email.from", opt.From)
	if err != nil {
		return nil, err
	}
	to, err := parseAddress("email.to", opt.To)
	if err != nil {
		return nil, err
	}
	var cc []*mail.Address
	for i, c := range opt.Cc {
		a, err := parseAddress(fmt.Sprintf("email.cc[%d]", i), c)
		if err != nil {
			return nil, err
		}
		cc = append(cc, a)
	}
	tpl, err := parseTemplates(opt.Templates)
	if err != nil {
		return nil, err
	}
	qs, err := r.Requests()
	if err != nil {
		return nil, err
	}
	var out []Request
	for _, q := range qs {
		o := opt
		if opt.AttachmentFor != nil {
			if o.Attachment, err = opt.AttachmentFor(q); err != nil {
				return nil, fmt.Errorf("agreement %s: the attachment: %w", q.Agreement, err)
			}
			o.AttachmentName = strings.TrimSuffix(FileName(q.Agreement), ".eml") + ".xlsx"
		}
		v := view(r, q, o)
		req, err := tpl.render(v, from, to, cc, r.AsOf, o)
		if err != nil {
			return nil, fmt.Errorf("agreement %s: %w", q.Agreement, err)
		}
		for _, p := range q.Pools {
			if p.Request > 0 && !p.RequestKey.IsZero() {
				req.Asked = append(req.Asked, Asked{Key: p.RequestKey, Activations: p.Request})
			}
		}
		req.FormName = strings.TrimSuffix(req.FileName, ".eml") + ".txt"
		req.Form = crlf([]byte(Form(r, q)))
		out = append(out, req)
	}
	return out, nil
}

func view(r *report.Report, q report.Request, opt Options) View {
	// Text from the inputs and the configuration comes sanitised from the
	// report (control characters and bidirectional overrides escaped, any
	// product key masked): only the keys requested are written whole, and
	// only with email.keys: full (docs/robustness.md).
	esc := redact.Sanitize
	cust := r.Customer
	cust.Name, cust.ContactName, cust.ContactEmail, cust.ContactPhone = esc(cust.Name), esc(cust.ContactName), esc(cust.ContactEmail), esc(cust.ContactPhone)
	v := View{Agreement: q.Agreement, Customer: cust, AsOf: r.AsOf.String(), Program: "program not in the configuration",
		AgreementInferred: q.AgreementInferred, LicenseIDs: strings.Join(q.LicenseIDs, ", "), FullKeys: opt.FullKeys,
		DevicesChecked: q.Devices, ProductsChecked: q.Products, DevicesEligible: q.Eligible, DevicesConsuming: q.Activations, Done: q.Done,
		Scope:        report.Counts{Total: q.Devices, Products: q.Products, Eligible: q.Eligible, Ineligible: q.Products - q.Eligible}.Scope(),
		TotalRequest: q.Total}
	if v.Agreement == "" {
		v.Agreement = "(no agreement number in the key exports)"
	}
	if a, ok := r.AgreementOf(q.Agreement); ok {
		v.Program = string(a.Program)
		v.Authorization = esc(a.Authorization)
	}
	if !q.FirstNeeded.IsZero() {
		v.FirstNeeded = report.When(q.FirstNeeded, r.AsOf)
	}
	if opt.Attachment != nil {
		v.Workbook, v.WorkbookDevices = opt.AttachmentName, opt.AttachmentDevices
	}
	keyText := func(k planner.ProductKey, asked bool) string {
		if asked && opt.FullKeys {
			return k.Full()
		}
		return k.Masked()
	}
	waves := map[string]*WaveView{}
	var order []string
	var products []string
	for _, p := range q.Pools {
		v.PoolRemaining += p.Remaining
		v.Reserve += p.Reserve
		v.Shortfall += p.Shortfall
		pv := PoolView{Products: p.Products, Remaining: p.Remaining, Demand: p.Demand, Done: p.Done, Reserve: p.Reserve,
			Shortfall: p.Shortfall, Request: p.Request, RoundTo: p.RoundTo, ReserveText: p.ReserveText(), Arithmetic: p.Arithmetic(),
			Rounding: p.Rounding(), NeededBy: p.NeededBy(), Doubles: p.Doubles()}
		if !p.RequestKey.IsZero() {
			pv.RequestKey = keyText(p.RequestKey, p.Request > 0)
		}
		for _, rt := range p.Rights {
			pv.Rights = append(pv.Rights, rt.Line())
		}
		if p.ESU > 0 {
			pv.ESU = true
			ev := ESUView{Year: p.ESU, Activations: p.Demand}
			if y := planner.ESUProduct(p.ESU); y != nil {
				ev.Start, ev.End = y.Available.String(), y.SupportEnds.String()
			}
			for _, rt := range p.Rights {
				ev.Why = append(ev.Why, fmt.Sprintf("%s: %d", rt.Text, rt.Activations))
			}
			v.ESUYears = append(v.ESUYears, ev)
		} else {
			v.Reimage = true
		}
		for _, k := range p.Keys {
			pv.Keys = append(pv.Keys, PoolKeyView{Key: keyText(k.Key, k.Request > 0), Counts: k.Counts(), Remaining: k.Remaining, Request: k.Request})
			if k.Request > 0 {
				v.Keys = append(v.Keys, KeyView{FullKey: keyText(k.Key, true), Last5: k.Key.Last5(), Product: k.Products, AgreementInferred: k.AgreementInferred,
					LicenseID: k.LicenseID, Activations: k.Counts(), Used: count(k.Used), Limit: count(k.Limit), Remaining: k.Remaining,
					AsOf: k.AsOf.String(), Request: k.Request, NeededBy: p.NeededBy(), Earlier: k.EarlierText()})
				products = append(products, k.Products)
			}
		}
		for _, w := range p.Waves {
			date := ""
			if !w.Wave.Date.IsZero() {
				date = report.When(w.Wave.Date, r.AsOf)
			}
			wv := WaveView{Name: esc(w.Wave.Name), Date: date, Devices: w.Demand}
			pv.Waves = append(pv.Waves, wv)
			id := w.Wave.Label()
			if waves[id] == nil {
				waves[id] = &WaveView{Name: wv.Name, Date: wv.Date}
				order = append(order, id)
			}
			waves[id].Devices += w.Demand
		}
		v.Pools = append(v.Pools, pv)
	}
	v.KeyCount = len(v.Keys)
	switch len(products) {
	case 0:
	case 1:
		v.Products = products[0]
	default:
		v.Products = fmt.Sprintf("%s and %d more", products[0], len(products)-1)
	}
	v.ReservePolicy = q.ReservePolicy()
	for _, k := range r.Risks(3) {
		v.Risks = append(v.Risks, k.Text)
	}
	// Waves in date order (undated last), as the pools list them.
	sort.SliceStable(order, func(i, j int) bool {
		a, b := waves[order[i]], waves[order[j]]
		if (a.Date == "") != (b.Date == "") {
			return a.Date != ""
		}
		return a.Date < b.Date
	})
	for _, id := range order {
		v.Waves = append(v.Waves, *waves[id])
	}
	return v
}

func count(n *int) string {
	if n == nil {
		return ""
	}
	return fmt.Sprint(*n)
}

type templates struct {
	subject, text *texttemplate.Template
	html          *htmltemplate.Template
}

func parseTemplates(fsys fs.FS) (*templates, error) {
	read := func(name string) (string, error) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", fmt.Errorf("email template %s: %w", name, err)
		}
		return string(b), nil
	}
	var t templates
	for _, step := range []struct {
		name string
		set  func(string) error
	}{
		{"subject.tmpl", func(s string) (err error) {
			t.subject, err = texttemplate.New("subject.tmpl").Option("missingkey=error").Parse(s)
			return err
		}},
		{"body.txt.tmpl", func(s string) (err error) {
			t.text, err = texttemplate.New("body.txt.tmpl").Option("missingkey=error").Parse(s)
			return err
		}},
		{"body.html.tmpl", func(s string) (err error) {
			t.html, err = htmltemplate.New("body.html.tmpl").Option("missingkey=error").Parse(s)
			return err
		}},
	} {
		s, err := read(step.name)
		if err != nil {
			return nil, err
		}
		if err := step.set(s); err != nil {
			return nil, fmt.Errorf("email template %s: %w", step.name, err)
		}
	}
	return &t, nil
}

func (t *templates) render(v View, from, to *mail.Address, cc []*mail.Address, asOf planner.Date, opt Options) (Request, error) {
	var subj, text, html bytes.Buffer
	if err := t.subject.Execute(&subj, v); err != nil {
		return Request{}, err
	}
	if err := t.text.Execute(&text, v); err != nil {
		return Request{}, err
	}
	if err := t.html.Execute(&html, v); err != nil {
		return Request{}, err
	}
	subject := strings.Join(strings.Fields(subj.String()), " ")
	if strings.ContainsAny(subject, "\r\n\x00") {
		return Request{}, errors.New("the subject template produced a line break")
	}
	// A template may write anything: nothing invisible reaches the header.
	subject = redact.SanitizeHeader(subject)
	if n := len([]rune(subject)); n >= MaxSubject {
		return Request{}, fmt.Errorf("the subject has %d characters; it must stay under %d", n, MaxSubject)
	}
	e := jwemail.NewEmail()
	e.From = headerAddress(from)
	e.To = []string{headerAddress(to)}
	recipients := []string{to.Address}
	for _, a := range cc {
		e.Cc = append(e.Cc, headerAddress(a))
		recipients = append(recipients, a.Address)
	}
	e.Subject = subject
	if strings.Contains(subject, "=?") {
		// Text that looks like an RFC 2047 encoded-word would be decoded by
		// the reader's mail program into whatever it hides: encode the whole
		// subject, so that it reads as written.
		e.Subject = encodeWords(subject)
	}
	e.Text = crlf(text.Bytes())
	e.HTML = crlf(html.Bytes())
	if opt.Attachment != nil {
		if _, err := e.Attach(bytes.NewReader(opt.Attachment), opt.AttachmentName, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"); err != nil {
			return Request{}, err
		}
	}
	// Derived from the content, so that the same request is the same message.
	sum := sha256.New()
	for _, part := range [][]byte{[]byte(subject), e.Text, e.HTML, opt.Attachment, []byte(strings.Join(recipients, ","))} {
		sum.Write(part)
		sum.Write([]byte{0})
	}
	digest := hex.EncodeToString(sum.Sum(nil))
	e.Headers.Set("Date", time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 9, 0, 0, 0, time.UTC).Format(time.RFC1123Z))
	e.Headers.Set("Message-Id", "<makadd."+digest[:32]+"@"+domainOf(from.Address)+">")
	e.Headers.Set("X-Unsent", "1")
	e.Headers.Set("X-Mailer", "makplan")
	raw, err := e.Bytes()
	if err != nil {
		return Request{}, err
	}
	msg, err := stabilise(raw, digest[:24])
	if err != nil {
		return Request{}, err
	}
	return Request{Agreement: v.Agreement, FileName: FileName(v.Agreement), Subject: subject, From: from.Address, Recipients: recipients, Message: msg}, nil
}

// FileName is the .eml name for an agreement: makadd-request-<agreement>.eml
// when the number is digits, capital letters and dashes only; otherwise the
// characters that are safe in a file name and a short hash of the number,
// so that two agreements never share a file — not "a/b" and "a_b", not "abc"
// and "ABC" on a file system that ignores case.
func FileName(agreement string) string {
	var b strings.Builder
	plain := agreement != ""
	for _, r := range agreement {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r == '-':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z', r == '_', r == '.':
			b.WriteRune(r)
			plain = false
		default:
			b.WriteRune('_')
			plain = false
		}
	}
	name := strings.Trim(b.String(), "._-")
	if len(name) > 64 {
		name, plain = name[:64], false
	}
	if name == "" {
		name = "agreement"
	}
	if !plain {
		sum := sha256.Sum256([]byte(agreement))
		name += "-" + hex.EncodeToString(sum[:4])
	}
	return "makadd-request-" + name + ".eml"
}

// parseAddress checks a configured address: one address, no line breaks.
func parseAddress(key, s string) (*mail.Address, error) {
	if strings.ContainsAny(s, "\r\n\x00") {
		return nil, &problem.InputError{Problems: []problem.Problem{{Column: key, Message: "must not contain a line break or NUL character (it goes into a mail header)"}}}
	}
	if strings.TrimSpace(s) == "" {
		return nil, &problem.InputError{Problems: []problem.Problem{{Column: key, Message: "expected an email address for the request"}}}
	}
	// The mail reader would decode an encoded word itself, into whatever it
	// hides — another address, a comma: names are written as plain text,
	// and makplan encodes them.
	if strings.Contains(s, "=?") {
		return nil, &problem.InputError{Problems: []problem.Problem{{Column: key, Message: "must not hold an encoded word (=?…?=): write the display name as plain text; makplan encodes it"}}}
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, &problem.InputError{Problems: []problem.Problem{{Column: key, Message: fmt.Sprintf("expected an email address, got %s: %v", redact.Quote(s), err)}}}
	}
	if strings.ContainsAny(a.Name, "<>@") {
		return nil, &problem.InputError{Problems: []problem.Problem{{Column: key, Message: fmt.Sprintf("the display name %s holds an address or angle brackets: write the name alone, and the address in <…>", redact.Quote(a.Name))}}}
	}
	a.Name = redact.SanitizeHeader(a.Name) // no control or bidirectional characters in a header
	return a, nil
}

// headerAddress formats an address for the library, which splits address
// headers on commas before re-encoding them: a display name that holds a
// comma or non-ASCII text is handed over as an RFC 2047 B-encoded word.
func headerAddress(a *mail.Address) string {
	if a.Name == "" {
		return "<" + a.Address + ">"
	}
	if strings.ContainsAny(a.Name, ",\"") || !isASCII(a.Name) || strings.Contains(a.Name, "=?") {
		// Always encoded: mime.BEncoding leaves plain ASCII (with its comma) as it is.
		return "=?UTF-8?b?" + base64.StdEncoding.EncodeToString([]byte(a.Name)) + "?= <" + a.Address + ">"
	}
	return a.String()
}

// encodeWords writes s as RFC 2047 B-encoded words of at most 75
// characters each, split between runes.
func encodeWords(s string) string {
	var words []string
	for len(s) > 0 {
		n := 0
		for n < len(s) {
			_, size := utf8.DecodeRuneInString(s[n:])
			if n+size > 45 {
				break
			}
			n += size
		}
		words = append(words, "=?UTF-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "makplan.invalid"
}

func crlf(b []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
}

var boundaryRE = regexp.MustCompile(`boundary=([0-9a-f]{20,})`)

// headerOrder is the order of the message's own header fields.
var headerOrder = []string{"Date", "From", "To", "Cc", "Subject", "Message-Id", "X-Unsent", "X-Mailer", "Mime-Version", "Content-Type"}

// stabilise makes the library's output deterministic without forking it: the
// top-level header fields (written from a map) are put in a fixed order, and
// each random MIME boundary becomes one derived from the content.
func stabilise(raw []byte, digest string) ([]byte, error) {
	head, body, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
	if !ok {
		return nil, errors.New("email: the message has no header block")
	}
	var fields []string
	for _, line := range strings.Split(string(head), "\r\n") {
		if (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")) && len(fields) > 0 {
			fields[len(fields)-1] += "\r\n" + line
			continue
		}
		fields = append(fields, line)
	}
	rank := func(f string) int {
		name, _, _ := strings.Cut(f, ":")
		for i, h := range headerOrder {
			if strings.EqualFold(name, h) {
				return i
			}
		}
		return len(headerOrder)
	}
	sort.SliceStable(fields, func(i, j int) bool {
		ri, rj := rank(fields[i]), rank(fields[j])
		if ri != rj {
			return ri < rj
		}
		return fields[i] < fields[j]
	})
	msg := []byte(strings.Join(fields, "\r\n") + "\r\n\r\n" + string(body))
	seen := map[string]string{}
	for _, m := range boundaryRE.FindAllSubmatch(msg, -1) {
		old := string(m[1])
		if _, ok := seen[old]; !ok {
			seen[old] = fmt.Sprintf("makplan-part-%d-%s", len(seen)+1, digest)
		}
	}
	for old, repl := range seen {
		msg = bytes.ReplaceAll(msg, []byte(old), []byte(repl))
	}
	return msg, nil
}
