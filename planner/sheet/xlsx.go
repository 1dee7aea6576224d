package sheet

import (
	"archive/zip"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/wording"
	"github.com/makplan/makplan/planner/xlsxstream"
)

// openXLSX reads a workbook with the streaming reader: nothing but the
// workbook part, its relationships, the shared strings and the sheets read
// is ever inflated, and every cell that is not well-formed stops the read
// with its row and column (docs/robustness.md).
func openXLSX(name string, src Source, m *matcher, want string, lim Limits) (*Table, error) {
	wb, err := xlsxstream.Open(src, src.Size(), xlsxstream.Limits{
		MaxPartSize:      lim.PartSize,
		MaxTotalSize:     lim.WorkbookSize,
		MaxRows:          lim.Rows,
		MaxCellLen:       lim.CellLength,
		MaxSharedStrings: lim.SharedStrings,
	})
	if err != nil {
		return nil, workbookProblem(name, "", src, err)
	}
	sheets := wb.Sheets()
	if want != "" {
		found := false
		for _, s := range sheets {
			if strings.EqualFold(s, want) {
				sheets, found = []string{s}, true
				break
			}
		}
		if !found {
			return nil, problem.Problem{File: name, Message: fmt.Sprintf("no sheet named %s; the workbook has: %s", redact.Quote(want), strings.Join(quoteAll(sheets), ", "))}
		}
	}
	if len(sheets) == 0 {
		return nil, problem.Problem{File: name, Message: "the workbook has no worksheet"}
	}
	var problems []string
	var first *problem.Problem
	for _, s := range sheets {
		t, p, err := scanSheet(wb, name, s, m, src)
		if err != nil {
			return nil, err
		}
		if t != nil {
			t.Date1904 = wb.Date1904()
			return t, nil
		}
		if first == nil {
			first = &p
		}
		problems = append(problems, fmt.Sprintf("sheet %q: %s", s, p.Message))
	}
	if len(sheets) == 1 && first != nil {
		return nil, *first
	}
	sort.Strings(problems)
	return nil, problem.Problem{File: name, Message: "no sheet has the required columns: " + strings.Join(problems, "; ")}
}

// quoteAll quotes names from an input (headers, sheet names) for a
// message: masked, cut, quoted (redact.Quote).
func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = redact.Quote(s)
	}
	return out
}

func scanSheet(wb *xlsxstream.Workbook, name, sheetName string, m *matcher, src Source) (*Table, problem.Problem, error) {
	rows, err := wb.Rows(sheetName)
	if err != nil {
		return nil, problem.Problem{}, workbookProblem(name, sheetName, src, err)
	}
	var headers []string // once the header row is known
	next := func() (Row, bool, error) {
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				err = workbookProblem(name, sheetName, src, err)
				if p := (problem.Problem{}); errors.As(err, &p) && p.Column != "" {
					// Name the column by its header, as every other problem does.
					if i := columnIndex(p.Column); i >= 0 && i < len(headers) && strings.TrimSpace(headers[i]) != "" {
						p.Column = strings.TrimSpace(headers[i])
						p.Message = "in column " + xlsxstream.ColumnName(i) + ", " + p.Message
					}
					err = p
				}
				return Row{}, false, err
			}
			return Row{}, false, nil
		}
		return Row{Num: rows.Num(), Cells: rows.Cells()}, true, nil
	}
	hs := &headerSearch{m: m}
	for i := 0; i < HeaderSearchRows; i++ {
		r, ok, err := next()
		if err != nil {
			_ = rows.Close()
			return nil, problem.Problem{}, err
		}
		if !ok {
			break
		}
		if r.Num > HeaderSearchRows {
			break
		}
		if index, ok := hs.try(r); ok {
			t := &Table{File: name, Sheet: sheetName, next: next, closer: rows.Close, merges: rows.Merges}
			m.finish(t, r, index)
			headers = t.Headers
			return t, problem.Problem{}, nil
		}
	}
	_ = rows.Close()
	return nil, hs.problem(name, sheetName), nil
}

// workbookProblem turns the streaming reader's errors into a problem that
// names the file, sheet, row and column, says what was expected and, for a
// limit, the setting that raises it.
func workbookProblem(name, sheetName string, src Source, err error) error {
	var fe *xlsxstream.FormatError
	var le *xlsxstream.LimitError
	switch {
	case errors.As(err, &fe):
		p := problem.Problem{File: name, Sheet: fe.Sheet, Row: fe.Row, Column: fe.Column}
		if p.Sheet == "" {
			p.Sheet = sheetName
		}
		where := ""
		if fe.Sheet == "" {
			where = "in " + fe.Part + ": "
		}
		p.Message = "the workbook is damaged or was not written by Excel: " + where + fe.Msg + "; the sheet is read no further (open it in Excel and save it again, or fix the cell)"
		return p
	case errors.As(err, &le):
		p := problem.Problem{File: name, Sheet: le.Sheet, Row: le.Row, Column: le.Column}
		if p.Sheet == "" {
			p.Sheet = sheetName
		}
		p.Message = limitMessage(le)
		return p
	case errors.Is(err, xlsxstream.ErrEncryptedOrLegacy):
		return problem.Problem{File: name, Message: "this is a legacy Excel 97-2003 workbook (.xls) or a password-protected workbook; save it as an Excel Workbook (.xlsx) without a password and read that"}
	case errors.Is(err, xlsxstream.ErrNotWorkbook):
		if kind := zipKind(src); kind != "" {
			return problem.Problem{File: name, Message: kind}
		}
		return problem.Problem{File: name, Message: "not readable as an Excel workbook (.xlsx): " + strings.TrimPrefix(err.Error(), xlsxstream.ErrNotWorkbook.Error()+": ")}
	case errors.Is(err, xlsxstream.ErrSheetNotFound):
		return problem.Problem{File: name, Message: fmt.Sprintf("no sheet named %q", sheetName)}
	}
	return problem.Problem{File: name, Sheet: sheetName, Message: "cannot read the workbook: " + err.Error()}
}

// limitMessage says which limit a workbook exceeds and the setting that
// raises it (docs/configuration.md, inputs.limits).
func limitMessage(le *xlsxstream.LimitError) string {
	var setting, what string
	switch le.Kind {
	case xlsxstream.LimitWorkbookSize:
		setting, what = "inputs.limits.workbook_size_mb", "the parts read from the workbook inflate to more than "+wording.SizeText(le.Limit)
	case xlsxstream.LimitPartSize:
		setting, what = "inputs.limits.part_size_mb", "the part "+le.Part+" inflates to more than "+wording.SizeText(le.Limit)
	case xlsxstream.LimitSharedStrings:
		setting, what = "inputs.limits.shared_strings_mb", "the shared strings take more than "+wording.SizeText(le.Limit)+" of memory"
	case xlsxstream.LimitRows:
		setting, what = "inputs.limits.rows", fmt.Sprintf("the sheet has more than %s rows (a sheet holds at most %s)", wording.Count(int(le.Limit)), wording.Count(DefaultRows))
		if le.Got > 0 {
			what = fmt.Sprintf("the sheet has a row numbered %s, beyond the limit of %s rows (a sheet holds at most %s)", wording.Count(int(le.Got)), wording.Count(int(le.Limit)), wording.Count(DefaultRows))
		}
	case xlsxstream.LimitCellLength:
		setting, what = "inputs.limits.cell_length", fmt.Sprintf("a cell holds more than %s characters (a cell holds at most %s)", wording.Count(int(le.Limit)), wording.Count(DefaultCellLength))
	case xlsxstream.LimitTextBytes:
		// The bound in bytes is the cell length's worst case: 7 bytes a
		// character (a 4-byte character written as a character reference).
		setting, what = "inputs.limits.cell_length", fmt.Sprintf("a cell holds more than %s characters (a cell holds at most %s)", wording.Count(int((le.Limit-7)/7)), wording.Count(DefaultCellLength))
	default:
		what = fmt.Sprintf("%s exceeds the limit of %d", le.What, le.Limit)
	}
	if setting == "" {
		return what + "; the file is read no further"
	}
	return what + "; the file is read no further (" + setting + " raises the limit)"
}

// zipKind names the other zip-based spreadsheet formats by their parts.
func zipKind(src Source) string {
	zr, err := zip.NewReader(src, src.Size())
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return ""
	}
	for _, f := range zr.File {
		switch strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/")) {
		case "xl/workbook.bin":
			return "this is an Excel Binary Workbook (.xlsb), which makplan does not read; save it as an Excel Workbook (.xlsx)"
		case "mimetype", "content.xml":
			return "this is an OpenDocument spreadsheet (.ods), which makplan does not read; save it as an Excel Workbook (.xlsx)"
		case "word/document.xml":
			return "this is a Word document, not a workbook; export the table as an Excel Workbook (.xlsx) or CSV"
		}
	}
	return ""
}

// columnIndex is the 0-based index of column letters ("A" is 0), -1 if
// they are not letters.
func columnIndex(letters string) int {
	n := 0
	for _, c := range letters {
		if c < 'A' || c > 'Z' || n > 1<<20 {
			return -1
		}
		n = n*26 + int(c-'A'+1)
	}
	return n - 1
}
