package wording

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 65536: "65,536", 1048576: "1,048,576", -1234567: "-1,234,567"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{2048: "2,048 bytes", 4 << 20: "4 MiB", 3 << 19: "1.5 MiB", 1 << 30: "1 GiB", 1<<30 + 90: "1.0 GiB"} {
		if got := SizeText(n); got != want {
			t.Errorf("SizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
