// Package problem is how makplan says what is wrong with its inputs: a
// Problem names the file, sheet, row and column and what was expected, and
// Problems collects every one a run finds so that one run reports all of
// them. Its messages pass through package redact when they are printed. It
// knows nothing of licensing: the readers use it for their errors without
// depending on the domain package.
package problem

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/makplan/makplan/planner/redact"
)

// Problem is one thing wrong (or, as a warning, worth knowing) about an input:
// where it is, as a spreadsheet user would find it, and what was expected.
type Problem struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"` // 1-based, as Excel shows it; 0 when the problem is not about a row
	Column  string `json:"column"`
	Message string `json:"message"`
	// Kind marks a warning that check alerts on (KindIgnoredColumn); "" for
	// the others.
	Kind string `json:"kind,omitempty"`
}

// KindIgnoredColumn is a warning about a column that looks like one makplan
// reads but is ignored: a result can be wrong for it, so check alerts.
const KindIgnoredColumn = "ignored-column"

// KindMismapped is a warning that a column is probably read for the wrong
// field (an OS column read as the product of Office rows): check alerts.
const KindMismapped = "mismapped-column"

// Error formats the problem as "file, sheet S, row R, column C: message",
// sanitized: keys masked, control and bidirectional characters escaped.
func (p Problem) Error() string { return redact.Sanitize(p.text()) }

// MarshalJSON writes the problem's fields sanitized as Error is.
func (p Problem) MarshalJSON() ([]byte, error) {
	type plain Problem
	q := plain{File: redact.Sanitize(p.File), Sheet: redact.Sanitize(p.Sheet), Row: p.Row, Column: redact.Sanitize(p.Column), Message: redact.Sanitize(p.Message), Kind: p.Kind}
	return json.Marshal(q)
}

func (p Problem) text() string {
	var b strings.Builder
	p.File, p.Sheet, p.Column, p.Message = redact.OneLine(p.File), redact.OneLine(p.Sheet), redact.OneLine(p.Column), redact.OneLine(p.Message)
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString(", sheet " + strconv.Quote(p.Sheet))
	}
	if p.Row > 0 {
		b.WriteString(", row " + strconv.Itoa(p.Row))
	}
	switch {
	case p.Column != "" && p.Row == 0 && p.Sheet == "":
		// A configuration key or an XML line rather than a spreadsheet column.
		b.WriteString(": " + p.Column)
	case p.Column != "":
		b.WriteString(", column " + strconv.Quote(p.Column))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems collects input problems and warnings so that one run reports all of
// them. The zero value is ready to use.
type Problems struct {
	Errors   []Problem
	Warnings []Problem
	// Notes are facts worth a line in validate and nowhere else: the
	// columns an input has that makplan does not use.
	Notes []Problem
}

// Add records an error.
func (ps *Problems) Add(p Problem) { ps.Errors = append(ps.Errors, p) }

// Warn records a warning.
func (ps *Problems) Warn(p Problem) { ps.Warnings = append(ps.Warnings, p) }

// Note records a note.
func (ps *Problems) Note(p Problem) { ps.Notes = append(ps.Notes, p) }

// AddErr records err as an error: a Problem as it is, anything else as a
// problem of the whole file.
func (ps *Problems) AddErr(file, sheet string, err error) {
	var p Problem
	if errors.As(err, &p) {
		ps.Add(p)
		return
	}
	ps.Add(Problem{File: file, Sheet: sheet, Message: err.Error()})
}

// Merge appends all of o's problems and warnings.
func (ps *Problems) Merge(o Problems) {
	ps.Errors = append(ps.Errors, o.Errors...)
	ps.Warnings = append(ps.Warnings, o.Warnings...)
	ps.Notes = append(ps.Notes, o.Notes...)
}

// InputError is returned when inputs or configuration cannot be used; it
// carries every problem found. Commands map it to exit status 1.
type InputError struct{ Problems []Problem }

func (e *InputError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d input problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.Error())
	}
	return b.String()
}

// Err returns an *InputError holding the recorded errors, or nil.
func (ps *Problems) Err() error {
	if len(ps.Errors) == 0 {
		return nil
	}
	return &InputError{Problems: ps.Errors}
}

// Source tells where a record came from.
type Source struct {
	File  string `json:"file"`
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row,omitempty"`
	Line  int    `json:"line,omitempty"` // for XML inputs: the line of the element
}

// At returns a Problem located at s, in column col.
func (s Source) At(col, format string, args ...any) Problem {
	if s.Line > 0 {
		if col == "" {
			col = fmt.Sprintf("line %d", s.Line)
		} else {
			col += fmt.Sprintf(" (line %d)", s.Line)
		}
	}
	return Problem{File: s.File, Sheet: s.Sheet, Row: s.Row, Column: col, Message: fmt.Sprintf(format, args...)}
}
