package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestCrashIsABugNotAUsageError: a panic is reported as a bug, with the
// stack, and ends with exit status 1 — 3 (UNKNOWN) for a Nagios check —
// never 2, which means a usage error (and CRITICAL to Nagios).
func TestCrashIsABugNotAUsageError(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"check"}, exitInput, ""},
		{[]string{"check", "--format", "nagios"}, nagiosUnknown, "MAKPLAN UNKNOWN - internal error: boom\n"},
		{[]string{"check", "--format=nagios"}, nagiosUnknown, "MAKPLAN UNKNOWN - internal error: boom\n"},
	} {
		var out, errs bytes.Buffer
		if code := crashed(c.args, "boom", []byte("goroutine 1 [running]:\n"), &out, &errs); code != c.code || out.String() != c.out {
			t.Errorf("%v: exit %d, stdout %q", c.args, code, out.String())
		}
		if !strings.Contains(errs.String(), "internal error (a bug in makplan; please report it with the lines below): boom") ||
			!strings.Contains(errs.String(), "goroutine 1") {
			t.Errorf("%v: stderr %q", c.args, errs.String())
		}
	}
}
