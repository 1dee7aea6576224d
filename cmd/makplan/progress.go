package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a long run has got — rows read, sheets written —
// on stderr when stderr is a terminal, the run is not --json or --quiet,
// and it has taken over a second (a run on the samples shows nothing).
// Everywhere else it is silent: logs and pipes get no bars.
type progress struct {
	out   io.Writer // the terminal; nil when silent
	now   func() time.Time
	start time.Time
	delay time.Duration
	bar   *progressbar.ProgressBar
	step  string
	total int64
	done  int64
	ticks int
}

// newProgress returns the run's progress display: on tty when it is a
// terminal and the flags allow, else a silent one.
func newProgress(tty *os.File, f *inputFlags, now func() time.Time) *progress {
	p := &progress{now: now, start: now(), delay: time.Second}
	if tty != nil && term.IsTerminal(int(tty.Fd())) && !f.json && !f.quiet {
		p.out = tty
	}
	return p
}

// Step begins a stage of the run: what it does and how many items it has
// (-1 when unknown: rows of a file being read).
func (p *progress) Step(what string, total int) {
	if p == nil || p.out == nil {
		return
	}
	p.finishBar()
	p.step, p.total, p.done = what, int64(total), 0
}

// Add records n more items done; the display is drawn once the run has
// taken longer than the delay, and redrawn at most ten times a second.
func (p *progress) Add(n int) {
	if p == nil || p.out == nil {
		return
	}
	p.done += int64(n)
	// Looking at the clock is cheap, but not a million times.
	if p.ticks++; p.ticks%1024 != 0 {
		return
	}
	if p.bar == nil {
		if p.now().Sub(p.start) < p.delay {
			return
		}
		p.bar = progressbar.NewOptions64(p.total,
			progressbar.OptionSetWriter(p.out),
			progressbar.OptionSetDescription(p.step),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionUseANSICodes(true),
		)
	}
	_ = p.bar.Set64(p.done)
}

// finishBar clears the current bar, if one is drawn.
func (p *progress) finishBar() {
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
		fmt.Fprint(p.out, "\r\033[K")
		p.bar = nil
	}
	p.ticks = 0
}

// Done clears the display before the report is printed.
func (p *progress) Done() {
	if p == nil || p.out == nil {
		return
	}
	p.finishBar()
}
