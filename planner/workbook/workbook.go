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
	"strings"
	"unicode/utf8"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/report"
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
	unbordered                                 map[int]int // the other way: what a gridded style was
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
	s = redact.Shorten(redact.Sanitize(s), maxCellChars)
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	return s
}

// maxCellChars keeps any text within what a cell holds (32,767 characters,
// less room for the mark Safe may put in front): a plan read with a raised
// inputs.limits.cell_length never stops the workbook with a library error.
const maxCellChars = 32000

// maxNameChars is the longest name (a device, a wave, a customer) written
// whole in the workbook; a longer one is cut with an ellipsis, and JSON
// keeps it whole (docs/robustness.md).
const maxNameChars = 100

// shortName is a name from the inputs as the workbook shows it: masked first,
// then shortened past maxNameChars (Safe does the rest).
func shortName(s string) string { return redact.Shorten(redact.MaskKeys(s), maxNameChars) }

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
	widths := make([]float64, len(s.cols))
	for i, c := range s.cols {
		widths[i] = s.width(i, c)
	}
	if err := s.printSetup(widths, h); err != nil {
		return err
	}
	if s.setup != nil {
		// A chart is anchored to cells by the columns' widths: they are
		// set first, or a 720-pixel chart spans default-width columns and
		// stretches with them (the History chart printed 1.4 pages wide).
		for i, w := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(s.name, col, col, w); err != nil {
				return err
			}
		}
		if err := s.setup(); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
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
	// The title block spans the columns of the first page across: a line
	// merged over more would run over the page's edge onto the next.
	span, total := firstPageColumns(widths)
	spanCol, _ := excelize.ColumnNumberToName(span)
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
					if err := sw.MergeCell(fmt.Sprintf("A%d", i+1), fmt.Sprintf("%s%d", spanCol, i+1)); err != nil {
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
		b.bordered, b.unbordered = map[int]int{}, map[int]int{}
	}
	b.bordered[style], b.unbordered[id] = id, style
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

// acrossPageWidth is what a page holds, in units of column width, at the
// 80 % a wide sheet prints at (maxFitWidth holds at 73 %).
const acrossPageWidth = maxFitWidth * 73 / 80

// firstPageColumns is how many of the leading columns print on the first
// page across, and their width: all of them when the sheet prints one page
// wide (printSetup), else those that fit at 80 %.
func firstPageColumns(widths []float64) (n int, width float64) {
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if total <= maxFitWidth {
		return len(widths), total
	}
	for n < len(widths) && width+widths[n] <= acrossPageWidth {
		width += widths[n]
		n++
	}
	if n == 0 { // one column wider than a page: it is the page
		return 1, widths[0]
	}
	return n, width
}

// printSetup makes the sheet print as people read it on paper: landscape;
// a narrow sheet (its columns' widths add up to at most maxFitWidth) one
// page wide; a wide one (a row per device with its reasons) at a readable
// scale over several pages across, never shrunk to illegibility; the
// header row on every page unless noTitles.
func (s *sheet) printSetup(widths []float64, h int) error {
	f := s.b.f
	landscape := "landscape"
	layout := &excelize.PageLayoutOptions{Orientation: &landscape}
	fit := false
	width := 0.0
	for _, w := range widths {
		width += w
	}
	switch {
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
	if s.noTitles {
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
		style := c.style
		if was, ok := s.b.unbordered[style]; ok { // a streamed row's cells come gridded
			style = was
		}
		bold := style == s.b.boldWrap || style == s.b.header || style == s.b.headerNum
		if style != s.b.wrap && style != s.b.indentWrap && !bold || c.kind != kindText || i >= len(widths) {
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
			if bold {
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
