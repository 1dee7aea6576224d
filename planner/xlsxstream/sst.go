package xlsxstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// sharedStrings is the shared-string table: every string, decoded, in
// chunks of a few megabytes, so that a million cells that share a few
// hundred strings cost no allocation, and a hostile table costs one byte
// per byte of text plus eight per string, allocated once (no doubling of
// one ever larger buffer: the memory limit is the memory used).
type sharedStrings struct {
	chunks []string
	ends   []uint64 // string i ends at offset uint32(ends[i]) of chunk ends[i]>>32
}

// sstChunk is the size of a chunk; a longer string (at most 7 bytes a
// character of the longest cell) gets a chunk of its own.
const sstChunk = 4 << 20

func (t *sharedStrings) len() int { return len(t.ends) }

func (t *sharedStrings) get(i int) string {
	e := t.ends[i]
	chunk, end := e>>32, uint32(e)
	start := uint32(0)
	if i > 0 && t.ends[i-1]>>32 == chunk {
		start = uint32(t.ends[i-1])
	}
	return t.chunks[chunk][start:end]
}

// sstBuilder fills the chunks of a table.
type sstBuilder struct {
	t   *sharedStrings
	buf []byte // the chunk being filled
}

func (b *sstBuilder) add(value []byte) {
	if b.buf == nil || len(b.buf)+len(value) > cap(b.buf) {
		b.flush()
		b.buf = make([]byte, 0, max(sstChunk, len(value)))
	}
	b.buf = append(b.buf, value...)
	b.t.ends = append(b.t.ends, uint64(len(b.t.chunks))<<32|uint64(len(b.buf)))
}

func (b *sstBuilder) flush() {
	if b.buf != nil {
		b.t.chunks = append(b.t.chunks, string(b.buf)) // one copy, then the buffer goes
		b.buf = nil
	}
}

// The namespaces the root <sst> must be in, as excelize requires.
const (
	nsMain       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsMainStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
)

func loadSharedStrings(w *Workbook, part string) (*sharedStrings, error) {
	rc, err := w.open(part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return loadSharedStringsFrom(w, part, rc, rc.size)
}

func loadSharedStringsFrom(w *Workbook, part string, src io.Reader, sizeHint int64) (*sharedStrings, error) {
	s := newScanner(part, src, sizeHint)
	kind, err := s.next()
	if err != nil {
		return nil, err
	}
	if kind != tokStart || string(s.local) != "sst" || !inNamespace(s, nsMain, nsMainStrict) {
		return nil, s.failAt(s.tokOff, fmt.Sprintf("expected the root element <sst> in namespace %s, found <%s>", nsMain, s.qname))
	}
	if err := checkTypedAttrs(s, sstAttrs); err != nil {
		return nil, err
	}
	var (
		t     = &sharedStrings{}
		text  = sstBuilder{t: t}
		item  []byte
		value []byte
		held  int64
	)
	for done := s.empty; !done; { // until </sst>, unless <sst/>
		kind, err := s.next()
		if err != nil {
			return nil, err
		}
		if kind == tokEnd {
			done = true
			continue
		}
		if string(s.local) != "si" {
			if err := skipElement(s, 0); err != nil {
				return nil, err
			}
			continue
		}
		off := s.tokOff
		if item, err = readRichText(s, item[:0], w.lim.maxTextBytes()); err != nil {
			var fe *FormatError
			if errors.As(err, &fe) {
				fe.Msg = fmt.Sprintf("shared string %d: %s", t.len(), fe.Msg)
			}
			return nil, err
		}
		if value, err = decodeEscapes(value[:0], item); err != nil {
			return nil, s.failAt(off, fmt.Sprintf("shared string %d: %v", t.len(), err))
		}
		if n := utf16Len(value); n > w.lim.MaxCellLen {
			return nil, &LimitError{Kind: LimitCellLength, What: fmt.Sprintf("length of shared string %d in characters", t.len()), Limit: int64(w.lim.MaxCellLen), Got: int64(n), Part: part}
		}
		if held += int64(len(value)) + 8; held > w.lim.MaxSharedStrings {
			return nil, &LimitError{Kind: LimitSharedStrings, What: "memory for shared strings in bytes", Limit: w.lim.MaxSharedStrings, Got: -1, Part: part}
		}
		text.add(value)
	}
	// Read to the end: the rest must be well-formed too, and the zip
	// checks its CRC only there.
	for {
		kind, err := s.next()
		if err != nil {
			return nil, err
		}
		if kind == tokEOF {
			break
		}
	}
	text.flush()
	return t, nil
}

// inNamespace reports whether the current (root) start tag's name is in one
// of the namespaces given, declared on the tag itself.
func inNamespace(s *scanner, spaces ...string) bool {
	decl := "xmlns"
	if i := strings.IndexByte(string(s.qname), ':'); i >= 0 {
		decl = "xmlns:" + string(s.qname[:i])
	}
	for i := range s.attrs {
		a := &s.attrs[i]
		if string(s.attrName(a)) != decl {
			continue
		}
		v := string(s.value(a))
		for _, ns := range spaces {
			if v == ns {
				return true
			}
		}
		return false
	}
	return false
}

// readRichText reads the content of an <si> or <is> element, whose start
// tag was just read, and appends its text to dst: the text of its <t>, then
// of the <t> of each rich-text run <r>, as excelize does. Phonetic runs
// (<rPh>) and properties are checked and left out.
func readRichText(s *scanner, dst []byte, limit int) ([]byte, error) {
	if s.empty {
		return dst, nil
	}
	sawT, sawRun := false, false
	for {
		kind, err := s.next()
		if err != nil || kind == tokEnd {
			return dst, err
		}
		switch string(s.local) {
		case "t":
			if sawT || sawRun {
				return dst, s.failAt(s.tokOff, "a string may have one <t> only, before its rich-text runs <r>")
			}
			sawT = true
			dst, err = readText(s, dst, limit)
		case "r":
			sawRun = true
			dst, err = readRun(s, dst, limit)
		case "rPh":
			err = checkAndSkip(s, phoneticRunAttrs)
		case "phoneticPr":
			err = checkAndSkip(s, phoneticPrAttrs)
		default:
			err = skipElement(s, 0)
		}
		if err != nil {
			return dst, err
		}
	}
}

// readRun reads a rich-text run <r>, whose start tag was just read.
func readRun(s *scanner, dst []byte, limit int) ([]byte, error) {
	if s.empty {
		return dst, nil
	}
	sawT := false
	for {
		kind, err := s.next()
		if err != nil || kind == tokEnd {
			return dst, err
		}
		switch string(s.local) {
		case "t":
			if sawT {
				return dst, s.failAt(s.tokOff, "a rich-text run may have one <t> only")
			}
			sawT = true
			dst, err = readText(s, dst, limit)
		case "rPr":
			err = checkRunProperties(s)
		default:
			err = skipElement(s, 0)
		}
		if err != nil {
			return dst, err
		}
	}
}

// readText reads a text element (<t> or <v>), whose start tag was just read,
// appending its text to dst. It may hold text only.
func readText(s *scanner, dst []byte, limit int) ([]byte, error) {
	if s.empty {
		return dst, nil
	}
	dst, err := s.text(dst, true, limit)
	if err != nil {
		return dst, err
	}
	kind, err := s.next()
	if err == nil && kind != tokEnd {
		err = s.failAt(s.tokOff, fmt.Sprintf("<%s> is not allowed in a text element (<v> or <t>)", s.qname))
	}
	return dst, err
}

// skipElement skips the content of the element whose start tag was just
// read. It fails on an element inside it whose local name is one of the
// forbidden ones (a bit set of names, see nameBit): those would mean
// something to excelize wherever they are, so a reader that skipped them
// would disagree with it silently.
func skipElement(s *scanner, forbidden uint) error {
	if s.empty {
		return nil
	}
	depth := s.depth()
	outer := ""
	if forbidden != 0 {
		outer = string(s.qname)
	}
	for {
		kind, err := s.next()
		if err != nil {
			return err
		}
		if kind == tokStart && forbidden&nameBit(s.local) != 0 {
			return s.failAt(s.tokOff, fmt.Sprintf("<%s> is not allowed inside <%s>", s.qname, outer))
		}
		if kind == tokEnd && s.depth() < depth {
			return nil
		}
	}
}

// Element names that mean something to the sheet reader.
const (
	bitSheetData = 1 << iota
	bitRow
	bitC
	bitV
	bitF
	bitIs
)

func nameBit(local []byte) uint {
	switch string(local) {
	case "sheetData":
		return bitSheetData
	case "row":
		return bitRow
	case "c":
		return bitC
	case "v":
		return bitV
	case "f":
		return bitF
	case "is":
		return bitIs
	}
	return 0
}

// Typed attributes. excelize decodes these parts with encoding/xml into
// structs with int, bool and float fields; a value that does not parse
// makes it fail or, in a sheet, silently drop the cell's value. They are
// checked here the same way (strconv after trimming space, empty allowed),
// so that what excelize refuses is an error here too, never a value.
type attrKind uint8

const (
	attrInt attrKind = iota + 1
	attrUint32
	attrBool
	attrFloat
)

type attrSpec map[string]attrKind

var (
	sstAttrs         = attrSpec{"count": attrInt, "uniqueCount": attrInt}
	phoneticRunAttrs = attrSpec{"sb": attrUint32, "eb": attrUint32}
	phoneticPrAttrs  = attrSpec{"fontId": attrInt}
	formulaAttrs     = attrSpec{"aca": attrBool, "dt2D": attrBool, "dtr": attrBool, "del1": attrBool, "del2": attrBool, "ca": attrBool, "bx": attrBool, "si": attrInt}
	colorAttrs       = attrSpec{"auto": attrBool, "indexed": attrInt, "theme": attrInt, "tint": attrFloat}
	valInt           = attrSpec{"val": attrInt}
	valBool          = attrSpec{"val": attrBool}
	valFloat         = attrSpec{"val": attrFloat}
	// runPropertyAttrs maps the children of <rPr> to their typed attributes.
	runPropertyAttrs = map[string]attrSpec{
		"charset": valInt, "family": valInt,
		"b": valBool, "i": valBool, "strike": valBool, "outline": valBool,
		"shadow": valBool, "condense": valBool, "extend": valBool,
		"sz": valFloat, "color": colorAttrs,
	}
)

// checkTypedAttrs checks the attributes of the current start tag named in
// spec, whatever their prefix.
func checkTypedAttrs(s *scanner, spec attrSpec) error {
	for i := range s.attrs {
		a := &s.attrs[i]
		kind := spec[string(s.attrLocal(a))]
		if kind == 0 {
			continue
		}
		v := s.value(a)
		if len(v) == 0 {
			continue
		}
		t := strings.TrimSpace(string(v))
		var err error
		want := ""
		switch kind {
		case attrInt:
			_, err = strconv.ParseInt(t, 10, 64)
			want = "an integer"
		case attrUint32:
			_, err = strconv.ParseUint(t, 10, 32)
			want = "an unsigned integer"
		case attrBool:
			_, err = strconv.ParseBool(t)
			want = "true, false, 1 or 0"
		case attrFloat:
			_, err = strconv.ParseFloat(t, 64)
			want = "a number"
		}
		if err != nil {
			return s.failAt(s.tokOff, fmt.Sprintf("attribute %s=%q of <%s>: expected %s", s.attrLocal(a), v, s.qname, want))
		}
	}
	return nil
}

// checkAndSkip checks the typed attributes of the current start tag and
// skips its content.
func checkAndSkip(s *scanner, spec attrSpec) error {
	if err := checkTypedAttrs(s, spec); err != nil {
		return err
	}
	return skipElement(s, 0)
}

// checkRunProperties checks the run properties <rPr> whose start tag was
// just read.
func checkRunProperties(s *scanner) error {
	if s.empty {
		return nil
	}
	for {
		kind, err := s.next()
		if err != nil || kind == tokEnd {
			return err
		}
		if err := checkAndSkip(s, runPropertyAttrs[string(s.local)]); err != nil {
			return err
		}
	}
}

// decodeEscapes appends to dst the text of src with its _xHHHH_ escapes
// decoded, as excelize does for shared and inline strings: Excel writes a
// character that XML cannot hold (a control character) as _xHHHH_, and a
// literal "_x" that looks like one as _x005F_x. Escapes are matched left to
// right without overlapping, as excelize's regular expression matches them.
// An escape of a UTF-16 surrogate is an error (excelize drops it silently).
func decodeEscapes(dst, src []byte) ([]byte, error) {
	for {
		i := indexEscape(src)
		if i < 0 {
			return append(dst, src...), nil
		}
		dst = append(dst, src[:i]...)
		var r rune
		for _, c := range src[i+2 : i+6] {
			r = r<<4 | rune(unhex(c))
		}
		if utf16.IsSurrogate(r) {
			return dst, fmt.Errorf("the escape %s names a UTF-16 surrogate, not a character", src[i:i+7])
		}
		dst = utf8.AppendRune(dst, r)
		src = src[i+7:]
	}
}

// indexEscape returns the index of the first _xHHHH_ escape in b, or -1.
func indexEscape(b []byte) int {
	for i := 0; ; i++ {
		j := bytes.Index(b[i:], []byte("_x"))
		if j < 0 {
			return -1
		}
		i += j
		if i+7 <= len(b) && b[i+6] == '_' &&
			unhex(b[i+2]) < 16 && unhex(b[i+3]) < 16 && unhex(b[i+4]) < 16 && unhex(b[i+5]) < 16 {
			return i
		}
	}
}

// utf16Len returns the length of the UTF-8 text b in UTF-16 code units, the
// unit of Excel's cell length limit.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}
