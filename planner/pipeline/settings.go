package pipeline

import (
	"time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/cells"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/sheet"
)

// Settings are the checked, typed settings a run uses: what the
// configuration says (docs/configuration.md), its file, environment and
// flags layered. Package config builds them; nothing here reads a file of
// settings.
type Settings struct {
	Path       string // the configuration file the settings come from, "" when none
	Customer   report.Customer
	Agreements []planner.Agreement
	Inputs     Inputs
	Defaults   map[string]string // canonical plan column → value for blank cells
	Capacity   capacity.Settings
	KeyCovers  map[string][]string // key product name → more products it covers
	// KeyAgreements states the agreement of keys that no export gives one
	// (keys.agreements): a key (whole or its last five) → agreement number.
	KeyAgreements []KeyAgreement
	// ESUYears states the Windows 10 ESU years of keys whose names give
	// none (keys.esu_years).
	ESUYears []ESUYears
	Check    report.Check
	Rights   rules.Table
	// SAFromProgram: a blank SA column under a program that includes SA is
	// taken as SA active (rules.sa_from_program).
	SAFromProgram bool
	History       History
}

// ESUYears is an entry of keys.esu_years.
type ESUYears struct {
	Key   planner.KeyRef
	Years planner.ESUSet
}

// Inputs are the inputs: section.
type Inputs struct {
	Keys, Plan         []InputFile
	AsOf               planner.Date // zero: the day of the run
	KeyDates           map[string]planner.Date
	Aliases            map[string][]string
	PlanSheet          string
	KeysSheet          string
	ReportUnrecognised bool
	DateOrder          cells.DateOrder
	Limits             Limits
	// IgnoreColumns are more columns the plans and key exports have that are
	// not used (inputs.ignore_columns): named once, never taken for a typo.
	IgnoreColumns []string
}

// InputFile is an entry of inputs.keys or inputs.plan: a file (or, for the
// keys, a folder of exports), with how it writes its dates and which sheet
// to read when they differ from the section's (docs/configuration.md).
type InputFile struct {
	Path      string
	DateOrder cells.DateOrder // "": inputs.date_order
	Sheet     string          // "": inputs.plan_sheet or inputs.keys_sheet
}

// Files returns the paths of entries.
func Files(entries []InputFile) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Path
	}
	return out
}

// orderFor is the date order of an entry: its own, else the section's.
func (in *Inputs) orderFor(f InputFile) cells.DateOrder {
	if f.DateOrder != "" {
		return f.DateOrder
	}
	return in.DateOrder
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// Limits bound what an input may make makplan do (inputs.limits).
type Limits struct {
	FileSize int64 // bytes of one input file
	Sheet    sheet.Limits
	XMLDepth int // nesting of a .cilx
}

// History is the history: and requests: sections.
type History struct {
	Off          bool   // history.path: off — no run reads or records a history
	Path         string // the database; beside the configuration file by default
	Window       int
	BusyTimeout  time.Duration
	FollowUpDays int
}

// KeyAgreement is a row of keys.agreements.
type KeyAgreement struct {
	Key       planner.KeyRef
	Agreement string
}

// AsOf returns the day the run judges on: inputs.as_of, else today.
func (s *Settings) AsOf(today planner.Date) planner.Date {
	if !s.Inputs.AsOf.IsZero() {
		return s.Inputs.AsOf
	}
	return today
}
