package report

// AlertKind names what `makplan check` alerts on: the first word of an
// alert line, and Breach.Kind in the JSON. Every kind is in AlertKinds,
// which check --help lists.
type AlertKind string

// The alert kinds.
const (
	AlertShort        AlertKind = "SHORT"
	AlertLow          AlertKind = "LOW"
	AlertRunway       AlertKind = "RUNWAY"
	AlertUnmatched    AlertKind = "UNMATCHED"
	AlertUnrecognised AlertKind = "UNRECOGNISED"
	AlertIneligible   AlertKind = "INELIGIBLE"
	AlertIgnored      AlertKind = "IGNORED"
	AlertMismapped    AlertKind = "MISMAPPED"
	AlertSlipped      AlertKind = "SLIPPED"
	AlertBurn         AlertKind = "BURN"
	AlertFollowUp     AlertKind = "FOLLOW-UP"
	AlertLifecycle    AlertKind = "LIFECYCLE"
)

// AlertInfo says when a kind of alert is raised.
type AlertInfo struct {
	Kind AlertKind
	When string
}

// AlertKinds lists every alert kind with when it is raised, in the order
// check prints them.
var AlertKinds = []AlertInfo{
	{AlertShort, "a pool's demand and reserve exceed what remains on its keys"},
	{AlertLow, "a pool's remaining activations are below check.min_remaining_percent of its limit"},
	{AlertRunway, "a pool covers fewer than check.min_runway_waves of its waves, or its burn leaves it empty before its waves are done"},
	{AlertIgnored, "a plan column that looks meant was not read (a typo of a column's name)"},
	{AlertMismapped, "more than a tenth of the rows read from one column are licensed for one kind of product and go to another: the column is probably the wrong one"},
	{AlertIneligible, "more of the plan's products than check.max_ineligible_percent are not eligible"},
	{AlertSlipped, "a wave dated before the key export whose devices the used counts do not show yet: they stay demand"},
	{AlertBurn, "activations used beyond every wave's devices (unexplained burn)"},
	{AlertFollowUp, "a request to Microsoft open longer than history.follow_up_days"},
	{AlertLifecycle, "within check.lifecycle_days of an end of support or a Windows 10 ESU year that plan devices cross (a warning)"},
	{AlertUnmatched, "devices that consume an activation no MAK in the exports can make"},
	{AlertUnrecognised, "with inputs.unrecognised_products: report, devices whose product is not in the catalogue"},
}
