package planner

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/makplan/makplan/planner/redact"
)

// FamilyESU is Windows 10's Extended Security Updates: activated with an
// ESU MAK, never an image.
const FamilyESU Family = "windows-10-esu"

// ESUYear is one year of commercial Windows 10 ESU (docs/rules.md,
// "Windows 10 Extended Security Updates"): its dates and the activation ID
// a device activates it with (the same for every covered edition).
type ESUYear struct {
	N            int
	Start, End   Date
	ActivationID string
	product      *Product
}

// ESUYears are the three years of commercial ESU. Source: Microsoft Learn,
// "Extended Security Updates (ESU) program for Windows 10" and "Enable
// Windows 10 Extended Security Updates" (the activation IDs); Windows 10
// 22H2 support ended 2025-10-14.
var ESUYears = func() []ESUYear {
	ys := []ESUYear{
		{N: 1, Start: NewDate(2025, 10, 15), End: NewDate(2026, 10, 13), ActivationID: "f520e45e-7413-4a34-a497-d2765967d094"},
		{N: 2, Start: NewDate(2026, 10, 14), End: NewDate(2027, 10, 12), ActivationID: "1043add5-23b1-4afb-9a0f-64343c8f3f8d"},
		{N: 3, Start: NewDate(2027, 10, 13), End: NewDate(2028, 10, 10), ActivationID: "83d49986-add3-41d7-ba33-87c7bfb5c0fb"},
	}
	for i := range ys {
		y := &ys[i]
		y.product = &Product{Family: FamilyESU, Line: "Windows 10 ESU", Version: "Year " + strconv.Itoa(y.N), Edition: "ESU",
			Volume: true, Name: fmt.Sprintf("Windows 10 ESU Year %d", y.N), Available: y.Start, SupportEnds: y.End, rank: y.N}
	}
	return ys
}()

// Windows10End is the day Windows 10 (22H2) support ended: the ESU years follow it.
var Windows10End = NewDate(2025, 10, 14)

// ESUProduct returns the product a key of ESU year n covers, nil when n is
// not a year of the program.
func ESUProduct(n int) *Product {
	if n < 1 || n > len(ESUYears) {
		return nil
	}
	return ESUYears[n-1].product
}

// ESUYearOf returns the year of an ESU product, 0 for any other product.
func ESUYearOf(p *Product) int {
	if p == nil || p.Family != FamilyESU {
		return 0
	}
	return p.rank
}

// ESUSet is a set of ESU years, bit n for year n.
type ESUSet uint8

// Has reports whether the set holds year n.
func (s ESUSet) Has(n int) bool { return n >= 1 && n <= 7 && s&(1<<n) != 0 }

// With returns the set with year n.
func (s ESUSet) With(n int) ESUSet { return s | 1<<n }

// Years lists the set's years in order.
func (s ESUSet) Years() []int {
	out := []int{}
	for n := 1; n <= 7; n++ {
		if s.Has(n) {
			out = append(out, n)
		}
	}
	return out
}

// String writes the years: "1, 2".
func (s ESUSet) String() string {
	var parts []string
	for _, n := range s.Years() {
		parts = append(parts, strconv.Itoa(n))
	}
	return strings.Join(parts, ", ")
}

var (
	// esuName matches the names of Windows 10 ESU keys as exports write
	// them (the admin center's name is not documented): "Windows 10 ESU",
	// "Windows 10 Extended Security Updates Year 2", "Win10 ESU Y3".
	esuName = regexp.MustCompile(`(?i)\bESU\b|extended\s+security\s+update`)
	// esuYear finds the years a name gives: "Year 2", "Y3", "Years 2 and 3".
	esuYear = regexp.MustCompile(`(?i)\b(?:years?|y)\s*([0-9]+)((?:\s*(?:,|and|&|\+|-|–|to)\s*[0-9]+)*)`)
	// esuMore is each further year of a list, with what joins it: a dash
	// or "to" makes a range ("Years 1-3").
	esuMore = regexp.MustCompile(`(?i)(,|and|&|\+|-|–|to)\s*([0-9]+)`)
)

// ParseESUName reports whether a key's product name names Windows 10 ESU,
// and the years it names (none when it names no year). A year that is not
// one of the program's (Year 4) is an error.
func ParseESUName(name string) (years ESUSet, esu bool, err error) {
	if !esuName.MatchString(name) {
		return 0, false, nil
	}
	add := func(n int) error {
		if ESUProduct(n) == nil {
			return fmt.Errorf("%s names ESU year %d: Windows 10 ESU has years 1 to %d", redact.Quote(name), n, len(ESUYears))
		}
		years = years.With(n)
		return nil
	}
	for _, m := range esuYear.FindAllStringSubmatch(name, -1) {
		prev, _ := strconv.Atoi(m[1])
		if err := add(prev); err != nil {
			return 0, true, err
		}
		for _, more := range esuMore.FindAllStringSubmatch(m[2], -1) {
			n, _ := strconv.Atoi(more[2])
			from := n
			if j := strings.ToLower(more[1]); j == "-" || j == "–" || j == "to" {
				from = prev + 1 // a range: the years between too
			}
			for y := from; y <= n && y-from < 10; y++ {
				if err := add(y); err != nil {
					return 0, true, err
				}
			}
			if from > n { // a range backwards ("3-1"): its ends
				if err := add(n); err != nil {
					return 0, true, err
				}
			}
			prev = n
		}
	}
	return years, true, nil
}

// ESU is what the plan's ESU column says of a device (docs/plan-columns.md).
type ESU struct {
	State ESUState
	// Activated are the years already activated on the device: they are
	// in the key's used count and consume nothing again.
	Activated ESUSet
}

// String is the ESU cell as ParseESU reads it back: "" (blank), yes, no,
// cloud, or the years activated.
func (e ESU) String() string {
	if e.Activated != 0 {
		return e.Activated.String()
	}
	return [...]string{ESUBlank: "", ESUYes: "yes", ESUNo: "no", ESUCloud: "cloud"}[e.State]
}

// ESUState is the ESU column's state.
type ESUState uint8

// The states: blank (enrolled, as yes), yes, no (not enrolled), cloud
// (entitled without a key), years (enrolled, with years activated).
const (
	ESUBlank ESUState = iota
	ESUYes
	ESUNo
	ESUCloud
)

// ParseESU reads the ESU column: blank, yes, no, cloud, or the years
// already activated ("1", "1,2"), in order.
func ParseESU(s string) (ESU, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch t {
	case "":
		return ESU{}, nil
	case "yes", "y", "enrolled", "true", "x":
		return ESU{State: ESUYes}, nil
	case "no", "n", "not enrolled", "false", "none":
		return ESU{State: ESUNo}, nil
	case "cloud", "windows 365", "w365", "avd", "azure":
		return ESU{State: ESUCloud}, nil
	}
	want := "expected yes, no, cloud (Windows 365, Azure Virtual Desktop or an Azure VM: no key), or the years already activated in order (1 or 1, 2)"
	if strings.Contains(t, "cloud") {
		return ESU{}, fmt.Errorf("%s: a cloud device (Windows 365, Azure Virtual Desktop, Azure VMs) gets ESU without a key and activates no year; write cloud alone, or the years activated if it is no cloud device", redact.Quote(strings.TrimSpace(s)))
	}
	var e ESU
	last := 0
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '+' }) {
		part = strings.TrimPrefix(strings.TrimPrefix(part, "years"), "year")
		part = strings.TrimPrefix(part, "y")
		if part == "" || part == "and" {
			continue // "Year 2", "1 and 2"
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return ESU{}, fmt.Errorf("%s: %s", redact.Quote(strings.TrimSpace(s)), want)
		}
		if ESUProduct(n) == nil {
			return ESU{}, fmt.Errorf("%s: year %d is not an ESU year (1 to %d)", redact.Quote(strings.TrimSpace(s)), n, len(ESUYears))
		}
		if n <= last {
			return ESU{}, fmt.Errorf("%s: the years go backwards or repeat; write them in order (1, 2)", redact.Quote(strings.TrimSpace(s)))
		}
		last = n
		e.Activated = e.Activated.With(n)
	}
	if e.Activated == 0 {
		return ESU{}, fmt.Errorf("%s: %s", redact.Quote(strings.TrimSpace(s)), want)
	}
	e.State = ESUYes
	return e, nil
}

// ESUCovers reports whether Windows 10 ESU covers a product: Windows 10 Pro,
// Pro Education, Pro for Workstations, Enterprise and Education (their N
// editions too); not LTSB/LTSC, IoT or Home.
func ESUCovers(p *Product) bool {
	if p == nil || p.Family != FamilyWindows || p.Version != "10" || p.Release != "" {
		return false
	}
	switch p.Edition {
	case "Pro", "Pro Education", "Pro for Workstations", "Enterprise", "Education":
		return true
	}
	return false
}
