// Package cells reads the values of the plan's cells as spreadsheets and
// inventory tools write them: yes and no in several languages, language
// codes and names, architectures, license channels, media, activation
// methods, and dates as Excel serials or text in the admin's date order
// (docs/plan-columns.md). It turns them into the licensing types of
// package planner; it knows nothing of the rules.
package cells

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/makplan/makplan/planner"
)

// ParseBool accepts the ways spreadsheets say yes and no: Yes/No, Y/N,
// True/False, 1/0, X (a ticked box) and blank (false).
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "x", "✓", "ja", "oui", "sim", "si", "wahr":
		return true, nil
	case "no", "n", "false", "0", "", "-", "nein", "non", "não", "nao", "falsch":
		return false, nil
	}
	return false, fmt.Errorf("expected yes or no (Yes/No, True/False, 1/0, X or blank), got %q", strings.TrimSpace(s))
}

// ParseArch accepts 64-bit/x64/AMD64/x86_64, 32-bit/x86/i386 and ARM64 forms.
// Blank gives "" (not stated).
func ParseArch(s string) (planner.Arch, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch t {
	case "":
		return "", nil
	case "64-bit", "64 bit", "64bit", "x64", "amd64", "x86_64", "x86-64", "64", "em64t", "intel64", "x64-based pc", "9":
		return planner.ArchX64, nil
	case "32-bit", "32 bit", "32bit", "x86", "i386", "i686", "32", "x86-based pc", "0":
		return planner.ArchX86, nil
	case "arm64", "arm 64-bit processor", "arm64-based pc", "aarch64", "arm 64", "12":
		return planner.ArchARM64, nil
	}
	return "", fmt.Errorf("expected an architecture such as 64-bit, x64, AMD64, 32-bit, x86 or ARM64, got %q", strings.TrimSpace(s))
}

var lcids = map[int]string{
	1025: "ar-SA", 1026: "bg-BG", 1027: "ca-ES", 1028: "zh-TW", 1029: "cs-CZ", 1030: "da-DK",
	1031: "de-DE", 1032: "el-GR", 1033: "en-US", 1035: "fi-FI", 1036: "fr-FR", 1037: "he-IL",
	1038: "hu-HU", 1040: "it-IT", 1041: "ja-JP", 1042: "ko-KR", 1043: "nl-NL", 1044: "nb-NO",
	1045: "pl-PL", 1046: "pt-BR", 1048: "ro-RO", 1049: "ru-RU", 1050: "hr-HR", 1051: "sk-SK",
	1053: "sv-SE", 1054: "th-TH", 1055: "tr-TR", 1058: "uk-UA", 1060: "sl-SI", 1061: "et-EE",
	1062: "lv-LV", 1063: "lt-LT", 1081: "hi-IN", 1086: "ms-MY", 2052: "zh-CN", 2057: "en-GB",
	2058: "es-MX", 2070: "pt-PT", 2074: "sr-Latn-RS", 3076: "zh-HK", 3081: "en-AU", 3082: "es-ES",
	3084: "fr-CA", 4105: "en-CA", 1034: "es-ES", 2055: "de-CH", 3079: "de-AT", 2060: "fr-BE",
	4108: "fr-CH", 2067: "nl-BE", 5129: "en-NZ", 6153: "en-IE", 7177: "en-ZA", 16393: "en-IN",
}

// languageNames maps English names to the language Windows installs by
// default for them: "English" is English (United States).
var languageNames = map[string]string{
	"english": "en-US", "english (united states)": "en-US", "english (united kingdom)": "en-GB",
	"french": "fr-FR", "german": "de-DE", "spanish": "es-ES", "italian": "it-IT", "dutch": "nl-NL",
	"portuguese": "pt-PT", "portuguese (brazil)": "pt-BR", "brazilian portuguese": "pt-BR",
	"japanese": "ja-JP", "chinese (simplified)": "zh-CN", "chinese (traditional)": "zh-TW",
	"korean": "ko-KR", "russian": "ru-RU", "polish": "pl-PL", "swedish": "sv-SE", "danish": "da-DK",
	"norwegian": "nb-NO", "finnish": "fi-FI", "czech": "cs-CZ", "hungarian": "hu-HU", "turkish": "tr-TR",
	"greek": "el-GR", "hebrew": "he-IL", "arabic": "ar-SA", "ukrainian": "uk-UA", "romanian": "ro-RO",
}

// ParseLanguage returns a BCP-47 tag (en-US, sr-Latn-RS) or planner.MUI. It accepts
// tags in any case, underscores for dashes, Windows LCIDs (1033) and English
// names ("English", "French"). Blank gives "".
func ParseLanguage(s string) (string, error) {
	t := strings.TrimSpace(s)
	low := strings.ToLower(t)
	switch {
	case t == "":
		return "", nil
	case low == "mui" || low == "multilingual" || low == "multi" || low == "mul" ||
		strings.Contains(low, "mui") || strings.Contains(low, "multilingual") || strings.Contains(low, "multi-language"):
		return planner.MUI, nil
	}
	if n, err := parseNumber(t); err == nil {
		if tag, ok := lcids[int(n)]; ok && n == math.Trunc(n) {
			return tag, nil
		}
		return "", fmt.Errorf("expected a language (en-US, 1033, English or MUI); LCID %s is not one makplan knows, write the tag instead", t)
	}
	if strings.HasPrefix(low, "0x") {
		if n, err := strconv.ParseInt(low[2:], 16, 32); err == nil {
			if tag, ok := lcids[int(n)]; ok {
				return tag, nil
			}
		}
	}
	if tag, ok := languageNames[low]; ok {
		return tag, nil
	}
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 || len(parts[0]) < 2 || len(parts[0]) > 3 || !isLetters(parts[0]) {
		return "", fmt.Errorf("expected a language (en-US, 1033, English or MUI), got %q", t)
	}
	out := []string{strings.ToLower(parts[0])}
	for _, p := range parts[1:] {
		switch {
		case len(p) == 4 && isLetters(p):
			out = append(out, strings.ToUpper(p[:1])+strings.ToLower(p[1:]))
		case (len(p) == 2 && isLetters(p)) || (len(p) == 3 && isDigits(p)):
			out = append(out, strings.ToUpper(p))
		default:
			return "", fmt.Errorf("expected a language (en-US, 1033, English or MUI), got %q", t)
		}
	}
	return strings.Join(out, "-"), nil
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// ParseChannel accepts plain names and what slmgr and WMI report: OEM:DM,
// OEM:SLP, Retail, Volume:MAK, Volume:GVLK, and MECM's Description0
// ("Windows(R) Operating System, VOLUME_MAK channel"). Blank gives "".
func ParseChannel(s string) (planner.Channel, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndex(t, ","); i >= 0 && strings.HasSuffix(t, "channel") {
		t = strings.TrimSpace(t[i+1:])
	}
	t = strings.TrimSpace(strings.TrimSuffix(t, "channel"))
	switch {
	case t == "":
		return "", nil
	case t == "none" || t == "unlicensed" || t == "n/a":
		return planner.ChannelNone, nil
	case strings.HasPrefix(t, "oem"), t == "system builder", t == "preinstalled":
		return planner.ChannelOEM, nil
	case strings.HasPrefix(t, "retail"), t == "fpp", t == "full package product", t == "full package", t == "box":
		return planner.ChannelRetail, nil
	case strings.HasPrefix(t, "volume"), t == "vl", t == "commercial licensing", t == "cl", t == "ea",
		t == "mak", t == "kms", t == "gvlk", t == "csvlk":
		return planner.ChannelVolume, nil
	}
	return "", fmt.Errorf("expected a license channel (OEM, Retail, Volume or None), got %q", strings.TrimSpace(s))
}

// ParseMedia returns the media source and whether the text says the media was
// modified ("OEM recovery (modified)"). Blank gives "".
func ParseMedia(s string) (planner.Media, bool, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	modified := strings.Contains(t, "modified")
	switch {
	case t == "":
		return "", false, nil
	case strings.HasPrefix(t, "volume"), strings.HasPrefix(t, "commercial"), t == "vl", t == "vlsc", t == "cl",
		strings.Contains(t, "volume licensing"):
		return planner.MediaVolume, modified, nil
	case strings.HasPrefix(t, "oem"), strings.Contains(t, "recovery"):
		return planner.MediaOEM, modified, nil
	case strings.HasPrefix(t, "retail"), t == "fpp", strings.HasPrefix(t, "full package"):
		return planner.MediaRetail, modified, nil
	}
	return "", false, fmt.Errorf("expected a media source (Volume, OEM or Retail), got %q", strings.TrimSpace(s))
}

// ParseActivation accepts MAK, KMS, AD-based forms and slmgr's Volume:MAK and
// Volume:GVLK. Blank gives "".
func ParseActivation(s string) (planner.Activation, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch t {
	case "":
		return "", nil
	case "mak", "volume:mak", "volume_mak", "mak independent", "mak proxy", "multiple activation key":
		return planner.ActivationMAK, nil
	case "kms", "volume:gvlk", "gvlk", "volume_kmsclient", "key management service":
		return planner.ActivationKMS, nil
	case "ad", "adba", "ad-based", "ad based", "active directory", "active directory-based", "active directory based", "active directory-based activation":
		return planner.ActivationADBA, nil
	case "none", "oem", "retail", "n/a":
		return planner.ActivationNone, nil
	}
	return "", fmt.Errorf("expected an activation method (MAK, KMS or AD-based), got %q", strings.TrimSpace(s))
}

var errNotNumber = errors.New("not a number")

// parseNumber parses a decimal number, after a cheap test that spares the
// allocations of strconv's errors on the text cells of a million-row plan.
func parseNumber(s string) (float64, error) {
	if !looksNumeric(s) {
		return 0, errNotNumber
	}
	return strconv.ParseFloat(s, 64)
}

func looksNumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || (c == '-' || c == '+') && (i == 0 || s[i-1] == 'e' || s[i-1] == 'E')) {
			return false
		}
	}
	return true
}

var textDates = []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00",
	"2 Jan 2006", "02 Jan 2006", "2 January 2006", "Jan 2, 2006", "January 2, 2006", "2-Jan-2006", "02-Jan-2006"}

// DateOrder is the order of day, month and year in the plan's text dates
// (inputs.date_order): how "01/11/2027" is read.
type DateOrder string

// The orders; "" reads only dates that cannot be read two ways.
const (
	DMY DateOrder = "DMY"
	MDY DateOrder = "MDY"
	YMD DateOrder = "YMD"
)

// ParseDate is ParseDateIn without a date order.
func ParseDate(s string, date1904 bool) (planner.Date, error) { return ParseDateIn(s, date1904, "") }

// ParseDateIn accepts an Excel date serial (date1904 says which epoch the
// workbook uses), ISO dates (2027-01-18), named-month dates and numeric
// dates separated by / . or -. With a date order those are read in it
// (inputs.date_order); without one a numeric date is read only when it
// cannot be read two ways: "03/04/2027" and every two-digit year are
// errors, not guesses, and say how to settle them. A date that does not
// exist says which part is wrong.
func ParseDateIn(s string, date1904 bool, order DateOrder) (planner.Date, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return planner.Date{}, nil
	}
	if f, err := parseNumber(t); err == nil {
		if f < 1 || f > 2958465 {
			return planner.Date{}, fmt.Errorf("expected a date, got the number %s", t)
		}
		epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if date1904 {
			epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		d := epoch.AddDate(0, 0, int(math.Floor(f)))
		return planner.NewDate(d.Year(), d.Month(), d.Day()), nil
	}
	for _, layout := range textDates {
		if d, err := time.Parse(layout, t); err == nil {
			return planner.NewDate(d.Year(), d.Month(), d.Day()), nil
		}
	}
	sep := ""
	for _, c := range []string{"/", ".", "-"} {
		if strings.Count(t, c) == 2 {
			sep = c
		}
	}
	if sep == "" {
		return planner.Date{}, fmt.Errorf("expected a date (YYYY-MM-DD or an Excel date), got %q", t)
	}
	p := strings.Split(t, sep)
	n := make([]int, 3)
	for i, part := range p {
		v, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || v < 0 {
			return planner.Date{}, fmt.Errorf("expected a date (YYYY-MM-DD or an Excel date), got %q", t)
		}
		n[i] = v
	}
	for i, part := range p {
		if len(strings.TrimLeft(strings.TrimSpace(part), "0")) > 4 {
			return planner.Date{}, fmt.Errorf("date %q: %d is a year past 9999; write the year with four digits", t, n[i])
		}
	}
	var y, m, d int
	switch {
	case len(strings.TrimSpace(p[0])) == 4: // year first: 2027-01-18, 2027/01/18
		y, m, d = n[0], n[1], n[2]
	case len(strings.TrimSpace(p[2])) != 4:
		if order == "" || order == YMD {
			return planner.Date{}, fmt.Errorf("ambiguous date %q: the year has two digits; write it as YYYY-MM-DD", t)
		}
		return planner.Date{}, fmt.Errorf("date %q: the year has two digits; write it with four", t)
	case sep == "." || order == DMY: // 27.03.2027 is day-first wherever dots are used, whatever the order set
		y, m, d = n[2], n[1], n[0]
	case order == MDY:
		y, m, d = n[2], n[0], n[1]
	case n[0] > 12 && n[1] <= 12:
		y, m, d = n[2], n[1], n[0]
	case n[1] > 12 && n[0] <= 12:
		y, m, d = n[2], n[0], n[1]
	case n[0] == n[1]:
		y, m, d = n[2], n[1], n[0]
	case n[0] > 12 && n[1] > 12:
		return planner.Date{}, fmt.Errorf("impossible date %q: neither %d nor %d is a month (1 to 12)", t, n[0], n[1])
	default:
		return planner.Date{}, fmt.Errorf("ambiguous date %q: it could be %d %s (day first, DMY) or %d %s (month first, MDY); write it as YYYY-MM-DD, or say how this file writes dates: date_order: DMY or MDY on its entry of inputs.plan or inputs.keys ({file: …, date_order: MDY}), or inputs.date_order for every file",
			t, n[0], time.Month(n[1]), n[1], time.Month(n[0]))
	}
	switch {
	case m < 1 || m > 12:
		return planner.Date{}, fmt.Errorf("impossible date %q: the month %d is not 1 to 12", t, m)
	case d < 1 || d > daysIn(y, time.Month(m)):
		return planner.Date{}, fmt.Errorf("impossible date %q: %s %d has %d days, not %d", t, time.Month(m), y, daysIn(y, time.Month(m)), d)
	}
	return planner.NewDate(y, time.Month(m), d), nil
}

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
