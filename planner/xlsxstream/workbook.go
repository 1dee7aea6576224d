package xlsxstream

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
	"sync/atomic"
)

// Limits bound what a workbook may make the reader do. Zero fields take the
// defaults.
type Limits struct {
	// MaxPartSize bounds the uncompressed bytes of any one part read (a
	// sheet, the shared strings, the workbook). Default 2 GiB, 2,048 bytes
	// for each of Excel's 1,048,576 rows: the benchmark's sheet of 14
	// columns takes 499 bytes a row with shared strings and 678 with inline
	// strings of 10 to 25 characters, and a cell with an inline string
	// costs about 55 bytes of markup, so a full sheet of 14 columns of
	// inline strings fits with some 90 characters a cell, while a zip bomb
	// is stopped after 2 GiB of work.
	MaxPartSize int64
	// MaxTotalSize bounds the uncompressed bytes of all parts read
	// together over the Workbook's life (a sheet read twice counts twice).
	// Default 4 GiB.
	MaxTotalSize int64
	// MaxRows is the highest row number allowed: a row numbered above it,
	// or counted past it, is a LimitError. Default 1,048,576, Excel's
	// limit.
	MaxRows int
	// MaxCellLen bounds the characters of one cell, counted in UTF-16 code
	// units as Excel counts them. Default 32,767, Excel's limit.
	MaxCellLen int
	// MaxSharedStrings bounds the bytes of shared-string text held in
	// memory, counting 8 bytes of bookkeeping per string besides its UTF-8
	// text (while the table loads, its buffer may take up to twice that).
	// Default 512 MiB.
	MaxSharedStrings int64
}

// Default limits.
const (
	DefaultMaxPartSize      = 2 << 30
	DefaultMaxTotalSize     = 4 << 30
	DefaultMaxRows          = 1 << 20 // 1,048,576
	DefaultMaxCellLen       = 32767
	DefaultMaxSharedStrings = 512 << 20
)

// maxColumns is Excel's number of columns: A to XFD.
const maxColumns = 16384

func (l Limits) withDefaults() Limits {
	if l.MaxPartSize <= 0 {
		l.MaxPartSize = DefaultMaxPartSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultMaxTotalSize
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.MaxCellLen <= 0 {
		l.MaxCellLen = DefaultMaxCellLen
	}
	if l.MaxSharedStrings <= 0 {
		l.MaxSharedStrings = DefaultMaxSharedStrings
	}
	return l
}

// maxTextBytes bounds the bytes of one text collected before it is decoded:
// a character takes up to 7 bytes when written as an _xHHHH_ escape.
func (l Limits) maxTextBytes() int { return 7*l.MaxCellLen + 7 }

// Workbook is an open .xlsx file. Its methods may be called from several
// goroutines at once; each Rows is for one goroutine.
type Workbook struct {
	lim      Limits
	parts    map[string]*zip.File // by lower-cased part name
	dups     map[string]bool      // part names that occur more than once
	sheets   []sheetRef
	date1904 bool
	sstPart  string // "" when the workbook has no shared strings

	total atomic.Int64 // uncompressed bytes read so far

	sstOnce sync.Once
	sst     *sharedStrings
	sstErr  error
}

type sheetRef struct {
	name string
	part string // the worksheet part, "" when err is set
	err  error  // why the sheet cannot be read
}

// cfbMagic starts every OLE compound file: legacy .xls, and the envelope in
// which Excel stores a password-protected workbook.
var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Open reads the directory of the zip in r (of size bytes), finds the
// workbook part through _rels/.rels (xl/workbook.xml by default) and reads
// its sheet list, relationships and date system. It inflates nothing else:
// sheets and shared strings are read when Rows asks for them.
func Open(r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	var magic [8]byte
	if n, _ := r.ReadAt(magic[:], 0); n == len(magic) && bytes.Equal(magic[:], cfbMagic) {
		return nil, ErrEncryptedOrLegacy
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are only looked up, never used as paths
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	w := &Workbook{lim: lim.withDefaults(), parts: map[string]*zip.File{}, dups: map[string]bool{}}
	for _, f := range zr.File {
		// Part names are case-insensitive; some writers use backslashes.
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if w.parts[name] != nil {
			w.dups[name] = true
		}
		w.parts[name] = f
	}
	wbPart, err := w.workbookPart()
	if err != nil {
		return nil, err
	}
	if err := w.readWorkbook(wbPart); err != nil {
		return nil, err
	}
	return w, nil
}

// Sheets returns the names of the sheets in workbook order (hidden ones
// included).
func (w *Workbook) Sheets() []string {
	names := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		names[i] = s.name
	}
	return names
}

// Date1904 reports whether the workbook counts dates from 1904 (workbookPr
// date1904) rather than from 1900: date cells hold serial numbers to be
// converted accordingly.
func (w *Workbook) Date1904() bool { return w.date1904 }

// Rows opens the named sheet (matched exactly, else ignoring case, as Excel
// does). The first call loads the shared strings. The caller must Close the
// Rows, or read them to the end.
func (w *Workbook) Rows(sheet string) (*Rows, error) {
	ref, err := w.sheet(sheet)
	if err != nil {
		return nil, err
	}
	sst, err := w.sharedStrings()
	if err != nil {
		return nil, err
	}
	rc, err := w.open(ref.part)
	if err != nil {
		var fe *FormatError
		var le *LimitError
		if errors.As(err, &fe) {
			fe.Sheet = ref.name
		} else if errors.As(err, &le) {
			le.Sheet = ref.name
		}
		return nil, err
	}
	return newRows(w, ref.name, ref.part, sst, rc), nil
}

func (w *Workbook) sheet(name string) (sheetRef, error) {
	for _, s := range w.sheets {
		if s.name == name {
			return s, s.err
		}
	}
	for _, s := range w.sheets {
		if strings.EqualFold(s.name, name) {
			return s, s.err
		}
	}
	return sheetRef{}, fmt.Errorf("%w: %q", ErrSheetNotFound, name)
}

// open opens a part for reading, counting the bytes inflated against
// MaxPartSize and MaxTotalSize.
func (w *Workbook) open(part string) (*partReader, error) {
	key := strings.ToLower(part)
	f := w.parts[key]
	if f == nil {
		return nil, &FormatError{Part: part, Offset: -1, Msg: "the part is missing from the zip"}
	}
	if w.dups[key] {
		return nil, &FormatError{Part: part, Offset: -1, Msg: "the zip holds this part more than once"}
	}
	if declared := f.UncompressedSize64; declared > uint64(w.lim.MaxPartSize) {
		return nil, &LimitError{Kind: LimitPartSize, What: "declared uncompressed size of the part", Limit: w.lim.MaxPartSize, Got: int64(min(declared, 1<<62)), Part: part}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &FormatError{Part: part, Offset: -1, Msg: "cannot read the zip entry: " + err.Error()}
	}
	return &partReader{rc: rc, part: part, w: w, size: int64(f.UncompressedSize64)}, nil
}

// partReader counts the bytes inflated from a part: the sizes in the zip
// headers are the writer's word, this is the truth.
type partReader struct {
	rc   io.ReadCloser
	part string
	w    *Workbook
	size int64 // the declared size: a hint for buffer sizes, no more
	n    int64 // bytes inflated so far
}

func (p *partReader) Read(b []byte) (int, error) {
	n, err := p.rc.Read(b)
	p.n += int64(n)
	if p.n > p.w.lim.MaxPartSize {
		return 0, &LimitError{Kind: LimitPartSize, What: "uncompressed size of the part", Limit: p.w.lim.MaxPartSize, Got: -1, Part: p.part}
	}
	if total := p.w.total.Add(int64(n)); total > p.w.lim.MaxTotalSize {
		return 0, &LimitError{Kind: LimitWorkbookSize, What: "uncompressed size of the parts read", Limit: p.w.lim.MaxTotalSize, Got: -1, Part: p.part}
	}
	if err != nil && err != io.EOF {
		err = readError(p.part, p.n, err)
	}
	return n, err
}

func (p *partReader) Close() error { return p.rc.Close() }

// The small parts are read with encoding/xml, matching local names only so
// that transitional and strict OOXML read alike.

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	XMLName xml.Name
	Pr      struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"sheets>sheet"`
}

// decodeSmall decodes a small part with encoding/xml.
func (w *Workbook) decodeSmall(part string, v any) error {
	rc, err := w.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		var fe *FormatError
		var le *LimitError
		if errors.As(err, &fe) || errors.As(err, &le) {
			return err
		}
		return &FormatError{Part: part, Offset: -1, Msg: "malformed XML: " + err.Error()}
	}
	return nil
}

// workbookPart finds the workbook part: the target of the officeDocument
// relationship of the package, or xl/workbook.xml.
func (w *Workbook) workbookPart() (string, error) {
	part := "xl/workbook.xml"
	if w.parts["_rels/.rels"] != nil {
		var rels xmlRels
		if err := w.decodeSmall("_rels/.rels", &rels); err != nil {
			return "", err
		}
		for _, r := range rels.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") && r.Mode != "External" {
				part = resolveTarget("", r.Target)
				break
			}
		}
	}
	if w.parts[strings.ToLower(part)] == nil || !strings.HasSuffix(strings.ToLower(part), ".xml") {
		return "", fmt.Errorf("%w: the zip has no SpreadsheetML workbook part (%s)", ErrNotWorkbook, part)
	}
	return part, nil
}

// readWorkbook reads the sheet list, the date system and the relationships
// of the workbook part.
func (w *Workbook) readWorkbook(part string) error {
	var wb xmlWorkbook
	if err := w.decodeSmall(part, &wb); err != nil {
		return err
	}
	if wb.XMLName.Local != "workbook" {
		return fmt.Errorf("%w: its main part %s is a <%s>, not a SpreadsheetML <workbook>", ErrNotWorkbook, part, wb.XMLName.Local)
	}
	switch strings.TrimSpace(wb.Pr.Date1904) {
	case "", "0", "false":
	case "1", "true":
		w.date1904 = true
	default:
		return &FormatError{Part: part, Offset: -1, Msg: fmt.Sprintf("workbookPr date1904=%q: expected true, false, 1 or 0", wb.Pr.Date1904)}
	}
	dir := path.Dir(part)
	relsPart := path.Join(dir, "_rels", path.Base(part)+".rels")
	var rels xmlRels
	if err := w.decodeSmall(relsPart, &rels); err != nil {
		return err
	}
	byID := map[string]int{}
	for i, r := range rels.Rels {
		byID[r.ID] = i
		if strings.HasSuffix(r.Type, "/sharedStrings") && r.Mode != "External" && w.sstPart == "" {
			w.sstPart = resolveTarget(dir, r.Target)
		}
	}
	if w.sstPart == "" && w.parts[strings.ToLower(path.Join(dir, "sharedStrings.xml"))] != nil {
		w.sstPart = path.Join(dir, "sharedStrings.xml")
	}
	for _, s := range wb.Sheets {
		ref := sheetRef{name: s.Name}
		id := ""
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				id = a.Value
			}
		}
		i, ok := byID[id]
		switch {
		case !ok:
			ref.err = &FormatError{Part: relsPart, Offset: -1, Msg: fmt.Sprintf("sheet %q refers to relationship %q, which is not there", s.Name, id)}
		case !strings.HasSuffix(rels.Rels[i].Type, "/worksheet"):
			ref.err = fmt.Errorf("xlsxstream: sheet %q is not a worksheet (it is a %s)", s.Name, path.Base(rels.Rels[i].Type))
		default:
			ref.part = resolveTarget(dir, rels.Rels[i].Target)
		}
		w.sheets = append(w.sheets, ref)
	}
	return nil
}

// resolveTarget returns the part name a relationship target names: relative
// to the source part's folder dir, or absolute when it starts with "/".
func resolveTarget(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join("/", dir, target)), "/")
}

// sharedStrings loads the shared strings once.
func (w *Workbook) sharedStrings() (*sharedStrings, error) {
	w.sstOnce.Do(func() {
		w.sst = &sharedStrings{}
		if w.sstPart != "" {
			w.sst, w.sstErr = loadSharedStrings(w, w.sstPart)
		}
	})
	return w.sst, w.sstErr
}
