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
	Check         report.Check
	Rights        rules.Table
	// SAFromProgram: a blank SA column under a program that includes SA is
	// taken as SA active (rules.sa_from_program).
	SAFromProgram bool
	History       History
}

// Inputs are the inputs: section.
type Inputs struct {
	Keys, Plan         []string
	AsOf               planner.Date // zero: the day of the run
	KeyDates           map[string]planner.Date
	Aliases            map[string][]string
	PlanSheet          string
	KeysSheet          string
	ReportUnrecognised bool
	DateOrder          cells.DateOrder
	Limits             Limits
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
