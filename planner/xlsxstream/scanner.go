package xlsxstream

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The scanner is a pull tokenizer for the XML of one part. It checks that
// the part is well-formed XML 1.0 in UTF-8 (every byte: names, attribute
// values, character data, comments), at least as strictly as encoding/xml
// does, and hands out start and end tags one at a time; character data is
// either discarded (next) or decoded into a caller's buffer (text). It knows
// nothing of SpreadsheetML.
//
// It works on its own buffer, refilled from src, and never copies a token
// unless asked: names and attribute values are slices of that buffer, valid
// until the next call. A tag is parsed in place; when the buffer ends in the
// middle of one, the scanner reads more and parses the tag again from its
// start, which happens about once per buffer and keeps the common path a
// single pass.

type tokenKind uint8

const (
	tokEOF   tokenKind = iota // the end of a well-formed part
	tokStart                  // a start tag (or a self-closing one: see scanner.empty)
	tokEnd                    // an end tag
)

// attr is one attribute of the current start tag, as offsets into the tag
// (no pointers: appending one costs no write barrier).
type attr struct {
	name, colon, end int32 // the name is tag[name:end], its local part tag[colon+1:end]
	val, valEnd      int32 // the value as written, without the quotes
	plain            bool  // the value holds no reference and no CR: it is as written
}

const (
	scanBufSize = 64 << 10
	maxTagLen   = 1 << 20 // longest start or end tag accepted, attributes included
	maxDepth    = 256     // deepest nesting of elements accepted
	maxRefLen   = 64      // longest entity or character reference, "&" and ";" included
)

type scanner struct {
	part string
	src  io.Reader
	buf  []byte // buf[pos:end] has been read and not consumed
	pos  int
	end  int
	base int64 // offset in the part of buf[0]
	eof  bool  // src is exhausted
	err  error // the first error, returned by every later call

	// The current tag.
	tokOff int64  // offset of its "<"
	tag    []byte // a start tag, as written
	qname  []byte
	local  []byte
	empty  bool // a self-closing start tag: no end tag follows
	attrs  []attr

	open     []byte // qualified names of the open elements, concatenated
	openEnds []int  // end of each open element's name in open
	rootSeen bool

	scratch []byte // attribute values being decoded
}

var errIncomplete = errors.New("incomplete token") // the buffer ends inside a tag

// newScanner returns a scanner of the part read from src, whose size is
// about sizeHint bytes (0 if unknown): a small part gets a small buffer.
func newScanner(part string, src io.Reader, sizeHint int64) *scanner {
	s := &scanner{part: part, src: src, buf: make([]byte, bufSize(sizeHint, scanBufSize))}
	s.start()
	return s
}

// start skips a byte-order mark and checks the XML declaration, if any.
func (s *scanner) start() {
	s.fill(3)
	b := s.buf[s.pos:s.end]
	if bytes.HasPrefix(b, []byte("\xFF\xFE")) || bytes.HasPrefix(b, []byte("\xFE\xFF")) {
		s.failAt(0, "the part is in UTF-16; only UTF-8 is read")
		return
	}
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		s.pos += 3
	}
	s.fill(6)
	b = s.buf[s.pos:s.end]
	if len(b) < 6 || string(b[:5]) != "<?xml" || !(isSpace(b[5]) || b[5] == '?') {
		return
	}
	off := s.offset()
	s.pos += 2
	decl, err := s.skipPI(true)
	if err != nil {
		return
	}
	if v := procInst("version", decl); v != "" && v != "1.0" {
		s.failAt(off, fmt.Sprintf("the XML declaration says version %q; only XML 1.0 is read", v))
	}
	if e := procInst("encoding", decl); e != "" && !strings.EqualFold(e, "utf-8") && !strings.EqualFold(e, "utf8") {
		s.failAt(off, fmt.Sprintf("the XML declaration says encoding %q; only UTF-8 is read", e))
	}
}

// procInst returns the value of param in the content of an XML declaration,
// found the way encoding/xml finds it, so that both read the same
// declarations alike.
func procInst(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bufSize returns the size of a buffer for a part of about sizeHint bytes (0
// if unknown): limit, or less for a smaller part.
func bufSize(sizeHint int64, limit int) int {
	if sizeHint <= 0 || sizeHint+4<<10 >= int64(limit) {
		return limit
	}
	return int(sizeHint) + 4<<10
}

func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

// failAt records a FormatError at offset off of the part and returns it.
func (s *scanner) failAt(off int64, msg string) error {
	if s.err == nil {
		s.err = &FormatError{Part: s.part, Offset: off, Msg: msg}
	}
	return s.err
}

func (s *scanner) fail(msg string) error { return s.failAt(s.offset(), msg) }

// more reads at least one more byte into the buffer, keeping buf[pos:end]. It
// returns false at the end of the part or on an error (then in s.err).
func (s *scanner) more() bool {
	if s.eof || s.err != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTagLen {
			s.err = &LimitError{Kind: LimitTagLength, What: "length of one tag in bytes", Limit: maxTagLen, Got: -1, Part: s.part}
			return false
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for {
		n, err := s.src.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.err = readError(s.part, s.base+int64(s.end), err)
		}
		if n > 0 || err != nil {
			return n > 0
		}
	}
}

// readError turns an error from a part's reader into the error reported.
func readError(part string, off int64, err error) error {
	var fe *FormatError
	var le *LimitError
	if errors.As(err, &fe) || errors.As(err, &le) {
		return err
	}
	switch {
	case errors.Is(err, zip.ErrFormat):
		// archive/zip says so when the data runs past the size the header gives.
		return &FormatError{Part: part, Offset: off, Msg: "the zip entry holds more data than its header says: the file is damaged or was altered"}
	case errors.Is(err, zip.ErrChecksum):
		return &FormatError{Part: part, Offset: off, Msg: "the zip entry's checksum does not match its data: the file is damaged or was altered"}
	}
	return &FormatError{Part: part, Offset: off, Msg: "the zip entry is damaged: " + err.Error()}
}

// fill makes at least n bytes available at buf[pos:] and reports whether it
// could; it cannot at the end of the part or on an error.
func (s *scanner) fill(n int) bool {
	for s.end-s.pos < n {
		if !s.more() {
			return false
		}
	}
	return true
}

// unexpectedEOF returns s.err, or an error for a part that ends in the middle
// of what.
func (s *scanner) unexpectedEOF(what string) error {
	if s.err != nil {
		return s.err
	}
	return s.fail("the part ends in the middle of " + what)
}

// depth is the number of open elements.
func (s *scanner) depth() int { return len(s.openEnds) }

// next discards character data, comments and processing instructions and
// reads the next start or end tag. At the end of the part it checks that
// every element was closed and returns tokEOF.
func (s *scanner) next() (tokenKind, error) {
	// Fast path: a tag right here, as between most tags of a sheet.
	if s.err == nil && s.pos+1 < s.end && s.buf[s.pos] == '<' {
		switch c := s.buf[s.pos+1]; {
		case c == '/':
			return tokEnd, s.endTag()
		case c != '!' && c != '?':
			return tokStart, s.startTag()
		}
	}
	if _, err := s.text(nil, false, 0); err != nil {
		return tokEOF, err
	}
	if s.pos == s.end {
		if s.depth() > 0 {
			return tokEOF, s.fail(fmt.Sprintf("the part ends before <%s> is closed", s.top()))
		}
		if !s.rootSeen {
			return tokEOF, s.fail("the part has no XML element")
		}
		return tokEOF, nil
	}
	// text stopped at "<" followed by "/" or by what must be a name.
	if s.buf[s.pos+1] == '/' {
		return tokEnd, s.endTag()
	}
	return tokStart, s.startTag()
}

func (s *scanner) top() []byte {
	n := len(s.openEnds)
	start := 0
	if n > 1 {
		start = s.openEnds[n-2]
	}
	return s.open[start:s.openEnds[n-1]]
}

func (s *scanner) startTag() error {
	for {
		n, err := s.parseStartTag(s.buf[s.pos:s.end])
		if err == nil {
			s.tokOff = s.offset()
			s.tag = s.buf[s.pos : s.pos+n]
			s.pos += n
			break
		}
		if err != errIncomplete {
			return err
		}
		if !s.more() {
			return s.unexpectedEOF("a start tag")
		}
	}
	if s.depth() == 0 {
		if s.rootSeen {
			return s.failAt(s.tokOff, fmt.Sprintf("a second root element <%s> after the first one ended", s.qname))
		}
		s.rootSeen = true
	}
	if !s.empty {
		if s.depth() >= maxDepth {
			s.err = &LimitError{Kind: LimitDepth, What: "nesting depth of elements", Limit: maxDepth, Got: -1, Part: s.part}
			return s.err
		}
		s.open = append(s.open, s.qname...)
		s.openEnds = append(s.openEnds, len(s.open))
	}
	return nil
}

// parseStartTag parses the start tag at the beginning of b (b[0] == '<') into
// s.qname, s.local, s.empty and s.attrs. It returns the tag's length, or
// errIncomplete when b ends before the tag does.
func (s *scanner) parseStartTag(b []byte) (int, error) {
	s.attrs = s.attrs[:0]
	i, colon, err := s.scanName(b, 1, "an element name after \"<\"")
	if err != nil {
		return 0, err
	}
	s.qname, s.local = b[1:i], b[colon+1:i]
	for {
		j := i
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j == len(b) {
			return 0, errIncomplete
		}
		switch b[j] {
		case '>':
			s.empty = false
			return j + 1, nil
		case '/':
			if j+1 == len(b) {
				return 0, errIncomplete
			}
			if b[j+1] != '>' {
				return 0, s.failAt(s.offset()+int64(j), fmt.Sprintf("expected \"/>\" in <%s>", s.qname))
			}
			s.empty = true
			return j + 2, nil
		}
		if j == i {
			return 0, s.failAt(s.offset()+int64(j), fmt.Sprintf("expected a space, \">\" or \"/>\" after %q in <%s>", b[max(1, i-20):i], s.qname))
		}
		if i, err = s.parseAttr(b, j); err != nil {
			return 0, err
		}
	}
}

// parseAttr parses the attribute starting at b[i] and returns its end.
func (s *scanner) parseAttr(b []byte, i int) (int, error) {
	start := i
	i, colon, err := s.scanName(b, i, "an attribute name, \">\" or \"/>\" in a start tag")
	if err != nil {
		return 0, err
	}
	name := b[start:i]
	a := attr{name: int32(start), colon: int32(colon), end: int32(i), plain: true}
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i == len(b) {
		return 0, errIncomplete
	}
	if b[i] != '=' {
		return 0, s.failAt(s.offset()+int64(i), fmt.Sprintf("expected \"=\" and a quoted value after attribute %s in <%s>", name, s.qname))
	}
	for i++; i < len(b) && isSpace(b[i]); i++ {
	}
	if i == len(b) {
		return 0, errIncomplete
	}
	quote := b[i]
	if quote != '"' && quote != '\'' {
		return 0, s.failAt(s.offset()+int64(i), fmt.Sprintf("expected a quoted value for attribute %s in <%s>", name, s.qname))
	}
	i++
	vstart := i
	for {
		for i < len(b) && chars[b[i]]&cAttr != 0 {
			i++
		}
		if i == len(b) {
			return 0, errIncomplete
		}
		c := b[i]
		switch {
		case c == quote:
			a.val, a.valEnd = int32(vstart), int32(i)
			s.attrs = append(s.attrs, a)
			return i + 1, nil
		case c == '"' || c == '\'':
			i++
		case c == '&':
			_, n, msg := decodeRef(b[i:])
			if n == 0 && msg == "" {
				return 0, errIncomplete
			}
			if msg != "" {
				return 0, s.failAt(s.offset()+int64(i), msg+fmt.Sprintf(" in attribute %s of <%s>", name, s.qname))
			}
			a.plain = false
			i += n
		case c == '\r':
			a.plain = false
			i++
		case c == '<':
			return 0, s.failAt(s.offset()+int64(i), fmt.Sprintf("a \"<\" in the value of attribute %s of <%s> must be written &lt;", name, s.qname))
		default:
			n, msg := checkChar(b[i:], s.eof)
			if n == 0 && msg == "" {
				return 0, errIncomplete
			}
			if msg != "" {
				return 0, s.failAt(s.offset()+int64(i), msg+fmt.Sprintf(" in attribute %s of <%s>", name, s.qname))
			}
			i += n
		}
	}
}

// scanName scans the qualified name starting at b[i] and returns its end and
// the index of its colon (i-1 when it has none). Names are ASCII: XML allows
// more, but no SpreadsheetML part uses more.
func (s *scanner) scanName(b []byte, i int, expected string) (end, colon int, err error) {
	start := i
	colon = i - 1
	for i < len(b) && chars[b[i]]&cName != 0 {
		if b[i] == ':' {
			if colon >= start {
				return 0, 0, s.failAt(s.offset()+int64(i), fmt.Sprintf("a name may have one colon only: %q", b[start:i+1]))
			}
			colon = i
		}
		i++
	}
	if i == len(b) {
		return 0, 0, errIncomplete
	}
	if i == start || chars[b[start]]&cNameStart == 0 || colon == i-1 ||
		(colon >= start && chars[b[colon+1]]&cNameStart == 0) {
		return 0, 0, s.failAt(s.offset()+int64(start), fmt.Sprintf("expected %s, found %q", expected, b[start:min(len(b), i+1)]))
	}
	return i, colon, nil
}

// endTag reads an end tag and checks that it closes the open element.
func (s *scanner) endTag() error {
	// Fast path: the tag closes the open element, with no space before ">".
	if n := len(s.openEnds); n > 0 {
		top := s.top()
		b := s.buf[s.pos:s.end]
		if len(b) > len(top)+2 && b[len(top)+2] == '>' && bytes.Equal(b[2:len(top)+2], top) {
			s.tokOff = s.offset()
			s.qname = b[2 : len(top)+2]
			s.local = s.qname[bytes.IndexByte(s.qname, ':')+1:]
			s.open = s.open[:len(s.open)-len(top)]
			s.openEnds = s.openEnds[:n-1]
			s.pos += len(top) + 3
			return nil
		}
	}
	for {
		b := s.buf[s.pos:s.end]
		i, colon, err := s.scanName(b, 2, "an element name after \"</\"")
		j := i
		for err == nil && j < len(b) && isSpace(b[j]) {
			j++
		}
		if err == nil && j == len(b) {
			err = errIncomplete
		}
		if err == errIncomplete {
			if !s.more() {
				return s.unexpectedEOF("an end tag")
			}
			continue
		}
		if err != nil {
			return err
		}
		s.tokOff = s.offset()
		name := b[2:i]
		if b[j] != '>' {
			return s.failAt(s.offset()+int64(j), fmt.Sprintf("expected \">\" after </%s", name))
		}
		if s.depth() == 0 {
			return s.failAt(s.tokOff, fmt.Sprintf("</%s> closes no open element", name))
		}
		if top := s.top(); !bytes.Equal(top, name) {
			return s.failAt(s.tokOff, fmt.Sprintf("<%s> is closed by </%s>", top, name))
		}
		s.qname, s.local = name, b[colon+1:i]
		s.open = s.open[:len(s.open)-len(name)]
		s.openEnds = s.openEnds[:len(s.openEnds)-1]
		s.pos += j + 1
		return nil
	}
}

// text reads character data up to the next tag, skipping comments and
// processing instructions. With collect, it appends the decoded text
// (references replaced, CR LF and lone CR turned into LF, CDATA sections
// included) to dst, and fails with a LimitError past max bytes. Without, it
// only checks the text, which must be white space outside the root element.
// It stops at a "<" that starts a tag, or at the end of the part.
func (s *scanner) text(dst []byte, collect bool, limit int) ([]byte, error) {
	if s.err != nil {
		return dst, s.err
	}
	for {
		b := s.buf[:s.end]
		i := s.pos
		for i < len(b) && chars[b[i]]&cText != 0 {
			i++
		}
		if i > s.pos {
			if collect {
				dst = append(dst, b[s.pos:i]...)
				if len(dst) > limit {
					return dst, s.tooLong(limit)
				}
			} else if s.depth() == 0 && !allSpace(b[s.pos:i]) {
				return dst, s.fail("text outside the root element")
			}
			s.pos = i
		}
		if i == len(b) {
			if s.more() {
				continue
			}
			return dst, s.err
		}
		c := b[i]
		if c != '<' && c != '\r' && !collect && s.depth() == 0 {
			return dst, s.fail("text outside the root element")
		}
		var err error
		switch {
		case c == '<':
			if !s.fill(2) {
				return dst, s.unexpectedEOF("a tag")
			}
			switch s.buf[s.pos+1] {
			case '!':
				dst, err = s.markupDecl(dst, collect, limit)
			case '?':
				s.pos += 2
				_, err = s.skipPI(false)
			default:
				return dst, nil
			}
		case c == '&':
			s.fill(maxRefLen)
			r, n, msg := decodeRef(s.buf[s.pos:s.end])
			if n == 0 {
				if msg == "" {
					msg = refError(s.buf[s.pos:s.end])
				}
				return dst, s.fail(msg)
			}
			if collect {
				dst = utf8.AppendRune(dst, r)
			}
			s.pos += n
		case c == '\r':
			if collect {
				dst = append(dst, '\n')
			}
			s.pos++
			if s.fill(1) && s.buf[s.pos] == '\n' {
				s.pos++
			}
		case c == ']':
			if s.fill(3) && string(s.buf[s.pos:s.pos+3]) == "]]>" {
				return dst, s.fail("\"]]>\" in text must be written \"]]&gt;\"")
			}
			if collect {
				dst = append(dst, ']')
			}
			s.pos++
		default:
			s.fill(utf8.UTFMax)
			n, msg := checkChar(s.buf[s.pos:s.end], true)
			if msg != "" {
				return dst, s.fail(msg)
			}
			if collect {
				dst = append(dst, s.buf[s.pos:s.pos+n]...)
			}
			s.pos += n
		}
		if err != nil {
			return dst, err
		}
		if collect && len(dst) > limit {
			return dst, s.tooLong(limit)
		}
	}
}

func (s *scanner) tooLong(limit int) error {
	s.err = &LimitError{Kind: LimitTextBytes, What: "length of one text in bytes", Limit: int64(limit), Got: -1, Part: s.part}
	return s.err
}

// markupDecl handles "<!" in text: a comment is skipped, a CDATA section is
// text, anything else (a DOCTYPE) is refused: SpreadsheetML has none, and
// entity declarations are a classic way to make a parser blow up.
func (s *scanner) markupDecl(dst []byte, collect bool, limit int) ([]byte, error) {
	s.fill(9)
	b := s.buf[s.pos:s.end]
	switch {
	case bytes.HasPrefix(b, []byte("<!--")):
		s.pos += 4
		return dst, s.skipComment()
	case bytes.HasPrefix(b, []byte("<![CDATA[")):
		if !collect && s.depth() == 0 {
			return dst, s.fail("a CDATA section outside the root element")
		}
		s.pos += 9
		return s.cdata(dst, collect, limit)
	}
	return dst, s.fail("DOCTYPE and other <!...> declarations are not allowed in a workbook part")
}

// skipComment skips the rest of a comment, after "<!--".
func (s *scanner) skipComment() error {
	for {
		b := s.buf[s.pos:s.end]
		k := bytes.Index(b, []byte("--"))
		upto := k
		if k < 0 {
			upto = max(0, len(b)-1) // a last "-" may start "--"
		}
		n, msg := checkChars(b[:upto], s.eof || k >= 0)
		if msg != "" {
			return s.failAt(s.offset()+int64(n), msg+" in a comment")
		}
		if k >= 0 && n == k {
			if !s.fill(k + 3) {
				return s.unexpectedEOF("a comment")
			}
			if s.buf[s.pos+k+2] != '>' {
				return s.failAt(s.offset()+int64(k), "\"--\" is not allowed inside a comment")
			}
			s.pos += k + 3
			return nil
		}
		s.pos += n
		if !s.more() {
			return s.unexpectedEOF("a comment")
		}
	}
}

// skipPI skips the rest of a processing instruction, after "<?", and returns
// its content after the target when decl is set (for the XML declaration).
func (s *scanner) skipPI(decl bool) (string, error) {
	off := s.offset() - 2
	for {
		b := s.buf[s.pos:s.end]
		i, _, err := s.scanName(b, 0, "a processing instruction's target after \"<?\"")
		if err == errIncomplete {
			if !s.more() {
				return "", s.unexpectedEOF("a processing instruction")
			}
			continue
		}
		if err != nil {
			return "", err
		}
		if !decl && strings.EqualFold(string(b[:i]), "xml") {
			return "", s.failAt(off, "an XML declaration <?xml ...?> is allowed only at the start of the part")
		}
		s.pos += i
		break
	}
	var content []byte
	for {
		b := s.buf[s.pos:s.end]
		k := bytes.Index(b, []byte("?>"))
		upto := k
		if k < 0 {
			upto = max(0, len(b)-1)
		}
		n, msg := checkChars(b[:upto], s.eof || k >= 0)
		if msg != "" {
			return "", s.failAt(s.offset()+int64(n), msg+" in a processing instruction")
		}
		if decl {
			content = append(content, b[:n]...)
			if len(content) > 1024 {
				return "", s.failAt(off, "the XML declaration is too long")
			}
		}
		s.pos += n
		if k >= 0 && n == k {
			s.pos += 2
			return string(content), nil
		}
		if !s.more() {
			return "", s.unexpectedEOF("a processing instruction")
		}
	}
}

// cdata reads the rest of a CDATA section, after "<![CDATA[".
func (s *scanner) cdata(dst []byte, collect bool, limit int) ([]byte, error) {
	for {
		b := s.buf[s.pos:s.end]
		k := bytes.Index(b, []byte("]]>"))
		upto := k
		if k < 0 {
			upto = max(0, len(b)-2) // "]]" may be cut
		}
		seg := b[:upto]
		n, msg := checkChars(seg, s.eof || k >= 0)
		if msg != "" {
			return dst, s.failAt(s.offset()+int64(n), msg+" in a CDATA section")
		}
		if collect {
			dst = appendNormalized(dst, seg[:n])
			if len(dst) > limit {
				return dst, s.tooLong(limit)
			}
		}
		s.pos += n
		if k >= 0 && n == k {
			s.pos += 3
			return dst, nil
		}
		// A CR at the end of the segment may be followed by an LF in the
		// next one: appendNormalized turned the CR into LF already, so
		// that LF is dropped.
		lastCR := n > 0 && seg[n-1] == '\r'
		if !s.more() {
			return dst, s.unexpectedEOF("a CDATA section")
		}
		if lastCR && s.buf[s.pos] == '\n' {
			s.pos++
		}
	}
}

// appendNormalized appends b to dst with CR LF and lone CR turned into LF.
func appendNormalized(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		dst = append(dst, '\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
	}
}

// value returns the value of a with references decoded and CR LF and lone CR
// turned into LF. It is valid until the next call to value or next.
func (s *scanner) value(a *attr) []byte {
	raw := s.tag[a.val:a.valEnd]
	if a.plain {
		return raw
	}
	out := s.scratch[:0]
	for i := 0; i < len(raw); {
		switch c := raw[i]; c {
		case '&':
			r, n, _ := decodeRef(raw[i:]) // checked when the tag was parsed
			out = utf8.AppendRune(out, r)
			i += n
		case '\r':
			out = append(out, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		default:
			out = append(out, c)
			i++
		}
	}
	s.scratch = out
	return out
}

// attrName returns the qualified name of an attribute of the current tag.
func (s *scanner) attrName(a *attr) []byte { return s.tag[a.name:a.end] }

// attrLocal returns the local name (after any prefix) of an attribute of the
// current tag.
func (s *scanner) attrLocal(a *attr) []byte { return s.tag[a.colon+1 : a.end] }

// decodeRef decodes the entity or character reference at the start of b
// (b[0] == '&') and returns the character and the reference's length. It
// returns n == 0 and msg == "" when b may end before the reference does, and
// msg != "" for a reference that is not one of the five predefined entities
// or a character reference to a character XML allows.
func decodeRef(b []byte) (r rune, n int, msg string) {
	semi := bytes.IndexByte(b[:min(len(b), maxRefLen)], ';')
	if semi < 0 {
		if len(b) < maxRefLen {
			return 0, 0, ""
		}
		return 0, 0, refError(b)
	}
	name := b[1:semi]
	switch string(name) {
	case "amp":
		return '&', semi + 1, ""
	case "lt":
		return '<', semi + 1, ""
	case "gt":
		return '>', semi + 1, ""
	case "quot":
		return '"', semi + 1, ""
	case "apos":
		return '\'', semi + 1, ""
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, 0, refError(b)
	}
	digits, base := name[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, 0, refError(b)
	}
	for _, d := range digits {
		v := rune(unhex(d))
		if v >= base {
			return 0, 0, refError(b)
		}
		if r = r*base + v; r > utf8.MaxRune {
			return 0, 0, fmt.Sprintf("character reference %q names no character", b[:semi+1])
		}
	}
	if !isXMLChar(r) {
		return 0, 0, fmt.Sprintf("character reference %q names %U, a character XML does not allow", b[:semi+1], r)
	}
	return r, semi + 1, ""
}

func refError(b []byte) string {
	shown := b[:min(len(b), 24)]
	if i := bytes.IndexAny(shown, ";<\n"); i >= 0 {
		if shown[i] == ';' {
			i++
		}
		shown = shown[:i]
	}
	return fmt.Sprintf("broken entity or character reference %q: a \"&\" must start &amp; &lt; &gt; &quot; &apos; or a character reference such as &#10; or &#x41;, ended by \";\"", shown)
}

// unhex returns the value of the hexadecimal digit c, or 255.
func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 255
}

// isXMLChar reports whether XML 1.0 allows the character r.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// checkChar checks the character at the start of b, one that is not plain
// text: a control character or a byte of a multi-byte UTF-8 sequence. It
// returns the character's length, or n == 0 and msg == "" when b may end
// before the character does and atEOF is false.
func checkChar(b []byte, atEOF bool) (n int, msg string) {
	c := b[0]
	if c < utf8.RuneSelf {
		if c == '\t' || c == '\n' || c == '\r' || c >= 0x20 {
			return 1, ""
		}
		return 0, fmt.Sprintf("character %U is not allowed in XML (a control character; Excel writes it as _x%04X_)", c, c)
	}
	if !atEOF && !utf8.FullRune(b) {
		return 0, ""
	}
	r, size := utf8.DecodeRune(b)
	if r == utf8.RuneError && size == 1 {
		return 0, fmt.Sprintf("invalid UTF-8 (byte %#x)", c)
	}
	if !isXMLChar(r) {
		return 0, fmt.Sprintf("character %U is not allowed in XML", r)
	}
	return size, ""
}

// checkChars checks the characters of b and returns the length of its valid
// prefix: len(b), or less when b ends inside a character (and atEOF is
// false) or when msg reports a bad character at b[n].
func checkChars(b []byte, atEOF bool) (n int, msg string) {
	for n < len(b) {
		if chars[b[n]]&cText != 0 || b[n] == '<' || b[n] == '&' || b[n] == ']' {
			n++
			continue
		}
		size, msg := checkChar(b[n:], atEOF)
		if msg != "" || size == 0 {
			return n, msg
		}
		n += size
	}
	return n, ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func allSpace(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// Byte classes.
const (
	cText      = 1 << iota // copied as is from character data
	cAttr                  // copied as is from an attribute value (quotes aside)
	cName                  // may be in a name
	cNameStart             // may start a name (or the part after its colon)
)

var chars = func() (t [256]uint8) {
	for c := 0x20; c < 0x80; c++ {
		t[c] |= cText | cAttr
	}
	t['\t'] |= cText | cAttr
	t['\n'] |= cText | cAttr
	for _, c := range []byte("<&]") {
		t[c] &^= cText
	}
	for _, c := range []byte("<&\"'") {
		t[c] &^= cAttr
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cName | cNameStart
		t[c-'a'+'A'] |= cName | cNameStart
	}
	t['_'] |= cName | cNameStart
	for _, c := range []byte("0123456789.-:") {
		t[c] |= cName
	}
	return t
}()
