package xlsxstream

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrEncryptedOrLegacy is returned by Open for an OLE compound file: a
// password-protected workbook (Excel wraps those in one) or a legacy .xls.
var ErrEncryptedOrLegacy = errors.New("password-protected workbook or legacy .xls (an OLE compound file, not an .xlsx zip)")

// ErrNotWorkbook is returned (wrapped, with details) by Open for a file that
// is not a zip or a zip without a SpreadsheetML workbook part
// (xl/workbook.xml).
var ErrNotWorkbook = errors.New("not an .xlsx workbook")

// ErrSheetNotFound is returned (wrapped, with the name) by Rows for a sheet
// name the workbook does not have.
var ErrSheetNotFound = errors.New("no such sheet")

// FormatError reports a part of the workbook that is not what SpreadsheetML
// allows: malformed XML (a bad character, a broken entity or character
// reference, an unterminated element), or a value that does not parse (a cell
// reference, a row number, a shared-string index).
type FormatError struct {
	Part   string // the zip entry, e.g. "xl/worksheets/sheet1.xml"
	Sheet  string // the sheet's name when Part is a worksheet, else ""
	Row    int    // the row being read, or the last row started before the problem; 0 if none or past the rows
	Column string // the column of the cell being read, e.g. "C"; "" if not in a cell
	Offset int64  // byte offset in the inflated part; -1 if unknown
	Msg    string // what was wrong and what was expected, in plain words
}

// Error returns the part, sheet, row, column, message and byte offset, e.g.
// `xl/worksheets/sheet1.xml (sheet "Plan"): row 5, column A: character U+0001
// is not allowed in XML (...) (at byte 1234)`.
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString(e.Part)
	if e.Sheet != "" {
		fmt.Fprintf(&b, " (sheet %q)", e.Sheet)
	}
	b.WriteString(": ")
	b.WriteString(position(e.Row, e.Column))
	b.WriteString(e.Msg)
	if e.Offset >= 0 {
		b.WriteString(" (at byte ")
		b.WriteString(strconv.FormatInt(e.Offset, 10))
		b.WriteString(")")
	}
	return b.String()
}

// LimitKind says which bound a LimitError is about, so that a caller can
// name the setting that raises it without reading the message.
type LimitKind uint8

// The bounds of Limits and the reader's fixed ones.
const (
	LimitOther         LimitKind = iota
	LimitRows                    // Limits.MaxRows: a row number past it
	LimitCellLength              // Limits.MaxCellLen: a cell or shared string, in characters
	LimitTextBytes               // the bytes of one text, bounded by Limits.MaxCellLen's worst-case UTF-8 and escaping
	LimitSharedStrings           // Limits.MaxSharedStrings: memory for the shared strings
	LimitPartSize                // Limits.MaxPartSize: one part, declared or counted while inflating
	LimitWorkbookSize            // Limits.MaxTotalSize: every part read
	LimitTagLength               // the fixed bound on one tag
	LimitDepth                   // the fixed bound on the nesting of elements
)

// LimitError reports a workbook that would make the reader exceed one of its
// Limits (or a fixed bound such as the nesting depth of elements).
type LimitError struct {
	Kind   LimitKind
	What   string // what was being counted, e.g. "uncompressed size of a part"
	Limit  int64  // the bound
	Got    int64  // the value found, or -1 when counting stopped at the bound
	Part   string // the zip entry being read, if any
	Sheet  string // the sheet's name when Part is a worksheet, else ""
	Row    int    // the row being read, or the last row started; 0 if none
	Column string // the column of the cell being read; "" if not in a cell
}

// Error returns the part, sheet, row and column when known, what exceeded
// which limit, and the value found when known.
func (e *LimitError) Error() string {
	var b strings.Builder
	if e.Part != "" {
		b.WriteString(e.Part)
		if e.Sheet != "" {
			fmt.Fprintf(&b, " (sheet %q)", e.Sheet)
		}
		b.WriteString(": ")
	}
	b.WriteString(position(e.Row, e.Column))
	fmt.Fprintf(&b, "%s exceeds the limit of %d", e.What, e.Limit)
	if e.Got >= 0 {
		fmt.Fprintf(&b, " (found %d)", e.Got)
	}
	return b.String()
}

func position(row int, col string) string {
	switch {
	case row > 0 && col != "":
		return "row " + strconv.Itoa(row) + ", column " + col + ": "
	case row > 0:
		return "row " + strconv.Itoa(row) + ": "
	}
	return ""
}

// ColumnName returns the letters Excel shows for the 0-based column index i:
// "A" for 0, "Z" for 25, "AA" for 26. It returns "" for a negative i.
func ColumnName(i int) string {
	if i < 0 {
		return ""
	}
	var b [8]byte
	n := len(b)
	for i++; i > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}
