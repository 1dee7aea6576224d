package planner

import (
	"regexp"
	"strings"
)

// InventoryName is a product name as an inventory writes it, taken apart:
// the product itself, and what the inventory adds to it.
type InventoryName struct {
	Product string // the name to look up in the catalogue
	// Language is the language suffix of a Click-to-Run entry ("en-us" in
	// "Microsoft Office LTSC Professional Plus 2024 - en-us"), "" when none.
	Language string
	// Build is the version number Click-to-Run entries may end with
	// ("16.0.19127.20302"), "" when none.
	Build string
	// Evaluation: the name is an Evaluation or (Insider, Technical)
	// Preview edition: a trial, not a licence (docs/rules.md, "What an
	// explanation shows").
	Evaluation bool
}

var (
	// c2rSuffix is Click-to-Run's " - en-us" language suffix, optionally
	// followed by " - 16.0.19127.20302".
	c2rSuffix = regexp.MustCompile(`(?i)\s+-\s+([a-z]{2,3}(?:-[a-z]{4})?-[a-z]{2,3})(?:\s+-\s+(\d+\.\d+\.\d+\.\d+))?\s*$`)
	// buildSuffix is a bare " - 16.0.19127.20302" at the end.
	buildSuffix = regexp.MustCompile(`\s+-\s+(\d+\.\d+\.\d+\.\d+)\s*$`)
	// servicePack is "with SP1", "SP2", "Service Pack 1": an update of the
	// version, not another product.
	servicePack = regexp.MustCompile(`(?i)\s*\b(?:with\s+)?(?:sp\s?\d|service\s+pack\s+\d)\b`)
	// licensedPreview are the channels whose builds are licensed: "Release
	// Preview", "Current Channel (Preview)" (words of a channel, not of an
	// edition).
	licensedPreview = regexp.MustCompile(`(?i)\s*[-,]?\s*(?:\(?\s*release\s+preview\s*\)?|\(?\s*(?:current|monthly enterprise|semi-annual enterprise|beta)?\s*channel\s*\(preview\)\s*\)?)`)
	// installOption is Windows Server's installation option, which setup
	// and inventories add to the edition: "Windows Server 2022 Standard
	// (Desktop Experience)", "… (Server Core)", "… Server with Desktop
	// Experience": the same product and licence either way.
	installOption = regexp.MustCompile(`(?i)\s*[:(,-]?\s*(?:(?:server\s+)?with\s+)?(?:desktop\s+experience|server\s+core(?:\s+installation)?|core\s+installation)\s*\)?\s*$`)
	// evaluation are the words of a trial edition.
	evaluation = regexp.MustCompile(`(?i)\s*\b(?:evaluation|eval|(?:insider\s+|technical\s+)?preview)\b`)
)

// ParseInventoryName takes apart a product name as inventories write it:
// a Click-to-Run language suffix and build, a service pack, the words of an
// Evaluation or Preview edition. The product part is what LookupProduct reads.
func ParseInventoryName(name string) InventoryName {
	n := InventoryName{Product: licensedPreview.ReplaceAllString(name, "")}
	if m := c2rSuffix.FindStringSubmatchIndex(n.Product); m != nil {
		n.Language = n.Product[m[2]:m[3]]
		if m[4] >= 0 {
			n.Build = n.Product[m[4]:m[5]]
		}
		n.Product = n.Product[:m[0]]
	} else if m := buildSuffix.FindStringSubmatchIndex(n.Product); m != nil {
		n.Build = n.Product[m[2]:m[3]]
		n.Product = n.Product[:m[0]]
	}
	n.Product = servicePack.ReplaceAllString(n.Product, "")
	if strings.Contains(strings.ToLower(n.Product), "server") {
		n.Product = installOption.ReplaceAllString(n.Product, "")
	}
	if evaluation.MatchString(n.Product) {
		n.Evaluation = true
		n.Product = evaluation.ReplaceAllString(n.Product, "")
	}
	n.Product = strings.TrimSpace(n.Product)
	return n
}
