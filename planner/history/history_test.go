package history

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/timeline"
)

func date(s string) planner.Date {
	t, _ := time.Parse("2006-01-02", s)
	return planner.DateOf(t)
}

func ip(n int) *int { return &n }

func open(t *testing.T, path string) *DB {
	t.Helper()
	h, err := Open(path, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// TestRecordAndGrant: a snapshot recorded twice is one; a request becomes
// granted when a later snapshot shows a higher limit.
func TestRecordAndGrant(t *testing.T) {
	h := open(t, filepath.Join(t.TempDir(), "h.db"))
	k, _ := planner.ParseProductKey("7XN4B-JKC2Q-TYG8M-W3RPD-VF68T")
	fp := h.Fingerprint(k)
	if !strings.HasPrefix(fp, "VF68T:") || strings.Contains(fp, "JKC2Q") {
		t.Fatalf("fingerprint %q", fp)
	}
	snap := func(on string, lim, used int) KeySnapshot {
		return KeySnapshot{Fingerprint: fp, Last5: "VF68T", Products: "Windows 10/11 Enterprise",
			Count: timeline.Count{AsOf: date(on), Limit: ip(lim), Used: ip(used), Remaining: lim - used}}
	}
	for i := 0; i < 2; i++ {
		if err := h.Record(date("2026-10-27"), []KeySnapshot{snap("2026-10-27", 500, 340)}, nil, false); err != nil {
			t.Fatal(err)
		}
	}
	if s, _ := h.Snapshots(fp, 0); len(s) != 1 {
		t.Fatalf("%d snapshots after recording one twice", len(s))
	}
	r, err := h.RecordRequest(fp, 200, "REQ-1", date("2026-11-01"))
	if err != nil || r.LimitThen == nil || *r.LimitThen != 500 {
		t.Fatalf("request %+v, %v", r, err)
	}
	if err := h.Record(date("2026-11-26"), []KeySnapshot{snap("2026-11-26", 500, 385)}, nil, false); err != nil {
		t.Fatal(err)
	}
	rs, _ := h.Requests()
	if rs[0].Granted != nil {
		t.Fatalf("granted before the limit grew: %+v", rs[0])
	}
	if err := h.Record(date("2026-12-27"), []KeySnapshot{snap("2026-12-27", 700, 420)}, nil, false); err != nil {
		t.Fatal(err)
	}
	rs, _ = h.Requests()
	if rs[0].Granted == nil || *rs[0].Granted != 200 || rs[0].GrantedOn.String() != "2026-12-27" {
		t.Errorf("request %+v", rs[0])
	}
	// The file holds no key.
	h.Close()
	raw, _ := os.ReadFile(h.Path())
	if strings.Contains(string(raw), "JKC2Q") {
		t.Error("the database holds the key")
	}
}

// TestFilesThatAreNotAHistory: a damaged file, another program's database
// and a newer schema are errors naming the file, and are not written to.
func TestFilesThatAreNotAHistory(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}

	foreign := filepath.Join(dir, "foreign.db")
	db, _ := sql.Open("sqlite", "file:"+foreign)
	db.Exec("CREATE TABLE inventory (name TEXT)")
	db.Close()

	newer := filepath.Join(dir, "newer.db")
	open(t, newer).Close()
	db, _ = sql.Open("sqlite", "file:"+newer)
	db.Exec("PRAGMA user_version = 99")
	db.Close()

	damaged := filepath.Join(dir, "damaged.db")
	open(t, damaged).Close()
	raw, _ := os.ReadFile(damaged)
	for i := 100; i < len(raw) && i < 4096; i++ {
		raw[i] = 0xAA // the schema page, scribbled over
	}
	if err := os.WriteFile(damaged, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	for path, want := range map[string]string{
		junk: "not a SQLite database", foreign: "another program's SQLite database",
		newer: "written by a newer makplan (history schema 99", damaged: "damaged",
	} {
		before, _ := os.ReadFile(path)
		_, err := Open(path, time.Second)
		var e *Error
		if !errors.As(err, &e) || e.Path != path || !strings.Contains(e.Msg, want) {
			t.Errorf("%s: %v; want an error saying %q", filepath.Base(path), err, want)
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Errorf("%s was written to", filepath.Base(path))
		}
	}
}

// TestRunsAtOnce: runs that record at the same time wait for each other;
// every snapshot is there and the database is whole.
//
// It once failed about one run in thirty: the check of an existing file
// read it "immutable", and a read while another run wrote saw torn pages
// and called a sound history damaged; the check now reads one committed
// state (go test -run TestRunsAtOnce -count=120 passes).
func TestRunsAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	open(t, path).Close()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			h, err := Open(path, 10*time.Second)
			if err != nil {
				errs <- err
				return
			}
			defer h.Close()
			var snaps []KeySnapshot
			for k := 0; k < 50; k++ {
				snaps = append(snaps, KeySnapshot{Fingerprint: string(rune('A'+k%26)) + string(rune('A'+k/26)), Last5: "AAAAA",
					Count: timeline.Count{AsOf: planner.NewDate(2026, 1, 1+i), Remaining: 100 - i}})
			}
			errs <- h.Record(planner.NewDate(2026, 1, 1+i), snaps, nil, false)
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	h := open(t, path)
	var n int
	h.db.QueryRow("SELECT count(*) FROM key_snapshots").Scan(&n)
	if n != 8*50 {
		t.Errorf("%d snapshots, want 400", n)
	}
}

// TestTheFileIsNotTrusted (issue 19, finding 6): only a regular file is a
// history; a crafted database's triggers, views or tables of its own make
// it refused before anything is written; a file too large is not read; a
// refused file is left as it was, with nothing beside it; a new history is
// private (0600); a path with '?' or '#' opens that very file.
func TestTheFileIsNotTrusted(t *testing.T) {
	dir := t.TempDir()
	// A device: refused, and no journal beside it.
	if _, err := Open("/dev/null", time.Second); err == nil || !strings.Contains(err.Error(), "/dev/null: is a device, not a history database") {
		t.Errorf("/dev/null: %v", err)
	}
	for _, s := range []string{"-journal", "-wal", "-shm"} {
		if _, err := os.Lstat("/dev/null" + s); err == nil {
			t.Errorf("/dev/null%s was created", s)
		}
	}
	// A symbolic link: refused.
	real := filepath.Join(dir, "real.db")
	open(t, real).Close()
	link := filepath.Join(dir, "link.db")
	os.Symlink(real, link)
	if _, err := Open(link, time.Second); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("a link: %v", err)
	}
	// A history with a trigger of someone else's, and one with a table of its own.
	for name, sqlText := range map[string]string{
		"trigger.db": `CREATE TRIGGER copy AFTER INSERT ON key_snapshots BEGIN INSERT INTO meta (name, value) VALUES ('x' || new.as_of, new.last5); END`,
		"view.db":    `CREATE VIEW peek AS SELECT * FROM key_snapshots`,
		"table.db":   `CREATE TABLE loot (v TEXT)`,
	} {
		p := filepath.Join(dir, name)
		open(t, p).Close()
		db, _ := sql.Open("sqlite", "file:"+p)
		if _, err := db.Exec(sqlText); err != nil {
			t.Fatal(err)
		}
		db.Exec("PRAGMA journal_mode = delete")
		db.Close()
		before, _ := os.ReadFile(p)
		_, err := Open(p, time.Second)
		if err == nil || !strings.Contains(err.Error(), "that makplan did not make: it is not read or written") {
			t.Errorf("%s: %v", name, err)
		}
		after, _ := os.ReadFile(p)
		if !bytes.Equal(before, after) {
			t.Errorf("%s was written", name)
		}
		for _, s := range []string{"-journal", "-wal", "-shm"} {
			if _, err := os.Lstat(p + s); err == nil {
				t.Errorf("%s%s is left beside it", name, s)
			}
		}
	}
	// Too large: refused at once, not read.
	big := filepath.Join(dir, "big.db")
	f, _ := os.Create(big)
	f.Truncate(MaxSize + 1)
	f.Close()
	if _, err := Open(big, time.Second); err == nil || !strings.Contains(err.Error(), "larger than any makplan history") {
		t.Errorf("a large file: %v", err)
	}
	// New: private.
	fresh := filepath.Join(dir, "fresh.db")
	open(t, fresh).Close()
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o600 {
		t.Errorf("a new history is %v, want 0600", st.Mode().Perm())
	}
	// '?' and '#' in the path: that file, with its settings.
	odd := filepath.Join(dir, "a?b#c%d.db")
	h := open(t, odd)
	h.Close()
	if _, err := os.Stat(odd); err != nil {
		t.Errorf("the file with ? and # in its name: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "a") && e.Name() != "a?b#c%d.db" && !strings.HasPrefix(e.Name(), "a?b#c%d.db-") {
			t.Errorf("another file was opened: %s", e.Name())
		}
	}
}

// TestReadOnlyHistory: a history that cannot be written is said to be
// read-only, not damaged. (Root writes any file: skipped then.)
func TestReadOnlyHistory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes a read-only file")
	}
	p := filepath.Join(t.TempDir(), "ro.db")
	open(t, p).Close()
	os.Chmod(p, 0o400)
	if _, err := Open(p, time.Second); err == nil || !strings.Contains(err.Error(), "is read-only") {
		t.Errorf("read-only: %v", err)
	}
}

// TestOlderHistoryMasked (issue 19, finding 3): text an older makplan
// stored as it was read — a key in a wave name, a License ID, a ticket —
// is masked when the history is migrated; new text is masked as it is stored.
func TestOlderHistoryMasked(t *testing.T) {
	p := filepath.Join(t.TempDir(), "old.db")
	db, _ := sql.Open("sqlite", "file:"+p)
	for _, q := range []string{migrations[0],
		`INSERT INTO meta (name, value) VALUES ('app', 'makplan history'), ('salt', '00112233445566778899aabbccddeeff')`,
		`INSERT INTO key_snapshots VALUES ('VF68T:x', 'VF68T', '2026-11-01', 'Windows 10/11 Enterprise', 'LID 7XN4B-JKC2Q-TYG8M-W3RPD-VF68T', 500, 400, 100, '2026-11-01')`,
		`INSERT INTO wave_snapshots VALUES ('VF68T', 'W2 D9HGK 2WMXT B6QYR 7CFJP 3GVF7', '2027-01-18', '2026-11-01', 5, 0)`,
		// Issue 28, finding 4: a key split by invisible characters, as an
		// older makplan stored it (escaped, then masked: the escapes broke
		// the key's grammar).
		`INSERT INTO wave_snapshots VALUES ('VF68T', 'W3 W2KJF\u200b9PXCD\u200bTBHY4\u200bGQ7MV\u200bR3T8K', '2027-02-18', '2026-11-01', 5, 0)`,
		`INSERT INTO requests (fingerprint, last5, requested, ticket, on_date) VALUES ('VF68T:x', 'VF68T', 10, 'REQ QCH9WYNBJ3XTP7KVDG2M8RFKY', '2026-11-01')`,
		fmt.Sprintf("PRAGMA application_id = %d", applicationID), "PRAGMA user_version = 1"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	h := open(t, p)
	if _, err := h.RecordRequest("VF68T:x", 5, "ticket W2KJF-9PXCD-TBHY4-GQ7MV-R3T8K", planner.NewDate(2026, 11, 2)); err != nil {
		t.Fatal(err)
	}
	h.Close()
	raw, _ := os.ReadFile(p)
	for _, k := range []string{"JKC2Q", "2WMXT", "YNBJ3", "9PXCD", "TBHY4"} {
		if bytes.Contains(raw, []byte(k)) {
			t.Errorf("the history still holds %s", k)
		}
	}
}

// TestSnapshotNeverRewritten (issue 23): a snapshot of a date the history
// holds is left as it was; only replace rewrites it, and then removes the
// key's snapshots it contradicts.
func TestSnapshotNeverRewritten(t *testing.T) {
	h := open(t, filepath.Join(t.TempDir(), "h.db"))
	k, _ := planner.ParseProductKey("7XN4B-JKC2Q-TYG8M-W3RPD-VF68T")
	fp := h.Fingerprint(k)
	snap := func(on string, lim, used int) KeySnapshot {
		return KeySnapshot{Fingerprint: fp, Last5: "VF68T", Count: timeline.Count{AsOf: date(on), Limit: ip(lim), Used: ip(used), Remaining: lim - used}}
	}
	got := func() string {
		ss, err := h.Snapshots(fp, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range ss {
			out = append(out, fmt.Sprintf("%s %d/%d", s.AsOf, *s.Used, *s.Limit))
		}
		return strings.Join(out, ", ")
	}
	if err := h.Record(date("2026-12-01"), []KeySnapshot{snap("2026-11-01", 400, 300), snap("2026-12-01", 400, 318)}, nil, false); err != nil {
		t.Fatal(err)
	}
	// January's counts under December's date: not written.
	if err := h.Record(date("2027-01-04"), []KeySnapshot{snap("2026-12-01", 550, 356)}, nil, false); err != nil {
		t.Fatal(err)
	}
	if g := got(); g != "2026-11-01 300/400, 2026-12-01 318/400" {
		t.Errorf("after a second record of one day: %s", g)
	}
	// A correction: the December export really said 290/400. November's
	// 300 used contradicts it (more used a month earlier) and goes.
	if err := h.Record(date("2027-01-04"), []KeySnapshot{snap("2026-12-01", 400, 290)}, nil, true); err != nil {
		t.Fatal(err)
	}
	if g := got(); g != "2026-12-01 290/400" {
		t.Errorf("after a replacement: %s", g)
	}
}

// TestRequestLifecycle (issue 23): a request is recorded, corrected,
// cancelled; a cancelled one is never granted or changed again; the reads
// of a run are limited to its keys.
func TestRequestLifecycle(t *testing.T) {
	h := open(t, filepath.Join(t.TempDir(), "h.db"))
	k1, _ := planner.ParseProductKey("7XN4B-JKC2Q-TYG8M-W3RPD-VF68T")
	k2, _ := planner.ParseProductKey("D9HGK-2WMXT-B6QYR-7CFJP-3GVF7")
	fp1, fp2 := h.Fingerprint(k1), h.Fingerprint(k2)
	snap := func(fp, on string, lim int) KeySnapshot {
		return KeySnapshot{Fingerprint: fp, Last5: fp[:5], Count: timeline.Count{AsOf: date(on), Limit: ip(lim), Used: ip(10), Remaining: lim - 10}}
	}
	if err := h.Record(date("2026-11-01"), []KeySnapshot{snap(fp1, "2026-11-01", 100), snap(fp2, "2026-11-01", 50)}, nil, false); err != nil {
		t.Fatal(err)
	}
	q1, _ := h.RecordRequest(fp1, 20, "REQ-1", date("2026-11-02"))
	q2, _ := h.RecordRequest(fp2, 5, "", date("2026-11-02"))
	if q, err := h.AmendRequest(q1.ID, 25, date("2026-11-03")); err != nil || q.Requested != 25 || q.AmendedOn.String() != "2026-11-03" {
		t.Fatalf("amend: %+v, %v", q, err)
	}
	if q, err := h.CancelRequest(q2.ID, date("2026-11-04")); err != nil || q.CancelledOn.String() != "2026-11-04" {
		t.Fatalf("cancel: %+v, %v", q, err)
	}
	if _, err := h.AmendRequest(q2.ID, 6, date("2026-11-05")); err == nil || !strings.Contains(err.Error(), "cancelled on 2026-11-04") {
		t.Errorf("amending a cancelled request: %v", err)
	}
	if _, err := h.CancelRequest(99, date("2026-11-05")); !errors.Is(err, ErrNoRequest) {
		t.Errorf("cancelling request 99: %v", err)
	}
	// Both limits rise: the open request is granted, the cancelled one not.
	if err := h.Record(date("2026-12-01"), []KeySnapshot{snap(fp1, "2026-12-01", 125), snap(fp2, "2026-12-01", 55)}, nil, false); err != nil {
		t.Fatal(err)
	}
	qs, err := h.RequestsFor([]string{fp1})
	if err != nil || len(qs) != 1 || qs[0].Granted == nil || *qs[0].Granted != 25 || qs[0].Requested != 25 {
		t.Fatalf("requests for the first key: %+v, %v", qs, err)
	}
	all, _ := h.Requests()
	if len(all) != 2 || all[1].Granted != nil || all[1].CancelledOn.IsZero() {
		t.Errorf("the cancelled request: %+v", all[1])
	}
	if _, err := h.CancelRequest(q1.ID, date("2026-12-02")); err == nil || !strings.Contains(err.Error(), "was granted on 2026-12-01") {
		t.Errorf("cancelling a granted request: %v", err)
	}
}

// TestSchema2Migrates: a history of schema 2 (before cancel and amend) is
// accepted as makplan's own and migrated to this schema.
func TestSchema2Migrates(t *testing.T) {
	p := filepath.Join(t.TempDir(), "v2.db")
	db, _ := sql.Open("sqlite", "file:"+p)
	for _, q := range []string{migrations[0],
		`INSERT INTO meta (name, value) VALUES ('app', 'makplan history'), ('salt', '00112233445566778899aabbccddeeff')`,
		`INSERT INTO requests (fingerprint, last5, requested, ticket, on_date) VALUES ('VF68T:x', 'VF68T', 10, '', '2026-11-01')`,
		fmt.Sprintf("PRAGMA application_id = %d", applicationID), "PRAGMA user_version = 2"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	h := open(t, p)
	if _, err := h.CancelRequest(1, date("2026-11-05")); err != nil {
		t.Fatal(err)
	}
	var v int
	h.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != Version {
		t.Errorf("schema %d, want %d", v, Version)
	}
}

// TestRecordRequestsAllOrNone: the keys of one draft are recorded in one
// transaction: when the second cannot be written, the first is not kept
// either (a draft recorded by halves would be sent again for its other
// keys, or followed up for keys never asked).
func TestRecordRequestsAllOrNone(t *testing.T) {
	h := open(t, filepath.Join(t.TempDir(), "h.db"))
	if _, err := h.db.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON requests WHEN NEW.requested = 13 BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}
	on := planner.NewDate(2026, 11, 27)
	if _, err := h.RecordRequests([]NewRequest{{Fingerprint: "VF68T:a", Requested: 12}, {Fingerprint: "R3T8K:b", Requested: 13}}, "REQ-1", on); err == nil {
		t.Fatal("recorded a draft whose second key could not be written")
	}
	var n int
	if err := h.db.QueryRow(`SELECT count(*) FROM requests`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d requests kept (%v), want none", n, err)
	}
	qs, err := h.RecordRequests([]NewRequest{{Fingerprint: "VF68T:a", Requested: 12}, {Fingerprint: "R3T8K:b", Requested: 2}}, "REQ-1", on)
	if err != nil || len(qs) != 2 || qs[0].Key != "VF68T" || qs[1].Requested != 2 || qs[1].Ticket != "REQ-1" {
		t.Fatalf("recorded %+v, %v", qs, err)
	}
}
