package main

import (
	"archive/zip"
	"context"
	"fmt"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// printed renders the named sheets of a workbook (the others removed from a
// copy) through LibreOffice to PDF and returns the PDF's path.
func printed(t *testing.T, workbook string, sheets ...string) string {
	t.Helper()
	soffice := tool(t, "soffice", "apt-get install libreoffice-calc-nogui")
	f, err := excelize.OpenFile(workbook)
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for _, s := range sheets {
		keep[s] = true
	}
	for _, name := range f.GetSheetList() {
		if !keep[name] && len(sheets) > 0 {
			if err := f.DeleteSheet(name); err != nil {
				t.Fatal(err)
			}
		}
	}
	work := t.TempDir()
	only := filepath.Join(work, "print.xlsx")
	if err := f.SaveAs(only); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(work, "profile"), "--headless", "--convert-to", "pdf", "--outdir", work, only)
	cmd.Env = append(os.Environ(), "HOME="+work)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	return filepath.Join(work, "print.pdf")
}

// word is a word on a printed page, with its box.
type word struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// firstWord returns the first word whose text is, nil when none is.
func firstWord(ws []word, is func(string) bool) *word {
	for i := range ws {
		if is(ws[i].text) {
			return &ws[i]
		}
	}
	return nil
}

// TestToBuyPrintsUnderItsHeaders (issue 20): the To Buy sheet as a buyer
// prints it. Each number column's header is right-aligned over its
// numbers, so on paper each total sits under its own header's last word
// (it used to print under the next column's header, and "Licences" read
// as blank); the totals are the sums of the rows.
func TestToBuyPrintsUnderItsHeaders(t *testing.T) {
	dir, _, _, _ := runPlan(t)
	// Every page's words: the Total row may print on a page after the
	// header's (at the same x positions).
	var ws []word
	for _, page := range pageWords(t, printed(t, filepath.Join(dir, "capacity-plan.xlsx"), "To Buy")) {
		ws = append(ws, page...)
	}
	// The last word of each number column's header ("Licences to buy",
	// "Devices it makes eligible", "MAK activations they would need"), in
	// the header band: from the header's first word, "Purchase", to 25
	// points either side of it.
	top := firstWord(ws, func(s string) bool { return s == "Purchase" })
	if top == nil {
		t.Fatal("no header printed")
	}
	var heads []word
	for _, w := range ws {
		if w.yMin >= top.yMin-25 && w.yMin <= top.yMin+25 && (w.text == "buy" || w.text == "eligible" || w.text == "need") {
			heads = append(heads, w)
		}
	}
	sort.Slice(heads, func(i, j int) bool { return heads[i].xMin < heads[j].xMin })
	// One per column: a header's words end where its column does; the
	// lowest is its last.
	var cols []word
	for _, h := range heads {
		if n := len(cols); n > 0 && h.xMax-cols[n-1].xMax < 3 && cols[n-1].xMax-h.xMax < 3 {
			if h.yMin > cols[n-1].yMin {
				cols[n-1] = h
			}
			continue
		}
		cols = append(cols, h)
	}
	heads = cols
	if len(heads) != 3 {
		t.Fatalf("found %d of the 3 number headers: %+v", len(heads), heads)
	}
	// The Total row's numbers, left to right.
	total := firstWord(ws, func(s string) bool { return strings.TrimSuffix(s, ",") == "Total" })
	if total == nil {
		t.Fatal("no Total row printed")
	}
	var nums []word
	for _, w := range ws {
		if _, err := strconv.Atoi(w.text); err == nil && w.yMin > total.yMin-2 && w.yMax < total.yMax+2 {
			nums = append(nums, w)
		}
	}
	sort.Slice(nums, func(i, j int) bool { return nums[i].xMin < nums[j].xMin })
	// Licences 3 + 2 + 1 + 2 (a qualifying licence and an upgrade) + 1 × 4
	// = 12; devices made eligible, each once, 3 + 2 + 1 × 6 = 11, each
	// activating by MAK: 11 (buyer.txtar works them out device by device).
	var got []string
	for _, n := range nums {
		got = append(got, n.text)
	}
	if strings.Join(got, " ") != "12 11 11" {
		t.Fatalf("the Total row prints %v, want 12 11 11", got)
	}
	for i, h := range heads {
		if d := h.xMax - nums[i].xMax; d < -4 || d > 4 {
			t.Errorf("total %s ends at x=%.0f, its header %q at x=%.0f: not under it", nums[i].text, nums[i].xMax, h.text, h.xMax)
		}
	}
}

// TestAttachmentPrints (issue 20): the request's own workbook, as the
// makadd desk prints it: the form's fields and the figures of each key,
// nothing cut, no device.
func TestAttachmentPrints(t *testing.T) {
	dir, _, _, _ := runPlan(t)
	raw, err := os.ReadFile(filepath.Join(dir, "makadd-request-91000001ZZS0001.eml"))
	if err != nil {
		t.Fatal(err)
	}
	_, attachments := dumpEmail(t, raw)
	att := filepath.Join(t.TempDir(), "request.xlsx")
	if err := os.WriteFile(att, attachments["makadd-request-91000001ZZS0001.xlsx"], 0o600); err != nil {
		t.Fatal(err)
	}
	pdftotext := tool(t, "pdftotext", "apt-get install poppler-utils")
	pdf := printed(t, att)
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(text)), " ")
	for _, want := range []string{"MAK activation increase request — agreement 91000001ZZS0001, Northwind Traders Ltd",
		"As of 2026-11-27: 17 activations requested on 3 keys.", "Business justification", "VF68T", "R3T8K", "KC9VB",
		"one row per key", "20 + 2 − 10 = 12", "4 + 1 − 3 = 2", "5 + 1 − 3 = 3", "No: 4 short"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the printed attachment lacks %q:\n%s", want, text)
		}
	}
	for _, device := range []string{"NW-LT-0101", "NW-DT-0220"} {
		if strings.Contains(flat, device) {
			t.Errorf("the printed attachment names %s", device)
		}
	}
}

// pageWords returns the words of every page of the PDF, page by page.
func pageWords(t *testing.T, pdf string) [][]word {
	t.Helper()
	pdftotext := tool(t, "pdftotext", "apt-get install poppler-utils")
	out, err := exec.Command(pdftotext, "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var pages [][]word
	for _, page := range strings.Split(string(out), "<page ")[1:] {
		var ws []word
		for _, m := range wordRE.FindAllStringSubmatch(page, -1) {
			f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
			ws = append(ws, word{html.UnescapeString(m[5]), f(m[1]), f(m[2]), f(m[3]), f(m[4])})
		}
		pages = append(pages, ws)
	}
	return pages
}

// pointsPerHeight calibrates the word boxes: a workbook with one 11 pt cell
// printed at 100 % gives the box height of 11 pt text, so that a box's
// height says the size the text printed at.
func pointsPerHeight(t *testing.T) float64 {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellValue("Sheet1", "A1", "Calibration"); err != nil {
		t.Fatal(err)
	}
	scale := uint(100)
	if err := f.SetPageLayout("Sheet1", &excelize.PageLayoutOptions{AdjustTo: &scale}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "calibration.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	for _, ws := range pageWords(t, printed(t, path)) {
		for _, w := range ws {
			if w.text == "Calibration" {
				return 11 / (w.yMax - w.yMin)
			}
		}
	}
	t.Fatal("the calibration word did not print")
	return 0
}

// TestEveryPagePrintsReadable (issue 27): every sheet of the samples'
// workbook and of the request's workbook, printed by LibreOffice as a
// buyer, the makadd desk or a manager prints it: no word on any page is
// smaller than 8 pt, and every cell's text is on paper whole — no word of
// a cell is cut off by its column or its row.
func TestEveryPagePrintsReadable(t *testing.T) {
	dir, _, _, _ := runPlan(t)
	raw, err := os.ReadFile(filepath.Join(dir, "makadd-request-91000001ZZS0001.eml"))
	if err != nil {
		t.Fatal(err)
	}
	_, attachments := dumpEmail(t, raw)
	request := filepath.Join(t.TempDir(), "request.xlsx")
	if err := os.WriteFile(request, attachments["makadd-request-91000001ZZS0001.xlsx"], 0o600); err != nil {
		t.Fatal(err)
	}
	// The samples plan no ESU: the ESU sheet is esu.txtar's (after the
	// samples' run, which reads ../../config.example.yaml from here).
	esu := extract(t, "esu.txtar")
	planJSON(t, esu, "esu.yaml")
	k := pointsPerHeight(t)
	for _, book := range []struct {
		path   string
		sheets []string // all when none
	}{{path: filepath.Join(dir, "capacity-plan.xlsx")}, {path: request}, {filepath.Join(esu, "out-esu.yaml", "capacity-plan.xlsx"), []string{"ESU"}}} {
		f, err := excelize.OpenFile(book.path)
		if err != nil {
			t.Fatal(err)
		}
		book, sheets := book.path, book.sheets
		if sheets == nil {
			sheets = f.GetSheetList()
		}
		corpus := workbookText(t, book)
		for _, sheet := range sheets {
			pages := pageWords(t, printed(t, book, sheet))
			printedWords := map[string]bool{}
			onPages := map[string]map[int]bool{} // word → the pages it prints on
			smallest, where := 100.0, ""
			for p, ws := range pages {
				for _, w := range ws {
					printedWords[w.text] = true
					if onPages[w.text] == nil {
						onPages[w.text] = map[int]bool{}
					}
					onPages[w.text][p] = true
					if size := (w.yMax - w.yMin) * k; size < smallest {
						smallest, where = size, fmt.Sprintf("page %d, %q", p+1, w.text)
					}
				}
			}
			if smallest < 8 {
				t.Errorf("%s, sheet %s: text prints at %.1f pt (%s), under 8 pt", filepath.Base(book), sheet, smallest, where)
			}
			// The other way round: a printed piece of a word that no text of
			// the workbook starts a word with ("ounding:") is a word cut by a
			// page's edge — a title line carried over to the next page across.
			fragments := 0
			for p, ws := range pages {
				for _, w := range ws {
					if !cutPiece(corpus, w.text) {
						continue
					}
					if fragments < 5 {
						t.Errorf("%s, sheet %s, page %d: %q is a piece of a word cut by the page's edge or a narrow column", filepath.Base(book), sheet, p+1, w.text)
					}
					fragments++
				}
			}
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			cut, split := 0, 0
			for r, row := range rows {
				if visible, err := f.GetRowVisible(sheet, r+1); err != nil || !visible {
					continue
				}
				for c, text := range row {
					// A cell prints on one page: a text that spans columns (a
					// title line merged across the table) must not run over
					// the page's edge onto the next page across.
					if !onOnePage(onPages, strings.Fields(text)) {
						if split < 5 {
							ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
							t.Errorf("%s, sheet %s, cell %s: %q prints over two pages", filepath.Base(book), sheet, ref, text)
						}
						split++
					}
					for _, w := range strings.Fields(text) {
						if printedWords[w] || allPrinted(printedWords, w) {
							continue
						}
						if cut < 5 {
							ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
							t.Errorf("%s, sheet %s, cell %s: %q does not print whole (the word %q is cut)", filepath.Base(book), sheet, ref, text, w)
						}
						cut++
						break
					}
				}
			}
		}
		f.Close()
	}
}

// onOnePage reports whether some page prints all of words (those printed
// whole; the cut ones are reported on their own).
func onOnePage(onPages map[string]map[int]bool, words []string) bool {
	var common map[int]bool
	for _, w := range words {
		pages := onPages[w]
		if pages == nil || strings.ContainsAny(w, "-/") {
			continue // cut, or broken after its hyphen: allPrinted's business
		}
		if common == nil {
			common = pages
			continue
		}
		next := map[int]bool{}
		for p := range common {
			if pages[p] {
				next[p] = true
			}
		}
		if len(next) == 0 {
			return false
		}
		common = next
	}
	return true
}

// workbookText is every text a workbook holds — its cells' shared
// strings, inline strings, charts' titles, headers and footers — the
// markup between them a space.
func workbookText(t *testing.T, book string) string {
	t.Helper()
	z, err := zip.OpenReader(book)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var b strings.Builder
	tag := regexp.MustCompile(`<[^>]*>`)
	for _, f := range z.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(html.UnescapeString(tag.ReplaceAllString(string(data), " ")))
		b.WriteString(" ")
	}
	return b.String()
}

// cutPiece reports whether a printed word of three letters or more (and no
// digit: numbers and dates are the charts' axes) is no whole word of the
// workbook's text: a piece of a word cut in two, by a page's edge or by a
// column too narrow for it ("activatio" over "ns").
func cutPiece(corpus, w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters < 3 || strings.HasSuffix(w, "-") || strings.HasSuffix(w, "/") {
		return false // broken after its hyphen or slash, as words are
	}
	for i := 0; ; {
		j := strings.Index(corpus[i:], w)
		if j < 0 {
			return true
		}
		at, end := i+j, i+j+len(w)
		prev, _ := utf8.DecodeLastRuneInString(corpus[:at])
		next, _ := utf8.DecodeRuneInString(corpus[end:])
		if (at == 0 || !unicode.IsLetter(prev)) && (end == len(corpus) || !unicode.IsLetter(next)) {
			return false
		}
		i = at + 1
	}
}

// allPrinted reports whether a word printed across line breaks: it is
// printed words put together, each broken after a hyphen or a slash
// ("NW-LT-" and "0125").
func allPrinted(printed map[string]bool, w string) bool {
	for i := 1; i < len(w); i++ {
		if (w[i-1] == '-' || w[i-1] == '/') && printed[w[:i]] && (printed[w[i:]] || allPrinted(printed, w[i:])) {
			return true
		}
	}
	return false
}
