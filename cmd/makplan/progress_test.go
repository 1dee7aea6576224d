package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// TestProgressAfterASecondOnly: nothing is drawn in a run's first second;
// then the stage and its count are; Done clears the line.
func TestProgressAfterASecondOnly(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	p := &progress{out: &out, now: func() time.Time { return clock }, start: clock, delay: time.Second}
	p.Step("reading plan.xlsx", -1)
	p.Add(5000)
	for i := 0; i < 5000; i++ {
		p.Add(1)
	}
	if out.Len() != 0 {
		t.Fatalf("drawn within the first second: %q", out.String())
	}
	clock = clock.Add(1500 * time.Millisecond)
	for i := 0; i < 5000; i++ {
		p.Add(1)
	}
	if !strings.Contains(out.String(), "reading plan.xlsx") {
		t.Fatalf("not drawn after a second and a half: %q", out.String())
	}
	p.Done()
	if !strings.HasSuffix(out.String(), "\r\033[K") {
		t.Errorf("the line is not cleared at the end: %q", out.String())
	}
}

// TestProgressSilentOffTerminal: a file, a pipe, --json or --quiet get no bar.
func TestProgressSilentOffTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, flags := range []inputFlags{{}, {json: true}, {quiet: true}} {
		if p := newProgress(f, &flags, time.Now); p.out != nil {
			t.Errorf("a progress display on a file with flags %+v", flags)
		}
	}
	if p := newProgress(nil, &inputFlags{}, time.Now); p.out != nil {
		t.Error("a progress display without a file")
	}
}
