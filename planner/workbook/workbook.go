// Package workbook writes the procurement workbook (capacity-plan.xlsx) from a
// report: Summary (with live shortfall and request formulas and their cached
// values, and a chart), Devices, Ineligible, Waves and Assumptions. Keys are
// masked; text that could start a formula is neutralised; the same report
// gives the same bytes.
package workbook

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
	"github.com/xuri/excelize/v2"
)

// Sheet names, in workbook order.
const (
	SheetSummary      = "Summary"
	SheetToBuy        = "To Buy"
	SheetDevices      = "Devices"
	SheetIneligible   = "Ineligible"
	SheetWaves        = "Waves"
	SheetESU          = "ESU"
	SheetExplanations = "Explanations"
	SheetHistory      = "History"
	SheetAssumptions  = "Assumptions"
)

// maxRows is the most data rows a sheet takes (Excel's limit is 1,048,576 with the header).
const maxRows = 1_048_575

// Options choose what the workbook holds.
type Options struct {
	// Progress, when set, hears of the rows of the large sheets as they
	// are written: a sheet's name and rows, then each row.
	Progress Progress
}

// Progress follows the writing of the large sheets.
type Progress interface {
	Step(what string, total int)
	Add(n int)
}

// Write renders r as an .xlsx workbook on w.
func Write(w io.Writer, r *report.Report, opt Options) error {
	b, err := newBuilder(r)
	if err != nil {
		return err
	}
	defer b.f.Close()
	b.progress = opt.Progress
	for _, step := range []func() error{b.summary, b.toBuy, b.devices, b.explanations, b.ineligible, b.waves, b.esu, b.history, b.assumptions} {
		if err := step(); err != nil {
			return err
		}
	}
	// Ask spreadsheet applications to recalculate the formulas on load rather
	// than trust the cached values (LibreOffice otherwise never does for xlsx).
	full := true
	if err := b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	return b.finish(w, "MAK capacity plan", "Multiple Activation Key capacity for the reimaging plan",
		"Written by makplan from the key exports and reimaging plan listed on the Assumptions sheet.")
}

// newBuilder starts a workbook of r, its styles made.
func newBuilder(r *report.Report) (*builder, error) {
	b := &builder{f: excelize.NewFile(), r: r, memo: map[uint32][2]cell{}, imageMemo: map[*planner.Attrs][2]cell{},
		sst: &sharedStrings{index: map[string]int{}}, repeated: map[string]cell{}}
	if err := b.styles(); err != nil {
		b.f.Close()
		return nil, err
	}
	return b, nil
}

// finish writes the workbook on w, its sheets written: the first sheet
// active, fixed properties (the same report gives the same bytes), and the
// large sheets' rows spliced in (canonical).
func (b *builder) finish(w io.Writer, title, subject, description string) error {
	f, r := b.f, b.r
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	stamp := r.AsOf.Format("2006-01-02") + "T00:00:00Z"
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "makplan " + r.Version, LastModifiedBy: "makplan " + r.Version,
		Created: stamp, Modified: stamp, Title: title, Subject: subject, Description: description}); err != nil {
		return err
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "makplan", AppVersion: "1.0"}); err != nil {
		return err
	}
	var raw bytes.Buffer
	if _, err := f.WriteTo(&raw); err != nil {
		return err
	}
	return canonical(w, raw.Bytes(), b.splices, b.sst)
}

type builder struct {
	f                                          *excelize.File
	r                                          *report.Report
	memo                                       map[uint32][2]cell // reasons and notes in words, per judgement
	imageMemo                                  map[*planner.Attrs][2]cell
	keyCells                                   map[int]cell // masked keys, by key index
	sst                                        *sharedStrings
	progress                                   Progress
	repeated                                   map[string]cell // rep's cells, by their text
	splices                                    []splice        // the large sheets' rows
	header, text, wrap, integer, date, title   int
	bold, boldInt, shortInt, okText, shortText int
	indent, indentWrap, note, boldWrap         int
	headerNum                                  int // a header over numbers: right-aligned, as they are
	fileCells                                  map[*planner.Origin]cell
	numText                                    int         // a number written as text ("46.0"), right-aligned as numbers are
	bordered                                   map[int]int // a style with a thin grid, by the style
}

func (b *builder) styles() error {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = b.f.NewStyle(s)
		return id
	}
	dateFmt := "yyyy-mm-dd"
	b.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	b.numText = mk(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}})
	b.headerNum = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true}})
	b.text = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	b.wrap = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.integer = mk(&excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}})
	b.date = mk(&excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	b.bold = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	top := &excelize.Alignment{Vertical: "top"}
	b.boldInt = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 1, Alignment: top})
	b.shortInt = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}, NumFmt: 1, Alignment: top})
	b.okText = mk(&excelize.Style{Font: &excelize.Font{Color: "006100"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C6EFCE"}}, Alignment: top})
	b.shortText = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}, Alignment: top})
	b.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	b.indent = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Indent: 2}})
	b.indentWrap = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Indent: 1, WrapText: true}})
	b.boldWrap = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.note = mk(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "404040"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	return err
}

// Safe neutralises text that a spreadsheet (or a CSV export of it) could
// take for a formula: a leading =, +, -, @, tab, CR or LF gets a ' in front.
// Control characters and bidirectional overrides from the inputs are shown
// escaped (\x01, \u202e), as on the terminal, rather than dropped by the
// writer or reversing the cell; anything key-shaped is masked
// (docs/robustness.md).
func Safe(s string) string {
	if s == "" {
		return s
	}
	s = redact.Sanitize(s)
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	return s
}

// sheet is one sheet being written: its columns, their widths, its rows.
type sheet struct {
	b    *builder
	name string
	cols []column
	rows [][]any // cells (cell or excelize.Cell, for formulas)
	// body, when set, gives row i's cells instead of rows (count of them):
	// a sheet of a million devices is written as a stream (stream.go).
	body   func(i int, dst []cell) []cell
	count  int
	freeze bool
	// freezeCols keeps the first columns in view (the device's name) as
	// well as the header row.
	freezeCols int
	filter     int          // data rows under the autofilter; -1: all of them
	setup      func() error // runs before streaming: charts and the like
	// top are rows above the header: a title block.
	top [][]any
	// onePage prints the sheet on one page (the Summary); else it prints
	// one page wide when it is narrow (or fitWidth says so), or at a
	// readable scale, the header row repeated on every page.
	onePage, fitWidth bool
	// grid draws thin borders round the header and data cells, so that a
	// printed number stays under its header.
	grid bool
	// hiddenFrom, when above 0, hides the rows from that index of rows on:
	// a chart's helper table, which the chart still plots but paper does
	// not show.
	hiddenFrom int
	// noTitles prints the header row once, not on every page: a second
	// table below it (To Buy's fixes) must not print under its titles.
	noTitles bool
	lines    map[[2]int]int // wrapped lines of a shared string, by column and string
}

// headerRow is the row number of the sheet's header.
func (s *sheet) headerRow() int { return len(s.top) + 1 }

type column struct {
	title string
	width float64 // 0: fit the content
	min   float64
}

func (b *builder) newSheet(name string, cols ...column) *sheet {
	return &sheet{b: b, name: name, cols: cols, freeze: true, filter: -1}
}

// cell helpers: every value goes through them, so that text is neutralised
// and numbers and dates get their formats.
func (b *builder) s(v string) cell { return cell{style: b.text, text: Safe(v)} }
func (b *builder) w(v string) cell { return cell{style: b.wrap, text: Safe(v)} }
func (b *builder) n(v int) cell    { return cell{style: b.integer, kind: kindNumber, num: v} }
func (b *builder) np(v *int) cell {
	if v == nil {
		return cell{style: b.text, text: "—"} // the legend: not in the key export
	}
	return b.n(*v)
}

// excelEpoch is day 0 of Excel's date serials (1900 system, after February 1900).
var excelEpoch = planner.NewDate(1899, 12, 30)

func (b *builder) d(v planner.Date) cell {
	if v.IsZero() {
		return cell{style: b.text}
	}
	return cell{style: b.date, kind: kindDate, num: v.DaysSince(excelEpoch)}
}
func (b *builder) yes(v bool) cell {
	if v {
		return b.rep("Yes")
	}
	return b.rep("No")
}

// rep is s for a text that repeats down a large sheet (a wave, a
// manufacturer, a rule's title): neutralised once, and a shared string.
func (b *builder) rep(v string) cell {
	c, ok := b.repeated[v]
	if !ok {
		c = b.sst.share(b.s(v))
		b.repeated[v] = c
	}
	return c
}

// write streams the sheet: dimension, autofilter and setup first (the stream
// writer copies them from the worksheet), then widths, panes and rows. A
// sheet with a body gets a marker row that canonical replaces with the body.
func (s *sheet) write() error {
	f := s.b.f
	if _, err := f.NewSheet(s.name); err != nil {
		return err
	}
	if s.body == nil {
		s.count = len(s.rows)
	} else {
		var buf []cell
		for i := 0; i < min(s.count, 1000); i++ { // a sample, for the column widths
			buf = s.body(i, buf[:0])
			row := make([]any, len(buf))
			for j, c := range buf {
				row[j] = c
			}
			s.rows = append(s.rows, row)
		}
	}
	h := s.headerRow()
	last := s.count + h
	lastCol, _ := excelize.ColumnNumberToName(len(s.cols))
	if err := f.SetSheetDimension(s.name, fmt.Sprintf("A1:%s%d", lastCol, last)); err != nil {
		return err
	}
	filtered := s.filter
	if filtered < 0 {
		filtered = s.count
	}
	if filtered > 0 {
		if err := f.AutoFilter(s.name, fmt.Sprintf("A%d:%s%d", h, lastCol, filtered+h), nil); err != nil {
			return err
		}
	}
	if err := s.printSetup(lastCol, h); err != nil {
		return err
	}
	if s.setup != nil {
		if err := s.setup(); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	widths := make([]float64, len(s.cols))
	for i, c := range s.cols {
		widths[i] = s.width(i, c)
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	if s.freeze {
		top, _ := excelize.CoordinatesToCellName(s.freezeCols+1, h+1)
		pane := "bottomLeft"
		if s.freezeCols > 0 {
			pane = "bottomRight"
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: s.freezeCols, YSplit: h, TopLeftCell: top, ActivePane: pane}); err != nil {
			return err
		}
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	for i, row := range s.top {
		cells := make([]any, len(row))
		var opts []excelize.RowOpts
		for j, v := range row {
			if c, ok := v.(cell); ok {
				// A line of the title block (the legend, the headline, the
				// inputs) spans the table, wrapped: never cut at the page's
				// edge on paper.
				wrapped := map[int]int{s.b.note: s.b.note, s.b.bold: s.b.boldWrap, s.b.boldWrap: s.b.boldWrap, s.b.text: s.b.wrap, s.b.wrap: s.b.wrap}
				if w, ok := wrapped[c.style]; ok && len(row) == 1 && c.text != "" {
					c.style = w
					perLine := total * 1.05
					if w == s.b.boldWrap {
						perLine = total * 0.9 // bold letters are wide
					}
					lines := 1 + int(float64(utf8.RuneCountInString(c.text))/perLine)
					opts = append(opts, excelize.RowOpts{Height: rowHeight(float64(lines)*14.5 + 3)})
					if err := sw.MergeCell(fmt.Sprintf("A%d", i+1), fmt.Sprintf("%s%d", lastCol, i+1)); err != nil {
						return err
					}
				}
				v = c.excel()
			}
			cells[j] = v
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), cells, opts...); err != nil {
			return err
		}
	}
	head := make([]any, len(s.cols))
	numeric := s.numericColumns()
	for i, c := range s.cols {
		style := s.b.header
		if numeric[i] {
			style = s.b.headerNum
		}
		head[i] = excelize.Cell{StyleID: s.gridStyle(style), Value: c.title}
	}
	// The header wraps: as tall as its longest title needs.
	lines := 2
	for i, c := range s.cols {
		per := max(1, int(widths[i]*0.85)) // bold letters are wide
		lines = max(lines, (utf8.RuneCountInString(c.title)+per-1)/per)
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", h), head, excelize.RowOpts{Height: rowHeight(float64(lines)*14 + 2)}); err != nil {
		return err
	}
	if s.body != nil {
		if s.count > 0 {
			marker := fmt.Sprintf("makplan-rows-%d-%s", len(s.b.splices), s.name)
			if err := sw.SetRow(fmt.Sprintf("A%d", h+1), []any{excelize.Cell{StyleID: s.b.text, Value: marker}}); err != nil {
				return err
			}
			s.b.splices = append(s.b.splices, splice{marker: marker, write: func(w io.Writer) error {
				rw := newRowWriter(w)
				if s.b.progress != nil {
					s.b.progress.Step("writing the "+s.name+" sheet", s.count)
				}
				var buf []cell
				for i := 0; i < s.count; i++ {
					buf = s.body(i, buf[:0])
					rw.row(i+h+1, buf, s.height(buf, widths))
					if s.b.progress != nil {
						s.b.progress.Add(1)
					}
				}
				return rw.w.Flush()
			}})
		}
		return sw.Flush()
	}
	for i, row := range s.rows {
		cells := make([]any, len(row))
		var plain []cell
		for j, v := range row {
			if c, ok := v.(cell); ok {
				plain = append(plain, c) // its own style: the height counts wrapped text
				c.style = s.gridStyle(c.style)
				cells[j] = c.excel()
			} else {
				if x, ok := v.(excelize.Cell); ok {
					x.StyleID = s.gridStyle(x.StyleID)
					v = x
				}
				cells[j] = v
				plain = append(plain, cell{})
			}
		}
		for j := len(row); s.grid && len(row) > 1 && (s.filter < 0 || i <= s.filter+1) && j < len(s.cols); j++ {
			cells = append(cells, excelize.Cell{StyleID: s.gridStyle(s.b.text)})
		}
		var opts []excelize.RowOpts
		if h := s.height(plain, widths); h > 0 {
			opts = append(opts, excelize.RowOpts{Height: h})
		}
		if s.hiddenFrom > 0 && i >= s.hiddenFrom {
			opts = append(opts, excelize.RowOpts{Hidden: true})
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+h+1), cells, opts...); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// numericColumns reports, per column, whether its data cells are numbers
// (blanks and "—" aside): its header is then right-aligned over them.
func (s *sheet) numericColumns() []bool {
	out := make([]bool, len(s.cols))
	text := make([]bool, len(s.cols))
	limit := len(s.rows)
	if s.filter >= 0 && s.filter < limit {
		limit = s.filter // the table proper, not what follows it
	}
	for _, row := range s.rows[:limit] {
		for j, v := range row {
			if j >= len(out) {
				break
			}
			switch c := v.(type) {
			case cell:
				if c.kind == kindNumber {
					out[j] = true
				} else if t := strings.TrimSpace(c.text); c.kind == kindText && t != "" && t != "—" {
					text[j] = true
				}
			case excelize.Cell:
				switch c.Value.(type) {
				case int, int64, float64:
					out[j] = true
				case string:
					if c.Value != "" {
						text[j] = true
					}
				}
			}
		}
	}
	for j := range out {
		out[j] = out[j] && !text[j]
	}
	return out
}

// gridStyle is style with a thin grid when the sheet draws one.
func (s *sheet) gridStyle(style int) int {
	if !s.grid {
		return style
	}
	b := s.b
	if id, ok := b.bordered[style]; ok {
		return id
	}
	st, err := b.f.GetStyle(style)
	if err != nil || st == nil {
		st = &excelize.Style{}
	}
	line := func(t string) excelize.Border { return excelize.Border{Type: t, Color: "A6A6A6", Style: 1} }
	st.Border = []excelize.Border{line("left"), line("right"), line("top"), line("bottom")}
	id, err := b.f.NewStyle(st)
	if err != nil {
		return style
	}
	if b.bordered == nil {
		b.bordered = map[int]int{}
	}
	b.bordered[style] = id
	return id
}

// chartFont and chartTitleFont are the charts' letters: large enough to
// read at the scale a sheet prints at.
var (
	chartFont      = excelize.Font{Color: "000000", Size: 12}
	chartTitleFont = excelize.Font{Color: "000000", Size: 13, Bold: true}
)

// maxFitWidth is the widest sheet, in characters of column width, that
// prints one page wide at a readable size (docs: nothing below 8 pt).
const maxFitWidth = 126

// printSetup makes the sheet print as people read it on paper: landscape;
// the Summary on one page; a narrow sheet one page wide; a wide one (a row
// per device with its reasons) at a readable scale over several pages
// across, never shrunk to illegibility; the header row on every page.
func (s *sheet) printSetup(lastCol string, h int) error {
	f := s.b.f
	landscape := "landscape"
	layout := &excelize.PageLayoutOptions{Orientation: &landscape}
	fit := s.onePage
	width := 0.0
	for i, c := range s.cols {
		width += s.width(i, c)
	}
	switch {
	case s.onePage:
		one := 1
		layout.FitToWidth, layout.FitToHeight = &one, &one
	case width <= maxFitWidth:
		// One page wide: a landscape Letter or A4 page holds this many
		// units of column width (about 7 pt each at 100 %) at 73 %, so
		// 11 pt text prints at 8 pt or more.
		one, tall := 1, 0
		layout.FitToWidth, layout.FitToHeight = &one, &tall
		fit = true
	default:
		// Wider: at 80 % over pages across, the header row and the first
		// columns repeated: never shrunk to illegibility.
		scale := uint(80)
		layout.AdjustTo = &scale
	}
	if err := f.SetPageLayout(s.name, layout); err != nil {
		return err
	}
	if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if s.onePage || s.noTitles {
		return nil
	}
	titles := fmt.Sprintf("'%s'!$%d:$%d", s.name, h, h)
	if s.freezeCols > 0 { // across pages, the device's name too
		last, _ := excelize.ColumnNumberToName(s.freezeCols)
		titles = fmt.Sprintf("'%s'!$A:$%s,%s", s.name, last, titles)
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: s.name})
}

// height estimates the height a row with wrapped text needs (spreadsheet
// applications do not re-measure rows they did not write themselves); 0 keeps
// the default.
func (s *sheet) height(row []cell, widths []float64) float64 {
	lines := 1
	for i, c := range row {
		if c.style != s.b.wrap && c.style != s.b.boldWrap && c.style != s.b.indentWrap || c.kind != kindText || i >= len(widths) {
			continue
		}
		// A shared string (the Devices sheet's reasons, notes and images,
		// a few thousand texts over a million rows) is measured once per
		// column.
		key := [2]int{i, c.sst}
		n, ok := s.lines[key]
		if !ok || c.sst == 0 {
			// A line holds about a character per unit of width; words
			// wrap whole, so a little less (bold letters are wider).
			perLine := max(1, int(widths[i]*1.0))
			if c.style == s.b.boldWrap {
				perLine = max(1, int(widths[i]*0.9))
			}
			n = 0
			for para := range strings.SplitSeq(c.text, "\n") {
				n += max(1, (utf8.RuneCountInString(para)+perLine-1)/perLine)
			}
			if c.sst != 0 {
				if s.lines == nil {
					s.lines = map[[2]int]int{}
				}
				s.lines[key] = n
			}
		}
		lines = max(lines, n)
	}
	if lines == 1 {
		return 0
	}
	return rowHeight(float64(lines)*13 + 3)
}

// rowHeight keeps a row's height within what a spreadsheet allows (409
// points): a 1,200-character wave name wraps past it, and the rest of the
// text stays in the cell.
func rowHeight(h float64) float64 { return min(h, excelize.MaxRowHeight) }

// width fits a column to its title and its first thousand values, within bounds.
func (s *sheet) width(i int, c column) float64 {
	if c.width > 0 {
		return c.width
	}
	wd := float64(utf8.RuneCountInString(c.title))*0.9 + 2
	for j, row := range s.rows {
		if j > 1000 {
			break
		}
		if i >= len(row) {
			continue
		}
		var text string
		switch v := row[i].(type) {
		case cell:
			text = v.display()
		case excelize.Cell:
			if v.Formula != "" {
				text = "000000"
			} else {
				text = fmt.Sprint(v.Value)
			}
		default:
			text = fmt.Sprint(v)
		}
		if l := float64(utf8.RuneCountInString(text)) + 2; l > wd {
			wd = l
		}
	}
	if c.min > 0 && wd < c.min {
		wd = c.min
	}
	return min(wd, 70)
}

// ---- Summary ----

func (b *builder) summary() error {
	r, c := b.r, b.r.Capacity
	// One page wide on paper (docs: nothing below 8 pt): the pool's keys
	// by their IDs in its label, the products of each key under it.
	s := b.newSheet(SheetSummary,
		column{title: "Pool of keys (product) / key", width: 27}, column{title: "Agreement", width: 16},
		column{title: "Limit", width: 7}, column{title: "Remaining", width: 10},
		column{title: "Assigned", width: 9}, column{title: "To make", width: 8}, column{title: "Reserve", width: 8},
		column{title: "Shortfall", width: 10}, column{title: "Request", width: 8}, column{title: "Request on key", width: 8},
		column{title: "First needed (wave)", width: 12})
	s.grid = true
	s.top = b.titleBlock("MAK capacity plan",
		"Limit: the keys' activation limit. Assigned: activations the plan gives each key. To make: the eligible devices' products still to activate with the pool's keys. Reserve: activations kept for re-activations after a repair (a share of the activations to make, with a minimum; the Assumptions sheet has the settings). "+
			"Shortfall = to make + reserve − remaining. Request: the shortfall rounded up, asked of Microsoft on the key shown (its last five characters). "+
			"—: not in the key export (a VAMT view gives only the remaining count).")
	s.top = append(s.top[:1], append(b.headline(), s.top[1:]...)...)
	h := s.headerRow()
	// Each pool's row, then its keys, indented; the totals below the
	// filtered range sum the pool rows only.
	var poolRows []int
	for p, pool := range c.Pools {
		row := h + 1 + len(s.rows)
		poolRows = append(poolRows, row)
		reqKey := "" // the last five characters: the Keys rows below show the masked key
		if pool.RequestKey >= 0 && pool.Request > 0 {
			reqKey = r.Keys[pool.RequestKey].Key.Last5()
		}
		first := ""
		first = pool.ShortWaveText()
		style := b.boldInt
		if pool.Shortfall > 0 {
			style = b.shortInt
		}
		agreement := pool.ExportAgreement()
		if agreement == "" {
			agreement = "none in the exports"
		}
		s.rows = append(s.rows, []any{
			cell{style: b.boldWrap, text: Safe(strings.Join(pool.Products, ", ") + " — " + keysText(len(pool.Keys)) + " (" + r.PoolID(p) + ")")}, b.w(agreement),
			b.np(pool.Limit), b.n(pool.Remaining), b.n(allocatedOf(c, pool)), b.n(pool.Demand), b.n(pool.Reserve),
			excelize.Cell{StyleID: style, Formula: fmt.Sprintf("MAX(0,F%d+G%d-D%d)", row, row, row), Value: pool.Shortfall},
			excelize.Cell{StyleID: style, Formula: fmt.Sprintf("CEILING(H%d,%d)", row, max(1, pool.RoundTo)), Value: pool.Request},
			b.s(reqKey), b.w(first),
		})
		for _, k := range pool.Keys {
			ku := c.Keys[k]
			s.rows = append(s.rows, []any{cell{style: b.indentWrap, text: ku.Key.Key.Masked() + "\n" + productsOf(ku.Key)}, b.w(agreementsOf(ku.Key)),
				b.np(ku.Key.Limit), b.n(ku.Key.Remaining), b.n(ku.Allocated),
				b.s(""), b.s(""), b.s(""), b.n(ku.Request), b.s(""), b.s("")})
		}
	}
	s.filter = len(s.rows)
	blank := func() { s.rows = append(s.rows, []any{b.s("")}) }
	// The total adds only what adds: the short pools' figures, whose
	// shortfalls are each activations to make + reserve − remaining; a
	// pool in surplus covers no other pool's shortfall, so it is left out
	// and counted on a line of its own.
	var shortRows []int
	short := func(p capacity.Pool) bool { return p.Shortfall > 0 }
	for i, pool := range c.Pools {
		if short(pool) {
			shortRows = append(shortRows, poolRows[i])
		}
	}
	if len(shortRows) > 0 {
		blank()
		sum := func(col string) string {
			refs := make([]string, len(shortRows))
			for i, row := range shortRows {
				refs[i] = fmt.Sprintf("%s%d", col, row)
			}
			return "SUM(" + strings.Join(refs, ",") + ")"
		}
		only := func(f func(capacity.Pool) int) func(capacity.Pool) int {
			return func(p capacity.Pool) int {
				if short(p) {
					return f(p)
				}
				return 0
			}
		}
		s.rows = append(s.rows, []any{cell{style: b.boldWrap, text: fmt.Sprintf("Total of the %s", wording.Plural(len(shortRows), "short pool", "short pools"))}, b.s(""), b.s(""),
			excelize.Cell{StyleID: b.boldInt, Formula: sum("D"), Value: sumPools(c, only(func(p capacity.Pool) int { return p.Remaining }))},
			b.s(""),
			excelize.Cell{StyleID: b.boldInt, Formula: sum("F"), Value: sumPools(c, only(func(p capacity.Pool) int { return p.Demand }))},
			excelize.Cell{StyleID: b.boldInt, Formula: sum("G"), Value: sumPools(c, only(func(p capacity.Pool) int { return p.Reserve }))},
			excelize.Cell{StyleID: b.boldInt, Formula: sum("H"), Value: c.Shortfall},
			excelize.Cell{StyleID: b.boldInt, Formula: sum("I"), Value: c.Request},
			b.s(""), b.s("")})
	}
	if n := len(c.Pools) - len(shortRows); n > 0 && len(c.Pools) > 0 {
		if len(shortRows) == 0 {
			blank()
		}
		s.rows = append(s.rows, []any{cell{style: b.boldWrap, text: Safe(fmt.Sprintf("%s covered: the remaining activations cover the activations to make and the reserve; a pool's surplus does not cover another pool's shortfall, so it is not in the total.",
			wording.Plural(n, "pool", "pools")))}})
	}
	var others [][]any
	for _, ku := range c.Keys {
		if ku.Pool >= 0 {
			continue
		}
		others = append(others, []any{cell{style: b.indentWrap, text: ku.Key.Key.Masked() + "\n" + productsOf(ku.Key) + " — " + string(ku.Key.Type) + ": no MAK activations"},
			b.w(agreementsOf(ku.Key))})
	}
	if len(others) > 0 {
		blank()
		s.rows = append(s.rows, []any{excelize.Cell{StyleID: b.bold, Value: "Other keys (not MAKs: no activations to count)"}})
		s.rows = append(s.rows, others...)
	}
	if len(c.Unmatched) > 0 {
		var parts []string
		for _, u := range c.Unmatched {
			parts = append(parts, fmt.Sprintf("%s: %d", u.Product, u.Devices))
		}
		blank()
		s.rows = append(s.rows, []any{cell{style: b.boldWrap, text: "No key covers them (activations to make by MAK): " + strings.Join(parts, "; ")}, b.s(""),
			b.s(""), b.s(""), b.s(""), b.n(sumUnmatched(c))},
			[]any{cell{style: b.wrap, text: "If the agreement licenses the product, get its MAK from VLSC or the Microsoft 365 admin center and add that export; if not, buy the licences first. Either way the request cannot include them yet."}})
	}
	if u := r.Unrecognised(); len(u) > 0 {
		var parts []string
		total := 0
		for _, x := range u {
			parts = append(parts, fmt.Sprintf("%q: %d", x.Product, x.Devices))
			total += x.Devices
		}
		blank()
		s.rows = append(s.rows, []any{cell{style: b.boldWrap, text: "Unrecognised products, left out of the demand: correct the names (makplan products): " + strings.Join(parts, "; ")}, b.s(""),
			b.s(""), b.s(""), b.s(""), b.n(total)})
	}
	// The chart's own table: one row per pool, labelled by product; hidden
	// (the chart plots hidden cells), so that it does not print.
	if len(c.Pools) > 0 {
		blank()
		s.hiddenFrom = len(s.rows)
		s.rows = append(s.rows, []any{excelize.Cell{StyleID: b.bold, Value: "For the chart"}, b.s(""), b.s(""),
			cell{style: b.boldWrap, text: "Remaining"}, b.s(""), cell{style: b.boldWrap, text: "Needed (with reserve)"}})
	}
	chartFirst := h + 1 + len(s.rows)
	for p, pool := range c.Pools {
		s.rows = append(s.rows, []any{b.w(strings.Join(pool.Products, ", ") + " (" + r.PoolID(p) + ")"), b.s(""), b.s(""),
			b.n(pool.Remaining), b.s(""), b.n(pool.Demand + pool.Reserve)})
	}
	chartLast := h + len(s.rows)
	s.setup = func() error {
		if len(c.Pools) == 0 {
			return nil
		}
		cats := fmt.Sprintf("%s!$A$%d:$A$%d", SheetSummary, chartFirst, chartLast)
		return b.f.AddChart(SheetSummary, fmt.Sprintf("A%d", chartLast+2), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{
				{Name: fmt.Sprintf("%s!$F$%d", SheetSummary, chartFirst-1), Categories: cats, Values: fmt.Sprintf("%s!$F$%d:$F$%d", SheetSummary, chartFirst, chartLast)},
				{Name: fmt.Sprintf("%s!$D$%d", SheetSummary, chartFirst-1), Categories: cats, Values: fmt.Sprintf("%s!$D$%d:$D$%d", SheetSummary, chartFirst, chartLast)},
			},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Activations needed against remaining, per pool of keys", Font: &chartTitleFont}}},
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &chartFont},
			Dimension: excelize.ChartDimension{Width: 760, Height: uint(120 + 40*len(c.Pools))},
			XAxis:     excelize.ChartAxis{Font: chartFont},
			YAxis: excelize.ChartAxis{Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Activations", Font: &chartFont}}}, MajorGridLines: true,
				Font: chartFont},
		})
	}
	return s.write()
}

// headline is the block a buyer reads first: what to ask Microsoft for
// (and that it costs nothing), what to buy, when the first thing is
// needed, and where each answer is.
func (b *builder) headline() [][]any {
	r, c := b.r, b.r.Capacity
	t := r.ToBuy()
	licences := t.Licences
	var first *capacity.Wave
	for _, pool := range c.Pools {
		if w := pool.FirstShortWave; w != nil && !w.Date.IsZero() && (first == nil || w.Date.Before(first.Date)) {
			first = w
		}
	}
	ask := "Ask Microsoft for: nothing — every pool of keys covers its activations and reserve."
	if c.Request > 0 {
		var split []string
		for _, pool := range c.Pools {
			if pool.Request > 0 && pool.RequestKey >= 0 {
				split = append(split, fmt.Sprintf("%d on %s", pool.Request, r.Keys[pool.RequestKey].Key.Last5()))
			}
		}
		ask = fmt.Sprintf("Ask Microsoft for: %s (%s; the makadd requests written beside this workbook). "+
			"MAK activations cost nothing: they are not a purchase, and volume activation is not tied to licence invoicing or billing.",
			wording.Plural(c.Request, "MAK activation", "MAK activations"), strings.Join(split, ", "))
	}
	buy := "Buy: nothing — no ineligible device is fixed by a purchase."
	if licences > 0 {
		buy = fmt.Sprintf("Buy: %s (the To Buy sheet: what, for which devices, by when)", wording.Plural(licences, "licence", "licences"))
		if !t.NeededBy.IsZero() {
			buy += fmt.Sprintf(", the first by %s (wave %s)", report.When(t.NeededBy, r.AsOf), t.NeededWave)
		}
		buy += fmt.Sprintf("; the %s the devices they make eligible then need are a later request.", wording.Plural(t.Activations, "MAK activation", "MAK activations"))
	}
	var missing []string
	for _, u := range c.Unmatched {
		missing = append(missing, fmt.Sprintf("%s (%d)", u.Product, u.Devices))
	}
	when := "First needed: nothing is short on any dated wave."
	if first != nil {
		when = fmt.Sprintf("First needed: %s, when wave %s starts and the remaining activations run out (the Waves sheet, wave by wave).", report.When(first.Date, r.AsOf), first.Name)
	}
	where := "Where: each pool and its request below; every device and its verdict on Devices; the inputs and settings on Assumptions."
	rows := [][]any{
		{cell{style: b.bold, text: Safe(ask)}},
		{cell{style: b.bold, text: Safe(buy)}},
		{cell{style: b.bold, text: Safe(when)}},
		{cell{style: b.bold, text: Safe("In scope: " + r.Counts().Scope() + ".")}},
	}
	if risks := r.Risks(3); len(risks) > 0 {
		var parts []string
		for _, k := range risks {
			parts = append(parts, k.Text)
		}
		rows = append(rows, []any{cell{style: b.bold, text: Safe("Largest risks: " + strings.Join(parts, "; ") + " (the Assumptions sheet lists every warning).")}})
	}
	if len(missing) > 0 {
		rows = append(rows, []any{cell{style: b.bold, text: Safe(fmt.Sprintf("No key covers: %s — %s; get their MAKs from VLSC if the agreement licenses them, else buy the licences.",
			wording.Plural(sumUnmatched(c), "MAK activation", "MAK activations"), strings.Join(missing, ", ")))}})
	}
	// A request already sent and not answered: the new figures do not
	// subtract it (nothing is known to be granted), and the buyer should
	// know it is there before sending another.
	var all []int
	for k := range r.Keys {
		all = append(all, k)
	}
	if open := r.OpenRequestLines(all); len(open) > 0 {
		rows = append(rows, []any{cell{style: b.bold, text: Safe("Already asked: " + strings.Join(open, "; ") +
			". The request above does not count on them; when one is granted, the next export shows the key's limit raised.")}})
	}
	return append(rows, []any{b.s(where)})
}

// agreementsOf is a key's agreement numbers (its License IDs aside).
func agreementsOf(k *planner.Key) string {
	var out []string
	for _, a := range k.Agreements {
		if !slices.Contains(k.LicenseIDs, a) {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return "none in the exports"
	}
	return strings.Join(out, ", ")
}

// productsOf is a key's products as its exports name them, with its VLSC
// License ID.
func productsOf(k *planner.Key) string {
	s := strings.Join(k.ProductNames(), ", ")
	if len(k.LicenseIDs) > 0 {
		s += " (License ID " + strings.Join(k.LicenseIDs, ", ") + ")"
	}
	return s
}

// titleBlock is the rows above a sheet's header: the title and customer,
// the agreements, the day judged and the inputs with their dates, and a
// legend.
func (b *builder) titleBlock(title, legend string) [][]any {
	r := b.r
	name := title
	if r.Customer.Name != "" {
		name += " — " + r.Customer.Name
	}
	var agreements []string
	for _, a := range r.Agreements {
		agreements = append(agreements, a.Number+" ("+string(a.Program)+")")
	}
	if len(agreements) == 0 {
		agreements = []string{"none configured"}
	}
	var keys, plans []string
	for _, in := range r.Inputs {
		if in.Kind == "keys" {
			keys = append(keys, fmt.Sprintf("%s (as of %s)", filepath.Base(in.Path), in.AsOf))
		} else {
			plans = append(plans, filepath.Base(in.Path))
		}
	}
	rows := [][]any{
		{excelize.Cell{StyleID: b.title, Value: Safe(name)}},
		{b.s("Agreements: " + strings.Join(agreements, ", "))},
		{b.s(fmt.Sprintf("Judged as of %s. Key exports: %s. Plan: %s.", r.AsOf, orNone(keys), orNone(plans)))},
	}
	if legend != "" {
		rows = append(rows, []any{cell{style: b.note, text: legend}})
	}
	return append(rows, []any{b.s("")})
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

func keysText(n int) string {
	if n == 1 {
		return "1 key"
	}
	return fmt.Sprintf("%d keys", n)
}

func usedOf(r *report.Report, pool capacity.Pool) *int {
	total := 0
	for _, k := range pool.Keys {
		if r.Keys[k].Used == nil {
			return nil
		}
		total += *r.Keys[k].Used
	}
	return &total
}

func allocatedOf(c *capacity.Result, pool capacity.Pool) int {
	n := 0
	for _, k := range pool.Keys {
		n += c.Keys[k].Allocated
	}
	return n
}

func sumPools(c *capacity.Result, f func(capacity.Pool) int) int {
	n := 0
	for _, p := range c.Pools {
		n += f(p)
	}
	return n
}

func sumUnmatched(c *capacity.Result) int {
	n := 0
	for _, u := range c.Unmatched {
		n += u.Devices
	}
	return n
}

// ---- To Buy ----

// toBuy turns the ineligible devices into what to buy (report.ToBuy): the
// purchases, the devices each makes eligible and the activations they
// would then need; then the fixes that are not purchases.
func (b *builder) toBuy() error {
	t := b.r.ToBuy()
	s := b.newSheet(SheetToBuy, column{title: "Purchase", width: 28}, column{title: "For the target", width: 15}, column{title: "Buy as (the product sold today)", width: 16},
		column{title: "Buy under", width: 16}, column{title: "Licences to buy", width: 8}, column{title: "Devices it makes eligible", width: 8},
		column{title: "The devices", width: 16}, column{title: "MAK activations they would need", width: 8}, column{title: "First needed (wave)", width: 11})
	s.fitWidth, s.grid, s.noTitles = true, true, true
	s.top = b.titleBlock("What to buy to reimage the ineligible devices",
		"One row per set of purchases a device needs together, and target product: each row makes the devices it lists eligible, and nothing else is needed for them. "+
			"Licences to buy: one per device and purchase (one for the agreement under an Open agreement). Commercial Licensing sells no full Windows desktop licence: a device without a qualifying Windows licence gets one outside the agreement. "+
			"Their MAK activations are not in this plan's request: ask Microsoft for them once the licences are bought. "+
			"MAK activations themselves cost nothing: volume activation is not tied to licence invoicing or billing.")
	for _, p := range t.Purchases {
		lic := b.n(p.Licences()) // an Open purchase: one for the agreement, as its Purchase says
		sold := p.Sold
		if sold == "" {
			sold = "—" // the purchase is not the target product (an upgrade, a qualifying licence, a renewal)
		}
		needed := "no dated wave"
		if !p.NeededBy.IsZero() {
			needed = fmt.Sprintf("%s (%s)", report.When(p.NeededBy, b.r.AsOf), p.NeededWave)
		}
		s.rows = append(s.rows, []any{b.w(p.What), b.w(p.Product), b.w(sold), b.w(p.BuyUnder), lic, b.n(p.Devices), b.w(namesCell(p.Names)), b.n(p.Activations), b.w(needed)})
	}
	if len(t.Purchases) == 0 {
		s.rows = append(s.rows, []any{b.s("Nothing: no ineligible device is made eligible by purchases alone.")})
	}
	s.filter = len(s.rows)
	bold := func(n int) cell { return cell{style: b.boldInt, kind: kindNumber, num: n} }
	s.rows = append(s.rows, []any{excelize.Cell{StyleID: b.bold, Value: "Total, each device once"}, b.s(""), b.s(""), b.s(""), bold(t.Licences), bold(t.Devices), b.s(""), bold(t.Activations), b.s("")})
	besides := "Fixes that are not purchases"
	if t.Besides > 0 {
		besides = fmt.Sprintf("Fixes that are not purchases (%s a purchase too, listed here, not above)", wording.Plural(t.Besides, "device needs", "devices need"))
	}
	s.rows = append(s.rows, []any{},
		[]any{excelize.Cell{StyleID: b.header, Value: besides}, excelize.Cell{StyleID: b.header, Value: "What fails"},
			excelize.Cell{StyleID: b.header}, excelize.Cell{StyleID: b.header}, excelize.Cell{StyleID: b.headerNum, Value: "Devices"}})
	for _, o := range t.OtherFixes {
		s.rows = append(s.rows, []any{b.w(o.Fix), b.w(rules.Catalog[o.Rule].Title), b.s(""), b.s(""), b.n(o.Devices)})
	}
	if len(t.OtherFixes) == 0 {
		s.rows = append(s.rows, []any{b.s("None.")})
	}
	return s.write()
}

// namesCell lists device names in a cell: every one up to 40, then a count
// (the Devices sheet has them all).
func namesCell(names []string) string {
	if len(names) > 40 {
		return strings.Join(names[:40], ", ") + fmt.Sprintf(" and %d more (the Devices sheet lists them)", len(names)-40)
	}
	return strings.Join(names, ", ")
}

// ---- Devices ----

func (b *builder) devices() error {
	r := b.r
	cols := []column{{title: "Device"}, {title: "Serial"}, {title: "Manufacturer"}, {title: "Wave"}, {title: "Wave date", min: 12},
		{title: "Licensed", width: 28}, {title: "Target", width: 28}, {title: "Eligible"}, {title: "Licensed by", width: 18}, {title: "Reasons", width: 26},
		{title: "Notes", width: 26}, {title: "Consumes MAK"}, {title: "Done"}, {title: "Key given", width: 31}, {title: "Plan file", width: 16}, {title: "Plan row"},
		{title: "ESU years needed"}, {title: "Explained (Explanations sheet)", width: 13}}
	// A sheet holds at most maxRows devices; a larger plan continues on "Devices (2)" and on.
	for part, from := 1, 0; from < len(r.Devices) || part == 1; part, from = part+1, from+maxRows {
		name := SheetDevices
		if part > 1 {
			name = fmt.Sprintf("%s (%d)", SheetDevices, part)
		}
		to := min(len(r.Devices), from+maxRows)
		s := b.newSheet(name, cols...)
		s.freezeCols = 1  // the device's name stays in view
		s.fitWidth = true // on paper: one page wide, landscape, a row per line
		s.count = to - from
		s.body = func(i int, dst []cell) []cell { return b.deviceRow(from+i, dst) }
		if err := s.write(); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) deviceRow(i int, dst []cell) []cell {
	r, c := b.r, b.r.Capacity
	d, v := r.Devices[i], r.Verdict(i)
	reasons, notes := b.words(i)
	key := b.s("")
	if k := c.Assigned[i]; k >= 0 {
		if b.keyCells == nil {
			b.keyCells = map[int]cell{}
		}
		if _, ok := b.keyCells[k]; !ok {
			b.keyCells[k] = b.rep(r.Keys[k].Key.Masked())
		}
		key = b.keyCells[k]
	} else if c.Consumes[i] && c.PoolOf[i] < 0 {
		key = b.sst.share(b.w("none: no MAK in the key exports covers the target"))
		if other := r.OtherAgreementKey(d); other != "" {
			key = b.w("none: " + other)
		}
	} else if c.Consumes[i] {
		key = b.sst.share(b.w("none yet: the pool runs out before this device (see the request)"))
	}
	by := "reimaging rights over its own license"
	switch {
	case !v.Eligible:
		by = "not eligible"
	case v.Way == rules.ThroughCommercialLicensing:
		by = "Commercial Licensing"
	}
	licensed, target := b.images(d.Attrs)
	esuYears := b.s("")
	if r.ESU != nil {
		if ys := r.ESU.ByRow[i]; ys != 0 {
			esuYears = b.rep(ys.String())
		}
	}
	return append(dst, b.s(d.Name), b.s(d.Serial), b.rep(d.Manufacturer), b.rep(d.Wave), b.d(d.WaveDate),
		licensed, target, b.yes(v.Eligible), b.rep(by), reasons, notes, b.yes(c.Consumes[i]), b.yes(c.Done[i]), key, b.fileCell(d), b.n(int(d.Row)), esuYears,
		b.rep(explanationCode(r.JudgementOf(i))))
}

// fileCell is the Plan file cell of a device: the file's base name,
// worked out once per table (its rows share their origin).
func (b *builder) fileCell(d *planner.Device) cell {
	if c, ok := b.fileCells[d.From]; ok {
		return c
	}
	c := b.rep(filepath.Base(d.Source().File))
	if b.fileCells == nil {
		b.fileCells = map[*planner.Origin]cell{}
	}
	b.fileCells[d.From] = c
	return c
}

// words returns device i's reasons and notes as their rule and note IDs,
// one per line (the Explanations sheet has them in words, with the facts
// and sources): memoised per distinct judgement. A long note repeated on
// a hundred rows is a code, not a paragraph a row (docs: print).
func (b *builder) words(i int) (reasons, notes cell) {
	n := b.r.JudgementOf(i)
	if w, ok := b.memo[n]; ok {
		return w[0], w[1]
	}
	v := b.r.Verdict(i)
	w := [2]cell{b.sst.share(b.w(strings.Join(v.ReasonStrings(), "\n"))), b.sst.share(b.w(strings.Join(v.NoteStrings(), "\n")))}
	b.memo[n] = w
	return w[0], w[1]
}

// explanationCode names judgement n on the Explanations sheet: E1, E2 …
func explanationCode(n uint32) string { return "E" + strconv.Itoa(int(n)+1) }

// explanations is the legend of the Devices sheet's codes: each distinct
// verdict once, with every reason and note in words, its facts and its
// source, and how many devices share it.
func (b *builder) explanations() error {
	r := b.r
	s := b.newSheet(SheetExplanations, column{title: "Code", width: 7}, column{title: "Eligible", width: 9}, column{title: "Devices", width: 8},
		column{title: "Reasons (not eligible) or notes (eligible), each with what it rests on and its source", width: 100})
	s.grid = true
	s.top = b.titleBlock("Why each verdict", "The Devices sheet gives each device's reasons and notes by their IDs (docs/rules.md) and the code of its explanation here: "+
		"devices judged on the same facts share one explanation.")
	count := make([]int, len(r.Judgements))
	for i := range r.Devices {
		count[r.JudgementOf(i)]++
	}
	for n, jm := range r.Judgements {
		if count[n] == 0 {
			continue
		}
		var lines []string
		for _, f := range r.FindingsOf(uint32(n)) {
			line := string(f.ID) + ": " + f.Text + " (" + f.Section + ")"
			if jm.Verdict.Fails(f.ID) && f.Fix != "" {
				line += " To fix: " + f.Fix
			}
			lines = append(lines, line)
		}
		s.rows = append(s.rows, []any{b.s(explanationCode(uint32(n))), b.yes(jm.Verdict.Eligible), b.n(count[n]), b.w(strings.Join(lines, "\n"))})
	}
	return s.write()
}

// images returns the Licensed and Target cells of a device's attributes,
// memoised: devices share their attributes (planner.Attrs).
func (b *builder) images(a *planner.Attrs) (licensed, target cell) {
	if c, ok := b.imageMemo[a]; ok {
		return c[0], c[1]
	}
	how := string(a.Media) + " media, " + string(a.Activation)
	if how == " media, " {
		how = ""
	}
	// Wrapped within a column of its own width: on paper the Devices sheet
	// is one page wide.
	c := [2]cell{b.sst.share(b.w(report.DescribeImage(a.Licensed, string(a.Channel)))), b.sst.share(b.w(report.DescribeImage(a.Target, how)))}
	b.imageMemo[a] = c
	return c[0], c[1]
}

// ---- Ineligible ----

func (b *builder) ineligible() error {
	r := b.r
	// One page wide on paper: the rule with its meaning in one column, the
	// source after the reason.
	s := b.newSheet(SheetIneligible, column{title: "Device", width: 12}, column{title: "Wave", width: 9}, column{title: "Rule: what it means", width: 21},
		column{title: "Licensed", width: 15}, column{title: "Target", width: 15},
		column{title: "Why (and where the rule comes from)", width: 31}, column{title: "To make it eligible", width: 22})
	s.freezeCols = 1 // the device's name stays in view
	// The (rule, device) rows, rule by rule in docs/rules.md's order.
	type failure struct {
		rule   uint16
		device int32
	}
	byRule := map[rules.ID][]int32{}
	for i := range r.Devices {
		for _, id := range r.Verdict(i).Reasons() {
			byRule[id] = append(byRule[id], int32(i))
		}
	}
	var rows []failure
	for k, id := range rules.Rules {
		for _, i := range byRule[id] {
			rows = append(rows, failure{uint16(k), i})
		}
	}
	s.count = min(len(rows), maxRows) // the rest is on the Devices sheet
	// A failure's words depend on the device's judgement: made once each.
	type said struct {
		judgement uint32
		rule      uint16
	}
	words := map[said][3]cell{}
	s.body = func(k int, dst []cell) []cell {
		id, i := rules.Rules[rows[k].rule], int(rows[k].device)
		d := r.Devices[i]
		key := said{r.JudgementOf(i), rows[k].rule}
		w, ok := words[key]
		if !ok {
			var f rules.Finding
			for _, x := range r.Findings(i) {
				if x.ID == id {
					f = x
				}
			}
			info := rules.Catalog[id]
			w = [3]cell{b.sst.share(b.w(string(id) + ": " + info.Title)), b.sst.share(b.w(f.Text + " (" + f.Section + ")")), b.sst.share(b.w(f.Fix))}
			words[key] = w
		}
		licensed, _ := b.images(d.Attrs)
		return append(dst, b.w(d.Name), b.sst.share(b.w(d.Wave)), w[0], licensed, b.w(d.Target.Name()), w[1], w[2])
	}
	return s.write()
}

// ---- Waves ----

func (b *builder) waves() error {
	r, c := b.r, b.r.Capacity
	s := b.newSheet(SheetWaves, column{title: "Pool"}, column{title: "Products"}, column{title: "Wave"}, column{title: "Wave date", min: 12},
		column{title: "To make", min: 9}, column{title: "Done", min: 7}, column{title: "Cumulative", min: 11}, column{title: "Remaining", min: 10},
		column{title: "Covered by the remaining activations (before the reserve)", width: 24})
	s.fitWidth, s.grid = true, true
	s.top = b.titleBlock("Wave by wave",
		"Each wave's activations to make, added up wave by wave, against the pool's remaining activations. "+
			"This is before the reserve and the rounding: the Summary's shortfall adds the reserve, and its request rounds the shortfall up.")
	for p, pool := range c.Pools {
		for _, w := range pool.Waves {
			cov := excelize.Cell{StyleID: b.okText, Value: "Yes"}
			if w.Short {
				cov = excelize.Cell{StyleID: b.shortText, Value: fmt.Sprintf("No: %d short", w.Cumulative-w.Remaining)}
			}
			s.rows = append(s.rows, []any{b.s(r.PoolID(p)), b.s(strings.Join(pool.Products, ", ")), b.s(w.Wave.Name), b.d(w.Wave.Date),
				b.n(w.Demand), b.n(w.Done), b.n(w.Cumulative), b.n(w.Remaining), cov})
		}
	}
	return s.write()
}

// ---- ESU ----

// esu shows the Windows 10 ESU plan (docs/rules.md, "Windows 10 Extended
// Security Updates"), when the run made one: per year, the devices on
// Windows 10, cloud-entitled, not enrolled, already activated and to
// activate, what the year's keys have left, the request and the licences
// to buy; then every Windows 10 device with the years it needs.
func (b *builder) esu() error {
	r := b.r
	if !r.ESU.Planned() {
		return nil
	}
	s := b.newSheet(SheetESU, column{title: "ESU year", width: 12}, column{title: "Runs", width: 34}, column{title: "Devices on Windows 10", min: 10},
		column{title: "Entitled in the cloud (no key)", min: 10}, column{title: "Not enrolled", min: 9}, column{title: "Already activated", min: 9},
		column{title: "To activate", min: 9}, column{title: "Remaining on the year's keys", min: 10}, column{title: "Shortfall", min: 9},
		column{title: "Request", min: 9}, column{title: "Licences to buy", min: 9})
	s.fitWidth, s.grid = true, true
	s.top = b.titleBlock("Windows 10 Extended Security Updates",
		fmt.Sprintf("Windows 10 support ended %s. A Windows 10 device still on it when an ESU year runs needs that year's ESU licence and one activation of the year's ESU MAK "+
			"(a reimage to Windows 10 during the year activates it again); ESU is bought per device and year, and a device joining late buys the earlier years too. "+
			"Cloud devices (Windows 365, Azure Virtual Desktop, Azure VMs) are entitled without a key. The ESU pools and their requests are on the Summary with the others.", planner.Windows10End))
	for _, y := range r.ESU.Years {
		remaining := b.s("no key")
		if y.Remaining != nil {
			remaining = b.n(*y.Remaining)
		}
		runs := fmt.Sprintf("%s to %s", y.Start, y.End)
		switch {
		case y.Running:
			runs += " (running)"
		case y.End.Before(r.AsOf):
			runs += " (over)"
		}
		s.rows = append(s.rows, []any{b.s(fmt.Sprintf("Year %d", y.N)), b.s(runs), b.n(y.OnWindows), b.n(y.Cloud), b.n(y.NotEnrolled), b.n(y.Activated),
			b.n(y.ToActivate), remaining, b.n(y.Shortfall), b.n(y.Request), b.n(y.Licences)})
	}
	s.rows = append(s.rows, []any{},
		[]any{excelize.Cell{StyleID: b.header, Value: "Device"}, excelize.Cell{StyleID: b.header, Value: "Why it is on Windows 10"},
			excelize.Cell{StyleID: b.header, Value: "Leaves Windows 10"}, excelize.Cell{StyleID: b.header, Value: "ESU (plan)"},
			excelize.Cell{StyleID: b.header, Value: "Years to activate"}, excelize.Cell{StyleID: b.header, Value: "Years to license"}})
	for _, d := range r.ESU.Devices {
		leaves := "stays"
		if !d.Leaves.IsZero() {
			leaves = d.Leaves.String()
		}
		state := map[planner.ESUState]string{planner.ESUBlank: "(blank: enrolled)", planner.ESUYes: "yes", planner.ESUNo: "no", planner.ESUCloud: "cloud"}[d.D.ESU.State]
		if d.D.ESU.Activated != 0 {
			state = "activated: " + d.D.ESU.Activated.String()
		}
		s.rows = append(s.rows, []any{b.s(d.D.Name), b.w(d.Why.Text()), b.s(leaves), b.w(state), b.s(d.Needs.String()), b.s(d.Licences.String())})
	}
	return s.write()
}

// ---- History ----

// history shows the history (docs/history.md), when the run kept one: the
// remaining activations of each pool at each snapshot with the day each
// runs out at its pace, a chart of them, the burn per pool and the request
// log.
func (b *builder) history() error {
	h := b.r.History
	if h == nil {
		return nil
	}
	c := b.r.Capacity
	cols := []column{{title: "Snapshot", width: 30}}
	for p, pool := range c.Pools {
		cols = append(cols, column{title: strings.Join(pool.Products, ", ") + " (" + b.r.PoolID(p) + ")", width: 18})
	}
	cols = append(cols, column{title: "", width: 30})
	for len(cols) < 6 { // the tables below are six columns wide
		cols = append(cols, column{title: "", width: 14})
	}
	s := b.newSheet(SheetHistory, cols...)
	s.fitWidth, s.grid = true, true
	s.top = b.titleBlock("Activation history",
		"Remaining activations of each pool of keys at each export recorded, and the day each runs out at the pace of its last "+
			fmt.Sprint(h.Settings.Window)+" snapshots (least squares): the projected row. Recorded in "+filepath.Base(h.Path)+".")
	// Each pool's remaining at a date: the sum of its keys' latest snapshots
	// on or before it; blank until every key has one.
	var dates []planner.Date
	seen := map[planner.Date]bool{}
	byKey := map[string][]historySnap{}
	for _, kh := range h.Keys {
		for _, sn := range kh.Snapshots {
			if !seen[sn.AsOf] {
				seen[sn.AsOf] = true
				dates = append(dates, sn.AsOf)
			}
			byKey[kh.Key.Full()] = append(byKey[kh.Key.Full()], historySnap{sn.AsOf, sn.Remaining})
		}
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	for _, d := range dates {
		row := []any{b.d(d)}
		for _, pool := range c.Pools {
			sum, all := 0, true
			for _, k := range pool.Keys {
				v, ok := remainingOn(byKey[c.Keys[k].Key.Key.Full()], d)
				if !ok {
					all = false
					break
				}
				sum += v
			}
			if all {
				row = append(row, b.n(sum))
			} else {
				row = append(row, b.s(""))
			}
		}
		s.rows = append(s.rows, row)
	}
	// The projection: 0 on the day each pool runs out.
	for p, ph := range h.Pools {
		if ph.Burn.ExhaustedOn == nil {
			continue
		}
		row := []any{b.d(*ph.Burn.ExhaustedOn)}
		for q := range c.Pools {
			if q == p {
				row = append(row, b.n(0))
			} else {
				row = append(row, b.s(""))
			}
		}
		row = append(row, b.s("projected: "+ph.Products+" runs out"))
		s.rows = append(s.rows, row)
	}
	last := s.headerRow() + len(s.rows)
	s.filter = len(s.rows)
	// A header over numbers is right-aligned, as they are: "Remaining" and
	// "Used per 30 days" side by side must not print as one number.
	head := func(titles ...string) []any {
		var row []any
		for _, t := range titles {
			style := b.header
			if t == "Remaining" || t == "Used per 30 days" || t == "Runway (days)" || t == "Activations asked" {
				style = b.headerNum
			}
			row = append(row, excelize.Cell{StyleID: style, Value: t})
		}
		return row
	}
	s.rows = append(s.rows, []any{}, head("Pool", "Products", "Remaining", "Used per 30 days", "Runs out on", "Runway (days)"))
	for _, ph := range h.Pools {
		row := []any{b.s(ph.Pool), b.w(ph.Products), b.n(ph.Remaining)}
		if ph.Burn.Per30 == nil {
			row = append(row, cell{style: b.numText, text: "not enough history"})
		} else {
			row = append(row, cell{style: b.numText, text: fmt.Sprintf("%.1f", *ph.Burn.Per30)})
			if ph.Burn.ExhaustedOn != nil {
				row = append(row, b.d(*ph.Burn.ExhaustedOn), b.n(*ph.Burn.RunwayDays))
			} else {
				row = append(row, b.s("not running out"))
			}
		}
		s.rows = append(s.rows, row)
	}
	s.rows = append(s.rows, []any{}, head("Request for key", "Activations asked", "Sent on", "Ticket", "Status"))
	for _, q := range h.Requests {
		s.rows = append(s.rows, []any{b.s(planner.MaskLast5(q.Key)), b.n(q.Requested), b.d(q.On), b.s(q.Ticket),
			b.s(q.Describe(b.r.AsOf, h.Settings.FollowUpDays))})
	}
	if len(h.Requests) == 0 {
		s.rows = append(s.rows, []any{b.s("No request recorded (makplan request record, or email --send).")})
	}
	s.setup = func() error {
		if len(dates) < 2 || len(c.Pools) == 0 {
			return nil
		}
		first := s.headerRow() + 1
		var series []excelize.ChartSeries
		for p := range c.Pools {
			col, _ := excelize.ColumnNumberToName(p + 2)
			series = append(series, excelize.ChartSeries{Name: fmt.Sprintf("'%s'!$%s$%d", SheetHistory, col, s.headerRow()),
				Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", SheetHistory, first, last),
				Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetHistory, col, first, col, last)})
		}
		// Below the tables, as wide as a page: its dates read on paper.
		return b.f.AddChart(SheetHistory, fmt.Sprintf("A%d", s.headerRow()+len(s.rows)+2), &excelize.Chart{
			Type: excelize.Line, Series: series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Remaining activations per pool, with the day each runs out", Font: &chartTitleFont}}},
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &chartFont},
			Dimension: excelize.ChartDimension{Width: 720, Height: 360},
			XAxis:     excelize.ChartAxis{Font: chartFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "yyyy-mm-dd"}},
			YAxis: excelize.ChartAxis{Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Remaining", Font: &chartFont}}}, MajorGridLines: true,
				Font: chartFont},
		})
	}
	return s.write()
}

type historySnap struct {
	on        planner.Date
	remaining int
}

// remainingOn is the remaining count of the latest snapshot on or before d.
func remainingOn(snaps []historySnap, d planner.Date) (int, bool) {
	v, ok := 0, false
	for _, sn := range snaps {
		if !sn.on.After(d) {
			v, ok = sn.remaining, true
		}
	}
	return v, ok
}

// ---- Assumptions ----

func (b *builder) assumptions() error {
	r := b.r
	s := b.newSheet(SheetAssumptions, column{title: "Section"}, column{title: "Item", width: 40}, column{title: "Value", width: 45},
		column{title: "Detail", width: 70}, column{title: "Source", width: 45})
	s.fitWidth = true
	add := func(cells ...any) {
		for len(cells) < 5 {
			cells = append(cells, b.s(""))
		}
		// Text wraps within its column: on paper nothing is cut off.
		for i, c := range cells {
			if x, ok := c.(cell); ok && x.style == b.text {
				x.style = b.wrap
				cells[i] = x
			}
		}
		s.rows = append(s.rows, cells)
	}
	add(b.s("Run"), b.s("makplan version"), b.s(r.Version))
	add(b.s("Run"), b.s("as of (the day the plan is judged on)"), b.d(r.AsOf))
	add(b.s("Run"), b.s("customer"), b.s(r.Customer.Name), b.s(strings.TrimSpace(r.Customer.ContactName+" "+r.Customer.ContactEmail)))
	for _, in := range r.Inputs {
		what := in.Kind + " file, as of " + in.AsOf.String()
		if in.DatedBy != planner.DatedUnknown {
			what += ", dated by " + in.DatedBy.String()
		}
		add(b.s("Input"), b.s(in.Path), b.s(what), b.s("SHA-256 "+in.SHA256))
	}
	st := r.Settings
	add(b.s("Capacity"), b.s("reserve_percent"), b.s(fmt.Sprint(st.ReservePercent)), b.s("reserve = max(ceil(demand × reserve_percent / 100), reserve_minimum)"))
	add(b.s("Capacity"), b.s("reserve_minimum"), b.n(st.ReserveMinimum))
	add(b.s("Capacity"), b.s("round_to"), b.n(max(1, st.RoundTo)), b.s("each pool's request is its shortfall rounded up to a multiple of this"))
	for _, line := range slices.Sorted(maps.Keys(st.RoundToByLine)) {
		add(b.s("Capacity"), b.s("round_to_by_product: "+line), b.n(st.RoundToByLine[line]), b.s("round_to for the pools of "+line+" keys"))
	}
	add(b.s("Capacity"), b.s("local_reactivation_consumes"), b.yes(st.LocalReactivationConsumes), b.s("whether rows marked Local Reactivation consume an activation"))
	var pref []string
	for _, k := range st.PreferredKeys {
		pref = append(pref, k.String())
	}
	add(b.s("Capacity"), b.s("preferred_keys"), b.s(strings.Join(pref, ", ")), b.s("keys that receive a pool's request first; else the key with the largest limit"))
	add(b.s("Capacity"), b.s("consumption"), b.s("eligible, Volume media, MAK activation"), b.s("KMS and AD-based activation, OEM and retail media, and ineligible devices consume nothing"))
	add(b.s("Rules"), b.s("Versions SA and upgrades cover"), b.s("by the day made available"), b.w("Software Assurance covers the versions made available while it was active, for good; an Enterprise Upgrade the versions up to its SA's end (Upgrade Covers Until). Where the plan says nothing, each device's verdict names what it assumes: sa-assumed-from-program (a program that includes SA) or upgrade-version-assumed (to confirm)."))
	add(b.s("Rules"), b.s("Volume Windows images"), b.s("media, not a license"), b.w("A Volume channel on a Windows desktop row shows the media, not the license: the device's license is its qualifying OS (the Qualifying OS column, or assumed and noted qualifying-os-assumed: to confirm)."))
	add(b.s("Check"), b.s("min_remaining_percent"), b.s(fmt.Sprint(r.Check.MinRemainingPercent)))
	add(b.s("Check"), b.s("min_runway_waves"), b.n(r.Check.MinRunwayWaves))
	for _, a := range r.Agreements {
		detail := ""
		if a.Bought != nil {
			var parts []string
			for _, p := range a.Bought {
				parts = append(parts, fmt.Sprintf("%s: %d", p.Name, p.Count))
			}
			detail = "licenses bought: " + strings.Join(parts, "; ")
		}
		rights := "grants reimaging rights"
		if !a.Program.GrantsReimaging() {
			rights = "grants no reimaging rights"
		}
		if a.Program.IncludesSA() {
			rights += "; includes SA"
		}
		add(b.s("Agreement"), b.s(a.Number), b.s(string(a.Program)+" ("+rights+")"), b.s(detail))
	}
	for _, row := range r.Judge.Rights {
		origin := "configuration"
		if row.Builtin {
			origin = "built in"
		}
		until := "no end"
		if !row.Until.IsZero() {
			until = "until " + row.Until.String()
		}
		add(b.s("Right ("+row.Kind.String()+")"), b.s(row.LicenseName+" ("+channelName(row.Channel)+")"), b.s("may run "+row.MayRunText()+", "+until),
			b.s(origin+"; confidence "+orDash(row.Confidence)), b.w(row.Source))
	}
	for _, id := range append(append([]rules.ID{}, rules.Rules...), rules.Notes...) {
		info := rules.Catalog[id]
		kind := "Rule"
		if contains(rules.Notes, id) {
			kind = "Note"
		}
		add(b.s(kind), b.s(string(id)), b.w(info.Title), b.w(info.Fix), b.w(info.Section))
	}
	warnings := append([]problem.Problem(nil), r.Warnings...)
	sort.SliceStable(warnings, func(i, j int) bool { return warnings[i].File < warnings[j].File })
	for _, w := range warnings {
		add(b.s("Warning"), b.s(w.File), b.w(w.Message))
	}
	return s.write()
}

func channelName(c planner.Channel) string {
	if c == "" {
		return "any channel"
	}
	return string(c)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func contains(list []rules.ID, id rules.ID) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}
