package sheet

import "fmt"

// readAhead parses rows in a goroutine of its own, a batch at a time, while
// the caller converts the previous batch: on a two-core machine reading a
// million-row plan overlaps with turning its rows into devices.
type readAhead struct {
	full  chan *batch
	free  chan *batch
	quit  chan struct{}
	cur   *batch
	pos   int
	ended bool
}

type batch struct {
	rows  []Row
	cells []string
	err   error
	last  bool // no rows follow this batch
}

const batchRows = 512

func startReadAhead(next func() (Row, bool, error)) *readAhead {
	a := &readAhead{full: make(chan *batch, 3), free: make(chan *batch, 4), quit: make(chan struct{})}
	for i := 0; i < 4; i++ {
		a.free <- &batch{}
	}
	go a.produce(next)
	return a
}

func (a *readAhead) produce(next func() (Row, bool, error)) {
	defer close(a.full)
	// A panic here would end the process without the report main makes of
	// it: hand it over as the reading's error instead.
	var cur *batch
	defer func() {
		if p := recover(); p != nil && cur != nil {
			cur.err, cur.last = fmt.Errorf("internal error while reading (a bug in makplan): %v", p), true
			select {
			case a.full <- cur:
			case <-a.quit:
			}
		}
	}()
	for {
		var b *batch
		select {
		case b = <-a.free:
		case <-a.quit:
			return
		}
		b.rows, b.cells, b.err, b.last = b.rows[:0], b.cells[:0], nil, false
		cur = b
		for len(b.rows) < batchRows {
			r, ok, err := next()
			if err != nil {
				b.err, b.last = err, true
				break
			}
			if !ok {
				b.last = true
				break
			}
			// Copy the cell headers: the reader reuses its slice.
			start := len(b.cells)
			b.cells = append(b.cells, r.Cells...)
			b.rows = append(b.rows, Row{Num: r.Num, Cells: b.cells[start:len(b.cells):len(b.cells)]})
		}
		select {
		case a.full <- b:
		case <-a.quit:
			return
		}
		if b.last {
			return
		}
	}
}

// next returns the next row, or false at the end, or the reading error.
func (a *readAhead) next() (Row, bool, error) {
	for {
		if a.ended {
			return Row{}, false, nil
		}
		if a.cur != nil && a.pos < len(a.cur.rows) {
			a.pos++
			return a.cur.rows[a.pos-1], true, nil
		}
		if a.cur != nil {
			if a.cur.err != nil {
				a.ended = true
				return Row{}, false, a.cur.err
			}
			if a.cur.last {
				a.ended = true
				return Row{}, false, nil
			}
			a.free <- a.cur // the caller is done with its rows
		}
		b, ok := <-a.full
		if !ok {
			a.ended = true
			return Row{}, false, nil
		}
		a.cur, a.pos = b, 0
	}
}

// stop ends the goroutine; it must not read the input after this returns.
func (a *readAhead) stop() {
	select {
	case <-a.quit:
		return
	default:
	}
	close(a.quit)
	for range a.full { // wait until the producer has returned
	}
}
