package pipeline

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/plan"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/sheet"
)

// Issue 10, case 3: a CSV truncated while it is read (an export still being
// written, a copy still running) used to give "695,609 devices; 0 problems".
// Now the change is a problem, whatever the reader made of the bytes.
func TestReadFileChangedWhileRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.csv")
	var b strings.Builder
	b.WriteString("Device,Licensed Product,License Channel,Target Product\n")
	for i := 0; i < 1000; i++ {
		b.WriteString("PC,Windows 10 Pro,OEM,Windows 11 Pro\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var ps problem.Problems
	devices := 0
	sum := readFile(path, 1<<20, &ps, func(src sheet.Source) {
		// The writer truncates the file after the reader has begun.
		if err := os.Truncate(path, 4000); err != nil {
			t.Fatal(err)
		}
		plan.Read(path, src, plan.Options{}, &ps, func(*planner.Device) { devices++ })
	})
	changed := false
	for _, p := range ps.Errors {
		changed = changed || strings.Contains(p.Message, "the file changed while it was read (37,055 bytes")
	}
	// 55 bytes of header and 1,000 lines of 37: 37,055 bytes.
	if !changed {
		t.Fatalf("read %d devices; problems %v", devices, ps.Errors)
	}
	if sum == "" {
		t.Error("no hash")
	}
}

// Issue 10, "limits": a file over inputs.limits.file_size_mb is not read;
// a folder or a device is not read either.
func TestReadFileLimits(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(path, make([]byte, 3000), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		max  int64
		want string
	}{
		{path, 2048, "the file is 3,000 bytes, larger than the limit of 2,048 bytes; it is not read (inputs.limits.file_size_mb raises the limit)"},
		{dir, 1 << 20, "not a regular file"},
		{os.DevNull, 1 << 20, "not a regular file"},
	} {
		var ps problem.Problems
		called := false
		readFile(c.path, c.max, &ps, func(sheet.Source) { called = true })
		if called || len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, c.want) {
			t.Errorf("%s: read %v, problems %v; want %q", c.path, called, ps.Errors, c.want)
		}
	}
	// Under the limit it is read whole, and the hash is the file's.
	var ps problem.Problems
	var got []byte
	readFile(path, 4096, &ps, func(src sheet.Source) {
		got, _ = io.ReadAll(io.NewSectionReader(src, 0, src.Size()))
	})
	if len(ps.Errors) != 0 || len(got) != 3000 {
		t.Errorf("read %d bytes, problems %v", len(got), ps.Errors)
	}
}
