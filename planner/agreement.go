package planner

import "strings"

// Program is a Microsoft licensing program; it decides whether reimaging
// rights exist at all (docs/rules.md, program-not-eligible).
type Program string

// The programs that grant reimaging rights.
const (
	ProgramEA                    Program = "EA"
	ProgramEAS                   Program = "EAS"
	ProgramMPSA                  Program = "MPSA"
	ProgramOpenLicense           Program = "Open License"
	ProgramOpenValue             Program = "Open Value"
	ProgramOpenValueSubscription Program = "Open Value Subscription"
	ProgramCampus                Program = "Campus"
	ProgramSchool                Program = "School"
	ProgramEES                   Program = "EES"
	ProgramOVSES                 Program = "OVS-ES"
	ProgramSelect                Program = "Select"
	ProgramSelectPlus            Program = "Select Plus"
)

// The programs that grant no reimaging rights, and "other" for a program
// the configuration says grants none.
const (
	ProgramCSP    Program = "CSP"
	ProgramMCA    Program = "MCA"
	ProgramSPLA   Program = "SPLA"
	ProgramRetail Program = "Retail"
	ProgramOEM    Program = "OEM"
	ProgramOther  Program = "other"
)

// programNames maps program names and their long forms, folded to letters
// and digits, to programs: a closed vocabulary (docs/configuration.md).
var programNames = map[string]Program{
	"ea": ProgramEA, "enterpriseagreement": ProgramEA, "enterprise": ProgramEA,
	"eas": ProgramEAS, "easubscription": ProgramEAS, "enterpriseagreementsubscription": ProgramEAS, "enterprisesubscriptionagreement": ProgramEAS,
	"mpsa": ProgramMPSA, "microsoftproductsandservicesagreement": ProgramMPSA,
	"openlicense": ProgramOpenLicense, "open": ProgramOpenLicense, "olp": ProgramOpenLicense, "openlicenseacademic": ProgramOpenLicense,
	"openvalue": ProgramOpenValue, "ov": ProgramOpenValue,
	"openvaluesubscription": ProgramOpenValueSubscription, "ovs": ProgramOpenValueSubscription,
	"campus": ProgramCampus, "campusagreement": ProgramCampus, "school": ProgramSchool, "schoolagreement": ProgramSchool,
	"ees": ProgramEES, "enrollmentforeducationsolutions": ProgramEES,
	"ovses": ProgramOVSES, "openvaluesubscriptionforeducationsolutions": ProgramOVSES, "openvaluesubscriptioneducationsolutions": ProgramOVSES,
	"select": ProgramSelect, "selectplus": ProgramSelectPlus, "select+": ProgramSelectPlus,
	"csp": ProgramCSP, "cloudsolutionprovider": ProgramCSP, "mca": ProgramMCA, "microsoftcustomeragreement": ProgramMCA,
	"spla": ProgramSPLA, "servicesproviderlicenseagreement": ProgramSPLA, "retail": ProgramRetail, "fpp": ProgramRetail,
	"oem": ProgramOEM, "other": ProgramOther,
}

// ProgramNames lists the programs that grant reimaging rights, for messages.
const ProgramNames = "EA, EAS, MPSA, Open License, Open Value, Open Value Subscription, Campus, School, EES, OVS-ES, Select, Select Plus"

// NonGrantingNames lists the programs that grant none, for messages.
const NonGrantingNames = "CSP, MCA, SPLA, Retail, OEM, or other"

// ProgramSpellings are the names ParseProgram reads (their long forms
// among them), for suggesting the closest to a typo.
var ProgramSpellings = []string{
	"EA", "Enterprise Agreement", "EAS", "Enterprise Agreement Subscription", "MPSA", "Microsoft Products and Services Agreement",
	"Open License", "Open Value", "Open Value Subscription", "OVS", "Campus", "Campus Agreement", "School", "School Agreement",
	"EES", "Enrollment for Education Solutions", "OVS-ES", "Select", "Select Plus",
	"CSP", "Cloud Solution Provider", "MCA", "Microsoft Customer Agreement", "SPLA", "Services Provider License Agreement", "Retail", "OEM", "other",
}

// ParseProgram returns the program s names, in any case and spacing, by
// its short or long name. A name that is no program is an error: a typo
// must not silently become a program without reimaging rights.
func ParseProgram(s string) (Program, bool) {
	p, ok := programNames[foldProgram(s)]
	return p, ok
}

func foldProgram(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// GrantsReimaging reports whether the program grants reimaging rights.
func (p Program) GrantsReimaging() bool {
	switch p {
	case ProgramEA, ProgramEAS, ProgramMPSA, ProgramOpenLicense, ProgramOpenValue, ProgramOpenValueSubscription,
		ProgramCampus, ProgramSchool, ProgramEES, ProgramOVSES, ProgramSelect, ProgramSelectPlus:
		return true
	}
	return false
}

// IsOpen reports whether the program needs a license of the product bought
// under the agreement before its media may be used (the Open programs and
// their academic form).
func (p Program) IsOpen() bool {
	return p == ProgramOpenLicense || p == ProgramOpenValue || p == ProgramOpenValueSubscription || p == ProgramOVSES
}

// AsksAuthorization reports whether Microsoft's request form asks for the
// agreement's authorization number: Open License's; the enrollment number
// or License ID is the agreement field for the others (EA, EAS, MPSA …).
func (p Program) AsksAuthorization() bool { return p == ProgramOpenLicense }

// IsAcademic reports whether the program is an academic one, under which
// Windows Home editions qualify for the Education upgrade.
func (p Program) IsAcademic() bool {
	return p == ProgramCampus || p == ProgramSchool || p == ProgramEES || p == ProgramOVSES
}

// IncludesSA reports whether the program includes Software Assurance on the
// licences bought under it (EA, EAS, Open Value, OVS, OVS-ES, EES, School,
// Campus; not MPSA, Select, Select Plus or Open License): a blank SA column
// on such a licence is taken as SA active (docs/rules.md, "Software Assurance's new-version rights").
func (p Program) IncludesSA() bool {
	switch p {
	case ProgramEA, ProgramEAS, ProgramOpenValue, ProgramOpenValueSubscription, ProgramOVSES, ProgramEES, ProgramSchool, ProgramCampus:
		return true
	}
	return false
}

// IsSubscription reports whether the program licenses by subscription
// (EAS, OVS, OVS-ES, School, Campus, EES): its licences end with it, so an
// SA end date before the day judged means no licence at all, unless they
// were bought out (Agreement.BoughtOut).
func (p Program) IsSubscription() bool {
	switch p {
	case ProgramEAS, ProgramOpenValueSubscription, ProgramOVSES, ProgramSchool, ProgramCampus, ProgramEES:
		return true
	}
	return false
}

// Agreement is a volume licensing agreement from the configuration.
type Agreement struct {
	Number  string
	Program Program
	// EnterpriseWide: the agreement covers every device as SA per device would
	// (an enterprise-wide EA, a School or EES platform).
	EnterpriseWide bool
	// Authorization is the agreement's authorization number, which
	// Microsoft's request form asks for with the agreement; "" when the
	// configuration does not give it.
	Authorization string
	// Bought counts the licenses bought per product (read for Open programs);
	// nil when the configuration does not say.
	Bought []Purchase
	// BoughtOut: a subscription's licences were bought out as perpetual at
	// the end of its term (agreements[].bought_out): they stay, for the
	// versions their SA covered.
	BoughtOut bool
}

// Purchase is a count of licenses of a product bought under an agreement.
type Purchase struct {
	Name     string     // as the configuration writes it
	Products []*Product // what the name covers
	Count    int
}
