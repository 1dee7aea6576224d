// Package sheet reads the tables admins export from Excel, VLSC and inventory
// tools: CSV in every shape Excel writes (comma, semicolon or tab separated;
// UTF-8 with or without BOM, UTF-16 "Unicode Text", Windows-1252; CRLF) and
// XLSX workbooks, row by row. It finds the header row below title rows and
// maps header aliases to canonical column names. It knows nothing of licensing.
package sheet

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/wording"
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
	// Words: the header is made of the words of the column's names ("Rollout
	// Wave Date" for Wave Date), not a typo of one: likely the column, but
	// not surely, so it is named and ignored rather than refused.
	Words bool
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
	// Conflicts are the fields that two columns name (Options.OneColumnPerField).
	Conflicts []Conflict
	// Overruled are the fields that two columns name, of which a
	// configured alias chose one: Headers[0] is read, the others are not.
	Overruled []Conflict
	// NotUsed are the headers known not to be used, as the file has them.
	NotUsed []string
	index   []int // schema column ID → cell index, -1 when absent
	next    func() (Row, bool, error)
	row     Row
	err     error
	closer  func() error
	merges  func() []string
	ahead   *readAhead
}

// Merge is a merged range of a workbook's sheet: its first and last rows
// (as Excel numbers them) and columns (0-based indexes).
type Merge struct {
	Ref                     string // as the sheet writes it: "B2:B30"
	FirstRow, LastRow       int
	FirstColumn, LastColumn int
}

// Merges returns the sheet's merged ranges once Next has returned false
// (a workbook lists them after its rows); none for a CSV. Ranges that do
// not parse are left out.
func (t *Table) Merges() []Merge {
	if t.merges == nil {
		return nil
	}
	var out []Merge
	for _, ref := range t.merges() {
		a, b, ok := strings.Cut(ref, ":")
		if !ok {
			continue
		}
		c1, r1, ok1 := cellRef(a)
		c2, r2, ok2 := cellRef(b)
		if !ok1 || !ok2 || r2 < r1 || c2 < c1 {
			continue
		}
		out = append(out, Merge{Ref: ref, FirstRow: r1, LastRow: r2, FirstColumn: c1, LastColumn: c2})
	}
	return out
}

// IndexOf returns the cell index of schema column id, -1 when absent.
func (t *Table) IndexOf(id int) int { return t.index[id] }

// cellRef reads "B12" as column index 1, row 12.
func cellRef(s string) (col, row int, ok bool) {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	if i == 0 || i == len(s) {
		return 0, 0, false
	}
	col = columnIndex(s[:i])
	n := 0
	for _, c := range s[i:] {
		if c < '0' || c > '9' || n > 1<<24 {
			return 0, 0, false
		}
		n = n*10 + int(c-'0')
	}
	return col, n, col >= 0 && n > 0
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

// Source is an input file: read at any offset (a workbook is a zip, and a
// CSV's encoding is judged from all of it) and of a known size.
type Source interface {
	io.ReaderAt
	Size() int64
}

// Limits bound what an input may make the reader do (inputs.limits in the
// configuration); zero fields take the defaults.
type Limits struct {
	Rows          int   // rows of a sheet or CSV (Excel's 1,048,576)
	CellLength    int   // characters of a cell (Excel's 32,767)
	LineLength    int   // bytes of one CSV line
	PartSize      int64 // uncompressed bytes of one workbook part
	WorkbookSize  int64 // uncompressed bytes of all the parts read
	SharedStrings int64 // bytes of a workbook's shared strings held in memory
}

// The default limits: what a full Excel sheet of a plan needs, and no more
// (docs/configuration.md, inputs.limits).
const (
	DefaultRows          = 1 << 20 // 1,048,576
	DefaultCellLength    = 32767
	DefaultLineLength    = 4 << 20
	DefaultPartSize      = 1 << 30 // a 1,048,576-row plan of 28 columns takes about 700 MB of sheet XML
	DefaultWorkbookSize  = 3 << 29 // 1.5 GiB
	DefaultSharedStrings = 128 << 20
)

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def64 := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.Rows, DefaultRows)
	def(&l.CellLength, DefaultCellLength)
	def(&l.LineLength, DefaultLineLength)
	def64(&l.PartSize, DefaultPartSize)
	def64(&l.WorkbookSize, DefaultWorkbookSize)
	def64(&l.SharedStrings, DefaultSharedStrings)
	return l
}

// The first bytes of the file kinds makplan tells apart.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Options say how a table is opened: which sheet, the configuration's own
// header aliases, and the columns known not to be used.
type Options struct {
	Sheet   string              // the workbook sheet to read; "" = the first with the headers
	Aliases map[string][]string // extra header aliases, canonical name → aliases: they win over the built-in ones
	// NotUsed are headers that inventory tools write and the reader does
	// not use (Intune's Device ID): named once as not used, never taken for
	// a misspelt column. Ignore adds the configuration's (inputs.ignore_columns).
	NotUsed, Ignore []string
	// OneColumnPerField: two columns that name one field are a problem
	// (Conflicts), unless a configured alias chooses one; otherwise the
	// better-ranked alias wins.
	OneColumnPerField bool
	Limits            Limits
}

// Conflict is a field that two or more columns name: which is meant cannot
// be told.
type Conflict struct {
	Field   string   // the field's canonical name
	Headers []string // the headers, as the file has them, in file order
}

// String says the conflict and how to settle it.
func (c Conflict) String() string {
	return fmt.Sprintf("columns %s all name %s: which to read cannot be told; keep one, or choose it with inputs: aliases: {%s: [%s]}",
		strings.Join(quoteAll(c.Headers), ", "), c.Field, c.Field, strconvQuote(c.Headers[0]))
}

// Open reads src as a workbook or a CSV (decided by content), finds the
// header row and maps it to schema. In a workbook the named sheet is read,
// or else the first one that has the required headers. extra adds header
// aliases per canonical name (from configuration). The error is a
// problem.Problem naming what was found when no header row fits, or what
// the file is when it is neither (a legacy .xls, a password-protected or
// binary workbook, an OpenDocument spreadsheet, a binary file).
func Open(name string, src Source, schema Schema, opt Options) (*Table, error) {
	lim := opt.Limits.withDefaults()
	sheetName := opt.Sheet
	head := make([]byte, 8)
	n, _ := src.ReadAt(head, 0)
	head = head[:n]
	m := newMatcher(schema, opt.Aliases)
	m.oneColumn = opt.OneColumnPerField
	m.notUsed = map[string]bool{}
	for _, h := range append(append([]string(nil), opt.NotUsed...), opt.Ignore...) {
		m.notUsed[Normalize(h)] = true
	}
	// A workbook is a zip; a password-protected one or a legacy .xls an OLE
	// file, which the workbook reader names for what it is.
	if bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, oleMagic) {
		return openXLSX(name, src, m, sheetName, lim)
	}
	return openCSV(name, src, m, lim)
}

type matcher struct {
	schema    Schema
	names     map[string][]int    // normalised alias → columns it names, in preference order
	prefs     map[string]int      // (column, alias) rank; the configuration's aliases rank below 0
	extra     map[string][]string // aliases from configuration, by normalised column name
	notUsed   map[string]bool     // normalised headers known not to be used
	oneColumn bool
}

func newMatcher(schema Schema, extra map[string][]string) *matcher {
	m := &matcher{schema: schema, names: map[string][]int{}, prefs: map[string]int{}}
	extraNorm := map[string][]string{}
	for k, v := range extra {
		extraNorm[Normalize(k)] = append(extraNorm[Normalize(k)], v...)
	}
	m.extra = extraNorm
	for id, c := range schema {
		// The configuration's aliases first: they always win over the
		// built-in ones (a user who says DisplayName0 is the licensed
		// product means it).
		user := extraNorm[Normalize(c.Name)]
		all := append(append(append([]string(nil), user...), c.Name), c.Aliases...)
		for rank, a := range all {
			n := Normalize(a)
			if _, dup := m.prefs[fmt.Sprint(id, "/", n)]; dup {
				continue
			}
			m.names[n] = append(m.names[n], id)
			m.prefs[fmt.Sprint(id, "/", n)] = rank - len(user)
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
		// A column is claimed by one field: the first that names it.
		if ids := m.names[n]; len(ids) > 0 {
			id := ids[0]
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

// finish sets the table's header row r, mapped by index: the near misses,
// the fields two columns name, the columns known not to be used.
func (m *matcher) finish(t *Table, r Row, index []int) {
	t.Headers = append([]string(nil), r.Cells...)
	t.index = index
	t.HeaderRow = r.Num
	t.Misses = m.nearMisses(t.Headers, index)
	claimed := map[int]bool{}
	for _, i := range index {
		claimed[i] = true
	}
	byField := map[int][]int{}
	for col, h := range t.Headers {
		n := Normalize(h)
		switch {
		case n == "":
		case len(m.names[n]) > 0:
			id := m.names[n][0]
			byField[id] = append(byField[id], col)
			if !claimed[col] && !m.oneColumn {
				t.NotUsed = append(t.NotUsed, strings.TrimSpace(h))
			}
		case m.notUsed[n]:
			t.NotUsed = append(t.NotUsed, strings.TrimSpace(h))
		}
	}
	if !m.oneColumn {
		return
	}
	for id := range m.schema {
		cols := byField[id]
		if len(cols) < 2 {
			continue
		}
		// A configured alias chooses.
		if r := m.prefs[fmt.Sprint(id, "/", Normalize(t.Headers[index[id]]))]; r < 0 {
			o := Conflict{Field: m.schema[id].Name, Headers: []string{strings.TrimSpace(t.Headers[index[id]])}}
			for _, c := range cols {
				if c != index[id] {
					o.Headers = append(o.Headers, strings.TrimSpace(t.Headers[c]))
				}
			}
			t.Overruled = append(t.Overruled, o)
			continue
		}
		var hs []string
		for _, c := range cols {
			hs = append(hs, strings.TrimSpace(t.Headers[c]))
		}
		t.Conflicts = append(t.Conflicts, Conflict{Field: m.schema[id].Name, Headers: hs})
	}
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
		if len(n) < 5 || len(m.names[n]) > 0 || m.notUsed[n] {
			continue
		}
		if id, ok := m.wordsOf(h, have); ok {
			c := m.schema[id]
			out = append(out, HeaderMiss{Header: strings.TrimSpace(h), Alias: c.Name, Column: c.Name, Index: i, Words: true})
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
		best := wording.Closest(h, cands, Normalize)
		if best == "" {
			continue
		}
		col := m.schema[owner[best]]
		out = append(out, HeaderMiss{Header: strings.TrimSpace(h), Alias: m.display(owner[best], best), Column: col.Name, Index: i})
	}
	return out
}

// wordsOf finds the one column the table lacks whose names hold every word
// of header h (two words or more): "Rollout Wave Date" is made of Wave
// Date's words (Wave Date, Rollout Date), "Planned Image" of Target
// Product's (Planned OS, Target Image).
func (m *matcher) wordsOf(h string, have map[int]bool) (int, bool) {
	ws := headerWords(h)
	if len(ws) < 2 {
		return 0, false
	}
	found := -1
	for id, c := range m.schema {
		if have[id] {
			continue
		}
		vocab := map[string]bool{}
		for _, name := range append(append([]string{c.Name}, c.Aliases...), m.extra[Normalize(c.Name)]...) {
			for _, w := range headerWords(name) {
				vocab[w] = true
			}
		}
		all := true
		for _, w := range ws {
			all = all && vocab[w]
		}
		if all {
			if found >= 0 {
				return 0, false // the words of two columns: no guess
			}
			found = id
		}
	}
	return found, found >= 0
}

// headerWords splits a header into lower-case words of letters and digits.
func headerWords(h string) []string {
	return strings.FieldsFunc(strings.ToLower(h), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
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
	bestIndex  []int
	bestMisses []HeaderMiss
}

func (h *headerSearch) try(r Row) ([]int, bool) {
	index, n, ok := h.m.match(r.Cells)
	if ok {
		return index, true
	}
	if n > h.bestN || h.bestSeen == nil && !blank(r.Cells) {
		h.bestN, h.bestRow, h.bestSeen, h.bestIndex = n, r.Num, nonEmpty(r.Cells), index
		h.bestMisses = h.m.nearMisses(r.Cells, index)
	}
	return nil, false
}

func (h *headerSearch) problem(file, sheet string) problem.Problem {
	if h.bestN > 0 {
		// A header row with some of the columns: name the ones it lacks.
		var parts []string
		for id, c := range h.m.schema {
			if !c.Required || h.bestIndex[id] >= 0 {
				continue
			}
			also := ""
			if len(c.Aliases) > 0 {
				also = fmt.Sprintf(" (also read under %s)", strings.Join(c.Aliases, ", "))
			}
			parts = append(parts, fmt.Sprintf("the required column %q is missing%s: rename its header, or map yours with inputs: aliases: {%s: [\"your header\"]}", c.Name, also, c.Name))
		}
		msg := fmt.Sprintf("the header row has %s; %s", strings.Join(h.bestSeen, ", "), strings.Join(parts, "; "))
		for _, miss := range h.bestMisses {
			msg += fmt.Sprintf("; %s", miss)
		}
		return problem.Problem{File: file, Sheet: sheet, Row: h.bestRow, Message: msg}
	}
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
	p := problem.Problem{File: file, Sheet: sheet, Message: msg}
	if h.bestSeen != nil {
		p.Row = h.bestRow
	}
	return p
}

// String says what the miss probably is.
func (m HeaderMiss) String() string {
	if m.Words {
		return fmt.Sprintf("%q matches no column and is ignored; it looks like %q: to read it as that, add to the configuration inputs: aliases: {%s: [%q]}", m.Header, m.Column, m.Column, m.Header)
	}
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

func strconvQuote(s string) string {
	return `"` + strings.ReplaceAll(redact.MaskKeys(s), `"`, `'`) + `"`
}
