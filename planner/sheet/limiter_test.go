package sheet

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

// limitRef is the limiter's rule byte by byte: where the first run longer
// than max ends the stream (the byte that breaks the bound is not passed
// on), and which run it was.
func limitRef(data []byte, sep byte, max int) (passed int, run int) {
	n, runs := 0, 0
	for i, b := range data {
		if b == sep {
			n = 0
			runs++
			continue
		}
		if n++; n > max {
			return i, runs + 1
		}
	}
	return len(data), 0
}

// TestRunLimiter: random lines read in random pieces give exactly what
// the byte-by-byte rule gives: the same bytes passed on and the same line
// named in the error, whatever the reads' sizes.
func TestRunLimiter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		var data []byte
		for range rng.IntN(12) {
			data = append(data, bytes.Repeat([]byte{'a'}, rng.IntN(40))...)
			data = append(data, '\n')
		}
		data = append(data, bytes.Repeat([]byte{'b'}, rng.IntN(40))...)
		max := 1 + rng.IntN(30)
		wantPassed, wantRun := limitRef(data, '\n', max)

		errLong := errors.New("too long")
		gotRun := 0
		l := &RunLimiter{R: iotest.HalfReader(bytes.NewReader(data)), Sep: '\n', Max: max,
			Fail: func(run int) error { gotRun = run; return errLong }}
		if trial%2 == 0 {
			l.R = iotest.OneByteReader(bytes.NewReader(data))
		}
		got, err := io.ReadAll(l)
		switch {
		case wantRun == 0 && err != nil:
			t.Fatalf("trial %d: %q (max %d): unexpected %v", trial, data, max, err)
		case wantRun != 0 && !errors.Is(err, errLong):
			t.Fatalf("trial %d: %q (max %d): no error, want line %d", trial, data, max, wantRun)
		}
		if len(got) != wantPassed || gotRun != wantRun {
			t.Fatalf("trial %d: %q (max %d): passed %d bytes, line %d; want %d, line %d", trial, data, max, len(got), gotRun, wantPassed, wantRun)
		}
	}
}
