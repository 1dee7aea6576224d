//go:build !windows

package outputs

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// openLock opens the lock file without following a link (O_NOFOLLOW):
// a link planted as .makplan.lock must not make makplan truncate the file it
// points at, nor create one elsewhere; and anything but a regular file (a
// pipe, a device) is refused.
func openLock(path string) (*os.File, error) {
	fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_CREAT|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0o600)
	if errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK) {
		return nil, fmt.Errorf("%s is a symbolic link: refused (a lock is a file makplan makes in the output folder; remove the link)", path)
	}
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), path)
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file (%s): refused (remove it; makplan makes its own)", path, st.Mode().Type())
	}
	// A hard link has the name of the lock and the contents of another file,
	// which the run would overwrite: O_NOFOLLOW does not see it.
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && sys.Nlink > 1 {
		f.Close()
		return nil, fmt.Errorf("%s has %d names (a hard link to another file): refused, that file would be written over (remove it; makplan makes its own)", path, sys.Nlink)
	}
	return f, nil
}

// tryLock takes an advisory lock on f without waiting; the system releases
// it when the process ends, so a killed run never leaves the folder locked.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

func unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// syncDir makes the renames durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	_ = d.Sync() // not every file system syncs folders
	return nil
}
