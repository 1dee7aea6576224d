package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/wording"
	"github.com/makplan/makplan/planner/xlsxstream"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// encoding is how a CSV's bytes become text.
type encoding int

const (
	encUTF8 encoding = iota
	encUTF8BOM
	encUTF16LE
	encUTF16BE
	encUTF16LENoBOM
	encUTF16BENoBOM
	encWindows1252
)

// detectEncoding judges the file's encoding from all of it, not from its
// first kilobytes: UTF-16 by its byte-order mark or its zero bytes, UTF-8
// when every byte sequence is valid UTF-8, else Windows-1252 (Excel's plain
// "CSV" in the West). A NUL byte in a file that is not UTF-16 means it is
// not text at all.
func detectEncoding(name string, src Source) (encoding, error) {
	head := make([]byte, 4)
	n, _ := src.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return encUTF16LE, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return encUTF16BE, nil
	case len(head) >= 4 && head[1] == 0 && head[3] == 0 && head[0] != 0:
		return encUTF16LENoBOM, nil
	case len(head) >= 4 && head[0] == 0 && head[2] == 0 && head[1] != 0:
		return encUTF16BENoBOM, nil
	}
	enc := encUTF8
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		enc = encUTF8BOM
	}
	// The chunk is read after the up to three bytes of a UTF-8 sequence
	// that the previous chunk cut, which are moved to the front.
	buf := make([]byte, 3+min(src.Size()+1, 1<<20))
	carry := 0
	valid := true
	for off := int64(0); off < src.Size(); {
		n, err := src.ReadAt(buf[carry:], off)
		if i := bytes.IndexByte(buf[carry:carry+n], 0); i >= 0 {
			return 0, problem.Problem{File: name, Message: fmt.Sprintf(
				"not a text file: it holds a zero byte at byte %d (a binary file, or a spreadsheet in a format makplan does not read; save it as .xlsx or CSV)", off+int64(i))}
		}
		off += int64(n)
		if valid {
			data := buf[:carry+n]
			end := len(data)
			if off < src.Size() { // keep an incomplete sequence at the end for the next chunk
				for k := 1; k <= 3 && k <= len(data); k++ {
					if utf8.RuneStart(data[len(data)-k]) {
						if !utf8.FullRune(data[len(data)-k:]) {
							end = len(data) - k
						}
						break
					}
				}
			}
			if !utf8.Valid(data[:end]) {
				valid = false
			}
			carry = copy(buf, data[end:])
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, problem.Problem{File: name, Message: "cannot read the file: " + err.Error()}
		}
		if n == 0 {
			break
		}
	}
	if !valid {
		return encWindows1252, nil
	}
	return enc, nil
}

// decoder turns the file's bytes into UTF-8 text.
func decoder(r io.Reader, enc encoding) io.Reader {
	switch enc {
	case encUTF16LE, encUTF16BE:
		return transform.NewReader(r, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder())
	case encUTF16LENoBOM:
		return transform.NewReader(r, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewDecoder())
	case encUTF16BENoBOM:
		return transform.NewReader(r, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewDecoder())
	case encUTF8BOM:
		br := bufio.NewReader(r)
		_, _ = br.Discard(3)
		return br
	case encWindows1252:
		return transform.NewReader(r, charmap.Windows1252.NewDecoder())
	}
	return r
}

// RunLimiter stops a run of bytes without a separator that goes on without
// end (a CSV line; a .cilx text or attribute, between two '<'): the
// decoders hold a whole line or token in memory, which a hostile file
// makes a gigabyte. The error that stops it is Fail's, given the number of
// the run (the line, counting from 1).
type RunLimiter struct {
	R    io.Reader
	Sep  byte
	Max  int
	Fail func(run int) error
	len  int // bytes since the last separator
	runs int
	err  error
}

func (l *RunLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.R.Read(p)
	// Separator to separator with IndexByte: every byte of a 150 MB plan
	// passes here.
	for at := 0; at < n; {
		run := bytes.IndexByte(p[at:n], l.Sep)
		end := run
		if run < 0 {
			end = n - at
		}
		if l.len+end > l.Max {
			l.err = l.Fail(l.runs + 1)
			return at + l.Max - l.len, l.err
		}
		if run < 0 {
			l.len += end
			break
		}
		l.len = 0
		l.runs++
		at += run + 1
	}
	return n, err
}

// errLineTooLong is the CSV limiter's error; the reader turns it into a problem.
type errLineTooLong struct{ line, max int }

func (e *errLineTooLong) Error() string {
	return fmt.Sprintf("line %d is longer than %s; the file is read no further (inputs.limits.line_length_mb raises the limit)", e.line, wording.SizeText(int64(e.max)))
}

func openCSV(name string, src Source, m *matcher, lim Limits) (*Table, error) {
	enc, err := detectEncoding(name, src)
	if err != nil {
		return nil, err
	}
	limiter := &RunLimiter{R: decoder(io.NewSectionReader(src, 0, src.Size()), enc), Sep: '\n', Max: lim.LineLength,
		Fail: func(line int) error { return &errLineTooLong{line, lim.LineLength} }}
	tb := bufio.NewReaderSize(limiter, 64*1024)
	sample, _ := tb.Peek(32 * 1024)
	delim, skipSep := sniffDelimiter(sample)
	if skipSep {
		if _, err := tb.ReadString('\n'); err != nil && !errors.Is(err, io.EOF) {
			return nil, problem.Problem{File: name, Message: err.Error()}
		}
	}
	cr := csv.NewReader(tb)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	// Strict quotes: a quote that is never closed is an error naming where it
	// opened, not the rest of the file swallowed into one cell.
	cr.LazyQuotes = false
	t := &Table{File: name}
	// Excel numbers every line as a row, blank ones too, which encoding/csv
	// skips; a quoted cell with line breaks is still one row.
	num, lastLine := 0, 0
	if skipSep {
		num, lastLine = 1, 0
	}
	next := func() (Row, bool, error) {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return Row{}, false, nil
		}
		if err != nil {
			return Row{}, false, csvProblem(name, num+1, err, lim)
		}
		line, _ := cr.FieldPos(0)
		num += 1 + max(0, line-lastLine-1)
		lastLine = line
		for _, c := range rec {
			lastLine += countByte(c, '\n')
		}
		if num > lim.Rows {
			return Row{}, false, problem.Problem{File: name, Row: num, Message: fmt.Sprintf(
				"more than %s rows: a sheet holds at most %s (inputs.limits.rows raises the limit)", wording.Count(lim.Rows), wording.Count(DefaultRows))}
		}
		for i, c := range rec {
			if len(c) > lim.CellLength && utf8.RuneCountInString(c) > lim.CellLength {
				return Row{}, false, problem.Problem{File: name, Row: num, Column: t.columnName(i), Message: fmt.Sprintf(
					"the cell holds %s characters; a cell holds at most %s (inputs.limits.cell_length raises the limit)",
					wording.Count(utf8.RuneCountInString(c)), wording.Count(lim.CellLength))}
			}
		}
		return Row{Num: num, Cells: rec}, true, nil
	}
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
			t.next = next
			m.finish(t, r, index)
			return t, nil
		}
	}
	return nil, hs.problem(name, "")
}

// csvProblem says what is wrong at a row of a CSV.
func csvProblem(name string, row int, err error, lim Limits) problem.Problem {
	var tooLong *errLineTooLong
	if errors.As(err, &tooLong) {
		return problem.Problem{File: name, Row: row, Message: tooLong.Error()}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			return problem.Problem{File: name, Row: row, Message: fmt.Sprintf(
				"a quoted cell that begins on line %d does not end before line %d: a quote (\") is missing or one too many; the file is read no further", pe.StartLine, pe.Line)}
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return problem.Problem{File: name, Row: row, Message: fmt.Sprintf(
				"line %d, field %d: a quote (\") inside a cell that does not begin with one; write the cell in quotes and double the quote (\"\"); the file is read no further", pe.Line, pe.Column)}
		case errors.As(pe.Err, &tooLong):
			return problem.Problem{File: name, Row: row, Message: tooLong.Error()}
		}
		return problem.Problem{File: name, Row: row, Message: "not readable as CSV: " + pe.Error()}
	}
	return problem.Problem{File: name, Row: row, Message: "not readable as CSV: " + err.Error()}
}

// columnName names cell i: its header once the header row is known, else
// its column letter.
func (t *Table) columnName(i int) string {
	if i < len(t.Headers) && t.Headers[i] != "" {
		return t.Headers[i]
	}
	return xlsxstream.ColumnName(i)
}

func countByte(s string, b byte) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			n++
		}
	}
	return n
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
