//go:build !windows

package outputs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLockFollowsNoLink (issue 19, finding 1): a .makplan.lock that is a
// link to a file elsewhere must not make makplan truncate that file, a
// dangling one must not create its target, and a pipe is refused.
func TestLockFollowsNoLink(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	victim := filepath.Join(elsewhere, "important.txt")
	if err := os.WriteFile(victim, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Symlink(victim, filepath.Join(dir, LockName))
	if _, err := Open(dir, time.Second); err == nil || !strings.Contains(err.Error(), "is a symbolic link: refused") {
		t.Errorf("a link to a file: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Errorf("the file the link points at became %q", b)
	}
	dangling := t.TempDir()
	target := filepath.Join(elsewhere, "created.txt")
	os.Symlink(target, filepath.Join(dangling, LockName))
	if _, err := Open(dangling, time.Second); err == nil {
		t.Error("a dangling link was taken")
	}
	if _, err := os.Lstat(target); err == nil {
		t.Error("the dangling link's target was created")
	}
	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, LockName), 0o600); err != nil {
		t.Skip(err)
	}
	if _, err := Open(fifo, time.Second); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("a pipe: %v", err)
	}
}

// TestHostileFolder (issue 28, findings 10 and 14): a lock hard-linked to a
// file elsewhere is refused and the file left as it was; a listed output
// replaced by a link to /dev/zero, a FIFO, or a manifest that is a 4 GB
// sparse file hold neither the run nor its lock, and are left alone.
func TestHostileFolder(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	victim := filepath.Join(elsewhere, "important.txt")
	if err := os.WriteFile(victim, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(victim, filepath.Join(dir, LockName)); err != nil {
		t.Skip(err)
	}
	if _, err := Open(dir, time.Second); err == nil || !strings.Contains(err.Error(), "a hard link to another file): refused") {
		t.Errorf("a hard-linked lock: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Errorf("the linked file became %q", b)
	}

	// A run writes a.txt and b.txt; they are then replaced.
	out := t.TempDir()
	commit := func(names ...string) {
		t.Helper()
		s, err := Open(out, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, n := range names {
			if err := s.Add(n, []byte("written by makplan\n")); err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan error, 1)
		go func() { done <- s.Commit(context.Background()) }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the commit hangs")
		}
	}
	commit("a.txt", "b.txt")
	for _, n := range []string{"a.txt", "b.txt"} {
		if err := os.Remove(filepath.Join(out, n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/dev/zero", filepath.Join(out, "a.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(out, "b.txt"), 0o600); err != nil {
		t.Skip(err)
	}
	commit("c.txt") // a.txt and b.txt are no longer outputs: looked at, left
	if st, err := os.Lstat(filepath.Join(out, "a.txt")); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was touched: %v", err)
	}
	if st, err := os.Lstat(filepath.Join(out, "b.txt")); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was touched: %v", err)
	}
	// A manifest of 4 GB (sparse): not read, nothing removed, the run ends.
	m := filepath.Join(out, ManifestName)
	if err := os.Truncate(m, 4<<30); err != nil {
		t.Skip(err)
	}
	commit("d.txt")
	if _, err := os.Stat(filepath.Join(out, "c.txt")); err != nil {
		t.Errorf("c.txt was removed on a manifest that was not read: %v", err)
	}
}
