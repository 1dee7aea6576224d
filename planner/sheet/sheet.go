// Package sheet reads the tables admins export from Excel, VLSC and inventory
// tools: CSV in every shape Excel writes (comma, semicolon or tab separated;
// UTF-8 with or without BOM, UTF-16 "Unicode Text", Windows-1252; CRLF) and
// XLSX workbooks, row by row. It finds the header row below title rows and
// maps header aliases to canonical column names. It knows nothing of licensing.
package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/makplan/makplan/planner"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// HeaderSearchRows is how far below the top a header row may sit.
const HeaderSearchRows = 20

// Column is a canonical column and the header texts that name it.
type Column struct {
	Name     string
	Aliases  []string
	Required bool
}

// Schema lists the columns a reader understands, in the order of their IDs.
type Schema []Column

// Row is one data row: its number as Excel shows it and its cells.
type Row struct {
	Num   int
	Cells []string
}

// HeaderMiss is a header that names no column but is close to the name or
// an alias of one: most likely a typo ("Curent OS" for Current OS).
type HeaderMiss struct {
	Header string // as the file has it
	Alias  string // the closest known header
	Column string // the canonical column that alias names
	Index  int    // the header's cell index
}

// Table is an open input positioned after its header row. Call Next until it
// returns false, then Err.
type Table struct {
	File     string
	Sheet    string // "" for CSV
	Date1904 bool   // the workbook counts dates from 1904
	Headers  []string
	// HeaderRow is the row number of the header row.
	HeaderRow int
	// Misses are the headers that match no column but look like a typo of one.
	Misses []HeaderMiss
	index  []int // schema column ID → cell index, -1 when absent
	next   func() (Row, bool, error)
	row    Row
	err    error
	closer func() error
	ahead  *readAhead
}

// Has reports whether the table has the schema column id.
func (t *Table) Has(id int) bool { return t.index[id] >= 0 }

// HeaderOf returns the header text under which column id was found.
func (t *Table) HeaderOf(id int) string {
	if i := t.index[id]; i >= 0 {
		return t.Headers[i]
	}
	return ""
}

// Next advances to the next non-empty data row. The row's cells are valid
// until the next call (the strings in them stay valid for good).
func (t *Table) Next() bool {
	if t.ahead == nil {
		t.ahead = startReadAhead(t.next)
	}
	for t.err == nil {
		r, ok, err := t.ahead.next()
		if err != nil {
			t.err = err
			return false
		}
		if !ok {
			return false
		}
		if blank(r.Cells) {
			continue
		}
		t.row = r
		return true
	}
	return false
}

// Row returns the current row.
func (t *Table) Row() Row { return t.row }

// Cell returns the trimmed value of column id in the current row, "" when
// the column or the cell is absent.
func (t *Table) Cell(id int) string {
	i := t.index[id]
	if i < 0 || i >= len(t.row.Cells) {
		return ""
	}
	return strings.TrimSpace(t.row.Cells[i])
}

// Err returns the error that stopped Next, if any, located in the file.
func (t *Table) Err() error { return t.err }

// Close releases the input.
func (t *Table) Close() error {
	if t.ahead != nil {
		t.ahead.stop()
	}
	if t.closer != nil {
		return t.closer()
	}
	return nil
}

// Normalize folds a header for matching: case-insensitive, and blind to spaces
// and punctuation ("MAK Activations-Used/Available" = "mak activations used available").
func Normalize(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsXLSX reports whether the file is a workbook, by its first bytes or name.
func IsXLSX(name string, head []byte) bool {
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return true
	}
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".xlsx" || ext == ".xlsm"
}

// Open reads r as a workbook or a CSV (decided by content, then name), finds
// the header row and maps it to schema. In a workbook the named sheet is read,
// or else the first one that has the required headers. extra adds header
// aliases per canonical name (from configuration). The error is a
// planner.Problem naming what was found when no header row fits.
func Open(name string, r io.Reader, schema Schema, sheetName string, extra map[string][]string) (*Table, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	head, _ := br.Peek(4)
	m := newMatcher(schema, extra)
	if IsXLSX(name, head) {
		return openXLSX(name, br, m, sheetName)
	}
	return openCSV(name, br, m)
}

type matcher struct {
	schema Schema
	names  map[string][]int    // normalised alias → columns it names, in preference order
	prefs  map[string]int      // (column, alias) rank
	extra  map[string][]string // aliases from configuration, by normalised column name
}

func newMatcher(schema Schema, extra map[string][]string) *matcher {
	m := &matcher{schema: schema, names: map[string][]int{}, prefs: map[string]int{}}
	extraNorm := map[string][]string{}
	for k, v := range extra {
		extraNorm[Normalize(k)] = append(extraNorm[Normalize(k)], v...)
	}
	m.extra = extraNorm
	for id, c := range schema {
		all := append([]string{c.Name}, c.Aliases...)
		all = append(all, extraNorm[Normalize(c.Name)]...)
		for rank, a := range all {
			n := Normalize(a)
			if _, dup := m.prefs[fmt.Sprint(id, "/", n)]; dup {
				continue
			}
			m.names[n] = append(m.names[n], id)
			m.prefs[fmt.Sprint(id, "/", n)] = rank
		}
	}
	return m
}

// match maps a header row; ok when every required column is present.
func (m *matcher) match(headers []string) (index []int, found int, ok bool) {
	index = make([]int, len(m.schema))
	best := make([]int, len(m.schema))
	for i := range index {
		index[i], best[i] = -1, 1<<30
	}
	for col, h := range headers {
		n := Normalize(h)
		for _, id := range m.names[n] {
			if r := m.prefs[fmt.Sprint(id, "/", n)]; r < best[id] {
				if index[id] < 0 {
					found++
				}
				index[id], best[id] = col, r
			}
		}
	}
	ok = true
	for id, c := range m.schema {
		if c.Required && index[id] < 0 {
			ok = false
		}
	}
	return index, found, ok
}

// nearMisses lists the headers that match no column but are close to a
// known header of a column that the row does not have.
func (m *matcher) nearMisses(headers []string, index []int) []HeaderMiss {
	have := map[int]bool{}
	for col, i := range index {
		if i >= 0 {
			have[col] = true
		}
	}
	var out []HeaderMiss
	for i, h := range headers {
		n := Normalize(h)
		if len(n) < 5 || len(m.names[n]) > 0 {
			continue
		}
		var cands []string
		owner := map[string]int{}
		for alias, cols := range m.names {
			for _, c := range cols {
				if !have[c] {
					cands = append(cands, alias)
					owner[alias] = c
					break
				}
			}
		}
		best := planner.Closest(h, cands, Normalize)
		if best == "" {
			continue
		}
		col := m.schema[owner[best]]
		out = append(out, HeaderMiss{Header: strings.TrimSpace(h), Alias: m.display(owner[best], best), Column: col.Name, Index: i})
	}
	return out
}

// display returns the alias of column id as written, given its normalised form.
func (m *matcher) display(id int, norm string) string {
	c := m.schema[id]
	for _, a := range append([]string{c.Name}, c.Aliases...) {
		if Normalize(a) == norm {
			return a
		}
	}
	for _, a := range m.extra[Normalize(c.Name)] {
		if Normalize(a) == norm {
			return a
		}
	}
	return norm
}

func (m *matcher) required() []string {
	var out []string
	for _, c := range m.schema {
		if c.Required {
			out = append(out, c.Name)
		}
	}
	return out
}

// headerSearch feeds rows to the matcher until a header row is found.
type headerSearch struct {
	m          *matcher
	bestRow    int
	bestSeen   []string
	bestN      int
	bestMisses []HeaderMiss
}

func (h *headerSearch) try(r Row) ([]int, bool) {
	index, n, ok := h.m.match(r.Cells)
	if ok {
		return index, true
	}
	if n > h.bestN || h.bestSeen == nil && !blank(r.Cells) {
		h.bestN, h.bestRow, h.bestSeen = n, r.Num, nonEmpty(r.Cells)
		h.bestMisses = h.m.nearMisses(r.Cells, index)
	}
	return nil, false
}

func (h *headerSearch) problem(file, sheet string) planner.Problem {
	msg := fmt.Sprintf("no header row with the required columns (%s) in the first %d rows",
		strings.Join(h.m.required(), ", "), HeaderSearchRows)
	if h.bestSeen != nil {
		msg += fmt.Sprintf("; the likeliest header row, row %d, has: %s", h.bestRow, strings.Join(h.bestSeen, ", "))
		for _, miss := range h.bestMisses {
			msg += fmt.Sprintf("; %s", miss)
		}
	} else {
		msg += "; the table is empty"
	}
	p := planner.Problem{File: file, Sheet: sheet, Message: msg}
	if h.bestSeen != nil {
		p.Row = h.bestRow
	}
	return p
}

// String says what the miss probably is.
func (m HeaderMiss) String() string {
	if Normalize(m.Alias) == Normalize(m.Column) {
		return fmt.Sprintf("%q matches no column: did you mean %q?", m.Header, m.Alias)
	}
	return fmt.Sprintf("%q matches no column: did you mean %q (%s)?", m.Header, m.Alias, m.Column)
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if t := strings.TrimSpace(c); t != "" {
			out = append(out, strconvQuote(t))
		}
	}
	return out
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `'`) + `"` }

// ---- CSV ----

func openCSV(name string, br *bufio.Reader, m *matcher) (*Table, error) {
	text, err := decode(br)
	if err != nil {
		return nil, planner.Problem{File: name, Message: err.Error()}
	}
	tb := bufio.NewReaderSize(text, 64*1024)
	sample, _ := tb.Peek(32 * 1024)
	delim, skipSep := sniffDelimiter(sample)
	if skipSep {
		if _, err := tb.ReadString('\n'); err != nil && !errors.Is(err, io.EOF) {
			return nil, planner.Problem{File: name, Message: err.Error()}
		}
	}
	cr := csv.NewReader(tb)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	// Excel numbers every line as a row, blank ones too, which encoding/csv
	// skips; a quoted cell with line breaks is still one row.
	num, lastLine := 0, 0
	next := func() (Row, bool, error) {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return Row{}, false, nil
		}
		if err == nil {
			line, _ := cr.FieldPos(0)
			num += 1 + max(0, line-lastLine-1)
			lastLine = line
			for _, c := range rec {
				lastLine += strings.Count(c, "\n")
			}
		} else {
			num++
		}
		if err != nil {
			return Row{}, false, planner.Problem{File: name, Row: num, Message: "not readable as CSV: " + err.Error()}
		}
		return Row{Num: num, Cells: rec}, true, nil
	}
	t := &Table{File: name}
	hs := &headerSearch{m: m}
	for i := 0; i < HeaderSearchRows; i++ {
		r, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if index, ok := hs.try(r); ok {
			t.Headers = append([]string(nil), r.Cells...)
			t.index = index
			t.next = next
			t.Misses = m.nearMisses(t.Headers, index)
			t.HeaderRow = r.Num
			return t, nil
		}
	}
	return nil, hs.problem(name, "")
}

// decode turns the file's bytes into UTF-8 text: UTF-16 with a BOM (or
// without one, recognised by its zero bytes), UTF-8 with or without BOM, and
// otherwise Windows-1252, which Excel's plain "CSV" uses in the West.
func decode(br *bufio.Reader) (io.Reader, error) {
	head, _ := br.Peek(4096)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return transform.NewReader(br, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()), nil
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		return br, nil
	case len(head) >= 4 && head[1] == 0 && head[3] == 0 && head[0] != 0:
		return transform.NewReader(br, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewDecoder()), nil
	case len(head) >= 4 && head[0] == 0 && head[2] == 0 && head[1] != 0:
		return transform.NewReader(br, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewDecoder()), nil
	}
	// A cut multi-byte sequence at the end of the sample is not evidence.
	probe := head
	for i := 0; i < 3 && len(probe) > 0 && !utf8.Valid(probe); i++ {
		probe = probe[:len(probe)-1]
	}
	if !utf8.Valid(probe) {
		return transform.NewReader(br, charmap.Windows1252.NewDecoder()), nil
	}
	return br, nil
}

// sniffDelimiter picks comma, semicolon or tab: the one that splits some line
// of the sample into the most fields outside quotes. Excel's "sep=;" first
// line decides outright.
func sniffDelimiter(sample []byte) (rune, bool) {
	first, _, _ := bytes.Cut(sample, []byte("\n"))
	first = bytes.TrimSpace(first)
	if bytes.HasPrefix(bytes.ToLower(first), []byte("sep=")) && len(first) == 5 {
		return rune(first[4]), true
	}
	lines := bytes.Split(sample, []byte("\n"))
	if len(lines) > HeaderSearchRows+5 {
		lines = lines[:HeaderSearchRows+5]
	}
	best, bestN := ',', 0
	for _, d := range []byte{',', ';', '\t'} {
		n := 0
		for _, l := range lines {
			if c := countOutsideQuotes(l, d); c > n {
				n = c
			}
		}
		if n > bestN {
			best, bestN = rune(d), n
		}
	}
	return best, false
}

func countOutsideQuotes(line []byte, d byte) int {
	n, quoted := 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case c == d && !quoted:
			n++
		}
	}
	return n
}

// ---- XLSX ----

func openXLSX(name string, r io.Reader, m *matcher, want string) (*Table, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, planner.Problem{File: name, Message: "not readable as an Excel workbook (.xlsx): " + err.Error()}
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if want != "" {
		found := false
		for _, s := range sheets {
			if strings.EqualFold(s, want) {
				sheets, found = []string{s}, true
				break
			}
		}
		if !found {
			_ = f.Close()
			return nil, planner.Problem{File: name, Message: fmt.Sprintf("no sheet named %q; the workbook has: %s", want, strings.Join(sheets, ", "))}
		}
	}
	var problems []string
	var first *planner.Problem
	for _, s := range sheets {
		t, p, err := scanSheet(f, name, s, m)
		if err != nil {
			_ = f.Close()
			return nil, err
		}
		if t != nil {
			t.Date1904 = date1904
			t.closer = f.Close
			return t, nil
		}
		if first == nil {
			first = &p
		}
		problems = append(problems, fmt.Sprintf("sheet %q: %s", s, p.Message))
	}
	_ = f.Close()
	if len(sheets) == 1 && first != nil {
		return nil, *first
	}
	sort.Strings(problems)
	return nil, planner.Problem{File: name, Message: "no sheet has the required columns: " + strings.Join(problems, "; ")}
}

func scanSheet(f *excelize.File, name, sheetName string, m *matcher) (*Table, planner.Problem, error) {
	rows, err := f.Rows(sheetName)
	if err != nil {
		return nil, planner.Problem{}, planner.Problem{File: name, Sheet: sheetName, Message: "cannot read the sheet: " + err.Error()}
	}
	num := 0
	next := func() (Row, bool, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return Row{}, false, planner.Problem{File: name, Sheet: sheetName, Row: num + 1, Message: "cannot read the row: " + err.Error()}
			}
			return Row{}, false, nil
		}
		num++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Row{}, false, planner.Problem{File: name, Sheet: sheetName, Row: num, Message: "cannot read the row: " + err.Error()}
		}
		return Row{Num: num, Cells: cells}, true, nil
	}
	hs := &headerSearch{m: m}
	for i := 0; i < HeaderSearchRows; i++ {
		r, ok, err := next()
		if err != nil {
			_ = rows.Close()
			return nil, planner.Problem{}, err
		}
		if !ok {
			break
		}
		if index, ok := hs.try(r); ok {
			t := &Table{File: name, Sheet: sheetName, Headers: append([]string(nil), r.Cells...), index: index, next: next}
			t.Misses = m.nearMisses(t.Headers, index)
			t.HeaderRow = r.Num
			return t, planner.Problem{}, nil
		}
	}
	_ = rows.Close()
	return nil, hs.problem(name, sheetName), nil
}
