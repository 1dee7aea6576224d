package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
)

// readFile opens path read-only, checks its size against
// inputs.limits.file_size_mb, hands it to read and returns its SHA-256. A
// file that changes while it is read (an export still being written, a
// copy still running) is a problem: what was read may be cut short.
func readFile(path string, maxSize int64, ps *problem.Problems, read func(sheet.Source)) string {
	f, err := os.Open(path)
	if err != nil {
		ps.Add(problem.Problem{File: path, Message: "cannot open the file: " + strings.TrimPrefix(err.Error(), "open "+path+": ")})
		return ""
	}
	defer f.Close()
	before, err := f.Stat()
	if err != nil {
		ps.Add(problem.Problem{File: path, Message: "cannot read the file: " + err.Error()})
		return ""
	}
	if !before.Mode().IsRegular() {
		ps.Add(problem.Problem{File: path, Message: "not a regular file (a folder, a device or a pipe); expected a key export or a plan"})
		return ""
	}
	if before.Size() > maxSize {
		ps.Add(problem.Problem{File: path, Message: fmt.Sprintf("the file is %s, larger than the limit of %s; it is not read (inputs.limits.file_size_mb raises the limit)",
			wording.SizeText(before.Size()), wording.SizeText(maxSize))})
		return ""
	}
	src := io.NewSectionReader(f, 0, before.Size())
	// The hash is taken in a pass of its own, beside the reading.
	sum := make(chan string, 1)
	go func() {
		h := sha256.New()
		if _, err := io.Copy(h, io.NewSectionReader(f, 0, before.Size())); err != nil {
			sum <- ""
			return
		}
		sum <- hex.EncodeToString(h.Sum(nil))
	}()
	read(src)
	hash := <-sum
	after, err := f.Stat()
	if err == nil {
		if now, err := os.Stat(path); err == nil && !os.SameFile(after, now) {
			after = now // replaced by another file under the same name
		}
	}
	const stamp = "2006-01-02 15:04:05.000"
	switch {
	case err != nil || hash == "":
		ps.Add(problem.Problem{File: path, Message: "cannot read the file to its end"})
	case after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()):
		ps.Add(problem.Problem{File: path, Message: fmt.Sprintf(
			"the file changed while it was read (%s, modified %s, became %s, modified %s); what was read may be cut short: read it again once the export or copy has finished",
			wording.SizeText(before.Size()), before.ModTime().Format(stamp), wording.SizeText(after.Size()), after.ModTime().Format(stamp))})
	}
	return hash
}
