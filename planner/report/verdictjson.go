package report

import (
	"strconv"
	"unicode/utf8"
)

// appendVerdict appends v as compact JSON, byte for byte what encoding/json
// writes with SetEscapeHTML(false) (a test holds it to that), without
// reflection: the summary of a million devices spends most of its time here.
func appendVerdict(b []byte, v *VerdictJSON) []byte {
	b = append(b, `{"device":`...)
	b = appendString(b, v.Device)
	b = append(b, `,"target":`...)
	b = appendString(b, v.Target)
	b = append(b, `,"eligible":`...)
	b = strconv.AppendBool(b, v.Eligible)
	b = append(b, `,"reasons":`...)
	b = appendStrings(b, v.Reasons)
	b = append(b, `,"notes":`...)
	b = appendStrings(b, v.Notes)
	b = append(b, `,"consumes_mak":`...)
	b = strconv.AppendBool(b, v.ConsumesMAK)
	b = append(b, `,"done":`...)
	b = strconv.AppendBool(b, v.Done)
	b = append(b, `,"key":`...)
	if v.Key == nil {
		b = append(b, "null"...)
	} else {
		b = appendString(b, v.Key.Masked())
	}
	b = append(b, `,"pool":`...)
	if v.Pool == nil {
		b = append(b, "null"...)
	} else {
		b = appendString(b, *v.Pool)
	}
	b = append(b, `,"wave":`...)
	b = appendString(b, v.Wave)
	b = append(b, `,"wave_date":`...)
	b = appendString(b, v.WaveDate)
	b = append(b, `,"licensed_by":`...)
	b = appendString(b, string(v.LicensedBy))
	b = append(b, `,"path":`...)
	b = appendString(b, v.Path.Code())
	b = append(b, `,"row":`...)
	b = strconv.AppendInt(b, int64(v.Row), 10)
	b = append(b, `,"file":`...)
	b = appendString(b, v.File)
	return append(b, '}')
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendString quotes s as encoding/json does without HTML escaping: control
// characters, quotes and backslashes escaped, invalid UTF-8 replaced by
// U+FFFD, and U+2028/U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
