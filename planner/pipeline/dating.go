package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
)

// earliestExport is the earliest plausible date of a key export: MAKs came
// with Windows Vista (2006). A modification time before it (1980 from a
// zip archive, 1970 from a copy that lost it) dates nothing.
var earliestExport = planner.NewDate(2006, 1, 1)

// dateExport dates the keys of one key export that do not date themselves
// (docs/history.md, "Dating an export"), in this order: the dates in the
// file (VAMT's LastUpdate, set by the reader), inputs.key_dates for the
// file, a date in the file's name, the file's modification time when it
// is not after the day judged, else the day judged. It returns the file's
// date (its newest) and the source that dated it, and reports dates that
// cannot be: after today (a problem), after the day judged (a warning: its
// counts hold activations made since), a key_dates entry older than the
// file (a warning: a newer export copied over a dated one?).
func (l *Loaded) dateExport(path string, recs []planner.Key, today planner.Date) (planner.Date, planner.DateSource) {
	s := l.Settings
	configured, hasConfig := s.Inputs.KeyDates[path]
	var modified planner.Date
	if st, err := os.Stat(path); err == nil {
		modified = planner.DateOf(st.ModTime())
	}
	inFile := 0
	for _, k := range recs {
		if k.DatedBy == planner.DatedInFile {
			inFile++
		}
	}
	date, by := planner.Date{}, planner.DatedUnknown
	switch {
	case inFile == len(recs) && len(recs) > 0:
		by = planner.DatedInFile
		if hasConfig {
			l.Problems.Warn(problem.Problem{File: s.Path, Column: "inputs.key_dates", Message: fmt.Sprintf(
				"%s is dated %s, but the export dates its own keys (LastUpdate): the dates in it are used; remove the entry", path, configured)})
		}
	case hasConfig:
		date, by = configured, planner.DatedByConfig
		if !modified.IsZero() && modified.DaysSince(configured) > 1 {
			l.Problems.Warn(problem.Problem{File: s.Path, Column: "inputs.key_dates", Message: fmt.Sprintf(
				"%s is dated %s, but the file was last modified on %s: if a newer export was copied over it, its counts would be recorded as of %s; name each export by its date (keys-%s.csv) or keep them in a folder of dated exports, and remove the entry",
				path, configured, modified, configured, modified)})
		}
	default:
		if d, ok := dateInName(path); ok {
			date, by = d, planner.DatedByName
			break
		}
		switch {
		case modified.Before(earliestExport):
			what := "its modification time cannot be read"
			if !modified.IsZero() {
				what = fmt.Sprintf("its modification time (%s) is not a plausible export date", modified)
			}
			l.Problems.Add(problem.Problem{File: path, Message: fmt.Sprintf(
				"the date of this key export cannot be told: no date in it (LastUpdate), no inputs.key_dates entry, no date in its name, and %s; name the file by the day it was exported (keys-2027-01-04.csv) or set inputs.key_dates", what)})
			return planner.Date{}, planner.DatedUnknown
		case modified.After(l.AsOf):
			// Copied or written after the day judged: judged as of that day.
			date, by = l.AsOf, planner.DatedByAsOf
		default:
			date, by = modified, planner.DatedByModTime
		}
	}
	newest := planner.Date{}
	for i := range recs {
		if recs[i].DatedBy != planner.DatedInFile {
			recs[i].AsOf, recs[i].DatedBy = date, by
		}
		if recs[i].AsOf.After(newest) {
			newest = recs[i].AsOf
		}
	}
	if len(recs) == 0 {
		newest = date
	}
	if by == planner.DatedByModTime || by == planner.DatedByAsOf {
		return newest, by
	}
	// A date stated (in the file, its name, key_dates) may be wrong.
	var future, afterAsOf []string
	for _, k := range recs {
		switch {
		case !today.IsZero() && k.AsOf.After(today):
			future = append(future, k.AsOf.String())
		case k.AsOf.After(l.AsOf):
			afterAsOf = append(afterAsOf, k.AsOf.String())
		}
	}
	source := by.String()
	if len(future) > 0 {
		l.Problems.Add(problem.Problem{File: path, Message: fmt.Sprintf(
			"the export is dated %s by %s, after today (%s): a snapshot from the future would take every wave up to it as done and stay in the history; correct the date",
			strings.Join(slices.Compact(slices.Sorted(slices.Values(future))), ", "), source, today)})
	} else if len(afterAsOf) > 0 {
		l.Problems.Warn(problem.Problem{File: path, Message: fmt.Sprintf(
			"the export is dated %s by %s, after the day judged (%s): its counts already hold the activations made since; judge as of the export's day to compare like with like",
			strings.Join(slices.Compact(slices.Sorted(slices.Values(afterAsOf))), ", "), source, l.AsOf)})
	}
	return newest, by
}

// nameDate finds a date in a file's name: 2027-01-04, 2027_01_04,
// 2027.01.04 or 20270104, not inside a longer run of digits.
var nameDate = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})([-_.]?)(0[1-9]|1[0-2])([-_.]?)(0[1-9]|[12][0-9]|3[01])(?:[^0-9]|$)`)

// dateInName returns the date a file's name holds, when it holds exactly
// one (two different dates in a name tell nothing).
func dateInName(path string) (planner.Date, bool) {
	base := filepath.Base(path)
	found := planner.Date{}
	for _, m := range nameDate.FindAllStringSubmatch(base, -1) {
		if m[2] != m[4] {
			continue // 2027-0104: not one date
		}
		t, err := time.Parse("2006-01-02", m[1]+"-"+m[3]+"-"+m[5])
		if err != nil {
			continue
		}
		d := planner.DateOf(t)
		if !found.IsZero() && !found.Equal(d) {
			return planner.Date{}, false
		}
		found = d
	}
	return found, !found.IsZero()
}

// exportExtensions are the files a folder of key exports is read for.
var exportExtensions = []string{".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".cilx", ".xml"}

// expandFolders replaces every folder among the key exports with the
// export files it holds, in name order, each with its folder's settings (a
// folder of exports named by date is the scheduled check's series,
// docs/history.md): hidden files, Excel's lock files (~$…) and other kinds
// of file are left out, and a folder with no export in it is a problem.
func expandFolders(entries []InputFile, ps *problem.Problems) []InputFile {
	var out []InputFile
	for _, e := range entries {
		p := e.Path
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			out = append(out, e)
			continue
		}
		dirents, err := os.ReadDir(p)
		if err != nil {
			ps.Add(problem.Problem{File: p, Message: "cannot read the folder of key exports: " + err.Error()})
			continue
		}
		n := 0
		for _, d := range dirents {
			name := d.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || !d.Type().IsRegular() ||
				!slices.Contains(exportExtensions, strings.ToLower(filepath.Ext(name))) {
				continue
			}
			f := e
			f.Path = filepath.Join(p, name)
			out = append(out, f)
			n++
		}
		if n == 0 {
			ps.Add(problem.Problem{File: p, Message: fmt.Sprintf("the folder holds no key export (files ending in %s)", strings.Join(exportExtensions, ", "))})
		}
	}
	return out
}
