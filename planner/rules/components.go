package rules

import (
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
)

// The built-in Office suite component sets (docs/rules.md, "Office suites and
// their components"; confidence: Microsoft's product pages as remembered).
var (
	homeStudent  = []string{"Word", "Excel", "PowerPoint", "OneNote"}
	homeBusiness = []string{"Word", "Excel", "PowerPoint", "OneNote", "Outlook"}
	standard     = []string{"Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Publisher"}
	proPlus      = []string{"Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Access", "Publisher", "Skype for Business"}
)

// suiteComponents returns the component set of an Office suite edition at a
// version, nil when the catalogue does not know it (Visio, Project).
func suiteComponents(edition, version string) []string {
	v := atoiVersion(version)
	switch edition {
	case "Home and Student", "Home":
		return homeStudent
	case "Home and Business":
		return homeBusiness
	case "Personal":
		return []string{"Word", "Excel", "Outlook"}
	case "Standard":
		if v >= 2024 {
			return []string{"Word", "Excel", "PowerPoint", "Outlook", "OneNote"}
		}
		return standard
	case "Professional":
		return append(append([]string(nil), standard...), "Access")
	case "Professional Plus":
		switch {
		case v >= 2024:
			return []string{"Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Access", "Skype for Business"}
		case v >= 2021:
			return append(append([]string(nil), proPlus...), "Teams")
		case v <= 2013:
			return append(append([]string(nil), proPlus...), "InfoPath")
		}
		return proPlus
	}
	return nil
}

func atoiVersion(v string) int {
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

var componentNames = map[string]string{
	"word": "Word", "excel": "Excel", "powerpoint": "PowerPoint", "onenote": "OneNote", "outlook": "Outlook",
	"publisher": "Publisher", "access": "Access", "skype for business": "Skype for Business", "skype": "Skype for Business",
	"lync": "Skype for Business", "teams": "Teams", "microsoft teams": "Teams", "infopath": "InfoPath", "onedrive": "OneDrive",
}

// ignoredComponents are installed or left out at will and never decide a
// comparison (docs/rules.md).
var ignoredComponents = map[string]bool{"Teams": true, "OneDrive": true, "Skype for Business": true}

// componentSet is a sorted component list with its text for explanations.
type componentSet struct {
	list []string
	text string // "Excel, OneNote, …"
}

func newComponentSet(list []string) componentSet {
	if list == nil {
		return componentSet{}
	}
	s := sorted(list)
	return componentSet{list: s, text: strings.Join(s, ", ")}
}

// componentsOf returns the component set of an Office image: the plan's
// Components cell when given (component names, or a suite name that implies
// them), else the suite's built-in set at version; empty when unknown.
func componentsOf(img planner.Image, edition, version string) componentSet {
	if len(img.Components) > 0 {
		if len(img.Components) == 1 {
			if p, err := planner.LookupProduct("Office "+img.Components[0]+" "+version, ""); err == nil {
				return builtinSet(p.Edition, p.Version)
			}
		}
		out := make([]string, 0, len(img.Components))
		for _, c := range img.Components {
			n, ok := componentNames[strings.ToLower(strings.TrimSpace(c))]
			if !ok {
				n = strings.TrimSpace(c)
			}
			out = append(out, n)
		}
		return newComponentSet(out)
	}
	return builtinSet(edition, version)
}

// builtinSets holds the built-in sets of every Office suite of the
// catalogue, by edition and version, made once: the judge asks for them for
// every Office device and must not allocate.
var builtinSets = func() map[[2]string]componentSet {
	m := map[[2]string]componentSet{}
	for _, p := range planner.Catalogue() {
		if p.Family == planner.FamilyOffice && p.Line == "Office" && !p.Subscription {
			m[[2]string{p.Edition, p.Version}] = newComponentSet(suiteComponents(p.Edition, p.Version))
		}
	}
	return m
}()

func builtinSet(edition, version string) componentSet {
	if s, ok := builtinSets[[2]string{edition, version}]; ok {
		return s
	}
	return newComponentSet(suiteComponents(edition, version))
}

func sorted(s []string) []string {
	if s == nil {
		return nil
	}
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// subset reports whether every component of target that counts is in allowed.
func subset(target, allowed []string) bool {
	for _, c := range target {
		if ignoredComponents[c] {
			continue
		}
		found := false
		for _, a := range allowed {
			if a == c {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
