package redact

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sanitize makes text from the inputs safe to print to a terminal, a log or
// a monitoring system: product-key-shaped text is masked (MaskKeys), and
// control characters, bidirectional overrides and other invisible
// formatting characters are shown escaped (\x1b, \u202e) instead of acting
// on the screen. Line breaks and tabs are kept; Sanitize is applied to whole
// lines. It is the one choke point that messages, problems and alerts pass
// through (docs/robustness.md).
func Sanitize(s string) string {
	return EscapeText(MaskKeys(s))
}

// EscapeText is Sanitize without the masking: for the one output that
// carries whole keys, the makadd request, whose text from the inputs
// (customer, wave and product names) must not reorder or hide what is
// around it either.
func EscapeText(s string) string {
	if plain(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case invisible(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// OneLine keeps a value from the inputs on its line: its line breaks are
// shown escaped (\n), so that a device, wave or agreement name cannot forge
// a line of a report or an alert ("makplan: OK all pools covered"). A key
// in it is masked first: one broken over two lines of a cell (Alt+Enter)
// would be split by the escape's n.
func OneLine(s string) string {
	// Two byte searches, not ContainsAny: every cell of a million-row
	// plan passes here.
	if strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\r') < 0 {
		return MaskKeys(s)
	}
	return lineBreaks.Replace(MaskKeys(s))
}

// lineBreaks shows line breaks escaped (OneLine).
var lineBreaks = strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`)

// MaxQuoted is the most characters of an input's text a message quotes.
const MaxQuoted = 120

// Quote quotes text from an input for a message, as %q does, after
// masking any key in it, and cut to MaxQuoted characters ("…" where it was
// cut): a 32,000-character cell does not make a 32,000-character message.
func Quote(s string) string { return strconv.Quote(Shorten(MaskKeys(s), MaxQuoted)) }

// Shorten cuts s to n characters at most, ending it with "…" where it was
// cut. Mask first: a key cut in two is no longer found.
func Shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i, count := 0, 0
	for i < len(s) && count < n-1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "…"
}

// SanitizeHeader makes text fit for a mail header: Sanitize, and no line
// breaks or tabs at all.
func SanitizeHeader(s string) string {
	return strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", " ").Replace(Sanitize(s))
}

// plain reports whether s is printable ASCII, line breaks and tabs only:
// nothing to escape (the common case, checked without allocating).
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || c < 0x20 && c != '\n' && c != '\t' {
			return false
		}
	}
	return true
}

// invisible reports whether r changes how the text around it is shown
// without showing itself: C1 controls, bidirectional embeddings, overrides
// and isolates, zero-width characters, the byte-order mark, line and
// paragraph separators.
func invisible(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200b, r == 0x200c, r == 0x200d, r == 0x200e, r == 0x200f,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x2028, r == 0x2029, r == 0xfeff:
		return true
	}
	return false
}

// SanitizingWriter passes lines through Sanitize on their way to w; a
// partial line waits for the rest. Close (or Flush) writes what is left.
type SanitizingWriter struct {
	w    io.Writer
	buf  []byte
	mask func(string) string
}

// NewSanitizingWriter returns a writer for terminal and log text.
func NewSanitizingWriter(w io.Writer) *SanitizingWriter {
	return &SanitizingWriter{w: w, mask: Sanitize}
}

// NewMaskingWriter returns a writer that only masks key-shaped text, for
// output that escapes its own control characters (JSON).
func NewMaskingWriter(w io.Writer) *SanitizingWriter {
	return &SanitizingWriter{w: w, mask: MaskKeys}
}

// Write writes the complete lines of p, sanitized, and keeps the rest.
func (s *SanitizingWriter) Write(p []byte) (int, error) {
	s.buf = append(s.buf, p...)
	last := bytes.LastIndexByte(s.buf, '\n')
	if last < 0 {
		if len(s.buf) > 1<<20 { // a runaway line: write it out rather than hold it
			return len(p), s.Flush()
		}
		return len(p), nil
	}
	if _, err := io.WriteString(s.w, s.mask(string(s.buf[:last+1]))); err != nil {
		return 0, err
	}
	s.buf = append(s.buf[:0], s.buf[last+1:]...)
	return len(p), nil
}

// Flush writes the partial line held back.
func (s *SanitizingWriter) Flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	_, err := io.WriteString(s.w, s.mask(string(s.buf)))
	s.buf = s.buf[:0]
	return err
}
