package xlsxstream

import (
	"errors"
	"fmt"
)

// Rows reads the rows of one sheet in order. Call Next until it returns
// false, then Err; Close when stopping early.
//
//	rows, err := wb.Rows("Devices")
//	if err != nil { ... }
//	defer rows.Close()
//	for rows.Next() {
//		use(rows.Num(), rows.Cells())
//	}
//	if err := rows.Err(); err != nil { ... }
type Rows struct {
	w        *Workbook
	sheet    string
	part     string
	sst      *sharedStrings
	src      *pipe
	s        *scanner
	state    rowsState
	pastRows bool // </sheetData> was read
	err      error
	merges   []string // the <mergeCell ref="…"> ranges after the rows

	num     int  // the current row's number
	col     int  // the column (1-based) of the last cell read in the row
	inCell  bool // reading the cell at col: errors name its column
	cells   []string
	pending []pendingValue // cells whose text is in rowText
	rowText []byte         // the decoded text of the row's cells that are not shared strings
	text    []byte         // the <v> of the cell being read
	inline  []byte         // the <is> of the cell being read
}

// pendingValue is a cell whose value is rowText[start:end]: the row's texts
// become one string when the row ends, one allocation a row.
type pendingValue struct{ index, start, end int }

type rowsState uint8

const (
	rowsBefore rowsState = iota // before <sheetData>
	rowsIn                      // in <sheetData>
	rowsAfter                   // after </sheetData>: the rest is checked
	rowsDone                    // at the end, on an error, or closed
)

func newRows(w *Workbook, sheet, part string, sst *sharedStrings, rc *partReader) *Rows {
	src := newPipe(rc, rc.size)
	return &Rows{w: w, sheet: sheet, part: part, sst: sst, src: src, s: newScanner(part, src, rc.size)}
}

// Next advances to the next <row> element of the sheet and reports whether
// there is one. It stops at every row element the sheet holds, including
// one without cells or with empty cells only (its Cells are then empty);
// rows the sheet leaves out (all blank) are skipped, so Num may jump. At the
// end of the sheet, or on an error, it returns false and releases the sheet.
func (r *Rows) Next() bool {
	if r.state == rowsDone {
		return false
	}
	ok, err := r.advance()
	if err != nil {
		r.err = r.annotate(err)
		ok = false
	}
	if !ok {
		r.Close()
	}
	return ok
}

// Num returns the current row's number as Excel shows it: from its r
// attribute, or counted on from the previous row when it has none.
func (r *Rows) Num() int { return r.num }

// Cells returns the current row's values by 0-based column index (column A
// is [0]), with "" for the cells between that are missing or empty, up to
// the last non-empty cell. The slice is valid until the next call to Next;
// the strings in it stay valid for good.
//
// Values are the text of the cell as stored, as excelize returns it with
// Options{RawCellValue: true}: a number or a date as written in the file (a
// date is a serial number: see Workbook.Date1904), a boolean as "1" or "0",
// an error as written (e.g. "#N/A"), a formula's cached result, a shared or
// inline string with its rich-text runs joined and its _xHHHH_ escapes
// decoded.
func (r *Rows) Cells() []string { return r.cells }

// Merges returns the sheet's merged ranges ("B2:B30"), as the sheet lists
// them after its rows: complete once Next has returned false at the end of
// the sheet. A sheet holds at most maxMerges of them here.
func (r *Rows) Merges() []string { return r.merges }

// maxMerges bounds the merged ranges kept from one sheet.
const maxMerges = 100_000

// Err returns the error that stopped Next, or nil at the end of the sheet.
// It is a *FormatError or a *LimitError for a problem in the file.
func (r *Rows) Err() error { return r.err }

// Close stops reading the sheet and releases it. It may be called more than
// once, and after Next returned false. It returns nil: errors are Err's.
func (r *Rows) Close() error {
	r.state = rowsDone
	if r.src != nil {
		r.src.Close()
		r.src = nil
	}
	return nil
}

// annotate adds the sheet, row and column to an error found in the sheet.
func (r *Rows) annotate(err error) error {
	row, col := r.num, ""
	if r.inCell {
		col = ColumnName(r.col - 1)
	}
	if r.pastRows {
		row = 0 // no row is near
	}
	var fe *FormatError
	var le *LimitError
	switch {
	case errors.As(err, &fe) && fe.Part == r.part:
		fe.Sheet, fe.Row, fe.Column = r.sheet, row, col
	case errors.As(err, &le) && (le.Part == r.part || le.Part == ""):
		le.Part, le.Sheet, le.Row, le.Column = r.part, r.sheet, row, col
	}
	return err
}

func (r *Rows) advance() (bool, error) {
	s := r.s
	if r.state == rowsBefore {
		if err := r.findSheetData(); err != nil {
			return false, err
		}
	}
	if r.state == rowsIn {
		kind, err := s.next()
		if err != nil {
			return false, err
		}
		if kind == tokStart {
			if nameBit(s.local) != bitRow {
				return false, s.failAt(s.tokOff, fmt.Sprintf("<sheetData> may hold <row> elements only, found <%s>", s.qname))
			}
			return true, r.readRow()
		}
		r.state = rowsAfter // </sheetData>
	}
	r.pastRows = true
	// Read to the end: the rest must be well-formed too, and the zip checks
	// its CRC only there.
	r.cells, r.inCell = r.cells[:0], false
	for {
		kind, err := s.next()
		if err != nil || kind == tokEOF {
			return false, err
		}
		if kind == tokStart && nameBit(s.local)&(bitSheetData|bitRow|bitC) != 0 {
			return false, s.failAt(s.tokOff, fmt.Sprintf("<%s> after the end of <sheetData>", s.qname))
		}
		if kind == tokStart && string(s.local) == "mergeCell" && len(r.merges) < maxMerges {
			for i := range s.attrs {
				if string(s.attrLocal(&s.attrs[i])) == "ref" {
					r.merges = append(r.merges, string(s.value(&s.attrs[i])))
				}
			}
		}
	}
}

func (r *Rows) findSheetData() error {
	s := r.s
	for {
		kind, err := s.next()
		if err != nil {
			return err
		}
		if kind == tokEOF {
			return &FormatError{Part: r.part, Offset: -1, Msg: "the worksheet has no <sheetData> element"}
		}
		if kind != tokStart {
			continue
		}
		switch nameBit(s.local) {
		case bitSheetData:
			r.state = rowsIn
			if s.empty {
				r.state, r.pastRows = rowsAfter, true
			}
			return nil
		case bitRow, bitC:
			return s.failAt(s.tokOff, fmt.Sprintf("<%s> outside <sheetData>", s.qname))
		}
	}
}

// readRow reads the row whose start tag was just read.
func (r *Rows) readRow() error {
	s := r.s
	r.inCell = false
	r.cells, r.pending, r.rowText = r.cells[:0], r.pending[:0], r.rowText[:0]
	num := r.num + 1
	var ref *attr
	for i := range s.attrs {
		if string(s.attrLocal(&s.attrs[i])) == "r" {
			if ref != nil {
				return s.failAt(s.tokOff, "a <row> has two r attributes")
			}
			ref = &s.attrs[i]
		}
	}
	if ref != nil {
		v := s.value(ref)
		n, ok := parseDigits(v)
		if !ok {
			return s.failAt(s.tokOff, fmt.Sprintf("row number r=%q: expected a whole number from 1 to %d", v, r.w.lim.MaxRows))
		}
		num = n
	}
	if num < 1 {
		return s.failAt(s.tokOff, fmt.Sprintf("row number 0: expected a whole number from 1 to %d", r.w.lim.MaxRows))
	}
	prev := r.num
	r.num, r.col = num, 0
	switch {
	case num > r.w.lim.MaxRows:
		return &LimitError{Kind: LimitRows, What: "row number", Limit: int64(r.w.lim.MaxRows), Got: int64(num), Part: r.part}
	case num == prev:
		return s.failAt(s.tokOff, fmt.Sprintf("row %d appears twice", num))
	case num < prev:
		return s.failAt(s.tokOff, fmt.Sprintf("row %d comes after row %d: rows must be in increasing order", num, prev))
	}
	if s.empty {
		return nil
	}
	for {
		kind, err := s.next()
		if err != nil {
			return err
		}
		if kind == tokEnd {
			break
		}
		switch nameBit(s.local) {
		case bitC:
			err = r.readCell()
		case bitRow, bitSheetData:
			err = s.failAt(s.tokOff, fmt.Sprintf("<%s> inside a <row>", s.qname))
		default:
			err = skipElement(s, bitSheetData|bitRow|bitC)
		}
		if err != nil {
			return err
		}
	}
	r.inCell = false
	if len(r.pending) > 0 {
		text := string(r.rowText)
		for _, p := range r.pending {
			r.cells[p.index] = text[p.start:p.end]
		}
	}
	return nil
}

// Cell types (the t attribute of <c>).
type cellType uint8

const (
	typeRaw    cellType = iota // n (the default), b, d, e, str: the <v> as written
	typeShared                 // s: <v> is an index into the shared strings
	typeInline                 // inlineStr: the text of <is> (or <v> when there is none)
)

// readCell reads the cell whose start tag was just read.
func (r *Rows) readCell() error {
	s := r.s
	r.inCell = false
	var ref, typ, style *attr
	for i := range s.attrs {
		a := &s.attrs[i]
		var p **attr
		switch string(s.attrLocal(a)) {
		case "r":
			p = &ref
		case "t":
			p = &typ
		case "s":
			p = &style
		default:
			continue
		}
		if *p != nil {
			return s.failAt(s.tokOff, fmt.Sprintf("a cell has two %s attributes", s.attrLocal(a)))
		}
		*p = a
	}
	col := r.col + 1
	if ref != nil {
		v := s.value(ref)
		c, row, ok := parseCellRef(v)
		switch {
		case !ok:
			return s.failAt(s.tokOff, fmt.Sprintf("cell reference r=%q: expected column letters and a row number, such as B7", v))
		case c > maxColumns:
			return s.failAt(s.tokOff, fmt.Sprintf("cell reference r=%q: the last column is XFD", v))
		case row != r.num:
			return s.failAt(s.tokOff, fmt.Sprintf("cell %s is in <row r=\"%d\">", v, r.num))
		}
		col = c
	}
	if col <= r.col {
		return s.failAt(s.tokOff, fmt.Sprintf("cell %s%d comes after column %s: cells must be in increasing column order", ColumnName(col-1), r.num, ColumnName(r.col-1)))
	}
	if col > maxColumns {
		return s.failAt(s.tokOff, "a cell after column XFD, the last one")
	}
	r.col, r.inCell = col, true
	t := typeRaw
	if typ != nil {
		switch v := s.value(typ); string(v) {
		case "", "n", "b", "d", "e", "str":
		case "s":
			t = typeShared
		case "inlineStr":
			t = typeInline
		default:
			return s.failAt(s.tokOff, fmt.Sprintf("cell type t=%q: expected n, s, str, inlineStr, b, e or d", v))
		}
	}
	if style != nil {
		if v := s.value(style); len(v) == 0 || len(v) > 9 || !isDigits(v) {
			return s.failAt(s.tokOff, fmt.Sprintf("style index s=%q: expected a whole number", v))
		}
	}
	if s.empty {
		return nil
	}
	return r.readCellContent(t)
}

// readCellContent reads the children of a cell, up to its end tag, and
// records its value.
func (r *Rows) readCellContent(t cellType) error {
	r.text, r.inline = r.text[:0], r.inline[:0]
	limit := r.w.lim.maxTextBytes()
	hasV, hasIs := r.fastContent(limit)
	if !hasV && !hasIs {
		var err error
		if _, hasIs, err = r.readCellChildren(limit); err != nil {
			return err
		}
	}
	switch {
	case t == typeShared && len(r.text) > 0:
		return r.sharedValue()
	case t == typeInline && hasIs:
		start := len(r.rowText)
		var err error
		if r.rowText, err = decodeEscapes(r.rowText, r.inline); err != nil {
			return r.s.failAt(r.s.tokOff, err.Error())
		}
		return r.addText(start)
	default:
		start := len(r.rowText)
		r.rowText = append(r.rowText, r.text...)
		return r.addText(start)
	}
}

// readCellChildren reads the children of a cell one token at a time, the
// <v> into r.text and the <is> into r.inline, up to the cell's end tag.
func (r *Rows) readCellChildren(limit int) (bool, bool, error) {
	s := r.s
	hasV, hasIs := false, false
	for {
		kind, err := s.next()
		if err != nil || kind == tokEnd {
			return hasV, hasIs, err
		}
		switch nameBit(s.local) {
		case bitV:
			if hasV {
				return hasV, hasIs, s.failAt(s.tokOff, "a cell may have one <v> only")
			}
			hasV = true
			r.text, err = readText(s, r.text, limit)
		case bitF:
			if err = checkTypedAttrs(s, formulaAttrs); err == nil {
				err = skipText(s)
			}
		case bitIs:
			if hasIs {
				return hasV, hasIs, s.failAt(s.tokOff, "a cell may have one <is> only")
			}
			hasIs = true
			r.inline, err = readRichText(s, r.inline, limit)
		case bitC, bitRow, bitSheetData:
			err = s.failAt(s.tokOff, fmt.Sprintf("<%s> inside a cell", s.qname))
		default:
			err = skipElement(s, bitSheetData|bitRow|bitC|bitV|bitF|bitIs)
		}
		if err != nil {
			return hasV, hasIs, err
		}
	}
}

// fastContent reads the content of a cell when it has one of the shapes
// nearly every cell has, <v>TEXT</v></c> or <is><t>TEXT</t></is></c> with
// plain TEXT, into r.text or r.inline, without the general token path: that
// saves four tokens in five (six in seven) and about half the time of
// reading a sheet. Plain text is ASCII without "&", "]", "<", CR or control
// characters, so there is nothing in it to decode or to check. It reports
// false, having consumed nothing, for any other shape.
func (r *Rows) fastContent(limit int) (hasV, hasIs bool) {
	s := r.s
	b := s.buf[s.pos:s.end]
	var open, close string
	switch {
	case len(b) >= 3 && b[0] == '<' && b[1] == 'v' && b[2] == '>':
		open, close = "<v>", "</v></"
	case len(b) >= 7 && string(b[:7]) == "<is><t>":
		open, close = "<is><t>", "</t></is></"
	default:
		return false, false
	}
	i := len(open)
	for i < len(b) && chars[b[i]]&cText != 0 {
		i++
	}
	text := b[len(open):i]
	top := s.top() // the cell's name as written, "c" or "x:c"
	end := i + len(close) + len(top) + len(">")
	if end > len(b) || len(text) > limit || string(b[i:i+len(close)]) != close ||
		string(b[i+len(close):end-1]) != string(top) || b[end-1] != '>' {
		return false, false
	}
	if hasV = open == "<v>"; hasV {
		r.text = append(r.text, text...)
	} else {
		r.inline = append(r.inline, text...)
	}
	s.open = s.open[:len(s.open)-len(top)]
	s.openEnds = s.openEnds[:len(s.openEnds)-1]
	s.pos += end
	return hasV, !hasV
}

// sharedValue records the value of a shared-string cell whose index is in
// r.text.
func (r *Rows) sharedValue() error {
	v := trimSpace(r.text)
	i, ok := parseDigits(v)
	if !ok {
		return r.s.failAt(r.s.tokOff, fmt.Sprintf("shared-string index %q: expected a whole number", r.text))
	}
	if i >= r.sst.len() {
		return r.s.failAt(r.s.tokOff, fmt.Sprintf("shared-string index %d is out of range: the workbook has %d shared strings", i, r.sst.len()))
	}
	if str := r.sst.get(i); str != "" {
		r.pad()
		r.cells = append(r.cells, str)
	}
	return nil
}

// addText records the value of the current cell, rowText[start:].
func (r *Rows) addText(start int) error {
	v := r.rowText[start:]
	if len(v) == 0 {
		return nil
	}
	if len(v) > r.w.lim.MaxCellLen { // else it cannot be too long
		if n := utf16Len(v); n > r.w.lim.MaxCellLen {
			return &LimitError{Kind: LimitCellLength, What: "length of the cell in characters", Limit: int64(r.w.lim.MaxCellLen), Got: int64(n), Part: r.part}
		}
	}
	r.pad()
	r.pending = append(r.pending, pendingValue{len(r.cells), start, len(r.rowText)})
	r.cells = append(r.cells, "")
	return nil
}

// pad fills the cells up to the current cell's column with "".
func (r *Rows) pad() {
	for len(r.cells) < r.col-1 {
		r.cells = append(r.cells, "")
	}
}

// skipText skips the content of the formula <f> whose start tag was just
// read, which may hold text only.
func skipText(s *scanner) error {
	if s.empty {
		return nil
	}
	if _, err := s.text(nil, false, 0); err != nil {
		return err
	}
	kind, err := s.next()
	if err == nil && kind != tokEnd {
		err = s.failAt(s.tokOff, fmt.Sprintf("<%s> is not allowed in a formula <f>", s.qname))
	}
	return err
}

// parseDigits parses a non-empty run of ASCII digits, saturating at 1<<40.
func parseDigits(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		if n < 1<<40 {
			n = n*10 + int(d)
		}
	}
	return n, true
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c-'0' > 9 {
			return false
		}
	}
	return true
}

// parseCellRef parses a cell reference such as "B7" (letters in either case,
// then digits). More than three letters make a column past XFD, returned as
// maxColumns+1.
func parseCellRef(b []byte) (col, row int, ok bool) {
	i := 0
	for ; i < len(b); i++ {
		c := b[i] | 0x20 // lower case for letters
		if c-'a' > 'z'-'a' {
			break
		}
		if i < 4 {
			col = col*26 + int(c-'a'+1)
		}
	}
	if i == 0 {
		return 0, 0, false
	}
	if i > 3 {
		col = maxColumns + 1
	}
	row, ok = parseDigits(b[i:])
	return col, row, ok
}

// trimSpace trims XML white space.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}
