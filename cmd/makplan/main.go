// Command makplan checks that Multiple Activation Keys cover the devices a
// reimaging plan will activate, and writes the procurement workbook and the
// makadd request email. See README.md and the design notes for the contract.
package main

import (
	"io"
	"os"
	"runtime/debug"
	"time"
)

func main() {
	// A batch run holds the whole plan in memory and then exits: collect
	// garbage less often than the default unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns its exit status; the one place
// where errors become exit codes.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now, getenv: os.Getenv}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout) // --help and completion scripts are output; errors are not
	root.SetErr(stderr)
	return exitCode(root.Execute(), stderr)
}
