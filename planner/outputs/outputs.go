// Package outputs writes a run's output files as one set: every file to a
// temporary file first, then all renamed into place, so that the folder
// holds either the previous set whole or the new one whole — never a new
// workbook beside an old request. A lock in the folder keeps two runs apart;
// a manifest records the files makplan wrote, and only those are ever
// removed; temporary files that a killed run left behind are cleaned up.
package outputs

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// LockName and ManifestName are the set's bookkeeping files in the folder.
const (
	LockName     = ".makplan.lock"
	ManifestName = ".makplan-outputs.json"
	tempMarker   = ".tmp-"
)

// Set is an output folder being written by one run.
type Set struct {
	dir   string
	lock  *os.File
	files map[string]func(io.Writer) error
	order []string
	// Ours says whether a file name is one makplan writes; a file the
	// previous manifest lists is removed only when it still has such a
	// name, and the size and hash recorded for it. Nil: any plain name.
	Ours func(name string) bool
	// Removed and Written name the files the commit removed and wrote.
	Removed, Written []string
}

// ErrBusy is returned when another run holds the folder's lock.
var ErrBusy = errors.New("another makplan run is writing into the folder")

// Open creates dir if needed and takes its lock, waiting up to wait for a
// run that holds it. It removes the temporary files of dead runs.
func Open(dir string, wait time.Duration) (*Set, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	f, err := openLock(filepath.Join(dir, LockName))
	if err != nil {
		return nil, fmt.Errorf("cannot use the lock %s: %w", filepath.Join(dir, LockName), err)
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", filepath.Join(dir, LockName), err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			holder := make([]byte, 200)
			n, _ := f.ReadAt(holder, 0)
			holder = holder[:n]
			f.Close()
			return nil, fmt.Errorf("%w %s (%s); waited %s: run again when it has finished",
				ErrBusy, dir, strings.TrimSpace(string(holder)), wait)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Who holds it, for the message of a run that waits.
	host, _ := os.Hostname()
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(fmt.Sprintf("pid %d on %s since %s\n", os.Getpid(), host, time.Now().Format(time.RFC3339))), 0)
	s := &Set{dir: dir, lock: f, files: map[string]func(io.Writer) error{}}
	s.removeTemps()
	return s, nil
}

// removeTemps removes the temporary files of runs that died before renaming
// them: with the lock held, no other run is writing.
func (s *Set) removeTemps() {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), tempMarker) {
			_ = os.Remove(filepath.Join(s.dir, e.Name()))
		}
	}
}

// Add puts a file into the set; name is a plain file name.
func (s *Set) Add(name string, data []byte) error {
	return s.AddFunc(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// AddFunc puts a file into the set whose content write writes at Commit,
// straight into its temporary file: a large workbook is never held in
// memory.
func (s *Set) AddFunc(name string, write func(io.Writer) error) error {
	if name == "" || name != filepath.Base(name) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("outputs: %q is not a plain file name", name)
	}
	for existing := range s.files {
		if strings.EqualFold(existing, name) {
			return fmt.Errorf("outputs: %q and %q would be one file on Windows and macOS", existing, name)
		}
	}
	s.files[name] = write
	s.order = append(s.order, name)
	return nil
}

// Commit writes every file of the set to a temporary file (mode 0600,
// synced), and only when all are written renames them into place, records
// them in the manifest, and removes the files of the previous set that this
// one no longer has. Files makplan did not write are never touched. When
// writing fails nothing is renamed: the previous set stays whole.
func (s *Set) Commit(ctx context.Context) error {
	previous := s.manifest()
	temps := map[string]string{}
	cleanup := func() {
		for _, t := range temps {
			_ = os.Remove(t)
		}
	}
	names := append([]string(nil), s.order...)
	data := s.files
	sums := map[string]fileSum{}
	for _, name := range names {
		t, sum, err := writeTemp(s.dir, name, data[name])
		if err != nil {
			cleanup()
			return fmt.Errorf("cannot write %s: %w; the previous outputs are unchanged", filepath.Join(s.dir, name), err)
		}
		temps[name], sums[name] = t, sum
		if err := ctx.Err(); err != nil {
			cleanup()
			return fmt.Errorf("%w before the outputs were put in place: the previous outputs are unchanged", err)
		}
	}
	man, err := json.MarshalIndent(manifest{Files: sorted(names), Sums: sums}, "", "  ")
	if err != nil {
		cleanup()
		return err
	}
	t, _, err := writeTemp(s.dir, ManifestName, func(w io.Writer) error {
		_, err := w.Write(append(man, '\n'))
		return err
	})
	if err != nil {
		cleanup()
		return fmt.Errorf("cannot write %s: %w; the previous outputs are unchanged", filepath.Join(s.dir, ManifestName), err)
	}
	temps[ManifestName] = t
	names = append(names, ManifestName)
	for _, name := range names {
		if err := os.Rename(temps[name], filepath.Join(s.dir, name)); err != nil {
			cleanup()
			return fmt.Errorf("cannot put %s in place: %w", filepath.Join(s.dir, name), err)
		}
		delete(temps, name)
		if name != ManifestName {
			s.Written = append(s.Written, name)
		}
	}
	keep := map[string]bool{}
	for _, n := range s.order {
		keep[n] = true
	}
	for _, old := range previous.Files {
		if keep[old] || old != filepath.Base(old) || strings.HasPrefix(old, ".") || s.Ours != nil && !s.Ours(old) {
			continue
		}
		// Only the file makplan wrote: the same size and hash.
		want, ok := previous.Sums[old]
		if !ok {
			continue
		}
		if got, err := sumFile(filepath.Join(s.dir, old), want.Size); err != nil || got != want {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, old)); err == nil {
			s.Removed = append(s.Removed, old)
		}
	}
	return syncDir(s.dir)
}

// manifest is what .makplan-outputs.json records of a set.
type manifest struct {
	Files []string           `json:"files"`
	Sums  map[string]fileSum `json:"sums"`
}

// fileSum is a file's size and SHA-256.
type fileSum struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// sumFile measures a file as writeTemp did — only a regular file, looked
// at without following a link, and only when its size is the one recorded
// (a link to /dev/zero, a FIFO or a file grown huge would hold the run and
// its lock): another file is not makplan's, and is left alone.
func sumFile(path string, want int64) (fileSum, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return fileSum{}, err
	}
	if !st.Mode().IsRegular() || st.Size() != want {
		return fileSum{}, errNotOurs
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlocking, 0)
	if err != nil {
		return fileSum{}, err
	}
	defer f.Close()
	if st2, err := f.Stat(); err != nil || !os.SameFile(st, st2) {
		return fileSum{}, errNotOurs // replaced between the look and the open
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, want+1))
	return fileSum{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

// errNotOurs is a listed file that is no longer the one makplan wrote.
var errNotOurs = errors.New("not the file makplan wrote")

// maxManifest bounds the manifest read: a few hundred bytes a file.
const maxManifest = 1 << 20

// Close releases the lock.
func (s *Set) Close() error {
	if s.lock == nil {
		return nil
	}
	unlock(s.lock)
	err := s.lock.Close()
	s.lock = nil
	return err
}

// manifest returns what the previous run recorded; a manifest without
// sums (an older makplan's) removes nothing.
//
// Only a regular file no larger than maxManifest is read (a 4 GB sparse
// file under its name is not makplan's); else nothing is removed.
func (s *Set) manifest() manifest {
	var m manifest
	path := filepath.Join(s.dir, ManifestName)
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxManifest {
		return manifest{}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlocking, 0)
	if err != nil {
		return manifest{}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxManifest+1))
	if err != nil || len(b) > maxManifest || json.Unmarshal(b, &m) != nil {
		return manifest{}
	}
	return m
}

// writeTemp writes one file of the set; a variable so that a test can make
// the disk fill up.
var writeTemp = writeTempFile

func writeTempFile(dir, name string, write func(io.Writer) error) (path string, sum fileSum, err error) {
	f, err := os.CreateTemp(dir, "."+name+tempMarker+"*")
	if err != nil {
		return "", sum, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return "", sum, err
	}
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(f, h)}
	bw := bufio.NewWriterSize(cw, 256<<10)
	if err = write(bw); err != nil {
		return "", sum, err
	}
	if err = bw.Flush(); err != nil {
		return "", sum, err
	}
	if err = f.Sync(); err != nil {
		return "", sum, err
	}
	return f.Name(), fileSum{Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, f.Close()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
