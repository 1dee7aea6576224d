package main

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// sampleKeys are the full product keys of the samples: none may appear in
// any output but the makadd email.
var sampleKeys = []string{"7XN4B-JKC2Q-TYG8M-W3RPD-VF68T", "D9HGK-2WMXT-B6QYR-7CFJP-3GVF7", "QCH9W-YNBJ3-XTP7K-VDG2M-8RFKY",
	"W2KJF-9PXCD-TBHY4-GQ7MV-R3T8K", "FXYTK-8HQ2B-GDPRT-W36JM-KC9VB", "TB4PJ-R9K2W-CXHGY-7Q3DM-FPV6B",
	"M4BWC-PGJ7X-HKQ9D-2TFRY-6V8XC", "GBRKQ-WX7DP-4HTM9-JCY8F-2MVGB", "C8GXR-HQW4P-3YKBT-DJ7F9-MV2HW"}

// runPlan runs `makplan plan` on the samples into a fresh folder.
func runPlan(t *testing.T, extra ...string) (dir string, stdout, stderr string, code int) {
	t.Helper()
	dir = t.TempDir()
	t.Setenv("MAKPLAN_HISTORY_PATH", filepath.Join(t.TempDir(), "makplan-history.db")) // a history of its own: one snapshot
	var out, errb bytes.Buffer
	args := append([]string{"plan", "--config", "../../config.example.yaml", "--as-of", "2026-11-27", "--out", dir}, extra...)
	code = run(args, nil, &out, &errb)
	return dir, out.String(), errb.String(), code
}

func golden(t *testing.T, got string) {
	t.Helper()
	path := filepath.Join("testdata", t.Name()+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output; run go test ./cmd/makplan -run %s -update and review the diff.\n%s", path, t.Name(), firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return ""
}

// dumpWorkbook renders a workbook as text: per sheet its dimension, panes,
// column widths, and every non-empty cell with its formula and cached value.
func dumpWorkbook(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		dim, _ := f.GetSheetDimension(sheet)
		panes, _ := f.GetPanes(sheet)
		fmt.Fprintf(&b, "== %s  dimension %s  frozen %v at %s\n", sheet, dim, panes.Freeze, panes.TopLeftCell)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, cell)
				switch {
				case formula != "":
					fmt.Fprintf(&b, "%s = %s -> %s\n", cell, formula, v)
				case v != "":
					fmt.Fprintf(&b, "%s: %s\n", cell, strings.ReplaceAll(v, "\n", "\\n"))
				}
			}
		}
	}
	return b.String()
}

func TestWorkbookGolden(t *testing.T) {
	dir, _, _, code := runPlan(t)
	if code != exitShortfall {
		t.Fatalf("exit %d", code)
	}
	golden(t, dumpWorkbook(t, filepath.Join(dir, "capacity-plan.xlsx")))
}

// dumpEmail renders a parsed makadd request as the golden file shows it,
// and returns its attachments.
func dumpEmail(t *testing.T, raw []byte) (string, map[string][]byte) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	dec := new(mime.WordDecoder)
	for _, h := range []string{"Date", "From", "To", "Cc", "Subject", "Message-Id", "X-Unsent", "Mime-Version"} {
		v, _ := dec.DecodeHeader(m.Header.Get(h))
		fmt.Fprintf(&b, "%s: %s\n", h, v)
	}
	attachments := map[string][]byte{}
	var walk func(ct string, body io.Reader, depth int)
	walk = func(ct string, body io.Reader, depth int) {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth), mt)
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var r io.Reader = p
				switch p.Header.Get("Content-Transfer-Encoding") {
				case "quoted-printable":
					r = quotedprintable.NewReader(p)
				case "base64":
					data, _ := io.ReadAll(p)
					decoded, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(data)))
					if err != nil {
						t.Fatal(err)
					}
					r = bytes.NewReader(decoded)
				}
				if _, params, _ := mime.ParseMediaType(p.Header.Get("Content-Disposition")); params["filename"] != "" {
					data, _ := io.ReadAll(r)
					attachments[params["filename"]] = data
					fmt.Fprintf(&b, "%s  attachment %q %s, %d bytes\n", strings.Repeat("  ", depth), params["filename"], p.Header.Get("Content-Type"), len(data))
					continue
				}
				walk(p.Header.Get("Content-Type"), r, depth+1)
			}
		}
		data, _ := io.ReadAll(body)
		b.WriteString(strings.ReplaceAll(string(data), "\r\n", "\n"))
		b.WriteString("\n")
	}
	walk(m.Header.Get("Content-Type"), m.Body, 0)
	return b.String(), attachments
}

func TestEmailGolden(t *testing.T) {
	dir, _, _, _ := runPlan(t)
	raw, err := os.ReadFile(filepath.Join(dir, "makadd-request-91000001ZZS0001.eml"))
	if err != nil {
		t.Fatal(err)
	}
	text, attachments := dumpEmail(t, raw)
	// The attachment is the request's own workbook (email.attach: summary):
	// the request as the form's fields, its pools and its waves; it is part
	// of the golden file, reviewed with the message.
	att := filepath.Join(t.TempDir(), "request.xlsx")
	if err := os.WriteFile(att, attachments["makadd-request-91000001ZZS0001.xlsx"], 0o600); err != nil {
		t.Fatal(err)
	}
	sheets := dumpWorkbook(t, att)
	golden(t, text+"\n== the attachment, makadd-request-91000001ZZS0001.xlsx\n"+sheets)
	for _, device := range []string{"NW-LT-0101", "NW-LT-0120", "NW-DT-0220"} {
		if strings.Contains(sheets, device) || strings.Contains(text, device) {
			t.Errorf("the request names the device %s", device)
		}
	}
	for _, sheet := range []string{"To Buy", "Ineligible", "Assumptions", "History"} {
		if strings.Contains(sheets, "== "+sheet) {
			t.Errorf("the attachment has the sheet %s", sheet)
		}
	}
	// email.keys: last5 (the default): no key whole, the keys asked for by
	// their last five characters.
	for _, k := range sampleKeys {
		if strings.Contains(text, k) {
			t.Errorf("the request names %s whole", k)
		}
	}
	for _, last5 := range []string{"VF68T", "R3T8K", "KC9VB"} {
		if !strings.Contains(text, "Product key (last five characters): "+last5) {
			t.Errorf("the request does not name %s", last5)
		}
	}
}

// TestNoFullKeyOutsideEmail unzips the workbook and scans every file of it,
// the JSON and the human output for whole keys.
func TestNoFullKeyOutsideEmail(t *testing.T) {
	dir, stdout, stderr, _ := runPlan(t, "--json")
	scan := func(what string, data []byte) {
		for _, k := range sampleKeys {
			for _, form := range []string{k, strings.ReplaceAll(k, "-", ""), k[:23]} {
				if bytes.Contains(data, []byte(form)) {
					t.Errorf("%s contains the key %s (as %q)", what, k[24:], form)
				}
			}
		}
	}
	scan("stdout", []byte(stdout))
	scan("stderr", []byte(stderr))
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if strings.HasSuffix(e.Name(), ".eml") {
			continue
		}
		if strings.HasSuffix(e.Name(), ".xlsx") {
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				rc, _ := zf.Open()
				content, _ := io.ReadAll(rc)
				rc.Close()
				scan(e.Name()+"/"+zf.Name, content)
			}
			continue
		}
		scan(e.Name(), data)
	}
}

func TestOutputsAreDeterministic(t *testing.T) {
	a, _, _, _ := runPlan(t)
	b, _, _, _ := runPlan(t)
	for _, name := range []string{"capacity-plan.xlsx", "makadd-request-91000001ZZS0001.eml"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs on the same inputs (%d and %d bytes)", name, len(x), len(y))
		}
		if st, err := os.Stat(filepath.Join(a, name)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", name, st.Mode().Perm())
		}
	}
}

// TestFailedRunKeepsPreviousOutputs: a run with a broken input writes nothing.
func TestFailedRunKeepsPreviousOutputs(t *testing.T) {
	dir, _, _, _ := runPlan(t)
	before := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		before[e.Name()], _ = os.ReadFile(filepath.Join(dir, e.Name()))
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("Device,Licensed Product,License Channel,Target Product\nPC-1,Windows 10 Pro,Gift,Windows 10 Pro\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"plan", "--config", "../../config.example.yaml", "--as-of", "2026-11-27", "--out", dir, "--plan", bad}, nil, &out, &errb); code != exitInput {
		t.Fatalf("exit %d, want 1: %s", code, errb.String())
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Fatalf("the folder had %d files, now %d", len(before), len(after))
	}
	for name, data := range before {
		now, _ := os.ReadFile(filepath.Join(dir, name))
		if !bytes.Equal(now, data) {
			t.Errorf("%s changed after a failed run", name)
		}
	}
}

// TestTextNeverBecomesAFormula: cells from the inputs that start like a
// formula are written as text with a leading apostrophe, and the only
// formulas are the Summary's own.
func TestTextNeverBecomesAFormula(t *testing.T) {
	plan := filepath.Join(t.TempDir(), "plan.csv")
	if err := os.WriteFile(plan, []byte("Device,Serial,Licensed Product,License Channel,Target Product,Enterprise Upgrade,Wave\n"+
		"\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+1-555,Windows 10 Pro,OEM,Windows 11 Enterprise,Yes,@SUM(A1)\n"+
		"-2+3,\tTAB,Windows 10 Pro,OEM,Windows 11 Enterprise,Yes,W1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, _, stderr, code := runPlan(t, "--plan", plan)
	if code != exitOK && code != exitShortfall {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "capacity-plan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Devices")
	// (Input cells are trimmed, so a leading tab never reaches the workbook.)
	got := []string{rows[1][0], rows[1][1], rows[1][3], rows[2][0], rows[2][1]}
	want := []string{`'=HYPERLINK("http://x","y")`, "'+1-555", "'@SUM(A1)", "'-2+3", "TAB"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %q, want %q", i, got[i], want[i])
		}
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fm, _ := f.GetCellFormula(sheet, cell); fm != "" && sheet != "Summary" {
					t.Errorf("%s!%s holds a formula: %s", sheet, cell, fm)
				}
			}
		}
	}
}

// TestNonASCIINamesAreEncoded: display names with a comma or non-ASCII
// letters survive as RFC 2047 words; a line break is refused.
func TestNonASCIINamesAreEncoded(t *testing.T) {
	dir := t.TempDir()
	// Its own environment, so a history of its own too: not the one beside
	// config.example.yaml in the repository.
	env := map[string]string{"MAKPLAN_EMAIL_FROM": `"Zoë Ådmin, Licensing" <zoe@northwind.example>`, "MAKPLAN_CUSTOMER_NAME": "Nørthwind Tradérs",
		"MAKPLAN_HISTORY_PATH": filepath.Join(t.TempDir(), "makplan-history.db")}
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb, now: testNow, getenv: func(k string) string { return env[k] }}
	root := newRootCmd(a)
	root.SetArgs([]string{"plan", "--config", "../../config.example.yaml", "--as-of", "2026-11-27", "--out", dir})
	root.SetOut(&errb)
	root.SetErr(&errb)
	if code := exitCode(root.Execute(), &errb); code != exitShortfall {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "makadd-request-91000001ZZS0001.eml"))
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	from, err := mail.ParseAddress(m.Header.Get("From"))
	if err != nil || from.Name != "Zoë Ådmin, Licensing" || from.Address != "zoe@northwind.example" {
		t.Errorf("From = %q (%v), parsed %+v", m.Header.Get("From"), err, from)
	}
	if !isASCIIBytes(raw) {
		t.Error("the message has raw non-ASCII bytes")
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if !strings.Contains(subject, "Nørthwind Tradérs") {
		t.Errorf("Subject = %q", subject)
	}
	env["MAKPLAN_CUSTOMER_NAME"] = "Evil\r\nBcc: victim@example.com"
	root = newRootCmd(a)
	root.SetArgs([]string{"plan", "--config", "../../config.example.yaml", "--as-of", "2026-11-27", "--out", dir})
	errb.Reset()
	if code := exitCode(root.Execute(), &errb); code != exitInput || !strings.Contains(errb.String(), "MAKPLAN_CUSTOMER_NAME (customer.name): must not contain a line break") {
		t.Errorf("exit %d: %s", code, errb.String())
	}
}

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// TestToBuyBuysWhatIsSold (issue 25; docs/rules.md, "What can be bought"):
// the To Buy sheet of the samples, as written: every row makes at least one
// device eligible and names it; no row buys a Windows desktop licence under
// an agreement (Commercial Licensing sells none: the qualifying licence is
// bought outside, Windows Enterprise as an upgrade).
func TestToBuyBuysWhatIsSold(t *testing.T) {
	dir, _, _, _ := runPlan(t)
	f, err := excelize.OpenFile(filepath.Join(dir, "capacity-plan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("To Buy")
	if err != nil {
		t.Fatal(err)
	}
	header := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Purchase" {
			header = i
			break
		}
	}
	if header < 0 {
		t.Fatal("no header row")
	}
	n := 0
	for _, r := range rows[header+1:] {
		if len(r) == 0 || strings.HasPrefix(r[0], "Total") {
			break
		}
		for len(r) < 9 {
			r = append(r, "")
		}
		n++
		what, target, buyAs, under, devices, names := r[0], r[1], r[2], r[3], r[5], r[6]
		if devices == "" || devices == "0" || names == "" {
			t.Errorf("row %q for %s makes no device eligible (devices %q, names %q)", what, target, devices, names)
		}
		if strings.HasPrefix(target, "Windows ") && !strings.HasPrefix(target, "Windows Server") {
			if buyAs != "—" || strings.Contains(what, "Volume licence of the target") || strings.Contains(what, "current version") {
				t.Errorf("row %q buys a Windows desktop licence (%s, buy as %q)", what, target, buyAs)
			}
			if strings.Contains(what, "qualifying Windows licence") && !strings.Contains(under, "outside") {
				t.Errorf("row %q buys the qualifying licence under %q", what, under)
			}
		}
	}
	if n != 8 {
		t.Errorf("%d rows, want the 8 worked out in buyer.txtar", n)
	}
}
