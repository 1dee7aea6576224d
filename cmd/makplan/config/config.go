// Package config loads makplan's configuration (docs/configuration.md): the
// YAML file, MAKPLAN_* environment variables and command-line flags, over
// built-in defaults, in that order of precedence. It checks every setting
// before anything runs — unknown keys with the closest known one, values of
// the wrong type, impossible combinations — and names where each bad value
// came from: the file and line, the environment variable or the flag. It
// returns typed options (dates parsed, products resolved, rights built).
package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/makplan/makplan/planner/cells"
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// File is the configuration as written: the YAML schema.
type File struct {
	Customer struct {
		Name    string `mapstructure:"name"`
		Contact struct {
			Name  string `mapstructure:"name"`
			Email string `mapstructure:"email"`
			Phone string `mapstructure:"phone"`
		} `mapstructure:"contact"`
	} `mapstructure:"customer"`
	Agreements []AgreementFile `mapstructure:"agreements"`
	Inputs     struct {
		Keys                 []InputFile         `mapstructure:"keys"`
		Plan                 []InputFile         `mapstructure:"plan"`
		IgnoreColumns        []string            `mapstructure:"ignore_columns"`
		AsOf                 string              `mapstructure:"as_of"`
		Aliases              map[string][]string `mapstructure:"aliases"`
		KeyDates             []KeyDateFile       `mapstructure:"key_dates"`
		PlanSheet            string              `mapstructure:"plan_sheet"`
		KeysSheet            string              `mapstructure:"keys_sheet"`
		UnrecognisedProducts string              `mapstructure:"unrecognised_products"`
		DateOrder            string              `mapstructure:"date_order"`
		Limits               struct {
			FileSizeMB      int64 `mapstructure:"file_size_mb"`
			Rows            int   `mapstructure:"rows"`
			CellLength      int   `mapstructure:"cell_length"`
			LineLengthMB    int64 `mapstructure:"line_length_mb"`
			PartSizeMB      int64 `mapstructure:"part_size_mb"`
			WorkbookSizeMB  int64 `mapstructure:"workbook_size_mb"`
			SharedStringsMB int64 `mapstructure:"shared_strings_mb"`
			XMLDepth        int   `mapstructure:"xml_depth"`
		} `mapstructure:"limits"`
	} `mapstructure:"inputs"`
	Defaults map[string]string `mapstructure:"defaults"`
	Capacity struct {
		ReservePercent            float64             `mapstructure:"reserve_percent"`
		ReserveMinimum            int                 `mapstructure:"reserve_minimum"`
		RoundTo                   int                 `mapstructure:"round_to"`
		RoundToByProduct          map[string]int      `mapstructure:"round_to_by_product"`
		LocalReactivationConsumes bool                `mapstructure:"local_reactivation_consumes"`
		PreferredKeys             []string            `mapstructure:"preferred_keys"`
		KeyCovers                 map[string][]string `mapstructure:"key_covers"`
		PastWaves                 string              `mapstructure:"past_waves"`
	} `mapstructure:"capacity"`
	Keys struct {
		Agreements map[string]string `mapstructure:"agreements"`
		ESUYears   map[string][]int  `mapstructure:"esu_years"`
	} `mapstructure:"keys"`
	Check struct {
		MinRemainingPercent float64 `mapstructure:"min_remaining_percent"`
		MinRunwayWaves      int     `mapstructure:"min_runway_waves"`
		MaxIneligiblePct    float64 `mapstructure:"max_ineligible_percent"`
		MinRunwayDays       int     `mapstructure:"min_runway_days"`
		LifecycleDays       int     `mapstructure:"lifecycle_days"`
		BurnTolerance       int     `mapstructure:"burn_tolerance"`
	} `mapstructure:"check"`
	DowngradeRights struct {
		Add    []RightFile `mapstructure:"add"`
		Remove []RightFile `mapstructure:"remove"`
	} `mapstructure:"downgrade_rights"`
	Rules struct {
		FreeUpgrade   bool `mapstructure:"free_upgrade"`
		SAFromProgram bool `mapstructure:"sa_from_program"`
	} `mapstructure:"rules"`
	Email struct {
		To        string   `mapstructure:"to"`
		From      string   `mapstructure:"from"`
		Cc        []string `mapstructure:"cc"`
		Attach    string   `mapstructure:"attach"`
		Keys      string   `mapstructure:"keys"`
		Templates string   `mapstructure:"templates"`
	} `mapstructure:"email"`
	SMTP struct {
		Host          string `mapstructure:"host"`
		Port          int    `mapstructure:"port"`
		Username      string `mapstructure:"username"`
		CAFile        string `mapstructure:"ca_file"`
		MaxReplyLine  int    `mapstructure:"max_reply_line"`
		MaxReplyBytes int64  `mapstructure:"max_reply_bytes"`
	} `mapstructure:"smtp"`
	History struct {
		Path        string  `mapstructure:"path"`
		Window      int     `mapstructure:"window"`
		BusyTimeout float64 `mapstructure:"busy_timeout"`
	} `mapstructure:"history"`
	Requests struct {
		FollowUpDays int `mapstructure:"follow_up_days"`
	} `mapstructure:"requests"`
	Output struct {
		Dir      string  `mapstructure:"dir"`
		LockWait float64 `mapstructure:"lock_wait"`
	} `mapstructure:"output"`
}

// AgreementFile is one entry of agreements:.
type AgreementFile struct {
	Number         string         `mapstructure:"number"`
	Program        string         `mapstructure:"program"`
	EnterpriseWide bool           `mapstructure:"enterprise_wide"`
	BoughtOut      bool           `mapstructure:"bought_out"`
	Authorization  string         `mapstructure:"authorization"`
	LicensesBought map[string]int `mapstructure:"licenses_bought"`
}

// InputFile is an entry of inputs.keys or inputs.plan: a path, or a
// section {file, date_order, sheet} for a file that writes its dates its
// own way or whose sheet has another name.
type InputFile struct {
	File      string `mapstructure:"file"`
	DateOrder string `mapstructure:"date_order"`
	Sheet     string `mapstructure:"sheet"`
}

// inputFileType is InputFile's type, for the decoder and the schema check.
var inputFileType = reflect.TypeOf(InputFile{})

// stringToInputFile lets a plain path fill an InputFile.
func stringToInputFile(from, to reflect.Type, data any) (any, error) {
	if to == inputFileType && from.Kind() == reflect.String {
		return InputFile{File: data.(string)}, nil
	}
	return data, nil
}

// KeyDateFile records the snapshot date of a key export.
type KeyDateFile struct {
	File string `mapstructure:"file"`
	AsOf string `mapstructure:"as_of"`
}

// RightFile is a row of downgrade_rights.add or .remove.
type RightFile struct {
	License string `mapstructure:"license"`
	Channel string `mapstructure:"channel"`
	MayRun  string `mapstructure:"may_run"`
	Until   string `mapstructure:"until"`
	Source  string `mapstructure:"source"`
}

// Setting is one scalar or list setting that the environment (and maybe a
// flag) can give: the keys of docs/configuration.md.
type Setting struct {
	Key     string // capacity.reserve_percent
	Default any
	Flag    string   // the flag that sets it, "" for none
	Enum    []string // the values it takes, when closed
}

// Env is the environment variable that gives s: MAKPLAN_ and the key in
// upper case with dots as underscores.
func (s Setting) Env() string {
	return "MAKPLAN_" + strings.ToUpper(strings.ReplaceAll(s.Key, ".", "_"))
}

// Settings lists every setting that has a scalar or list value; the
// structured ones (agreements, aliases, key_dates, defaults, downgrade
// rights, key_covers) are written in the file only.
var Settings = []Setting{
	{Key: "customer.name", Default: ""}, {Key: "customer.contact.name", Default: ""},
	{Key: "customer.contact.email", Default: ""}, {Key: "customer.contact.phone", Default: ""},
	{Key: "inputs.keys", Default: []string{}, Flag: "keys"},
	{Key: "inputs.plan", Default: []string{}, Flag: "plan"},
	{Key: "inputs.as_of", Default: "", Flag: "as-of"},
	{Key: "inputs.plan_sheet", Default: ""}, {Key: "inputs.keys_sheet", Default: ""},
	{Key: "inputs.ignore_columns", Default: []string{}},
	{Key: "inputs.unrecognised_products", Default: "stop", Enum: []string{"stop", "report"}},
	{Key: "inputs.date_order", Default: "", Enum: []string{"", "DMY", "MDY", "YMD"}},
	{Key: "inputs.limits.file_size_mb", Default: int64(512)},
	{Key: "inputs.limits.rows", Default: sheet.DefaultRows},
	{Key: "inputs.limits.cell_length", Default: sheet.DefaultCellLength},
	{Key: "inputs.limits.line_length_mb", Default: int64(sheet.DefaultLineLength >> 20)},
	{Key: "inputs.limits.part_size_mb", Default: int64(sheet.DefaultPartSize >> 20)},
	{Key: "inputs.limits.workbook_size_mb", Default: int64(sheet.DefaultWorkbookSize >> 20)},
	{Key: "inputs.limits.shared_strings_mb", Default: int64(sheet.DefaultSharedStrings >> 20)},
	{Key: "inputs.limits.xml_depth", Default: 64},
	{Key: "capacity.reserve_percent", Default: 10.0},
	{Key: "capacity.reserve_minimum", Default: 0},
	{Key: "capacity.round_to", Default: 1},
	{Key: "capacity.local_reactivation_consumes", Default: false},
	{Key: "capacity.preferred_keys", Default: []string{}},
	{Key: "capacity.past_waves", Default: "evidence", Enum: []string{"evidence", "done", "demand"}},
	{Key: "check.min_remaining_percent", Default: 10.0},
	{Key: "check.min_runway_waves", Default: 1},
	{Key: "check.max_ineligible_percent", Default: 50.0},
	{Key: "check.min_runway_days", Default: 0},
	{Key: "check.lifecycle_days", Default: 90},
	{Key: "check.burn_tolerance", Default: 5},
	{Key: "history.path", Default: ""},
	{Key: "history.window", Default: 6},
	{Key: "history.busy_timeout", Default: 10.0},
	{Key: "requests.follow_up_days", Default: 10},
	{Key: "rules.free_upgrade", Default: true},
	{Key: "rules.sa_from_program", Default: true},
	{Key: "email.to", Default: "makadd@microsoft.com"},
	{Key: "email.from", Default: ""},
	{Key: "email.cc", Default: []string{}},
	{Key: "email.attach", Default: "summary", Enum: []string{"summary", "full", "none"}},
	{Key: "email.keys", Default: "last5", Enum: []string{"last5", "full"}},
	{Key: "email.templates", Default: ""},
	{Key: "smtp.host", Default: ""}, {Key: "smtp.port", Default: 587}, {Key: "smtp.username", Default: ""}, {Key: "smtp.ca_file", Default: ""},
	{Key: "smtp.max_reply_line", Default: 4096}, {Key: "smtp.max_reply_bytes", Default: int64(1 << 20)},
	{Key: "output.dir", Default: "out", Flag: "out"},
	{Key: "output.lock_wait", Default: 10.0},
}

// renamed are settings of earlier versions and what replaced them.
var renamed = map[string]string{
	"email.attach_workbook": "email.attach: summary (the default: the workbook without its sheets of devices), full or none",
}

// structured are the keys whose values are lists of records or free maps.
var structured = map[string]any{
	"agreements": []any{}, "inputs.aliases": map[string]any{}, "inputs.key_dates": []any{}, "defaults": map[string]any{},
	"capacity.key_covers": map[string]any{}, "capacity.round_to_by_product": map[string]any{}, "downgrade_rights.add": []any{}, "downgrade_rights.remove": []any{},
	"keys.agreements": map[string]any{}, "keys.esu_years": map[string]any{},
}

// freeMaps are the maps whose keys are the user's (product names, column
// names, program names): not checked against the schema.
var freeMaps = map[string]bool{"inputs.aliases": true, "defaults": true, "capacity.key_covers": true, "capacity.round_to_by_product": true, "agreements.licenses_bought": true,
	"keys.agreements": true, "keys.esu_years": true}

// Sources are where the configuration comes from.
type Sources struct {
	Path   string         // the file; "" when there is none
	Flags  *pflag.FlagSet // the command's flags
	Getenv func(string) string
}

// origin says where a setting's value came from.
type origin struct {
	kind string // "flag", "env", "file", "default"
	name string // the flag or variable name
	line int    // the line in the file
}

// Error is one thing wrong with the configuration, where it came from.
type Error struct {
	File string // the configuration file, for values from it
	Line int    // its line, when known
	Env  string // the environment variable that gave the value
	Flag string // the flag that gave the value
	Key  string // the setting
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Flag != "":
		return fmt.Sprintf("--%s: %s", e.Flag, e.Msg)
	case e.Env != "":
		return fmt.Sprintf("%s (%s): %s", e.Env, e.Key, e.Msg)
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Key, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s: %s", e.File, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Key, e.Msg)
}

// Errors is every problem found in a configuration.
type Errors []*Error

func (es Errors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d configuration problems:", len(es))
	for _, e := range es {
		b.WriteString("\n  " + e.Error())
	}
	return b.String()
}

// FlagErrors reports whether every error came from a flag: a usage error.
func (es Errors) FlagErrors() bool {
	for _, e := range es {
		if e.Flag == "" {
			return false
		}
	}
	return len(es) > 0
}

// loader holds one load in progress.
type loader struct {
	src     Sources
	v       *viper.Viper
	doc     *yamlDoc
	origins map[string]origin
	errs    Errors
}

func (l *loader) bad(key, format string, args ...any) {
	o := l.origins[key]
	e := &Error{Key: key, Msg: fmt.Sprintf(format, args...)}
	switch o.kind {
	case "flag":
		e.Flag = o.name
	case "env":
		e.Env = o.name
	default:
		e.File = l.src.Path
		if l.doc != nil {
			e.Line = l.doc.line(key)
		}
		if e.File == "" {
			e.File = "(built-in default)"
		}
	}
	l.errs = append(l.errs, e)
}

// where names the source of a setting's value: "--as-of",
// "MAKPLAN_INPUTS_AS_OF", "makplan.yaml:12: inputs.as_of".
func (l *loader) where(key string) string {
	o := l.origins[key]
	switch o.kind {
	case "flag":
		return "--" + o.name
	case "env":
		return o.name + " (" + key + ")"
	}
	e := &Error{File: l.src.Path, Key: key}
	if l.doc != nil {
		e.Line = l.doc.line(key)
	}
	return strings.TrimSuffix(e.Error(), ": ")
}

// MaxConfigSize bounds the configuration file: a few kilobytes of settings;
// a larger file is not one.
const MaxConfigSize = 1 << 20

// readConfigFile reads the configuration: a regular file, at most
// MaxConfigSize bytes.
func readConfigFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the configuration: %s", strings.TrimPrefix(err.Error(), "open "+path+": "))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read the configuration: %v", err)
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file: expected the YAML configuration")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the configuration: %v", err)
	}
	if len(data) > MaxConfigSize {
		return nil, fmt.Errorf("larger than any configuration (%d KB at most): not read", MaxConfigSize>>10)
	}
	return data, nil
}

// Load reads, layers and checks the configuration and returns the typed
// options; every problem at once, each naming its source.
func Load(src Sources) (*Options, error) {
	if src.Getenv == nil {
		src.Getenv = func(string) string { return "" }
	}
	l := &loader{src: src, v: viper.New(), origins: map[string]origin{}}
	for _, s := range Settings {
		l.v.SetDefault(s.Key, s.Default)
		l.origins[s.Key] = origin{kind: "default"}
	}
	for k, d := range structured {
		l.v.SetDefault(k, d)
	}
	if src.Path != "" {
		data, err := readConfigFile(src.Path)
		if err != nil {
			return nil, Errors{{File: src.Path, Key: "(file)", Msg: err.Error()}}
		}
		doc, err := parseYAML(data)
		if err != nil {
			line := yamlErrorLine(err)
			return nil, Errors{{File: src.Path, Line: line, Key: "(file)", Msg: "not readable as YAML: " + yamlWords(data, line, yamlErrorText(err))}}
		}
		l.doc = doc
		l.checkKeys()
		l.v.SetConfigType("yaml")
		if err := l.v.ReadConfig(strings.NewReader(string(data))); err != nil {
			return nil, Errors{{File: src.Path, Key: "(file)", Msg: "not readable as YAML: " + err.Error()}}
		}
		for _, s := range Settings {
			if doc.has(s.Key) {
				l.origins[s.Key] = origin{kind: "file", line: doc.line(s.Key)}
			}
		}
	}
	l.layer()
	if len(l.errs) > 0 {
		return nil, l.errs
	}
	var f File
	hook := mapstructure.ComposeDecodeHookFunc(timeToString, stringToInputFile)
	if err := l.v.UnmarshalExact(&f, viper.DecodeHook(hook)); err != nil {
		return nil, Errors{{File: src.Path, Key: "(file)", Msg: "does not fit the schema: " + strings.Join(strings.Fields(err.Error()), " ")}}
	}
	l.relativePaths(&f)
	opt := l.options(&f)
	if len(l.errs) > 0 {
		return nil, l.errs
	}
	return opt, nil
}

// layer applies the environment over the file, and the flags over both;
// each value is checked against its setting's type first.
func (l *loader) layer() {
	for _, s := range Settings {
		if raw := l.src.Getenv(s.Env()); raw != "" {
			l.origins[s.Key] = origin{kind: "env", name: s.Env()}
			if v, ok := l.parse(s, raw); ok {
				l.v.Set(s.Key, v)
			}
		}
	}
	if l.src.Flags == nil {
		return
	}
	for _, s := range Settings {
		if s.Flag == "" {
			continue
		}
		f := l.src.Flags.Lookup(s.Flag)
		if f == nil || !f.Changed {
			continue
		}
		l.origins[s.Key] = origin{kind: "flag", name: s.Flag}
		var raw any
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			raw = sv.GetSlice()
		} else {
			raw = f.Value.String()
		}
		if str, ok := raw.(string); ok {
			if v, ok := l.parse(s, str); ok {
				l.v.Set(s.Key, v)
			}
			continue
		}
		l.v.Set(s.Key, raw)
	}
}

// parse reads a value given as text (by the environment or a flag) as its
// setting's type: numbers, yes/no, comma-separated lists.
func (l *loader) parse(s Setting, raw string) (any, bool) {
	switch s.Default.(type) {
	case float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil {
			l.bad(s.Key, "expected a number, got %q", raw)
			return nil, false
		}
		return f, true
	case int, int64:
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err != nil {
			l.bad(s.Key, "expected a whole number, got %q", raw)
			return nil, false
		}
		return n, true
	case bool:
		b, err := cells.ParseBool(raw)
		if err != nil || strings.TrimSpace(raw) == "" {
			l.bad(s.Key, "expected true or false, got %q", raw)
			return nil, false
		}
		return b, true
	case []string:
		var out []string
		for _, p := range strings.Split(raw, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out, true
	}
	return raw, true
}

// relativePaths makes the paths written in the file relative to the
// file's folder; paths from flags and the environment stay relative to the
// working folder.
func (l *loader) relativePaths(f *File) {
	if l.src.Path == "" {
		return
	}
	dir := filepath.Dir(l.src.Path)
	fromFile := func(key string) bool { return l.origins[key].kind == "file" }
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	if fromFile("inputs.keys") {
		for i := range f.Inputs.Keys {
			f.Inputs.Keys[i].File = rel(f.Inputs.Keys[i].File)
		}
	}
	if fromFile("inputs.plan") {
		for i := range f.Inputs.Plan {
			f.Inputs.Plan[i].File = rel(f.Inputs.Plan[i].File)
		}
	}
	if fromFile("output.dir") || l.origins["output.dir"].kind == "default" {
		f.Output.Dir = rel(f.Output.Dir)
	}
	if fromFile("email.templates") {
		f.Email.Templates = rel(f.Email.Templates)
	}
	if fromFile("smtp.ca_file") {
		f.SMTP.CAFile = rel(f.SMTP.CAFile)
	}
	for i := range f.Inputs.KeyDates {
		f.Inputs.KeyDates[i].File = rel(f.Inputs.KeyDates[i].File)
	}
}

// timeToString lets a YAML date (as_of: 2026-11-27) fill a string field.
func timeToString(from, to reflect.Type, data any) (any, error) {
	if to.Kind() == reflect.String {
		if t, ok := data.(time.Time); ok {
			return t.Format("2006-01-02"), nil
		}
	}
	return data, nil
}

// checkKeys walks the file against the schema: every key it does not know
// is an error with the closest key it does, and every value must have its
// setting's type.
func (l *loader) checkKeys() {
	l.walk(l.doc.root, reflect.TypeOf(File{}), "")
}

func (l *loader) walk(n *yamlNode, t reflect.Type, prefix string) {
	if n == nil {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.kind != mapNode {
			l.errAt(n.line, prefix, "expected a section of settings (key: value lines), got %s", n.describe())
			return
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			tag := t.Field(i).Tag.Get("mapstructure")
			fields[tag] = t.Field(i).Type
			names = append(names, tag)
		}
		for _, kv := range n.pairs {
			key := join(prefix, kv.key)
			ft, ok := fields[kv.key]
			if !ok {
				msg := "unknown setting"
				if now, ok := renamed[key]; ok {
					msg += "; it was replaced by " + now
				} else if near := wording.Closest(kv.key, names, strings.ToLower); near != "" {
					msg += fmt.Sprintf("; did you mean %s?", near)
				} else {
					msg += fmt.Sprintf(" (the settings here are: %s)", strings.Join(names, ", "))
				}
				l.errAt(kv.line, key, "%s", msg)
				continue
			}
			l.walk(kv.value, ft, key)
		}
	case reflect.Slice:
		if n.kind == scalarNode && n.value == "" {
			return
		}
		if n.kind != seqNode {
			if t.Elem().Kind() == reflect.String && n.kind == scalarNode {
				return // a single value for a list: viper splits it
			}
			l.errAt(n.line, prefix, "expected a list, got %s", n.describe())
			return
		}
		for _, item := range n.items {
			if t.Elem() == inputFileType && item.kind == scalarNode {
				continue // a path alone
			}
			l.walk(item, t.Elem(), prefix)
		}
	case reflect.Map:
		if n.kind == scalarNode && n.value == "" {
			return
		}
		if n.kind != mapNode {
			l.errAt(n.line, prefix, "expected a map (name: value lines), got %s", n.describe())
			return
		}
		if freeMaps[prefix] || freeMaps[lastTwo(prefix)] {
			for _, kv := range n.pairs {
				l.walk(kv.value, t.Elem(), prefix)
			}
		}
	default:
		if n.kind != scalarNode {
			l.errAt(n.line, prefix, "expected a single value, got %s", n.describe())
			return
		}
		l.checkScalar(n, t.Kind(), prefix)
	}
}

func (l *loader) checkScalar(n *yamlNode, k reflect.Kind, key string) {
	v := strings.TrimSpace(n.value)
	switch k {
	case reflect.Float64:
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			l.errAt(n.line, key, "expected a number, got %q", v)
		}
	case reflect.Int, reflect.Int64:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			l.errAt(n.line, key, "expected a whole number, got %q", v)
		}
	case reflect.Bool:
		switch _, err := strconv.ParseBool(v); {
		case yamlBool(v):
			l.errAt(n.line, key, "write true or false: this YAML reader takes %q as a word, not a yes/no (YAML 1.2)", v)
		case err != nil:
			l.errAt(n.line, key, "expected true or false, got %q", v)
		}
	}
}

func (l *loader) errAt(line int, key, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: l.src.Path, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func lastTwo(key string) string {
	parts := strings.Split(key, ".")
	if len(parts) < 2 {
		return key
	}
	return strings.Join(parts[len(parts)-2:], ".")
}

// yamlBool accepts YAML 1.1's yes/no words, which the YAML reader takes as booleans.
func yamlBool(v string) bool {
	switch strings.ToLower(v) {
	case "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
