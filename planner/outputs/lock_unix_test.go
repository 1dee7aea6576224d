//go:build !windows

package outputs

import (
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
	os.WriteFile(victim, []byte("keep me"), 0o600)
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
