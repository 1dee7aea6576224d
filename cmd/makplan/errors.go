package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/makplan/makplan/planner/pipeline"
)

// Exit statuses (docs/configuration.md, "Output").
const (
	exitOK        = 0
	exitInput     = 1
	exitUsage     = 2
	exitShortfall = 3
	// exitInterrupted is the shell's status for a run ended by Ctrl-C (128 + SIGINT).
	exitInterrupted = 130
)

// usageError is a command line that cannot be run as written.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return &usageError{fmt.Errorf(format, args...)} }

// statusError ends a run that succeeded with a given status (a shortfall, a
// breach, a Nagios state) after the command has printed what it had to say.
type statusError struct{ code int }

func (e *statusError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var st *statusError
	if errors.As(err, &st) {
		return st.code
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "makplan: interrupted: %v\n", err)
		return exitInterrupted
	}
	// Key exports that contradict the history: nothing was recorded, and
	// the run stops as a usage error does, for the admin to decide
	// (docs/history.md, "A snapshot is never rewritten").
	var sc *pipeline.SnapshotConflict
	var lb *pipeline.LookBack
	if errors.As(err, &sc) || errors.As(err, &lb) {
		fmt.Fprintf(stderr, "makplan: %v\n", err)
		return exitUsage
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "makplan: %v\nRun 'makplan --help' for usage.\n", err)
		return exitUsage
	}
	// Input and configuration problems, and anything else that stopped
	// the run: the message names the file, row and column, or the setting.
	fmt.Fprintf(stderr, "makplan: %v\n", err)
	return exitInput
}
