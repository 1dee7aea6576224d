//go:build windows

package outputs

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// openLock opens the lock file without following a reparse point (a
// symbolic link or junction planted as .makplan.lock), and refuses anything
// but a regular file.
func openLock(path string) (*os.File, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_ALWAYS, windows.FILE_ATTRIBUTE_NORMAL|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, err
	}
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &info); err != nil {
		windows.CloseHandle(h)
		return nil, err
	}
	if info.FileAttributes&(windows.FILE_ATTRIBUTE_REPARSE_POINT|windows.FILE_ATTRIBUTE_DIRECTORY|windows.FILE_ATTRIBUTE_DEVICE) != 0 {
		windows.CloseHandle(h)
		return nil, fmt.Errorf("%s is a link or not a regular file: refused (remove it; makplan makes its own)", path)
	}
	if info.NumberOfLinks > 1 {
		windows.CloseHandle(h)
		return nil, fmt.Errorf("%s has %d names (a hard link to another file): refused, that file would be written over (remove it; makplan makes its own)", path, info.NumberOfLinks)
	}
	return os.NewFile(uintptr(h), path), nil
}

// tryLock takes a lock on f without waiting; Windows releases it when the
// process ends, so a killed run never leaves the folder locked.
func tryLock(f *os.File) (bool, error) {
	ol := new(windows.Overlapped)
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}

func unlock(f *os.File) {
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}

func syncDir(string) error { return nil }
