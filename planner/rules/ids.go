// Package rules decides whether a device may be reimaged with Commercial
// Licensing media, following Microsoft's brief "Reimaging licensed Microsoft
// software by using Commercial Licensing media" and the Product Terms, as
// docs/rules.md explains them. It is a pure function of a device, the
// agreements, the rights table, the keys that prove purchases and the as-of
// date, and uses the standard library only.
package rules

import "strings"

// ID is a stable rule or note identifier of docs/rules.md; it appears in JSON, the
// workbook and the email, and must never be renamed.
type ID string

// Rule IDs: a device that fails any of them is not eligible.
const (
	ProgramNotEligible   ID = "program-not-eligible"
	OpenLicenseNotBought ID = "open-license-not-bought"
	DifferentProduct     ID = "different-product"
	DifferentComponents  ID = "different-components"
	DifferentLanguage    ID = "different-language"
	DifferentVersion     ID = "different-version"
	NoQualifyingOS       ID = "no-qualifying-os"
	EnterpriseNotCovered ID = "enterprise-not-covered"
	UserSAExpired        ID = "user-sa-expired"
	SubscriptionEnded    ID = "subscription-ended" // rev 4: a subscription program's licence has ended
	OEMMediaOtherDevice  ID = "oem-media-other-device"
	OEMMediaVersion      ID = "oem-media-version"
	RetailMediaReuse     ID = "retail-media-reuse"
	DowngradeExpired     ID = "downgrade-expired"
	NotAVolumeProduct    ID = "not-a-volume-product"
	UnrecognisedProduct  ID = "unrecognised-product"
)

// Note IDs: said of eligible devices.
const (
	DowngradeRight     ID = "downgrade-right"
	ArchitectureChange ID = "architecture-change"
	SupportUnchanged   ID = "support-unchanged"
	NoSANeeded         ID = "no-sa-needed"
	DownEditionRight   ID = "down-edition-right"
	QualifyingAssumed  ID = "qualifying-os-assumed"
	FreeUpgrade        ID = "free-upgrade"
	SubscriptionNote   ID = "subscription-activation"
	NewVersionRight    ID = "new-version-right"       // rev 3: a later version made available while SA was active
	UpgradeAssumed     ID = "upgrade-version-assumed" // rev 3: an Enterprise Upgrade without SA or date, assumed to cover the target
	SAFromProgram      ID = "sa-assumed-from-program" // rev 3: SA taken from the agreement's program, the column blank
)

// Rules lists every rule ID in docs/rules.md's order; Notes every note ID.
var (
	Rules = []ID{ProgramNotEligible, OpenLicenseNotBought, DifferentProduct, DifferentComponents, DifferentLanguage,
		DifferentVersion, NoQualifyingOS, EnterpriseNotCovered, UserSAExpired, SubscriptionEnded, OEMMediaOtherDevice, OEMMediaVersion, RetailMediaReuse,
		DowngradeExpired, NotAVolumeProduct, UnrecognisedProduct}
	Notes = []ID{DowngradeRight, ArchitectureChange, SupportUnchanged, NoSANeeded, DownEditionRight, QualifyingAssumed,
		FreeUpgrade, SubscriptionNote, NewVersionRight, UpgradeAssumed, SAFromProgram}
)

// Set is a set of rule or note IDs, one bit each, so that judging a device
// allocates nothing.
type Set uint32

func bit(list []ID, id ID) Set {
	for i, x := range list {
		if x == id {
			return 1 << i
		}
	}
	return 0 // not of this list
}

// Has reports whether the set holds id.
func (s Set) has(list []ID, id ID) bool { return s&bit(list, id) != 0 }

// ids returns the IDs of the set in list order.
func (s Set) ids(list []ID) []ID {
	out := []ID{}
	for i, id := range list {
		if s&(1<<i) != 0 {
			out = append(out, id)
		}
	}
	return out
}

// Strings returns the IDs as strings.
func Strings(ids []ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// ParseID returns the rule or note ID named s.
func ParseID(s string) (ID, bool) {
	s = strings.TrimSpace(s)
	for _, id := range append(append([]ID{}, Rules...), Notes...) {
		if string(id) == s {
			return id, true
		}
	}
	return "", false
}
