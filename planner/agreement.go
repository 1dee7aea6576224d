package planner

import "strings"

// Program is a Microsoft licensing program; it decides whether reimaging
// rights exist at all (the brief's Summary).
type Program string

// The programs that grant reimaging rights.
const (
	ProgramEA                    Program = "EA"
	ProgramMPSA                  Program = "MPSA"
	ProgramOpenLicense           Program = "Open License"
	ProgramOpenValue             Program = "Open Value"
	ProgramOpenValueSubscription Program = "Open Value Subscription"
	ProgramCampus                Program = "Campus"
	ProgramSchool                Program = "School"
	ProgramSelectPlus            Program = "Select Plus"
)

var programNames = map[string]Program{
	"ea": ProgramEA, "enterpriseagreement": ProgramEA, "enterprise": ProgramEA, "easubscription": ProgramEA, "eas": ProgramEA,
	"mpsa": ProgramMPSA, "microsoftproductsandservicesagreement": ProgramMPSA,
	"openlicense": ProgramOpenLicense, "open": ProgramOpenLicense, "olp": ProgramOpenLicense,
	"openvalue": ProgramOpenValue, "ov": ProgramOpenValue,
	"openvaluesubscription": ProgramOpenValueSubscription, "ovs": ProgramOpenValueSubscription,
	"campus": ProgramCampus, "campusagreement": ProgramCampus, "school": ProgramSchool, "schoolagreement": ProgramSchool,
	"selectplus": ProgramSelectPlus, "select+": ProgramSelectPlus,
}

// ParseProgram returns the canonical program for s, or s itself (trimmed)
// when it is not one of the programs that grant reimaging rights.
func ParseProgram(s string) Program {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' {
			b.WriteRune(r)
		}
	}
	if p, ok := programNames[b.String()]; ok {
		return p
	}
	return Program(strings.TrimSpace(s))
}

// GrantsReimaging reports whether the program is one the brief names.
func (p Program) GrantsReimaging() bool {
	switch p {
	case ProgramEA, ProgramMPSA, ProgramOpenLicense, ProgramOpenValue, ProgramOpenValueSubscription,
		ProgramCampus, ProgramSchool, ProgramSelectPlus:
		return true
	}
	return false
}

// IsOpen reports whether the program needs a license of the product bought
// under the agreement before its media may be used.
func (p Program) IsOpen() bool {
	return p == ProgramOpenLicense || p == ProgramOpenValue || p == ProgramOpenValueSubscription
}

// Agreement is a volume licensing agreement from the configuration.
type Agreement struct {
	Number  string
	Program Program
	// Bought counts the licenses bought per product (read for Open programs);
	// nil when the configuration does not say.
	Bought []Purchase
}

// Purchase is a count of licenses of one product bought under an agreement.
type Purchase struct {
	Product Product
	Count   int
}

// LicensesOf returns how many licenses covering target were bought, and
// whether the configuration lists purchases at all.
func (a Agreement) LicensesOf(target Product) (int, bool) {
	if a.Bought == nil {
		return 0, false
	}
	n := 0
	for _, p := range a.Bought {
		if Covers(p.Product, target) {
			n += p.Count
		}
	}
	return n, true
}
