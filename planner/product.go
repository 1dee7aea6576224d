package planner

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/makplan/makplan/planner/redact"
)

// Family is the broad kind of product; rules differ between them.
type Family string

// The product families of docs/rules.md.
const (
	FamilyWindows Family = "windows-desktop"
	FamilyServer  Family = "windows-server"
	FamilyOffice  Family = "office" // Office suites, Visio and Project, perpetual and subscription
)

// Product is one product of the catalogue (catalog.go): family, product
// line, version and edition, with the variants that are part of its
// identity (docs/rules.md, "Product identity"): N/KN, the LTSC/LTSB release
// year, the LTSC naming of Volume Office. Products are unique: compare them
// by pointer. The zero value is not a product; use nil for "none".
type Product struct {
	Family       Family
	Line         string // "Windows", "Windows Server", "Office", "Visio", "Project"
	Version      string // "7", "8.1", "10", "2012 R2", "2019"; "" for subscriptions
	Edition      string // "Pro", "Enterprise LTSC", "IoT Enterprise LTSC", "Professional Plus" …; for subscriptions their name
	Release      string // the LTSC/LTSB release year; "" otherwise
	N            string // "N" or "KN" for the editions without media features; "" otherwise
	LTSC         bool   // an Office or Visio suite of 2021 or later named "LTSC" (the Volume product)
	Subscription bool   // licensed per user by subscription; activates by sign-in, never by MAK
	Volume       bool   // sold through Commercial Licensing: on its media (docs/rules.md, not-a-volume-product)
	EditionID    string // the Windows edition ID (slmgr, WMI, OA3x): Professional, EnterpriseS …
	Name         string // Microsoft's display name: "Windows 7 Professional", "Office LTSC Professional Plus 2021"
	SupportEnds  Date   // the end of extended support; zero when none is fixed
	// Available is the day the version was made available (Microsoft's
	// lifecycle start date): Software Assurance covers the versions made
	// available while it was active (docs/rules.md, "Software Assurance's
	// new-version rights"). Zero for subscriptions.
	Available Date
	OSPP      string // the Office license name stem (Office16ProPlusVL_MAK), for the products list

	qualify qualification
	rank    int // orders versions (and LTSC releases) of one line: larger is newer
	twin    *Product
	tokens  string // the catalogue words of Name, sorted: the lookup key
	id      int    // position in the catalogue
}

// String returns the display name.
func (p *Product) String() string {
	if p == nil {
		return ""
	}
	return p.Name
}

// Qualifies reports whether the product is a qualifying OS for a Windows
// Enterprise or Education upgrade bought through Commercial Licensing;
// academic says whether the agreement is an academic one, under which Home
// editions qualify too (docs/rules.md, no-qualifying-os).
func (p *Product) Qualifies(academic bool) bool {
	if p == nil || p.Family != FamilyWindows {
		return false
	}
	return p.qualify == qualifiesAlways || academic && p.qualify == qualifiesAcademic
}

// IsHome reports whether p is a Home (Core) edition of Windows: it needs a
// qualifying edition before an Enterprise upgrade can sit on it.
func (p *Product) IsHome() bool {
	return p != nil && p.Family == FamilyWindows && p.qualify == qualifiesAcademic
}

// IsEnterprise reports whether p is Windows Enterprise, the target that the
// Q4 licenses (Enterprise Upgrade, SA, SA per User) cover: Enterprise, its N
// and KN editions and LTSC/LTSB releases — not IoT Enterprise (OEM only) nor
// multi-session (Azure Virtual Desktop only).
func (p *Product) IsEnterprise() bool {
	return p != nil && p.Family == FamilyWindows && (p.Edition == "Enterprise" || p.Edition == "Enterprise LTSC")
}

// IsEducation reports whether p is Windows Education (or its N edition).
func (p *Product) IsEducation() bool {
	return p != nil && p.Family == FamilyWindows && p.Edition == "Education"
}

// SameEdition reports whether a and b are the same product and edition,
// whatever their version, LTSC release, N variant or LTSC naming.
func SameEdition(a, b *Product) bool {
	return a != nil && b != nil && a.Family == b.Family && a.Line == b.Line && a.Edition == b.Edition && a.Subscription == b.Subscription
}

// SameVersion reports whether a and b are the same version (and LTSC release).
func SameVersion(a, b *Product) bool {
	return a != nil && b != nil && a.Version == b.Version && a.Release == b.Release
}

// Newer reports whether a is a later version (or LTSC release) than b of the same line.
func Newer(a, b *Product) bool { return a.Line == b.Line && a.rank > b.rank }

// Volume returns the product a Volume license or Commercial Licensing media
// of p is: Office and Visio suites of 2021 and later are the "LTSC" product
// ("Office Professional Plus 2021" in a Volume row means Office LTSC
// Professional Plus 2021); everything else is itself.
func (p *Product) VolumeForm() *Product {
	if p != nil && p.twin != nil && !p.LTSC {
		return p.twin
	}
	return p
}

// SortProducts orders products for people: by family (Windows, Server,
// Office), product line, version (oldest first), then as the catalogue lists
// editions.
func SortProducts(ps []*Product) {
	famOrder := map[Family]int{FamilyWindows: 0, FamilyServer: 1, FamilyOffice: 2}
	lineOrder := map[string]int{"Office": 0, "Visio": 1, "Project": 2}
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		switch {
		case a.Family != b.Family:
			return famOrder[a.Family] < famOrder[b.Family]
		case a.Line != b.Line:
			return lineOrder[a.Line] < lineOrder[b.Line]
		case a.Subscription != b.Subscription:
			return !a.Subscription
		case a.rank/10000 != b.rank/10000 || a.Family != FamilyWindows && a.rank != b.rank:
			return a.rank < b.rank
		}
		return a.id < b.id
	})
}

// At returns the product of p's line, edition and N variant at another
// version (and LTSC release), nil when the catalogue has none: what a
// license of p would be at that version.
func (p *Product) At(version, release string) *Product {
	if p == nil {
		return nil
	}
	return theCatalogue().at[atKey{p.Family, p.Line, p.Edition, p.N, p.LTSC, version, release}]
}

type atKey struct {
	family           Family
	line, edition, n string
	ltsc             bool
	version, release string
}

// catalogue is the built product list and its lookup indexes.
type catalogue struct {
	at        map[atKey]*Product
	products  []*Product
	exact     map[string]*Product   // token key → product
	spellings map[*Product][]string // accepted spellings besides the name, for `makplan products`
	noRelease map[string][]*Product // key without the LTSC release year
	noVersion map[string][]*Product // key without version and release
	versionTk map[string]bool       // words that are versions or release years
	words     map[string]bool       // every catalogue word
}

var (
	catOnce sync.Once
	cat     *catalogue
)

func theCatalogue() *catalogue {
	catOnce.Do(func() { cat = buildCatalogue() })
	return cat
}

// Catalogue returns every product makplan knows, family by family.
func Catalogue() []*Product { return theCatalogue().products }

// Spellings returns the spellings of p that makplan accepts besides its
// name, as inventories, slmgr, OSPP and VLSC write them.
func Spellings(p *Product) []string { return theCatalogue().spellings[p] }

func buildCatalogue() *catalogue {
	c := &catalogue{at: map[atKey]*Product{}, exact: map[string]*Product{}, spellings: map[*Product][]string{}, noRelease: map[string][]*Product{},
		noVersion: map[string][]*Product{}, versionTk: map[string]bool{}, words: map[string]bool{}}
	add := func(p *Product, extra ...string) {
		key := tokenKey(words(p.Name))
		if q, dup := c.exact[key]; dup {
			panic(fmt.Sprintf("catalogue: %q and %q read the same", p.Name, q.Name))
		}
		p.tokens = key
		p.id = len(c.products)
		c.at[atKey{p.Family, p.Line, p.Edition, p.N, p.LTSC, p.Version, p.Release}] = p
		c.exact[key] = p
		c.products = append(c.products, p)
		for _, s := range extra {
			k := tokenKey(words(s))
			if q, dup := c.exact[k]; dup {
				if q != p {
					panic(fmt.Sprintf("catalogue: spelling %q of %q reads as %q", s, p.Name, q.Name))
				}
				continue
			}
			c.exact[k] = p
			if s != p.Name {
				c.spellings[p] = append(c.spellings[p], s)
			}
		}
		for _, v := range strings.Fields(strings.ToLower(p.Version + " " + p.Release)) {
			c.versionTk[v] = true
		}
	}

	// Windows desktop.
	for _, e := range windowsEditions {
		for _, v := range fieldsOrAll(e.versions, windowsVersions) {
			variants := []string{""}
			if has(e.n, v) {
				variants = append(variants, "N")
			}
			if has(e.kn, v) {
				variants = append(variants, "KN")
			}
			for _, n := range variants {
				generic := joinWords("Windows", v, e.edition, n)
				name := generic
				if d, ok := e.display[v]; ok {
					name = strings.Join(strings.Fields(strings.ReplaceAll(d, "%N", " "+n)), " ")
				}
				p := &Product{Family: FamilyWindows, Line: "Windows", Version: v, Edition: e.edition, N: n, Volume: e.volume,
					EditionID: e.editionID + editionIDSuffix(n), Name: name, qualify: e.qualify,
					rank: (indexOf(windowsVersions, v) + 1) * 10000}
				if e.editionID == "" {
					p.EditionID = ""
				}
				if end, ok := windowsSupportEnds[v]; ok {
					p.SupportEnds = mustDate(end)
				}
				p.Available = mustDate(windowsAvailable[v])
				var extra []string
				if name != generic {
					extra = append(extra, generic)
				}
				for _, a := range e.also {
					extra = append(extra, strings.ReplaceAll(a, "%V", v))
				}
				add(p, extra...)
			}
		}
	}
	for _, r := range ltscReleases {
		variants := []string{""}
		if r.n {
			variants = append(variants, "N")
		}
		for _, n := range variants {
			p := &Product{Family: FamilyWindows, Line: "Windows", Version: r.version, Release: r.year, N: n, Volume: !r.iot,
				SupportEnds: mustDate(r.end), Available: mustDate(r.start), rank: (indexOf(windowsVersions, r.version)+1)*10000 + atoi(r.year)}
			kind := "LTSC"
			if atoi(r.year) < 2019 {
				kind = "LTSB"
			}
			if r.iot {
				p.Edition, p.EditionID = "IoT Enterprise LTSC", "IoTEnterpriseS"
				p.Name = joinWords("Windows", r.version, "IoT Enterprise", kind, r.year)
			} else {
				p.Edition, p.EditionID, p.qualify = "Enterprise LTSC", "EnterpriseS"+editionIDSuffix(n), qualifiesAlways
				if kind == "LTSB" {
					p.Name = joinWords("Windows", r.version, "Enterprise", n, r.year, kind) // Microsoft: Windows 10 Enterprise 2016 LTSB
				} else {
					p.Name = joinWords("Windows", r.version, "Enterprise", n, kind, r.year)
				}
			}
			add(p)
		}
	}

	// Windows Server.
	serverVs := make([]string, len(serverVersions))
	for i, v := range serverVersions {
		serverVs[i] = v.version
	}
	for _, e := range serverEditions {
		for _, v := range fieldsOrAll(e.versions, serverVs) {
			i := indexOf(serverVs, v)
			p := &Product{Family: FamilyServer, Line: "Windows Server", Version: v, Edition: e.edition, EditionID: e.editionID,
				Volume: has(e.volume, v), SupportEnds: mustDate(serverVersions[i].end), Available: mustDate(serverVersions[i].start),
				Name: joinWords("Windows Server", v, e.edition), rank: i + 1}
			add(p)
		}
	}

	// Office, Visio and Project.
	officeVs := make([]string, len(officeVersions))
	for i, v := range officeVersions {
		officeVs[i] = v.version
	}
	for _, s := range officeSuites {
		for _, v := range fieldsOrAll(s.versions, officeVs) {
			ov := officeVersions[indexOf(officeVs, v)]
			base := Product{Family: FamilyOffice, Line: s.line, Version: v, Edition: s.edition, SupportEnds: mustDate(ov.end), rank: atoi(v),
				OSPP: "Office" + osppMajor(v) + s.ospp, Available: mustDate(ov.start)}
			if d, ok := officeAvailable[s.line+" "+v]; ok {
				base.Available = mustDate(d)
			}
			if !has(s.ltsc, v) {
				p := base
				p.Volume = s.volume
				if d, ok := officeAvailable["retail "+v]; ok && !s.volume {
					p.Available = mustDate(d)
				}
				p.Name = joinWords(s.line, s.edition, v)
				add(&p)
				continue
			}
			lt := base
			lt.LTSC, lt.Volume = true, true
			lt.Name = joinWords(s.line, "LTSC", s.edition, v)
			if !has(s.retailTwin, v) {
				add(&lt, joinWords(s.line, s.edition, v)) // only the LTSC product exists: the plain name is it
				continue
			}
			add(&lt)
			retail := base
			if d, ok := officeAvailable["retail "+v]; ok {
				retail.Available = mustDate(d)
			}
			retail.Name = joinWords(s.line, s.edition, v)
			retail.twin = &lt
			add(&retail)
		}
	}
	for _, s := range subscriptions {
		p := &Product{Family: FamilyOffice, Line: s.line, Edition: s.name, Subscription: true, Volume: true, Name: s.name}
		add(p, s.spellings...)
	}

	// Every spelling is indexed without its release year and without its
	// version too, in catalogue order, for names that leave them out.
	keys := make([]string, 0, len(c.exact))
	for k := range c.exact {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		pi, pj := c.exact[keys[i]], c.exact[keys[j]]
		if pi.id != pj.id {
			return pi.id < pj.id
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		p := c.exact[k]
		ws := strings.Fields(k)
		for _, w := range ws {
			c.words[w] = true
		}
		nr := tokenKey(without(ws, strings.Fields(strings.ToLower(p.Release))))
		c.noRelease[nr] = appendProduct(c.noRelease[nr], p)
		nv := tokenKey(without(ws, strings.Fields(strings.ToLower(p.Version+" "+p.Release))))
		c.noVersion[nv] = appendProduct(c.noVersion[nv], p)
	}
	return c
}

func editionIDSuffix(n string) string { return n }

func osppMajor(year string) string {
	for major, y := range osppVersions {
		if y == year {
			return major
		}
	}
	return ""
}

// fieldsOrAll returns the list's versions, or all when it is "*". Lists
// are space-separated, or comma-separated when a version has a space
// ("2008 R2, 2012").
func fieldsOrAll(list string, all []string) []string {
	if strings.TrimSpace(list) == "*" {
		return all
	}
	if !strings.Contains(list, ",") {
		return strings.Fields(list)
	}
	var out []string
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func has(list, v string) bool {
	if strings.TrimSpace(list) == "*" {
		return true
	}
	return indexOf(fieldsOrAll(list, nil), v) >= 0
}

func joinWords(parts ...string) string {
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func mustDate(s string) Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return DateOf(t)
}

func without(ws, drop []string) []string {
	out := ws[:0:0]
	for _, w := range ws {
		if indexOf(drop, w) < 0 {
			out = append(out, w)
		}
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool { return indexOf(list, s) >= 0 }

func appendUnique(list []string, s string) []string {
	if contains(list, s) {
		return list
	}
	return append(list, s)
}

// ---- reading names ----

var (
	marks   = strings.NewReplacer("®", " ", "™", " ", "(r)", " ", "(tm)", " ", "&", " and ")
	osppRE  = regexp.MustCompile(`^office(1[456]|19|21|24)?_?(o365[a-z]+?|[a-z]+?)(20[12][0-9])?(vl|r|volume|retail)?(?:[_-][a-z0-9_-]*)?$`)
	oa3xRE  = regexp.MustCompile(`^\s*\[\d+(?:\.\d+)?\]\s*([A-Za-z]+)\s*(?:(?:OEM|Retail|Volume)(?::\S*)?)?\s*$`)
	buildRE = regexp.MustCompile(`^(\d+)\.(\d+)(?:\.(\d+))?`)
)

// words splits a product name into catalogue words: lower case, trademark
// signs and punctuation dropped, aliases applied (tokenAliases), an OSPP
// license name replaced by the suite it names. "/" stays a word of its own:
// it separates alternatives ("Windows 10/11 Enterprise").
func words(name string) []string {
	low := marks.Replace(strings.ToLower(name))
	raw := strings.FieldsFunc(low, func(r rune) bool {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-', r == '/', r >= 0x80:
			return false
		}
		return true
	})
	var out, ospp []string
	for _, t := range raw {
		for _, part := range splitSlash(t) {
			part = strings.Trim(part, ".")
			if part == "" {
				continue
			}
			if m := osppRE.FindStringSubmatch(part); m != nil && m[1]+m[3]+m[4] != "" {
				if ws, ok := osppWords(m); ok {
					ospp = append(ospp, ws...)
					continue
				}
			}
			for _, sub := range strings.FieldsFunc(part, func(r rune) bool { return r == '-' || r == '_' }) {
				alias, ok := tokenAliases[sub]
				if !ok {
					out = append(out, sub)
					continue
				}
				out = append(out, strings.Fields(alias)...)
			}
		}
	}
	if ospp != nil { // "Office 16, Office16ProPlusVL_MAK edition": the prefix repeats what the license name says
		kept := out[:0]
		for _, w := range out {
			if _, isMajor := osppVersions[w]; w != "office" && !isMajor {
				kept = append(kept, w)
			}
		}
		out = append(kept, ospp...)
	}
	return out
}

func splitSlash(t string) []string {
	if !strings.Contains(t, "/") {
		return []string{t}
	}
	var out []string
	for i, p := range strings.Split(t, "/") {
		if i > 0 {
			out = append(out, "/")
		}
		out = append(out, p)
	}
	return out
}

// osppWords turns an OSPP license name into catalogue words:
// office19proplus2019vl_mak_ae → office pro plus 2019 ltsc?; Mondo and
// consumer subscriptions are not in the catalogue.
func osppWords(m []string) ([]string, bool) {
	suite, ok := osppNames[m[2]]
	if !ok {
		return nil, false
	}
	out := strings.Fields(suite)
	if strings.HasPrefix(m[2], "o365") {
		return out, true
	}
	year := m[3]
	if year == "" {
		year = osppVersions[m[1]]
	}
	if year == "" {
		return nil, false
	}
	out = append(out, year)
	if (m[4] == "vl" || m[4] == "volume") && atoi(year) >= 2021 && (strings.HasPrefix(suite, "office") || strings.HasPrefix(suite, "visio")) {
		out = append(out, "ltsc")
	}
	return out, true
}

// tokenKey is the lookup key of a list of words: sorted, without repeats.
func tokenKey(ws []string) string {
	s := append([]string(nil), ws...)
	sort.Strings(s)
	out := s[:0]
	for i, w := range s {
		if i == 0 || w != s[i-1] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// alternatives expands "/" alternatives: windows 10 / 11 enterprise →
// [windows 10 enterprise] [windows 11 enterprise].
func alternatives(ws []string) [][]string {
	var groups [][]string
	for i := 0; i < len(ws); i++ {
		if ws[i] == "/" {
			if len(groups) > 0 && i+1 < len(ws) && ws[i+1] != "/" {
				groups[len(groups)-1] = append(groups[len(groups)-1], ws[i+1])
				i++
			}
			continue
		}
		groups = append(groups, []string{ws[i]})
	}
	out := [][]string{nil}
	for _, g := range groups {
		var next [][]string
		for _, prefix := range out {
			for _, w := range g {
				if len(next) >= 64 {
					break
				}
				next = append(next, append(append([]string(nil), prefix...), w))
			}
		}
		out = next
	}
	return out
}

// ProductError says why a name is not one product of the catalogue: it is
// not in the catalogue (with the closest known name, when there is one), or
// it could be several products.
type ProductError struct {
	Name       string
	Suggestion string     // the closest known name, "" when nothing is close
	Candidates []*Product // when the name could be several products
	// Evaluation: the name is an Evaluation or Preview edition, which only a
	// device's licence may name (it is judged as no licence at all).
	Evaluation bool
}

func (e *ProductError) Error() string {
	switch {
	case e.Evaluation:
		return fmt.Sprintf("product %s is an Evaluation or Preview edition: a trial, not a product that Commercial Licensing media hold or a key covers", redact.Quote(e.Name))
	case len(e.Candidates) > 0:
		names := make([]string, 0, 4)
		for i, p := range e.Candidates {
			if i == 4 {
				names = append(names, fmt.Sprintf("and %d more", len(e.Candidates)-4))
				break
			}
			names = append(names, p.Name)
		}
		return fmt.Sprintf("product %s could be several products (%s): write the version and edition in full, or give the OS Version column", redact.Quote(e.Name), strings.Join(names, ", "))
	case e.Suggestion != "":
		return fmt.Sprintf("product %s is not in makplan's catalogue; did you mean %q?", redact.Quote(e.Name), e.Suggestion)
	}
	return fmt.Sprintf("product %s is not in makplan's catalogue (another vendor's product, or one makplan does not model)", redact.Quote(e.Name))
}

// Suggested returns the error with the closest catalogue name filled in
// (Suggest), for a name that is not in the catalogue.
func (e *ProductError) Suggested() *ProductError {
	if len(e.Candidates) == 0 && e.Suggestion == "" {
		e.Suggestion = Suggest(e.Name)
	}
	return e
}

// MaxProductName is the longest text read as a product name: inventories'
// longest names are about a hundred characters; a longer text is no product,
// and is not parsed (docs/robustness.md).
const MaxProductName = 256

func tooLong(name string) bool { return len(name) > MaxProductName }

// LookupProduct returns the catalogue product name denotes. versionHint is
// an OS version from another column (MECM Version0 "10.0.22631", or "11"),
// used only when the name itself does not say which version or LTSC release
// it is ("Windows(R), Professional edition"). A name that is not exactly one
// product is a *ProductError: never a guess.
func LookupProduct(name, versionHint string) (*Product, error) {
	if tooLong(name) {
		return nil, &ProductError{Name: strings.TrimSpace(name)}
	}
	inv := ParseInventoryName(name)
	if inv.Evaluation {
		return nil, &ProductError{Name: strings.TrimSpace(name), Evaluation: true}
	}
	p, err := lookupProduct(inv.Product, versionHint)
	return p, namedAs(err, name)
}

// namedAs makes a *ProductError name the text the user wrote, not the form
// it was read as (an SKU number rewritten to its edition, a Click-to-Run
// suffix removed).
func namedAs(err error, name string) error {
	var pe *ProductError
	if errors.As(err, &pe) {
		pe.Name = strings.TrimSpace(name)
	}
	return err
}

// LookupLicensed is LookupProduct for the product a device is licensed
// for, as an inventory names it: an Evaluation or Preview edition is the
// product it previews, with evaluation set (judged as no licence at all).
func LookupLicensed(name, versionHint string) (p *Product, evaluation bool, err error) {
	if tooLong(name) {
		return nil, false, &ProductError{Name: strings.TrimSpace(name)}
	}
	inv := ParseInventoryName(name)
	p, err = lookupProduct(inv.Product, versionHint)
	return p, inv.Evaluation, namedAs(err, name)
}

func lookupProduct(name, versionHint string) (*Product, error) {
	c := theCatalogue()
	if id, ok := skuEditions[strings.TrimSpace(name)]; ok {
		// Intune's skuNumber, WMI's OperatingSystemSKU: an edition by number.
		name = "Windows(R), " + id + " edition"
	}
	ws := words(name)
	alts := alternatives(ws)
	if len(alts) != 1 {
		ps, err := LookupProducts(name)
		if err != nil {
			return nil, err
		}
		return nil, &ProductError{Name: strings.TrimSpace(name), Candidates: ps}
	}
	key := tokenKey(alts[0])
	if p, ok := c.exact[key]; ok {
		return p, nil
	}
	if hinted := c.withHint(alts[0], versionHint); hinted != "" {
		if p, ok := c.exact[hinted]; ok {
			return p, nil
		}
		key = hinted
	}
	cands := c.noRelease[key]
	if len(cands) == 0 {
		cands = c.noVersion[key]
	}
	switch len(cands) {
	case 0:
		return nil, &ProductError{Name: strings.TrimSpace(name)}
	case 1:
		return cands[0], nil
	}
	return nil, &ProductError{Name: strings.TrimSpace(name), Candidates: cands}
}

// LookupProducts returns every product name denotes, as a key export or a
// rights table names them: "Windows 10/11 Enterprise" is two products,
// "Windows Srv 2019 DataCtr/Std" two, "Windows Pro" every version of Windows
// Pro (not its N editions), "Windows 10 Enterprise LTSC" every LTSC release.
func LookupProducts(name string) ([]*Product, error) {
	if tooLong(name) {
		return nil, &ProductError{Name: strings.TrimSpace(name)}
	}
	c := theCatalogue()
	inv := ParseInventoryName(name)
	if inv.Evaluation {
		return nil, &ProductError{Name: strings.TrimSpace(name), Evaluation: true}
	}
	var out []*Product
	for _, alt := range alternatives(words(inv.Product)) {
		key := tokenKey(alt)
		if p, ok := c.exact[key]; ok {
			out = appendProduct(out, p)
			continue
		}
		cands := c.noRelease[key]
		if len(cands) == 0 {
			cands = c.noVersion[key]
		}
		if len(cands) == 0 {
			return nil, &ProductError{Name: strings.TrimSpace(name)}
		}
		for _, p := range cands {
			out = appendProduct(out, p)
		}
	}
	if len(out) == 0 {
		return nil, &ProductError{Name: strings.TrimSpace(name)}
	}
	return out, nil
}

func appendProduct(list []*Product, p *Product) []*Product {
	for _, q := range list {
		if q == p {
			return list
		}
	}
	return append(list, p)
}

// withHint adds the version (and LTSC release) that an OS build gives to
// words that name none; "" when the hint adds nothing.
func (c *catalogue) withHint(ws []string, hint string) string {
	hint = strings.TrimSpace(hint)
	if hint == "" {
		return ""
	}
	hasVersion, hasRelease := false, false
	for _, w := range ws {
		if c.versionTk[w] {
			hasVersion = true
		}
	}
	isServer, isWindows, isLTSC := contains(ws, "server"), contains(ws, "windows"), contains(ws, "ltsc")
	var add []string
	if !isServer && !isWindows && !contains(ws, "office") && !contains(ws, "visio") && !contains(ws, "project") && !contains(ws, "365") {
		// A bare edition (Intune's SkuFamily "Professional") with a Windows build.
		if v, _ := desktopVersionFromBuild(hint); v == "" || !strings.Contains(hint, ".") {
			return ""
		}
		isWindows = true
		add = append(add, "windows")
	}
	switch {
	case isServer:
		if !hasVersion {
			if v := serverVersionFromBuild(hint); v != "" {
				add = strings.Fields(strings.ToLower(v))
			}
		}
	case isWindows:
		v, release := desktopVersionFromBuild(hint)
		if !hasVersion && v != "" {
			add = append(add, strings.ToLower(v))
		}
		if isLTSC && !hasRelease && release != "" {
			for _, w := range ws {
				if len(w) == 4 && strings.HasPrefix(w, "20") {
					hasRelease = true
				}
			}
			if !hasRelease {
				add = append(add, release)
			}
		}
	}
	if len(add) == 0 {
		return ""
	}
	return tokenKey(append(append([]string(nil), ws...), add...))
}

// desktopVersionFromBuild maps "10.0.22631", "6.3.9600" or "11" to a Windows
// desktop version, and a Windows 10/11 build to the LTSC release built on it.
func desktopVersionFromBuild(s string) (version, ltscRelease string) {
	s = strings.TrimSpace(s)
	switch s {
	case "7", "8", "8.1", "10", "11":
		return s, ""
	}
	m := buildRE.FindStringSubmatch(s)
	if m == nil {
		return "", ""
	}
	switch m[1] + "." + m[2] {
	case "5.1", "5.2":
		return "XP", ""
	case "6.0":
		return "Vista", ""
	case "6.1":
		return "7", ""
	case "6.2":
		return "8", ""
	case "6.3":
		return "8.1", ""
	case "10.0":
		b := atoi(m[3])
		for _, r := range ltscReleases {
			if r.build == m[3] {
				ltscRelease = r.year
			}
		}
		if b >= 22000 {
			return "11", ltscRelease
		}
		if b > 0 {
			return "10", ltscRelease
		}
		return "", ""
	}
	return "", ""
}

// serverVersionFromBuild maps an OS build ("10.0.20348") to a Windows Server version.
func serverVersionFromBuild(s string) string {
	m := buildRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	switch m[1] + "." + m[2] {
	case "6.0":
		return "2008"
	case "6.1":
		return "2008 R2"
	case "6.2":
		return "2012"
	case "6.3":
		return "2012 R2"
	case "10.0":
		switch b := atoi(m[3]); {
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
	return ""
}

// LookupQualifyingOS reads the plan's Qualifying OS column: a product name,
// or the firmware's OEM key description as WMI's
// OA3xOriginalProductKeyDescription gives it ("[4.0] Professional OEM:DM").
// A firmware key names an edition, not a version: the product returned is
// that edition at the given version when it exists there (the device's
// installed version), else at the newest version that has it. firmware
// reports which of the two the cell was.
func LookupQualifyingOS(s, version string) (p *Product, firmware bool, err error) {
	if tooLong(s) {
		return nil, false, &ProductError{Name: strings.TrimSpace(s)}
	}
	if m := oa3xRE.FindStringSubmatch(s); m != nil {
		ws := append([]string{"windows"}, words(m[1])...)
		c := theCatalogue()
		var best *Product
		for _, q := range c.noVersion[tokenKey(ws)] {
			if q.Version == version {
				return q, true, nil
			}
			if q.Release == "" && (best == nil || q.rank > best.rank) {
				best = q
			}
		}
		if best == nil {
			return nil, true, fmt.Errorf("expected a firmware key description such as \"[4.0] Professional OEM:DM\" with a Windows edition ID, got %q", strings.TrimSpace(s))
		}
		return best, true, nil
	}
	p, err = LookupProduct(s, "")
	return p, false, err
}

// ProductLines are the product families, as Product.Line names them.
var ProductLines = []string{"Windows", "Windows Server", "Office", "Visio", "Project"}

// ProductLine returns the product family name denotes, in any case and
// spacing ("windows server").
func ProductLine(name string) (string, bool) {
	n := strings.Join(strings.Fields(name), " ")
	for _, l := range ProductLines {
		if strings.EqualFold(n, l) {
			return l, true
		}
	}
	return "", false
}

// CurrentVersion returns the newest version of p's product and edition
// that Commercial Licensing sells, made available by asOf: what a buyer
// orders to run p under the downgrade right (Windows 11 Enterprise for
// Windows 10 Enterprise). p itself when it is the newest, nil for a
// product Commercial Licensing does not sell.
func CurrentVersion(p *Product, asOf Date) *Product {
	if p == nil || !p.Volume || p.Subscription {
		return nil
	}
	best := p
	for _, q := range theCatalogue().products {
		if q.Line == p.Line && q.Family == p.Family && q.Edition == p.Edition && q.Volume && !q.Subscription &&
			!q.Available.IsZero() && !asOf.Before(q.Available) && q.rank > best.rank {
			best = q
		}
	}
	return best
}
