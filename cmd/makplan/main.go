// Command makplan checks that Multiple Activation Keys cover the devices a
// reimaging plan will activate, and writes the procurement workbook and the
// makadd request email. See README.md and the design notes for the contract.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"github.com/makplan/makplan/planner/redact"
)

func main() {
	// A batch run holds the whole plan in memory and then exits: collect
	// garbage less often than the default unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// ... but within a soft bound on memory, which a full-sheet plan (a
	// million devices take some 150 MB) stays under (docs/performance.md).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// memoryLimit is the soft memory bound of a run (GOMEMLIMIT overrides it):
// the garbage collector works harder near it rather than letting the heap
// grow to GOGC's 400%.
const memoryLimit = 256 << 20

// run executes one command line and returns its exit status; the one place
// where errors become exit codes.
//
// Everything the commands print passes through redact.Sanitize on its way
// out: keys masked, control and bidirectional characters from the inputs
// escaped (docs/robustness.md). A panic is a bug: it is reported as one and
// ends with exit status 1 (3, UNKNOWN, for a Nagios check), never 2.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	out, errs := redact.NewSanitizingWriter(stdout), redact.NewSanitizingWriter(stderr)
	defer func() {
		if p := recover(); p != nil {
			code = crashed(args, p, debug.Stack(), out, errs)
		}
		out.Flush()
		errs.Flush()
	}()
	now, err := clock(os.Getenv("MAKPLAN_TODAY"))
	if err != nil {
		fmt.Fprintf(errs, "makplan: %v\n", err)
		return exitUsage
	}
	a := &app{stdin: stdin, stdout: out, stderr: errs, now: now, getenv: os.Getenv}
	a.tty, _ = stderr.(*os.File)
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout) // --help and completion scripts are output; errors are not
	root.SetErr(errs)
	// Ctrl-C (or a scheduler's SIGTERM) cancels the run's context: the
	// output set is rolled back, a request being sent finishes or is not
	// sent, and the run ends with 130. A second one ends it at once — but
	// not between a mail server's accepting a request and its record in
	// the history (critical): that finishes first.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			critical.Lock() // a request accepted and being recorded: let it finish
			errs.Flush()
			fmt.Fprintf(stderr, "makplan: interrupted again: stopping now\n")
			os.Exit(exitInterrupted)
		case <-done:
		}
	}()
	return exitCode(root.ExecuteContext(ctx), errs)
}

// critical is held while a request the mail server has accepted is being
// recorded: a second Ctrl-C waits for it (docs/robustness.md).
var critical sync.Mutex

// clock is the run's clock: the system's, or with MAKPLAN_TODAY=YYYY-MM-DD
// that day (to replay a run as of a past day's "today", and for tests that
// play several months of history; docs/configuration.md).
func clock(today string) (func() time.Time, error) {
	if today == "" {
		return time.Now, nil
	}
	t, err := time.Parse("2006-01-02", today)
	if err != nil {
		return nil, fmt.Errorf("MAKPLAN_TODAY: expected the day to take as today, YYYY-MM-DD, got %q", today)
	}
	return func() time.Time { return t.Add(12 * time.Hour) }, nil
}

// crashed reports a panic as the bug it is.
func crashed(args []string, p any, stack []byte, out, errs io.Writer) int {
	fmt.Fprintf(errs, "makplan: internal error (a bug in makplan; please report it with the lines below): %v\n%s", p, stack)
	for i, a := range args {
		if a == "--format" && i+1 < len(args) && args[i+1] == "nagios" || a == "--format=nagios" {
			fmt.Fprintf(out, "MAKPLAN UNKNOWN - internal error: %v\n", p)
			return nagiosUnknown
		}
	}
	return exitInput
}
