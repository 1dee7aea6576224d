package planner

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Family is the broad kind of product; rules differ between them.
type Family string

// The product families of rules.md.
const (
	FamilyWindows Family = "windows-desktop"
	FamilyServer  Family = "windows-server"
	FamilyOffice  Family = "office"
	FamilyOther   Family = "other"
)

// Product is a normalised product name: family, product line, version(s) and
// edition(s). A device's product names one version and one edition; a MAK's
// product may cover several ("Windows 10/11 Enterprise"). Products that are not
// recognised keep their text in Raw and compare by it.
type Product struct {
	Family   Family
	Line     string   // "Windows", "Windows Server", "Office", "Visio", "Project"; "" when unknown
	Versions []string // "10", "8.1", "2012 R2", "2019"; empty for subscriptions or when not stated
	Editions []string // canonical editions: "Pro", "Enterprise", "Standard", "Professional Plus" …
	Raw      string   // the text as written
}

// Subscription is the edition of Microsoft 365 Apps for enterprise, formerly
// Office 365 ProPlus: a subscription product, different from every perpetual suite.
const Subscription = "Microsoft 365 Apps for enterprise"

// Known reports whether the product was recognised.
func (p Product) Known() bool {
	return p.Family != FamilyOther && p.Family != "" && len(p.Editions) > 0
}

// IsZero reports whether no product was given.
func (p Product) IsZero() bool { return p.Raw == "" && p.Family == "" }

// Version returns the first (for a device, the only) version, or "".
func (p Product) Version() string {
	if len(p.Versions) == 0 {
		return ""
	}
	return p.Versions[0]
}

// Edition returns the first (for a device, the only) edition, or "".
func (p Product) Edition() string {
	if len(p.Editions) == 0 {
		return ""
	}
	return p.Editions[0]
}

// Name is the canonical display name, e.g. "Windows 10/11 Enterprise",
// "Windows Server 2012 R2 Standard", "Office Professional Plus 2019".
func (p Product) Name() string {
	if !p.Known() {
		return strings.TrimSpace(p.Raw)
	}
	ed := strings.Join(p.Editions, "/")
	ver := strings.Join(p.Versions, "/")
	if ed == Subscription || ed == "Microsoft 365 Apps for business" {
		return ed
	}
	var parts []string
	switch p.Family {
	case FamilyOffice:
		parts = []string{p.Line, ed, ver}
	default:
		parts = []string{p.Line, ver, ed}
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// String returns Name.
func (p Product) String() string { return p.Name() }

// SameProduct reports whether a and b are the same product and edition,
// ignoring version.
func SameProduct(a, b Product) bool {
	if !a.Known() || !b.Known() {
		return rawKey(a.Raw) == rawKey(b.Raw)
	}
	return a.Family == b.Family && a.Line == b.Line && a.Edition() == b.Edition()
}

// Covers reports whether a key's product covers target: same family and line,
// the target's edition among the key's, and the target's version among the
// key's (a key product without a version covers every version).
func Covers(key, target Product) bool {
	if !key.Known() || !target.Known() {
		return rawKey(key.Raw) == rawKey(target.Raw)
	}
	if key.Family != target.Family || key.Line != target.Line {
		return false
	}
	if !contains(key.Editions, target.Edition()) {
		return false
	}
	if len(key.Versions) == 0 || target.Version() == "" {
		return true
	}
	return contains(key.Versions, target.Version())
}

// VersionRank orders versions of one family: larger is newer; 0 is unknown.
func VersionRank(f Family, v string) int {
	switch f {
	case FamilyWindows:
		return indexOf([]string{"XP", "Vista", "7", "8", "8.1", "10", "11"}, v) + 1
	case FamilyServer:
		return indexOf([]string{"2003", "2003 R2", "2008", "2008 R2", "2012", "2012 R2", "2016", "2019", "2022", "2025"}, v) + 1
	default:
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0
		}
		return n
	}
}

func contains(list []string, s string) bool { return indexOf(list, s) >= 0 }

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func rawKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// phrase maps a sequence of name tokens to a canonical edition.
type phrase struct {
	tokens  []string
	edition string
}

func phrases(spec map[string][]string) []phrase {
	var out []phrase
	for ed, alts := range spec {
		for _, a := range alts {
			out = append(out, phrase{strings.Fields(a), ed})
		}
	}
	// Longest first so that "pro for workstations" wins over "pro".
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].tokens) != len(out[j].tokens) {
			return len(out[i].tokens) > len(out[j].tokens)
		}
		return strings.Join(out[i].tokens, " ") < strings.Join(out[j].tokens, " ")
	})
	return out
}

var (
	desktopEditions = phrases(map[string][]string{
		"Pro for Workstations": {"pro for workstations", "professional for workstations", "professionalworkstation", "pro workstation", "pro workstations"},
		"Pro Education":        {"pro education", "professional education", "professionaleducation"},
		"Enterprise LTSC":      {"enterprise ltsc", "enterprise ltsb", "enterprises", "enterprise s"},
		"IoT Enterprise":       {"iot enterprise", "iotenterprise"},
		"Enterprise":           {"enterprise"},
		"Education":            {"education"},
		"Pro":                  {"pro", "professional"},
		"Home":                 {"home", "core"},
		"Business":             {"business"},
		"Ultimate":             {"ultimate"},
		"Starter":              {"starter"},
	})
	serverEditions = phrases(map[string][]string{
		"Standard":   {"standard", "std", "serverstandard"},
		"Datacenter": {"datacenter", "datactr", "dc", "serverdatacenter"},
		"Essentials": {"essentials", "serveressentials"},
		"Foundation": {"foundation", "serverfoundation"},
		"Web":        {"web", "serverweb"},
	})
	officeEditions = phrases(map[string][]string{
		"Professional Plus": {"professional plus", "pro plus", "proplus", "professionalplus"},
		"Home and Business": {"home and business", "home & business", "home business", "homebusiness"},
		"Home and Student":  {"home and student", "home & student", "home student", "homestudent"},
		"Standard":          {"standard", "std"},
		"Professional":      {"professional", "pro"},
	})
	officeInternal = regexp.MustCompile(`^office(1[2-6])_([a-z]+?)(20\d\d)?(vl|volume|retail|r)?(_.*)?$`)
	splitRunes     = strings.NewReplacer("®", " ", "™", " ", "(r)", " ", "(tm)", " ", ",", " ", "(", " ", ")", " ", "/", " / ", ":", " ", ";", " ")
)

// ParseProduct normalises a product name as inventories, VLSC and VAMT write
// it ("Microsoft Windows 10 Pro", "Windows(R), Professional edition",
// "Win 10 Pro", "Office16_ProPlus2019VL", "Windows 10/11 Enterprise").
func ParseProduct(s string) Product {
	return ParseProductHint(s, "")
}

// ParseProductHint is ParseProduct with a version hint taken from another
// column (an OS version such as "10.0.22631" or a plain "11"), used when the
// name itself states no version, as slmgr's "Windows(R), Professional edition" does.
func ParseProductHint(s, versionHint string) Product {
	p := Product{Family: FamilyOther, Raw: strings.TrimSpace(s)}
	low := " " + strings.ToLower(p.Raw) + " "
	if strings.TrimSpace(low) == "" {
		return Product{}
	}
	low = splitRunes.Replace(low)
	toks := strings.Fields(low)

	// Office's internal names: Office16_ProPlus2019VL.
	for _, t := range toks {
		if m := officeInternal.FindStringSubmatch(t); m != nil {
			if q, ok := parseOfficeInternal(m); ok {
				q.Raw = p.Raw
				return q
			}
		}
	}
	has := func(words ...string) bool {
		for _, t := range toks {
			for _, w := range words {
				if t == w {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("sql", "exchange", "sharepoint", "skype", "lync", "dynamics", "biztalk"):
		return p // server products without their own reimaging rows; compared by name
	case has("365", "m365", "o365") && (has("proplus", "apps", "plus") || strings.Contains(low, "o365proplus")):
		p.Family, p.Line = FamilyOffice, "Office"
		p.Editions = []string{Subscription}
		if has("business") {
			p.Editions = []string{"Microsoft 365 Apps for business"}
		}
		return p
	case has("office", "visio", "project"):
		p.Family, p.Line = FamilyOffice, "Office"
		if has("visio") {
			p.Line = "Visio"
		} else if has("project") {
			p.Line = "Project"
		}
		p.Editions = matchEditions(toks, officeEditions)
		for _, t := range toks {
			if len(t) == 4 && strings.HasPrefix(t, "20") && isDigits(t) {
				p.Versions = appendUnique(p.Versions, t)
			}
		}
	case has("server", "srv") || strings.Contains(low, "serverstandard") || strings.Contains(low, "serverdatacenter"):
		p.Family, p.Line = FamilyServer, "Windows Server"
		p.Editions = matchEditions(toks, serverEditions)
		for i, t := range toks {
			if t == "2012r2" || t == "2008r2" || t == "2003r2" {
				p.Versions = appendUnique(p.Versions, t[:4]+" R2")
				continue
			}
			if len(t) == 4 && strings.HasPrefix(t, "20") && isDigits(t) {
				v := t
				if i+1 < len(toks) && toks[i+1] == "r2" {
					v += " R2"
				}
				p.Versions = appendUnique(p.Versions, v)
			}
		}
		if len(p.Versions) == 0 && versionHint != "" {
			if v := serverVersionFromBuild(versionHint); v != "" {
				p.Versions = []string{v}
			}
		}
	default:
		eds := matchEditions(toks, desktopEditions)
		if !has("windows", "win") && len(toks) > 2 {
			return p // some other product that merely mentions an edition word
		}
		if len(eds) == 0 {
			return p
		}
		p.Family, p.Line, p.Editions = FamilyWindows, "Windows", eds
		for _, t := range toks {
			switch t {
			case "xp", "7", "8", "8.1", "10", "11":
				p.Versions = appendUnique(p.Versions, strings.ToUpper(t[:1])+t[1:])
			case "vista":
				p.Versions = appendUnique(p.Versions, "Vista")
			}
		}
		if len(p.Versions) == 0 && versionHint != "" {
			if v := desktopVersionFromBuild(versionHint); v != "" {
				p.Versions = []string{v}
			}
		}
	}
	if len(p.Editions) == 0 {
		p.Family, p.Line = FamilyOther, ""
		p.Versions = nil
	}
	return p
}

func parseOfficeInternal(m []string) (Product, bool) {
	eds := matchEditions([]string{m[2]}, officeEditions)
	if m[2] == "o365proplus" || m[2] == "mondo" {
		return Product{Family: FamilyOffice, Line: "Office", Editions: []string{Subscription}}, true
	}
	if len(eds) == 0 {
		return Product{}, false
	}
	year := m[3]
	if year == "" {
		year = map[string]string{"12": "2007", "14": "2010", "15": "2013", "16": "2016"}[m[1]]
	}
	return Product{Family: FamilyOffice, Line: "Office", Versions: []string{year}, Editions: eds}, true
}

func matchEditions(toks []string, table []phrase) []string {
	var eds []string
	for i := 0; i < len(toks); {
		matched := false
		for _, ph := range table {
			if i+len(ph.tokens) <= len(toks) && equalTokens(toks[i:i+len(ph.tokens)], ph.tokens) {
				eds = appendUnique(eds, ph.edition)
				i += len(ph.tokens)
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	return eds
}

func equalTokens(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func appendUnique(list []string, s string) []string {
	if contains(list, s) {
		return list
	}
	return append(list, s)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// desktopVersionFromBuild maps "10.0.22631", "6.3.9600" or "11" to a Windows
// desktop version.
func desktopVersionFromBuild(s string) string {
	s = strings.TrimSpace(s)
	switch s {
	case "7", "8", "8.1", "10", "11":
		return s
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return ""
	}
	switch parts[0] + "." + parts[1] {
	case "6.0":
		return "Vista"
	case "6.1":
		return "7"
	case "6.2":
		return "8"
	case "6.3":
		return "8.1"
	case "10.0":
		if len(parts) >= 3 {
			if b, err := strconv.Atoi(parts[2]); err == nil && b >= 22000 {
				return "11"
			}
		}
		return "10"
	}
	return ""
}

func serverVersionFromBuild(s string) string {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) < 2 {
		return ""
	}
	switch parts[0] + "." + parts[1] {
	case "6.0":
		return "2008"
	case "6.1":
		return "2008 R2"
	case "6.2":
		return "2012"
	case "6.3":
		return "2012 R2"
	case "10.0":
		if len(parts) >= 3 {
			b, _ := strconv.Atoi(parts[2])
			switch {
			case b >= 26100:
				return "2025"
			case b >= 20348:
				return "2022"
			case b >= 17763:
				return "2019"
			case b >= 14393:
				return "2016"
			}
		}
	}
	return ""
}
