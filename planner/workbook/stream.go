package workbook

import (
	"bufio"
	"bytes"
	"hash/crc32"
	"io"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"

	flate "github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// The large sheets (Devices, Ineligible: a row per device) are not written
// through excelize, which holds every cell in an interface and writes a
// temporary file: excelize writes their frame (columns, panes, filter, page
// setup, header row) and a marker row; canonical then replaces the marker
// row with the rows written here, as excelize's stream writer writes them
// (inline strings, the same styles), and compresses the part in parallel.

// cell is a value with its style, as the builder's helpers make it.
type cell struct {
	style int
	kind  cellKind
	text  string
	num   int // a number, or a date's serial
	sst   int // 1 + the text's index in the shared strings; 0: written inline
}

type cellKind uint8

const (
	kindText cellKind = iota
	kindNumber
	kindDate
)

// excel returns the cell for excelize's stream writer.
func (c cell) excel() excelize.Cell {
	switch c.kind {
	case kindNumber:
		return excelize.Cell{StyleID: c.style, Value: c.num}
	case kindDate:
		return excelize.Cell{StyleID: c.style, Value: float64(c.num)}
	}
	return excelize.Cell{StyleID: c.style, Value: c.text}
}

// display is the text a cell shows, for fitting columns and rows.
func (c cell) display() string {
	switch c.kind {
	case kindNumber:
		return strconv.Itoa(c.num)
	case kindDate:
		return "0000-00-00"
	}
	return c.text
}

// rowWriter writes rows of cells as SpreadsheetML.
type rowWriter struct {
	w       *bufio.Writer
	num     []byte
	scratch []byte
}

func newRowWriter(w io.Writer) *rowWriter {
	return &rowWriter{w: bufio.NewWriterSize(w, 256<<10)}
}

// row writes row n; height 0 keeps the default.
func (rw *rowWriter) row(n int, cells []cell, height float64) {
	w := rw.w
	rw.num = strconv.AppendInt(rw.num[:0], int64(n), 10)
	w.WriteString(`<row r="`)
	w.Write(rw.num)
	if height > 0 {
		w.WriteString(`" ht="`)
		w.WriteString(strconv.FormatFloat(height, 'f', -1, 64))
		w.WriteString(`" customHeight="1`)
	}
	w.WriteString(`">`)
	// Cells go without their reference (r="B7"), which SpreadsheetML lets a
	// reader count on from the previous one: a third less to write and to
	// compress. Every cell of the row is written, so none is misplaced.
	for _, c := range cells {
		w.WriteString(`<c s="`)
		rw.scratch = strconv.AppendInt(rw.scratch[:0], int64(c.style), 10)
		w.Write(rw.scratch)
		switch {
		case c.sst > 0:
			w.WriteString(`" t="s"><v>`)
			rw.scratch = strconv.AppendInt(rw.scratch[:0], int64(c.sst-1), 10)
			w.Write(rw.scratch)
			w.WriteString(`</v></c>`)
		case c.kind == kindNumber || c.kind == kindDate:
			w.WriteString(`"><v>`)
			rw.scratch = strconv.AppendInt(rw.scratch[:0], int64(c.num), 10)
			w.Write(rw.scratch)
			w.WriteString(`</v></c>`)
		default:
			w.WriteString(`" t="inlineStr"><is><t`)
			if c.text != "" && (c.text[0] == ' ' || c.text[len(c.text)-1] == ' ' || c.text[0] == '\n' || c.text[len(c.text)-1] == '\n') {
				w.WriteString(` xml:space="preserve"`)
			}
			w.WriteString(`>`)
			writeEscaped(w, c.text)
			w.WriteString(`</t></is></c>`)
		}
	}
	w.WriteString(`</row>`)
}

// sharedStrings is the table of the texts that repeat down the large
// sheets (verdicts in words, products, waves, Yes and No): written once,
// referred to by index, they make the sheets a third of their inline size.
type sharedStrings struct {
	index map[string]int
	list  []string
}

// share returns c referring to the shared strings (text cells only).
func (t *sharedStrings) share(c cell) cell {
	if c.kind != kindText {
		return c
	}
	i, ok := t.index[c.text]
	if !ok {
		i = len(t.list)
		t.index[c.text] = i
		t.list = append(t.list, c.text)
	}
	c.sst = i + 1
	return c
}

// write writes the shared-string part.
func (t *sharedStrings) write(out io.Writer) error {
	w := bufio.NewWriterSize(out, 64<<10)
	w.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	w.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="`)
	w.WriteString(strconv.Itoa(len(t.list)))
	w.WriteString(`">`)
	for _, s := range t.list {
		w.WriteString(`<si><t`)
		if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '\n' || s[len(s)-1] == '\n') {
			w.WriteString(` xml:space="preserve"`)
		}
		w.WriteString(`>`)
		writeEscaped(w, s)
		w.WriteString(`</t></si>`)
	}
	w.WriteString(`</sst>`)
	return w.Flush()
}

// writeEscaped writes s as XML text: &, < and > escaped; characters XML
// does not allow (Safe has escaped the control characters already) become
// U+FFFD.
func writeEscaped(w *bufio.Writer, s string) {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c < 0x20 && c != '\n' && c != '\t' && c != '\r':
				esc = "\uFFFD"
			default:
				i++
				continue
			}
			w.WriteString(s[start:i])
			w.WriteString(esc)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			w.WriteString(s[start:i])
			w.WriteString("\uFFFD")
			start = i + size
		}
		i += size
	}
	w.WriteString(s[start:])
}

// splice is a large sheet's rows, written in place of its marker row.
type splice struct {
	marker string
	write  func(w io.Writer) error
}

// spliceRows returns the part with the row holding marker replaced by the
// rows that write produces: prefix, rows, suffix.
func spliceRows(part []byte, marker string, write func(io.Writer) error, out io.Writer) (bool, error) {
	at := bytes.Index(part, []byte(marker))
	if at < 0 {
		return false, nil
	}
	start := bytes.LastIndex(part[:at], []byte("<row "))
	end := bytes.Index(part[at:], []byte("</row>"))
	if start < 0 || end < 0 {
		return false, nil
	}
	end += at + len("</row>")
	if _, err := out.Write(part[:start]); err != nil {
		return true, err
	}
	if err := write(out); err != nil {
		return true, err
	}
	_, err := out.Write(part[end:])
	return true, err
}

// parallelDeflate compresses a stream as raw deflate (a zip entry's data)
// in chunks, on every core: each chunk is compressed on its own and ended
// with a sync flush, and the chunks are written in order, so the same input
// gives the same bytes. It counts the input and its CRC-32 for the zip
// header.
type parallelDeflate struct {
	out     io.Writer
	level   int
	buf     []byte
	queue   []*deflateJob
	jobs    chan *deflateJob
	workers sync.WaitGroup
	crc     uint32
	in, n   int64 // bytes in, bytes out
	err     error
}

type deflateJob struct {
	data []byte
	out  *bytes.Buffer
	done chan struct{}
}

// The chunks and their compressed forms are reused: a large sheet passes
// gigabytes through here, in a few megabytes.
var (
	chunkPool = sync.Pool{New: func() any { b := make([]byte, 0, deflateChunk); return &b }}
	outPool   = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

const deflateChunk = 1 << 20

func newParallelDeflate(out io.Writer, level int) *parallelDeflate {
	p := &parallelDeflate{out: out, level: level, jobs: make(chan *deflateJob)}
	for i := 0; i < max(1, runtime.GOMAXPROCS(0)); i++ {
		p.workers.Add(1)
		go func() {
			defer p.workers.Done()
			var fw *flate.Writer
			for j := range p.jobs {
				if fw == nil {
					fw, _ = flate.NewWriter(j.out, level)
				} else {
					fw.Reset(j.out)
				}
				fw.Write(j.data)
				fw.Flush() // byte-aligned, not final: the next chunk follows
				close(j.done)
			}
		}()
	}
	return p
}

func (p *parallelDeflate) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n := len(b)
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.in += int64(n)
	for len(b) > 0 {
		if p.buf == nil {
			p.buf = (*chunkPool.Get().(*[]byte))[:0]
		}
		k := copy(p.buf[len(p.buf):cap(p.buf)], b)
		p.buf = p.buf[:len(p.buf)+k]
		b = b[k:]
		if len(p.buf) == cap(p.buf) {
			p.dispatch()
		}
	}
	return n, p.err
}

func (p *parallelDeflate) dispatch() {
	out := outPool.Get().(*bytes.Buffer)
	out.Reset()
	j := &deflateJob{data: p.buf, out: out, done: make(chan struct{})}
	p.buf = nil
	p.jobs <- j
	p.queue = append(p.queue, j)
	// Keep a few chunks in flight per core; write out the oldest.
	for len(p.queue) > 2*runtime.GOMAXPROCS(0) {
		p.emit()
	}
}

func (p *parallelDeflate) emit() {
	j := p.queue[0]
	p.queue = p.queue[1:]
	<-j.done
	if p.err == nil {
		n, err := p.out.Write(j.out.Bytes())
		p.n += int64(n)
		p.err = err
	}
	chunk := j.data[:0]
	chunkPool.Put(&chunk)
	outPool.Put(j.out)
}

// Close compresses what is left and ends the stream with an empty final
// block.
func (p *parallelDeflate) Close() error {
	if len(p.buf) > 0 {
		p.dispatch()
	}
	for len(p.queue) > 0 {
		p.emit()
	}
	close(p.jobs)
	p.workers.Wait()
	if p.err != nil {
		return p.err
	}
	n, err := p.out.Write([]byte{1, 0, 0, 0xff, 0xff}) // a final, empty stored block
	p.n += int64(n)
	return err
}
