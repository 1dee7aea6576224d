package planner

// The product catalogue (docs/rules.md, "Product identity"): every product
// makplan judges, as data. Each table is one family; a row is an edition and
// the versions it exists in. The catalogue is built from these tables once,
// when the package loads; parsing a product name (product.go) only looks it up.
//
// Facts that change with the outside world (support end dates, what
// Commercial Licensing sells) live here and nowhere else.

// windowsEdition is a row of the Windows desktop table.
type windowsEdition struct {
	edition   string // canonical edition; the display name puts it after the version
	editionID string // slmgr / WMI / OA3x edition ID (EditionID, "Windows(R), <ID> edition")
	versions  string // the versions it exists in, space-separated
	n         string // versions that also have N editions ("*" = all of versions)
	kn        string // versions that also have KN editions (Korea)
	volume    bool   // on Commercial Licensing media (false: not-a-volume-product)
	qualify   qualification
	// display overrides the name per version, "" for the usual
	// "Windows <version> <edition>"; N is written where %N is.
	display map[string]string
	// also are other names of the edition, with %V for the version.
	also []string
}

// qualification says whether an edition is a qualifying OS for the
// Windows Enterprise (or Education) upgrade licensed through Commercial
// Licensing (docs/rules.md, no-qualifying-os).
type qualification uint8

const (
	qualifiesNever    qualification = iota // SE, IoT, multi-session, XP and Vista editions
	qualifiesAlways                        // Pro, Pro for Workstations, Pro Education, Education, Enterprise; 7 Professional and Ultimate
	qualifiesAcademic                      // Home editions: only under an academic agreement
)

// windowsVersions orders the Windows desktop versions, oldest first.
var windowsVersions = []string{"XP", "Vista", "7", "8", "8.1", "10", "11"}

// windowsEditions is the Windows desktop catalogue. Windows XP and Vista
// editions other than the business ones are left out: nobody reimages them.
var windowsEditions = []windowsEdition{
	{edition: "Home", editionID: "Core", versions: "XP 8 8.1 10 11", n: "*", kn: "8 8.1 10", qualify: qualifiesAcademic,
		display: map[string]string{"8": "Windows 8%N", "8.1": "Windows 8.1%N"}},
	{edition: "Home Basic", versions: "Vista 7", n: "*", kn: "7", qualify: qualifiesAcademic},
	{edition: "Home Premium", versions: "Vista 7", n: "*", kn: "7", qualify: qualifiesAcademic},
	{edition: "Starter", versions: "7", n: "*", qualify: qualifiesAcademic},
	{edition: "Home Single Language", editionID: "CoreSingleLanguage", versions: "8 8.1 10 11", qualify: qualifiesAcademic,
		display: map[string]string{"8": "Windows 8 Single Language", "8.1": "Windows 8.1 Single Language"}},
	{edition: "Home China", editionID: "CoreCountrySpecific", versions: "8 8.1 10 11", qualify: qualifiesAcademic,
		display: map[string]string{"8": "Windows 8 China", "8.1": "Windows 8.1 China"}},
	{edition: "Business", versions: "Vista", n: "*", volume: true},
	{edition: "Pro", editionID: "Professional", versions: "XP", n: "*", volume: true,
		display: map[string]string{"XP": "Windows XP Professional%N"}},
	{edition: "Pro", editionID: "Professional", versions: "7 8 8.1 10 11", n: "*", kn: "7 8 8.1 10", volume: true, qualify: qualifiesAlways,
		display: map[string]string{"7": "Windows 7 Professional%N"}},
	{edition: "Ultimate", versions: "Vista", n: "*"},
	{edition: "Ultimate", versions: "7", n: "*", kn: "7", qualify: qualifiesAlways},
	{edition: "Pro for Workstations", editionID: "ProfessionalWorkstation", versions: "10 11", n: "*", volume: true, qualify: qualifiesAlways,
		display: map[string]string{"10": "Windows 10 Pro%N for Workstations", "11": "Windows 11 Pro%N for Workstations"}},
	{edition: "Pro Education", editionID: "ProfessionalEducation", versions: "10 11", n: "*", volume: true, qualify: qualifiesAlways},
	{edition: "Education", editionID: "Education", versions: "10 11", n: "*", kn: "10", volume: true, qualify: qualifiesAlways},
	{edition: "Enterprise", editionID: "Enterprise", versions: "Vista 7 8 8.1 10 11", n: "*", kn: "7 8 8.1 10", volume: true, qualify: qualifiesAlways},
	{edition: "IoT Enterprise", editionID: "IoTEnterprise", versions: "10 11"},
	{edition: "Enterprise multi-session", editionID: "ServerRdsh", versions: "10 11", also: []string{"Windows %V Enterprise for Virtual Desktops"}},
	{edition: "SE", editionID: "CloudEdition", versions: "11"},
}

// ltscRelease is a Long-Term Servicing release of Windows Enterprise: an
// edition of its own per year (Windows 10 Enterprise LTSC 2019 is not
// Windows 10 Enterprise, nor LTSC 2021).
type ltscRelease struct {
	version, year, build string // build: the OS build that tells the release apart (10.0.<build>)
	iot                  bool
	start, end           string // made available (lifecycle start); end of (extended) support
	n                    bool
}

// ltscReleases lists the LTSB/LTSC releases, Enterprise and IoT Enterprise.
var ltscReleases = []ltscRelease{
	{version: "10", year: "2015", build: "10240", start: "2015-07-29", end: "2025-10-14", n: true},
	{version: "10", year: "2016", build: "14393", start: "2016-08-02", end: "2026-10-13", n: true},
	{version: "10", year: "2019", build: "17763", start: "2018-11-13", end: "2029-01-09", n: true},
	{version: "10", year: "2021", build: "19044", start: "2021-11-16", end: "2027-01-12", n: true},
	{version: "11", year: "2024", build: "26100", start: "2024-10-01", end: "2029-10-09", n: true},
	{version: "10", year: "2019", build: "17763", start: "2018-11-13", end: "2029-01-09", iot: true},
	{version: "10", year: "2021", build: "19044", start: "2021-11-16", end: "2032-01-13", iot: true},
	{version: "11", year: "2024", build: "26100", start: "2024-10-01", end: "2034-10-10", iot: true},
}

// windowsAvailable is the day each Windows desktop version was made
// available: Microsoft's lifecycle start date (docs/rules.md, "Software
// Assurance's new-version rights"); what SA and an Enterprise Upgrade cover
// is decided by it.
var windowsAvailable = map[string]string{
	"XP": "2001-12-31", "Vista": "2007-01-25", "7": "2009-10-22", "8": "2012-10-30", "8.1": "2013-11-13", "10": "2015-07-29", "11": "2021-10-04",
}

// windowsSupportEnds is the end of (extended) support per Windows desktop
// version; Windows 11 has none fixed for the product as a whole.
var windowsSupportEnds = map[string]string{
	"XP": "2014-04-08", "Vista": "2017-04-11", "7": "2020-01-14", "8": "2016-01-12", "8.1": "2023-01-10", "10": "2025-10-14",
}

// serverEdition is a row of the Windows Server table.
type serverEdition struct {
	edition, editionID, versions string
	volume                       string // versions sold through Commercial Licensing ("*" = all)
}

// serverVersions orders the Windows Server versions, oldest first, with the
// day each was made available (lifecycle start) and its end of extended support.
var serverVersions = []struct{ version, start, end string }{
	{"2008", "2008-05-06", "2020-01-14"}, {"2008 R2", "2009-10-22", "2020-01-14"}, {"2012", "2012-10-30", "2023-10-10"},
	{"2012 R2", "2013-11-25", "2023-10-10"}, {"2016", "2016-10-15", "2027-01-12"}, {"2019", "2018-11-13", "2029-01-09"},
	{"2022", "2021-08-18", "2031-10-14"}, {"2025", "2024-11-01", "2034-11-14"},
}

var serverEditions = []serverEdition{
	{edition: "Standard", editionID: "ServerStandard", versions: "*", volume: "*"},
	{edition: "Datacenter", editionID: "ServerDatacenter", versions: "*", volume: "*"},
	{edition: "Enterprise", editionID: "ServerEnterprise", versions: "2008, 2008 R2", volume: "*"},
	{edition: "Web", editionID: "ServerWeb", versions: "2008, 2008 R2", volume: "*"},
	{edition: "Foundation", editionID: "ServerFoundation", versions: "2008 R2, 2012, 2012 R2"},                                             // OEM only
	{edition: "Essentials", editionID: "ServerSolution", versions: "2012, 2012 R2, 2016, 2019, 2022, 2025", volume: "2012, 2012 R2, 2016"}, // OEM only from 2019
	{edition: "Datacenter: Azure Edition", editionID: "ServerTurbine", versions: "2022 2025"},                                              // Azure only
}

// officeSuite is a row of the Office, Visio and Project table.
type officeSuite struct {
	line, edition string
	ospp          string // the suite's part of OSPP license names (Office16ProPlusVL_MAK)
	versions      string
	volume        bool   // sold through Commercial Licensing
	ltsc          string // versions whose Volume product is named "LTSC" (Office LTSC Professional Plus 2021)
	retailTwin    string // of those, the versions that also exist as a retail product without "LTSC"
}

// officeVersions orders Office versions with the day the Volume (LTSC)
// suites were made available (lifecycle start) and their end of extended
// support; officeAvailable has the exceptions.
var officeVersions = []struct{ version, start, end string }{
	{"2010", "2010-07-15", "2020-10-13"}, {"2013", "2013-01-09", "2023-04-11"}, {"2016", "2015-09-22", "2025-10-14"},
	{"2019", "2018-09-24", "2025-10-14"}, {"2021", "2021-09-16", "2026-10-13"}, {"2024", "2024-09-16", "2029-10-09"},
}

// officeAvailable are lifecycle starts that differ from officeVersions':
// Project 2021 and 2024, and the retail suites of 2021 and 2024 (the
// 2024 dates are to confirm, docs/rules.md).
var officeAvailable = map[string]string{
	"Project 2021": "2021-10-05", "Project 2024": "2024-10-01", "retail 2021": "2021-10-05", "retail 2024": "2024-10-01",
}

var officeSuites = []officeSuite{
	{line: "Office", edition: "Professional Plus", ospp: "ProPlus", versions: "*", volume: true, ltsc: "2021 2024", retailTwin: "2021"},
	{line: "Office", edition: "Standard", ospp: "Standard", versions: "*", volume: true, ltsc: "2021 2024"},
	{line: "Office", edition: "Professional", ospp: "Professional", versions: "2010 2013 2016 2019 2021"},
	{line: "Office", edition: "Home and Business", ospp: "HomeBusiness", versions: "*"},
	{line: "Office", edition: "Home and Student", ospp: "HomeStudent", versions: "2010 2013 2016 2019 2021"},
	{line: "Office", edition: "Home", ospp: "Home", versions: "2024"},
	{line: "Office", edition: "Personal", ospp: "Personal", versions: "2010 2013 2016 2019 2021"},
	{line: "Visio", edition: "Standard", ospp: "VisioStd", versions: "*", volume: true, ltsc: "2021 2024", retailTwin: "2021 2024"},
	{line: "Visio", edition: "Professional", ospp: "VisioPro", versions: "*", volume: true, ltsc: "2021 2024", retailTwin: "2021 2024"},
	{line: "Project", edition: "Standard", ospp: "ProjectStd", versions: "*", volume: true},
	{line: "Project", edition: "Professional", ospp: "ProjectPro", versions: "*", volume: true},
}

// subscription is a product licensed per user by subscription: it activates
// by sign-in and never uses a MAK (docs/rules.md, subscription-activation).
type subscription struct {
	line, name string
	spellings  []string
}

var subscriptions = []subscription{
	{line: "Office", name: "Microsoft 365 Apps for enterprise", spellings: []string{"Office 365 ProPlus", "Microsoft 365 Apps", "Microsoft 365 Apps for Enterprise", "O365ProPlusRetail", "Office 365 Enterprise"}},
	{line: "Office", name: "Microsoft 365 Apps for business", spellings: []string{"Office 365 Business", "O365BusinessRetail", "Microsoft 365 Business Apps"}},
	{line: "Visio", name: "Visio Plan 1", spellings: []string{"Visio Online Plan 1"}},
	{line: "Visio", name: "Visio Plan 2", spellings: []string{"Visio Online Plan 2"}},
	{line: "Project", name: "Project Plan 3", spellings: []string{"Project Online Professional"}},
	{line: "Project", name: "Project Plan 5", spellings: []string{"Project Online Premium"}},
	{line: "Project", name: "Project Online Desktop Client", spellings: nil},
}

// tokenAliases rewrite single words of product names into the catalogue's
// words, so that one lookup serves every spelling: inventory and VLSC
// abbreviations, slmgr/WMI edition IDs, the Windows(R) of slmgr. A word
// mapped to "" is noise. Everything else in a name must be a catalogue word,
// or the name is not recognised (docs/rules.md: never guessed).
var tokenAliases = map[string]string{
	"microsoft": "", "edition": "", "windows(r)": "windows", "(r)": "", "(tm)": "",
	"x64": "", "x86": "", "arm64": "", "amd64": "", "64": "", "32": "", "bit": "", "64bit": "", "32bit": "",
	"win": "windows", "professional": "pro", "proplus": "pro plus", "professionalplus": "pro plus",
	"std": "standard", "datactr": "datacenter", "dc": "datacenter", "srv": "server", "ltsb": "ltsc",
	"workstation": "workstations", "singlelanguage": "single language", "multisession": "multi session",
	"&": "and", "o365": "office 365", "m365": "365", "2008r2": "2008 r2", "2012r2": "2012 r2",
	"homebusiness": "home and business", "homestudent": "home and student",
	// slmgr / WMI / OA3x edition IDs
	"professionaln": "pro n", "professionalworkstation": "pro for workstations", "professionalworkstationn": "pro n for workstations",
	"professionaleducation": "pro education", "professionaleducationn": "pro education n", "educationn": "education n",
	"enterprisen": "enterprise n", "enterprises": "enterprise ltsc", "enterprisesn": "enterprise n ltsc",
	"iotenterprise": "iot enterprise", "iotenterprises": "iot enterprise ltsc",
	"core": "home", "coren": "home n", "corekn": "home kn", "coresinglelanguage": "home single language", "corecountryspecific": "home china",
	"professionalkn": "pro kn", "enterprisekn": "enterprise kn", "educationkn": "education kn",
	"serverstandard": "server standard", "serverdatacenter": "server datacenter", "serverstandardcore": "server standard",
	"serverdatacentercore": "server datacenter", "serverturbine": "server datacenter azure", "serversolution": "server essentials",
	"serveressentials": "server essentials", "serverenterprise": "server enterprise", "serverweb": "server web",
	"serverfoundation": "server foundation", "serverrdsh": "enterprise multi session", "cloudedition": "se",
}

// osppNames maps the suite part of an Office Software Protection Platform
// license name (Office16ProPlusVL_MAK, Office19VisioPro2019VL_MAK_AE) to
// catalogue words.
var osppNames = map[string]string{
	"proplus": "office pro plus", "professionalplus": "office pro plus", "standard": "office standard",
	"professional": "office pro", "homebusiness": "office home and business", "homestudent": "office home and student",
	"home": "office home", "personal": "office personal",
	"visiopro": "visio pro", "visiostd": "visio standard", "projectpro": "project pro", "projectstd": "project standard",
	"o365proplus": "365 apps for enterprise", "o365business": "365 apps for business",
}

// osppVersions maps the Office major version of OSPP names to its year.
var osppVersions = map[string]string{"14": "2010", "15": "2013", "16": "2016", "19": "2019", "21": "2021", "24": "2024"}

// skuEditions maps Windows' OperatingSystemSKU numbers (WMI
// Win32_OperatingSystem, Intune's skuNumber) to edition IDs: a plan that
// has only the number names the edition by it, with the OS Version column
// for the version.
var skuEditions = map[string]string{
	"4": "Enterprise", "27": "EnterpriseN", "48": "Professional", "49": "ProfessionalN",
	"98": "CoreN", "99": "CoreCountrySpecific", "100": "CoreSingleLanguage", "101": "Core",
	"121": "Education", "122": "EducationN", "125": "EnterpriseS", "126": "EnterpriseSN",
	"161": "ProfessionalWorkstation", "162": "ProfessionalWorkstationN", "164": "ProfessionalEducation", "165": "ProfessionalEducationN",
	"175": "ServerRdsh", "188": "IoTEnterprise", "191": "IoTEnterpriseS", "203": "CloudEdition",
	"7": "ServerStandard", "8": "ServerDatacenter", "12": "ServerDatacenterCore", "13": "ServerStandardCore",
}
