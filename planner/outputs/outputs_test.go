package outputs

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func files(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func commit(t *testing.T, dir string, contents map[string]string) error {
	t.Helper()
	s, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, c := range contents {
		if err := s.Add(name, []byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	return s.Commit(context.Background())
}

// TestSetIsOneUnit: when the disk fills up halfway, the previous set stays
// whole and no temporary file is left; the next set replaces it whole and
// removes only the files the previous set recorded.
func TestSetIsOneUnit(t *testing.T) {
	dir := t.TempDir()
	if err := commit(t, dir, map[string]string{"capacity-plan.xlsx": "old workbook", "makadd-request-A.eml": "old A", "makadd-request-B.eml": "old B"}); err != nil {
		t.Fatal(err)
	}
	// An admin's own copy and a killed run's leftover.
	if err := os.WriteFile(filepath.Join(dir, "makadd-request-A (sent 2026-10-01).eml"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".capacity-plan.xlsx.tmp-12345"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}

	n := 0
	writeTemp = func(dir, name string, data func(io.Writer) error) (string, fileSum, error) {
		if n++; n == 2 {
			return "", fileSum{}, errors.New("no space left on device")
		}
		return writeTempFile(dir, name, data)
	}
	err := commit(t, dir, map[string]string{"capacity-plan.xlsx": "new workbook", "makadd-request-A.eml": "new A"})
	writeTemp = writeTempFile
	if err == nil || !strings.Contains(err.Error(), "no space left on device; the previous outputs are unchanged") {
		t.Fatalf("err = %v", err)
	}
	want := []string{".makplan-outputs.json", ".makplan.lock", "capacity-plan.xlsx", "makadd-request-A (sent 2026-10-01).eml", "makadd-request-A.eml", "makadd-request-B.eml"}
	if got := files(t, dir); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("after the failed run: %v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "capacity-plan.xlsx")); string(b) != "old workbook" {
		t.Errorf("the workbook is %q", b)
	}

	if err := commit(t, dir, map[string]string{"capacity-plan.xlsx": "new workbook", "makadd-request-A.eml": "new A"}); err != nil {
		t.Fatal(err)
	}
	want = []string{".makplan-outputs.json", ".makplan.lock", "capacity-plan.xlsx", "makadd-request-A (sent 2026-10-01).eml", "makadd-request-A.eml"}
	if got := files(t, dir); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("after the new run: %v (B, recorded by the old set, goes; the admin's copy stays)", got)
	}
	for name, want := range map[string]string{"capacity-plan.xlsx": "new workbook", "makadd-request-A.eml": "new A"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		st, _ := os.Stat(filepath.Join(dir, name))
		if string(b) != want || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %q, mode %v", name, b, st.Mode().Perm())
		}
	}
}

// TestLockKeepsRunsApart: a second run waits, then gives up naming the first.
func TestLockKeepsRunsApart(t *testing.T) {
	dir := t.TempDir()
	first, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Open(dir, 300*time.Millisecond)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "pid ") || time.Since(start) < 300*time.Millisecond {
		t.Errorf("second open: %v after %v", err, time.Since(start))
	}
	first.Close()
	second, err := Open(dir, time.Second)
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	second.Close()
}

// TestNamesThatCollideWhereCaseDoesNotCount are refused.
func TestNamesThatCollideWhereCaseDoesNotCount(t *testing.T) {
	s, err := Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Add("makadd-request-abc.eml", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Add("makadd-request-ABC.eml", nil); err == nil {
		t.Error("two names that are one file on Windows were accepted")
	}
	if err := s.Add("../escape.eml", nil); err == nil {
		t.Error("a path was accepted as a name")
	}
}

// TestManifestRemovesOnlyWhatItWrote (issue 19, finding 9): a file the
// last manifest lists is removed only if it still has makplan's name and
// the size and hash recorded; an admin's edit, or a name makplan does not
// write, stays.
func TestManifestRemovesOnlyWhatItWrote(t *testing.T) {
	dir := t.TempDir()
	ours := func(name string) bool { return strings.HasPrefix(name, "makadd-request-") }
	write := func(contents map[string]string) *Set {
		s, err := Open(dir, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		s.Ours = ours
		for n, c := range contents {
			s.Add(n, []byte(c))
		}
		if err := s.Commit(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.Close()
		return s
	}
	write(map[string]string{"makadd-request-A.eml": "A", "makadd-request-B.eml": "B", "notes.txt": "n"})
	if err := os.WriteFile(filepath.Join(dir, "makadd-request-B.eml"), []byte("B, edited by the admin"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := write(map[string]string{"other.txt": "o"})
	if strings.Join(s.Removed, ",") != "makadd-request-A.eml" {
		t.Errorf("removed %v; want only the unchanged A", s.Removed)
	}
	for _, n := range []string{"makadd-request-B.eml", "notes.txt"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed", n)
		}
	}
}

// TestInterruptedCommitChangesNothing (issue 19): a run interrupted (Ctrl-C
// cancels its context) while the outputs are written puts none of them in
// place and leaves no temporary file: the previous set stays whole.
func TestInterruptedCommitChangesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := commit(t, dir, map[string]string{"capacity-plan.xlsx": "old workbook", "makadd-request-A.eml": "old A"}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	s.Add("capacity-plan.xlsx", []byte("new workbook"))
	s.AddFunc("makadd-request-A.eml", func(w io.Writer) error {
		cancel() // Ctrl-C while the second file is being written
		_, err := io.WriteString(w, "new A")
		return err
	})
	err = s.Commit(ctx)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "the previous outputs are unchanged") {
		t.Fatalf("err = %v", err)
	}
	want := []string{".makplan-outputs.json", ".makplan.lock", "capacity-plan.xlsx", "makadd-request-A.eml"}
	if got := files(t, dir); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("after the interrupted run: %v", got)
	}
	for name, old := range map[string]string{"capacity-plan.xlsx": "old workbook", "makadd-request-A.eml": "old A"} {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != old {
			t.Errorf("%s is %q", name, b)
		}
	}
}
