package rules

import (
	"sort"
	"strings"
	"sync"

	"github.com/makplan/makplan/planner"
)

// Built-in Office suite component sets (rules.md, "Office suites and their components").
var suiteComponents = map[string][]string{
	"Home and Student":  {"Word", "Excel", "PowerPoint", "OneNote"},
	"Home and Business": {"Word", "Excel", "PowerPoint", "OneNote", "Outlook"},
	"Standard":          {"Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Publisher"},
	"Professional":      {"Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Publisher", "Access"},
}

var componentNames = map[string]string{
	"word": "Word", "excel": "Excel", "powerpoint": "PowerPoint", "onenote": "OneNote", "outlook": "Outlook",
	"publisher": "Publisher", "access": "Access", "skype for business": "Skype for Business", "skype": "Skype for Business",
	"lync": "Skype for Business", "teams": "Teams", "microsoft teams": "Teams", "infopath": "InfoPath", "onedrive": "OneDrive",
}

// Components returns the sorted component set of an Office image: the plan's
// Components cell when given (component names, or a suite name that implies
// them), else the suite's built-in set; nil when unknown.
func Components(img planner.Image) []string {
	if len(img.Components) > 0 {
		if len(img.Components) == 1 {
			if p := planner.ParseProduct("Office " + img.Components[0] + " " + img.Product().Version()); p.Known() {
				return suite(p)
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
		sort.Strings(out)
		return out
	}
	return suite(img.Product())
}

// suites memoises suite sets by edition and version; the sets are shared and
// must not be modified.
var suites sync.Map

func suite(p planner.Product) []string {
	if p.Family != planner.FamilyOffice || p.Line != "Office" {
		return nil
	}
	key := p.Edition() + "/" + p.Version()
	if s, ok := suites.Load(key); ok {
		return s.([]string)
	}
	set := buildSuite(p)
	suites.Store(key, set)
	return set
}

func buildSuite(p planner.Product) []string {
	var set []string
	switch ed := p.Edition(); ed {
	case "Professional Plus":
		set = append(set, suiteComponents["Professional"]...)
		if v := planner.VersionRank(planner.FamilyOffice, p.Version()); v >= 2021 {
			set = append(set, "Teams")
		} else if v >= 2016 {
			set = append(set, "Skype for Business")
		}
	default:
		set = append(set, suiteComponents[ed]...)
	}
	if set == nil {
		return nil
	}
	sort.Strings(set)
	return set
}
