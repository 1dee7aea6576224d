package planner

import (
	"regexp"
	"strings"
)

// An activation ID (SKU ID) names the licence a key installs: what slmgr
// /dlv shows as "Activation ID" and VAMT writes as a key's SupportedSku.
// Each channel of an edition has its own: the MAK of Windows 10 Enterprise N
// is not its KMS client key's ID. Only MAK IDs matter here (VAMT's other
// keys are skipped), and only those with a public source are listed; a key
// whose ID is not here is named by its KeyDescription
// (docs/plan-columns.md, "VAMT").
type activationID struct {
	id      string // lower case
	product string // a catalogue spelling: what the key covers
	source  string
}

// Sources of the IDs below, cited per entry.
const (
	srcESU  = "Microsoft Learn, Enable Windows 10 Extended Security Updates (table of ESU program activation IDs)"
	srcHWID = "massgravel/Microsoft-Activation-Scripts, MAS_AIO.cmd, :hwiddata (Volume:MAK rows)"
	srcOSPP = "massgravel/Microsoft-Activation-Scripts, Ohook_Activation_AIO.cmd, :ohookdata (MAK rows); Office 2024 Standard also a real ospp /dstatus output"
)

var activationIDs = []activationID{
	{"c83cef07-6b72-4bbc-a28f-a00386872839", "Windows 10/11 Enterprise N", srcHWID},
	{"cce9d2de-98ee-4ce2-8113-222620c64a27", "Windows 10 Enterprise LTSC 2021", srcHWID},
	{"f6e29426-a256-4316-88bf-cc5b0f95ec0c", "Windows 11 Enterprise LTSC 2024", srcHWID},
	{"3d1022d8-969f-4222-b54b-327f5a5af4c9", "Windows 10 Enterprise N 2016 LTSB", srcHWID},
	{"60c243e1-f90b-4a1b-ba89-387294948fb6", "Windows 10 Enterprise N 2015 LTSB", srcHWID},

	{"c47456e3-265d-47b6-8ca0-c30abbd0ca36", "Office Professional Plus 2016", srcOSPP},
	{"0ed94aac-2234-4309-ba29-74bdbb887083", "Office Standard 2016", srcOSPP},
	{"82f502b5-b0b0-4349-bd2c-c560df85b248", "Project Professional 2016", srcOSPP},
	{"82e6b314-2a62-4e51-9220-61358dd230e6", "Project Standard 2016", srcOSPP},
	{"295b2c03-4b1c-4221-b292-1411f468bd02", "Visio Professional 2016", srcOSPP},
	{"44151c2d-c398-471f-946f-7660542e3369", "Visio Standard 2016", srcOSPP},
	{"6755c7a7-4dfe-46f5-bce8-427be8e9dc62", "Office Professional Plus 2019", srcOSPP},
	{"beb5065c-1872-409e-94e2-403bcfb6a878", "Office Standard 2019", srcOSPP},
	{"d4ebadd6-401b-40d5-adf4-a5d4accd72d1", "Project Professional 2019", srcOSPP},
	{"fdaa3c03-dc27-4a8d-8cbf-c3d843a28ddc", "Project Standard 2019", srcOSPP},
	{"f41abf81-f409-4b0d-889d-92b3e3d7d005", "Visio Professional 2019", srcOSPP},
	{"933ed0e3-747d-48b0-9c2c-7ceb4c7e473d", "Visio Standard 2019", srcOSPP},
	{"3f180b30-9b05-4fe2-aa8d-0c1c4790f811", "Office LTSC Professional Plus 2021", srcOSPP},
	{"223a60d8-9002-4a55-abac-593f5b66ca45", "Office LTSC Standard 2021", srcOSPP},
	{"17739068-86c4-4924-8633-1e529abc7efc", "Project Professional 2021", srcOSPP},
	{"84313d1e-47c8-4e27-8ced-0476b7ee46c4", "Project Standard 2021", srcOSPP},
	{"c590605a-a08a-4cc7-8dc2-f1ffb3d06949", "Visio LTSC Professional 2021", srcOSPP},
	{"d55f90ee-4ba2-4d02-b216-1300ee50e2af", "Visio LTSC Standard 2021", srcOSPP},
	{"d77244dc-2b82-4f0a-b8ae-1fca00b7f3e2", "Office LTSC Professional Plus 2024", srcOSPP},
	{"44a07f51-8263-4b2f-b2a5-70340055c646", "Office LTSC Standard 2024", srcOSPP},
	{"2141d341-41aa-4e45-9ca1-201e117d6495", "Project Professional 2024", srcOSPP},
	{"4b6d9b9b-c16e-429d-babe-8bb84c3c27d6", "Project Standard 2024", srcOSPP},
	{"4c2f32bf-9d0b-4d8c-8ab1-b4c6a0b9992d", "Visio LTSC Professional 2024", srcOSPP},
	{"0978336b-5611-497c-9414-96effaff4938", "Visio LTSC Standard 2024", srcOSPP},

	// Windows 10 Extended Security Updates: one ID per year, the same for
	// every covered edition.
	{"f520e45e-7413-4a34-a497-d2765967d094", "Windows 10 ESU Year 1", srcESU},
	{"1043add5-23b1-4afb-9a0f-64343c8f3f8d", "Windows 10 ESU Year 2", srcESU},
	{"83d49986-add3-41d7-ba33-87c7bfb5c0fb", "Windows 10 ESU Year 3", srcESU},
}

// ProductOfActivationID returns the product name of a MAK's activation ID
// (VAMT's SupportedSku, with or without braces, any case), and whether the
// ID is known.
func ProductOfActivationID(id string) (string, bool) {
	id = strings.ToLower(strings.Trim(strings.TrimSpace(id), "{}"))
	for _, a := range activationIDs {
		if a.id == id {
			return a.product, true
		}
	}
	return "", false
}

var (
	// pkeyWindows is a Windows key description of pkeyconfig, as VAMT
	// stores it in KeyDescription: "Win 10 RTM Enterprise Volume:MAK",
	// "Win 10 2019 LTSC RTM EnterpriseS Volume:MAK".
	pkeyWindows = regexp.MustCompile(`(?i)^\s*win(?:dows)?\s+(10|11)\s+(?:(20\d\d)\s+(?:ltsb|ltsc)\s+)?rtm\s+([a-z]+)\s+(volume|retail|oem)(?::\s*([a-z0-9_]+))?\s*$`)
	// pkeyServer is a Windows Server key description: "Windows Server 2019
	// RTM ServerStandard Volume:MAK", "Windows Server 12 R2 RTM ServerStandard Volume:MAK".
	pkeyServer = regexp.MustCompile(`(?i)^\s*windows\s+server\s+(\d{2}|20\d\d)(\s+r2)?\s+rtm\s+([a-z]+)\s+(volume|retail|oem)(?::\s*([a-z0-9_]+))?\s*$`)
	// pkeyOfficeRTM is the RTMnn_ infix of Office descriptions
	// ("Office19_RTM19_Standard2019VL_MAK_AE").
	pkeyOfficeRTM = regexp.MustCompile(`(?i)^(office\d\d_)rtm\d\d_`)
)

// KeyDescriptionName turns a pkeyconfig key description (VAMT's
// KeyDescription) into a name the catalogue reads, and says whether the
// description is of a MAK. A Windows 10 description names the edition of
// Windows 10 and 11 alike: one key activates both. ok is false when the
// description is in none of the known forms; name is then the description.
func KeyDescriptionName(desc string) (name string, mak, ok bool) {
	d := strings.TrimSpace(desc)
	channel := func(kind, sub string) bool {
		return strings.EqualFold(kind, "volume") && strings.EqualFold(sub, "mak")
	}
	if m := pkeyWindows.FindStringSubmatch(d); m != nil {
		edition := m[3]
		if m[2] == "" {
			return "Windows 10/11 " + edition, channel(m[4], m[5]), true
		}
		version := "10"
		if m[2] >= "2024" {
			version = "11"
		}
		return "Windows " + version + " " + edition + " " + m[2], channel(m[4], m[5]), true
	}
	if m := pkeyServer.FindStringSubmatch(d); m != nil {
		year := m[1]
		if len(year) == 2 {
			year = "20" + year
		}
		return "Windows Server " + year + strings.ToUpper(m[2]) + " " + m[3], channel(m[4], m[5]), true
	}
	if strings.HasPrefix(strings.ToLower(d), "office") {
		o := pkeyOfficeRTM.ReplaceAllString(d, "$1")
		low := strings.ToLower(o)
		return o, strings.Contains(low, "_mak"), true
	}
	return d, false, false
}
