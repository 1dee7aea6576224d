// Package history is makplan's memory of past checks (docs/history.md): an
// embedded SQLite database (modernc.org/sqlite, pure Go) that keeps, per
// key, every export snapshot seen (never the key itself: its last five
// characters and a keyed hash), per pool and wave the demand and done
// counts, and the increase requests sent to Microsoft. From it come the
// burn rate and runway of each key, the activations used that no plan
// explains, and where each request stands.
//
// The schema is versioned and migrated in code; the database runs in WAL
// mode with a busy timeout, and a run writes in one transaction, so that
// two runs at once wait for each other rather than corrupt it. A file that
// is not a makplan history (corrupt, another program's database, a newer
// schema) is an *Error and is never written to.
package history

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/timeline"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

// applicationID marks a makplan history database ("mkpl"), so that another
// program's SQLite file is recognised as foreign and left alone.
const applicationID = 0x6d6b706c

// Error says why a file cannot be used as the history; the file is left as
// it is.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string { return e.Path + ": " + redact.OneLine(e.Msg) }

// DB is an open history.
type DB struct {
	db   *sql.DB
	path string
	salt []byte
	// base is the run's context: a cancelled run (Ctrl-C) stops the
	// statement it is in; nil for none (WithContext).
	base context.Context
}

// WithContext makes the history's statements stop when ctx is cancelled
// (each is bounded by Timeout too). It returns h.
func (h *DB) WithContext(ctx context.Context) *DB {
	h.base = ctx
	return h
}

// migrations are the schema's versions in order: migrations[i] takes a
// database from version i to i+1 (PRAGMA user_version). Version 2 changed
// no table (stored text was masked, maskStored); version 3 masks again
// with the grammar that sees through invisible characters, and adds what
// a request's cancellation and correction need, and the index that keeps
// the reads of a run's requests bounded.
var migrations = []string{
	`CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
	CREATE TABLE key_snapshots (
		fingerprint TEXT NOT NULL,
		last5 TEXT NOT NULL,
		as_of TEXT NOT NULL,
		products TEXT NOT NULL,
		agreement TEXT NOT NULL,
		lim INTEGER,
		used INTEGER,
		remaining INTEGER NOT NULL,
		recorded_on TEXT NOT NULL,
		PRIMARY KEY (fingerprint, as_of)
	) WITHOUT ROWID;
	CREATE TABLE wave_snapshots (
		pool TEXT NOT NULL,
		wave TEXT NOT NULL,
		wave_date TEXT NOT NULL,
		as_of TEXT NOT NULL,
		demand INTEGER NOT NULL,
		done INTEGER NOT NULL,
		PRIMARY KEY (pool, wave, wave_date, as_of)
	) WITHOUT ROWID;
	CREATE TABLE requests (
		id INTEGER PRIMARY KEY,
		fingerprint TEXT NOT NULL,
		last5 TEXT NOT NULL,
		requested INTEGER NOT NULL,
		ticket TEXT NOT NULL,
		on_date TEXT NOT NULL,
		limit_then INTEGER,
		granted INTEGER,
		granted_on TEXT
	);`,
	``,
	`ALTER TABLE requests ADD COLUMN cancelled_on TEXT;
	ALTER TABLE requests ADD COLUMN amended_on TEXT;
	CREATE INDEX requests_by_key ON requests (fingerprint, granted);`,
}

// Version is the schema version this makplan writes.
var Version = len(migrations)

// MaxSize is the largest file read as a history: ten years of monthly
// checks of 200 keys take a few megabytes; a larger file is not one of
// makplan's, and reading it would cost minutes and gigabytes.
const MaxSize = 64 << 20

// Timeout bounds each statement on the history: nothing makplan asks of
// it takes more than milliseconds.
const Timeout = 30 * time.Second

// Open opens the history at path, creating it (mode 0600, with a random
// salt for the key fingerprints) when the file does not exist or is empty.
// busy is how long a run waits for another that is writing.
//
// Only a regular file is accepted, and an existing one is checked before
// anything writes to it — a SQLite database of makplan's, of a schema this
// makplan knows, holding exactly the tables makplan makes (no trigger, view
// or table of anyone else's), no larger than MaxSize, writable — reading it
// without leaving anything beside it. A file refused is left as it was,
// with nothing beside it (docs/history.md, "When the file is not a history").
func Open(path string, busy time.Duration) (*DB, error) {
	st, err := os.Lstat(path)
	switch {
	case err == nil && !st.Mode().IsRegular():
		what := "a folder"
		switch {
		case st.Mode()&os.ModeSymlink != 0:
			what = "a symbolic link"
		case st.Mode()&os.ModeDevice != 0 || st.Mode()&os.ModeCharDevice != 0:
			what = "a device"
		case st.Mode()&os.ModeNamedPipe != 0:
			what = "a pipe"
		case !st.IsDir():
			what = "not a regular file"
		}
		return nil, &Error{path, "is " + what + ", not a history database: history.path must name a regular file (it is left as it is)"}
	case err == nil && st.Size()+walSize(path) > MaxSize:
		return nil, &Error{path, fmt.Sprintf("is %.0f MB with its write-ahead log (-wal), larger than any makplan history (%d MB): it is not read; set history.path to another file",
			float64(st.Size()+walSize(path))/(1<<20), MaxSize>>20)}
	case err == nil && st.Size() > 0:
		if err := writable(path); err != nil {
			return nil, err
		}
		before := sidecars(path)
		if err := check(path, busy); err != nil {
			removeNew(path, before)
			return nil, err
		}
	case err == nil:
		if err := writable(path); err != nil {
			return nil, err
		}
	case errors.Is(err, os.ErrNotExist):
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, &Error{path, "cannot create the history: " + err.Error()}
		}
		f.Close()
	default:
		return nil, &Error{path, "cannot read the history: " + err.Error()}
	}
	before := sidecars(path)
	dsn := fmt.Sprintf("file:%s?_pragma=busy_timeout(%d)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)&_pragma=secure_delete(on)&_txlock=immediate",
		uriPath(path), busy.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		removeNew(path, before)
		return nil, &Error{path, "cannot open the history: " + err.Error()}
	}
	db.SetMaxOpenConns(1)
	h := &DB{db: db, path: path}
	if err := h.migrate(); err != nil {
		db.Close()
		removeNew(path, before)
		return nil, err
	}
	return h, nil
}

// walSize is the size of the write-ahead log beside the history, which
// SQLite reads and folds into it: it counts toward MaxSize. A -wal that is
// no regular file counts as too large.
func walSize(path string) int64 {
	st, err := os.Lstat(path + "-wal")
	switch {
	case err != nil:
		return 0
	case !st.Mode().IsRegular():
		return MaxSize + 1
	}
	return st.Size()
}

// uriPath escapes a file path for a SQLite URI: a '?' or '#' in it would
// otherwise end the path, and another file would be opened without its
// settings.
func uriPath(p string) string {
	var b strings.Builder
	for _, c := range []byte(p) {
		switch c {
		case '%', '?', '#':
			fmt.Fprintf(&b, "%%%02x", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// sidecars lists the journal files SQLite keeps beside path that exist now.
func sidecars(path string) map[string]bool {
	out := map[string]bool{}
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(path + s); err == nil {
			out[s] = true
		}
	}
	return out
}

// removeNew removes the journal files beside path that were not there
// before: a refused file is left with nothing beside it.
func removeNew(path string, before map[string]bool) {
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if !before[s] {
			os.Remove(path + s)
		}
	}
}

// writable says whether the history can be written: a read-only file is
// said to be one, not "damaged".
func writable(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return &Error{path, "is read-only (" + strings.TrimPrefix(err.Error(), "open "+path+": ") + "): this run cannot record in it; make it writable, or set history.path to another file"}
	}
	f.Close()
	return nil
}

// check reads an existing file as a history without writing to it, and
// without a journal beside it: a SQLite database of makplan's, of a schema
// this makplan knows, holding makplan's tables and nothing else.
func check(path string, busy time.Duration) error {
	f, err := os.Open(path)
	if err != nil {
		return &Error{path, "cannot read the history: " + err.Error()}
	}
	head := make([]byte, 100)
	n, _ := io.ReadFull(f, head)
	f.Close()
	if n < 100 || !bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		return &Error{path, "is not a makplan history: not a SQLite database (a damaged file, or another file at history.path); it is left as it is: move it away, or set history.path"}
	}
	// Read-only, but not "immutable": another run may be writing it at
	// this moment (WAL), and an immutable read would see its pages torn
	// and call a sound history damaged. A read sees one committed state.
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?mode=ro&_pragma=busy_timeout(%d)", uriPath(path), busy.Milliseconds()))
	if err != nil {
		return &Error{path, "cannot open the history: " + err.Error()}
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	// One read transaction: the checks below see one committed state.
	conn, err := db.Conn(ctx)
	if err != nil {
		return &Error{path, "cannot open the history: " + err.Error()}
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return &Error{path, "cannot read the history: " + err.Error()}
	}
	// Rolled back even when the run is cancelled: never left open.
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	var app, version int
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return &Error{path, "is damaged: " + err.Error() + "; it is left as it is"}
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return &Error{path, "is damaged: " + err.Error() + "; it is left as it is"}
	}
	objects, err := schemaOf(ctx, conn)
	if err != nil {
		return &Error{path, "is damaged: " + err.Error() + "; it is left as it is"}
	}
	switch {
	case app != applicationID && len(objects) > 0:
		return &Error{path, "is another program's SQLite database, not a makplan history; it is left as it is: set history.path to another file"}
	case version > Version:
		return &Error{path, fmt.Sprintf("was written by a newer makplan (history schema %d; this one knows %d): upgrade makplan; the file is left as it is", version, Version)}
	}
	if len(objects) > 0 {
		want, err := expectedSchema(version)
		if err != nil {
			return &Error{path, "cannot check the history: " + err.Error()}
		}
		for _, o := range objects {
			if !want[o] {
				return &Error{path, fmt.Sprintf("holds a %s %q that makplan did not make: it is not read or written (a crafted file's triggers would run with every record); it is left as it is: move it away to start a new history", o.kind, o.name)}
			}
		}
	}
	var bad string
	if err := conn.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&bad); err != nil || bad != "ok" {
		if err != nil {
			bad = err.Error()
		}
		return &Error{path, "is damaged (" + bad + "); it is left as it is: move it away to start a new history"}
	}
	return nil
}

// object is an entry of a database's schema.
type object struct{ kind, name, sql string }

// schemaOf reads a database's schema, its SQL with spacing folded.
func schemaOf(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]object, error) {
	rows, err := db.QueryContext(ctx, "SELECT type, name, coalesce(sql, '') FROM sqlite_master")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.kind, &o.name, &o.sql); err != nil {
			return nil, err
		}
		o.sql = strings.Join(strings.Fields(o.sql), " ")
		out = append(out, o)
	}
	return out, rows.Err()
}

// OlderSchema is a history as the makplan of schema version wrote it: the
// statements that create its tables, then its application ID and version.
// For tools that make such a history to try the migration on
// (scripts/bombgen); makplan itself only ever migrates forward.
func OlderSchema(version int) []string {
	var out []string
	for _, m := range migrations[:min(version, len(migrations))] {
		if m != "" {
			out = append(out, m)
		}
	}
	return append(out, fmt.Sprintf("PRAGMA application_id = %d", applicationID), fmt.Sprintf("PRAGMA user_version = %d", version))
}

// expectedSchema is the schema makplan's migrations make up to version,
// read from a database in memory.
func expectedSchema(version int) (map[object]bool, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	for _, m := range migrations[:min(version, len(migrations))] {
		if m == "" {
			continue
		}
		if _, err := db.Exec(m); err != nil {
			return nil, err
		}
	}
	objects, err := schemaOf(context.Background(), db)
	if err != nil {
		return nil, err
	}
	out := map[object]bool{}
	for _, o := range objects {
		out[o] = true
	}
	return out, nil
}

// migrate brings the schema up to Version in one transaction, and reads
// (or makes) the salt.
func (h *DB) migrate() error {
	ctx, cancel := h.ctx()
	defer cancel()
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return h.fail(err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return h.fail(err)
	}
	for v := version; v < len(migrations); v++ {
		if migrations[v] == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return h.fail(fmt.Errorf("migrating the history to schema %d: %w", v+1, err))
		}
	}
	if version > 0 && version < 3 {
		// Schemas 2 and 3: the text an older makplan stored as it was
		// read (a key in a wave name, a License ID, a ticket) is masked,
		// with today's grammar (a key split by an invisible character too).
		if err := maskStored(ctx, tx); err != nil {
			return h.fail(fmt.Errorf("masking the history's text: %w", err))
		}
	}
	if version == 0 {
		salt := make([]byte, 32)
		if _, err := rand.Read(salt); err != nil {
			return h.fail(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (name, value) VALUES ('app', 'makplan history'), ('salt', ?)`, hex.EncodeToString(salt)); err != nil {
			return h.fail(err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return h.fail(err)
		}
	}
	if version < Version {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", Version)); err != nil {
			return h.fail(err)
		}
	}
	var salt string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE name = 'salt'`).Scan(&salt); err != nil {
		return h.fail(fmt.Errorf("the history has no salt: %w", err))
	}
	if h.salt, err = hex.DecodeString(salt); err != nil || len(h.salt) < 16 {
		return &Error{h.path, "the history's salt is damaged; the file is left as it is"}
	}
	if err := tx.Commit(); err != nil {
		return h.fail(err)
	}
	if version > 0 && version < 3 {
		// The text masked above is still in the file's old pages: the file
		// is written anew, and the log folded in, so that no copy of it stays.
		if _, err := h.db.ExecContext(ctx, "VACUUM"); err != nil {
			return h.fail(err)
		}
		if _, err := h.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return h.fail(err)
		}
	}
	return nil
}

// maskStored masks product keys in every text the history holds.
func maskStored(ctx context.Context, tx *sql.Tx) error {
	for _, u := range []struct{ table, key, cols string }{
		{"key_snapshots", "fingerprint, as_of", "products, agreement"},
		{"wave_snapshots", "pool, wave, wave_date, as_of", "wave"},
		{"requests", "id", "ticket"},
	} {
		rows, err := tx.QueryContext(ctx, "SELECT "+u.key+", "+u.cols+" FROM "+u.table)
		if err != nil {
			return err
		}
		var updates [][]any
		cols := strings.Split(u.cols, ", ")
		keys := strings.Split(u.key, ", ")
		for rows.Next() {
			vals := make([]any, len(keys)+len(cols))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			changed := false
			for i := range cols {
				if s, ok := vals[len(keys)+i].(string); ok {
					if m := Clean(s); m != s {
						vals[len(keys)+i], changed = m, true
					}
				}
			}
			if changed {
				updates = append(updates, vals)
			}
		}
		rows.Close()
		for _, v := range updates {
			var set, where []string
			var args []any
			for i, c := range cols {
				set = append(set, c+" = ?")
				args = append(args, v[len(keys)+i])
			}
			for i, k := range keys {
				where = append(where, k+" = ?")
				args = append(args, v[i])
			}
			if _, err := tx.ExecContext(ctx, "UPDATE OR REPLACE "+u.table+" SET "+strings.Join(set, ", ")+" WHERE "+strings.Join(where, " AND "), args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// Clean is what the history stores of a text: keys masked, control
// characters escaped, on one line (docs/history.md: never the key).
func Clean(s string) string { return redact.OneLine(redact.Sanitize(s)) }

// ctx bounds a statement on the history by Timeout.
func (h *DB) ctx() (context.Context, context.CancelFunc) {
	base := h.base
	if base == nil {
		base = context.Background()
	}
	return context.WithTimeout(base, Timeout)
}

// fail turns a database error into an *Error naming the file, saying so
// when another run holds the database.
func (h *DB) fail(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	msg := redact.OneLine(err.Error())
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{h.path, fmt.Sprintf("did not answer within %s; it is left as it is", Timeout)}
	}
	if strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") {
		return &Error{h.path, "another makplan run is writing the history and did not finish in time; run again when it has: " + msg}
	}
	return &Error{h.path, "the history cannot be used: " + msg}
}

// Close closes the database.
func (h *DB) Close() error { return h.db.Close() }

// Path is the database file.
func (h *DB) Path() string { return h.path }

// Fingerprint names a key in the history without holding it: its last five
// characters and a hash keyed with the database's own salt, so that the
// file gives away nothing of a key that is not already known.
func (h *DB) Fingerprint(k planner.ProductKey) string {
	mac := hmac.New(sha256.New, h.salt)
	mac.Write([]byte(k.Full()))
	return k.Last5() + ":" + hex.EncodeToString(mac.Sum(nil)[:12])
}

// KeySnapshot is a key as one export showed it.
type KeySnapshot struct {
	Fingerprint, Last5 string
	Products           string
	Agreement          string
	timeline.Count
}

// WaveSnapshot is a pool's wave as one run's plan had it.
type WaveSnapshot struct {
	Pool, Wave string
	WaveDate   planner.Date
	AsOf       planner.Date // the run's as-of date
	Demand     int
	Done       int
}

// Record stores a run's snapshots in one transaction. A key's snapshot is
// never rewritten (docs/history.md, "A snapshot is never rewritten"): one
// of a date the history holds is left as it was — the run has checked
// that it says the same (pipeline) — unless replace is set, and then it
// replaces the one recorded, and the key's snapshots it contradicts (an
// earlier one with more used, a later one with fewer) are removed. Then
// the open requests of the keys recorded whose key now shows a higher
// limit are marked granted.
func (h *DB) Record(recorded planner.Date, keys []KeySnapshot, waves []WaveSnapshot, replace bool) error {
	ctx, cancel := h.ctx()
	defer cancel()
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return h.fail(err)
	}
	defer tx.Rollback()
	insert := `INSERT INTO key_snapshots (fingerprint, last5, as_of, products, agreement, lim, used, remaining, recorded_on)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint, as_of) DO NOTHING`
	if replace {
		insert = `INSERT INTO key_snapshots (fingerprint, last5, as_of, products, agreement, lim, used, remaining, recorded_on)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (fingerprint, as_of) DO UPDATE SET products = excluded.products, agreement = excluded.agreement,
			lim = excluded.lim, used = excluded.used, remaining = excluded.remaining, recorded_on = excluded.recorded_on`
	}
	ks, err := tx.PrepareContext(ctx, insert)
	if err != nil {
		return h.fail(err)
	}
	defer ks.Close()
	for _, k := range keys {
		if used, ok := k.UsedCount(); replace && ok {
			if _, err := tx.ExecContext(ctx, `DELETE FROM key_snapshots WHERE fingerprint = ? AND
				((as_of < ? AND COALESCE(used, lim - remaining) > ?) OR (as_of > ? AND COALESCE(used, lim - remaining) < ?))`,
				k.Fingerprint, k.AsOf.String(), used, k.AsOf.String(), used); err != nil {
				return h.fail(err)
			}
		}
		if _, err := ks.ExecContext(ctx, k.Fingerprint, k.Last5, k.AsOf.String(), Clean(k.Products), Clean(k.Agreement), nullInt(k.Limit), nullInt(k.Used), k.Remaining, recorded.String()); err != nil {
			return h.fail(err)
		}
	}
	ws, err := tx.PrepareContext(ctx, `INSERT INTO wave_snapshots (pool, wave, wave_date, as_of, demand, done) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (pool, wave, wave_date, as_of) DO UPDATE SET demand = excluded.demand, done = excluded.done`)
	if err != nil {
		return h.fail(err)
	}
	defer ws.Close()
	for _, w := range waves {
		if _, err := ws.ExecContext(ctx, Clean(w.Pool), Clean(w.Wave), w.WaveDate.String(), w.AsOf.String(), w.Demand, w.Done); err != nil {
			return h.fail(err)
		}
	}
	// A request is granted when a snapshot taken on or after it shows its
	// key's limit above the limit it had then. Only the keys of this run
	// are looked at, each through the index and with bounded reads: a
	// crafted history with many requests or snapshots costs no more.
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k.Fingerprint] {
			continue
		}
		seen[k.Fingerprint] = true
		if err := grant(ctx, tx, k.Fingerprint); err != nil {
			return h.fail(err)
		}
	}
	return h.fail(tx.Commit())
}

// grant marks granted the open requests of one key whose key a later
// snapshot shows with a higher limit: at most MaxRequestsPerKey requests
// and MaxSnapshotsPerKey snapshots are read, the newest.
func grant(ctx context.Context, tx *sql.Tx, fingerprint string) error {
	open, err := queryRequests(ctx, tx, `WHERE fingerprint = ? AND granted IS NULL AND cancelled_on IS NULL AND limit_then IS NOT NULL ORDER BY id DESC LIMIT ?`,
		fingerprint, MaxRequestsPerKey)
	if err != nil || len(open) == 0 {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT as_of, lim FROM (SELECT as_of, lim FROM key_snapshots WHERE fingerprint = ? AND lim IS NOT NULL
		ORDER BY as_of DESC LIMIT ?) ORDER BY as_of`, fingerprint, MaxSnapshotsPerKey)
	if err != nil {
		return err
	}
	type limit struct {
		on  planner.Date
		lim int
	}
	var limits []limit
	for rows.Next() {
		var on string
		var l limit
		if err := rows.Scan(&on, &l.lim); err != nil {
			rows.Close()
			return err
		}
		if l.on, err = parseDate(on); err == nil {
			limits = append(limits, l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, q := range open {
		i := sort.Search(len(limits), func(i int) bool { return !limits[i].on.Before(q.On) })
		for ; i < len(limits); i++ {
			if limits[i].lim > *q.LimitThen {
				if _, err := tx.ExecContext(ctx, `UPDATE requests SET granted = ?, granted_on = ? WHERE id = ?`,
					limits[i].lim-*q.LimitThen, limits[i].on.String(), q.ID); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

// MaxSnapshotsPerKey bounds the snapshots of one key read at once: ten
// years of daily checks; a history holds a few a month.
const MaxSnapshotsPerKey = 4000

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// Snapshots returns a key's last n snapshots (all with n <= 0), oldest first.
func (h *DB) Snapshots(fingerprint string, n int) ([]KeySnapshot, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	if n <= 0 {
		n = math.MaxInt32
	}
	rows, err := h.db.QueryContext(ctx, `SELECT last5, as_of, products, agreement, lim, used, remaining FROM
		(SELECT * FROM key_snapshots WHERE fingerprint = ? ORDER BY as_of DESC LIMIT ?) ORDER BY as_of`, fingerprint, n)
	if err != nil {
		return nil, h.fail(err)
	}
	defer rows.Close()
	var out []KeySnapshot
	for rows.Next() {
		s := KeySnapshot{Fingerprint: fingerprint}
		var asOf string
		var lim, used sql.NullInt64
		if err := rows.Scan(&s.Last5, &asOf, &s.Products, &s.Agreement, &lim, &used, &s.Remaining); err != nil {
			return nil, h.fail(err)
		}
		if s.AsOf, err = parseDate(asOf); err != nil || s.AsOf.IsZero() {
			return nil, &Error{h.path, "a snapshot date is damaged: " + Clean(asOf)}
		}
		s.Limit, s.Used = intPtr(lim), intPtr(used)
		out = append(out, s)
	}
	return out, h.fail(rows.Err())
}

// Fingerprints returns every key the history has seen, by last five.
func (h *DB) Fingerprints() ([]string, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	rows, err := h.db.QueryContext(ctx, `SELECT DISTINCT fingerprint FROM key_snapshots ORDER BY last5, fingerprint`)
	if err != nil {
		return nil, h.fail(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, h.fail(err)
		}
		out = append(out, f)
	}
	return out, h.fail(rows.Err())
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func parseDate(s string) (planner.Date, error) {
	if s == "" {
		return planner.Date{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return planner.Date{}, err
	}
	return planner.DateOf(t), nil
}

// RecordRequest records a request for the key with fingerprint, with the
// key's latest limit in the history as its starting point.
func (h *DB) RecordRequest(fingerprint string, requested int, ticket string, on planner.Date) (timeline.Request, error) {
	qs, err := h.RecordRequests([]NewRequest{{Fingerprint: fingerprint, Requested: requested}}, ticket, on)
	if err != nil {
		return timeline.Request{}, err
	}
	return qs[0], nil
}

// NewRequest is one key of a request to record: its fingerprint and the
// activations asked for it.
type NewRequest struct {
	Fingerprint string
	Requested   int
}

// RecordRequests records the keys of one request (a draft, a message the
// server accepted) in one transaction: all of them, or none.
func (h *DB) RecordRequests(asked []NewRequest, ticket string, on planner.Date) ([]timeline.Request, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, h.fail(err)
	}
	defer tx.Rollback()
	out := make([]timeline.Request, 0, len(asked))
	for _, a := range asked {
		r := timeline.Request{Fingerprint: a.Fingerprint, Key: strings.SplitN(a.Fingerprint, ":", 2)[0], Requested: a.Requested, Ticket: Clean(ticket), On: on}
		var lim sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT lim FROM key_snapshots WHERE fingerprint = ? AND as_of <= ? ORDER BY as_of DESC LIMIT 1`, a.Fingerprint, on.String()).Scan(&lim)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, h.fail(err)
		}
		r.LimitThen = intPtr(lim)
		res, err := tx.ExecContext(ctx, `INSERT INTO requests (fingerprint, last5, requested, ticket, on_date, limit_then) VALUES (?, ?, ?, ?, ?, ?)`,
			a.Fingerprint, r.Key, a.Requested, r.Ticket, on.String(), nullInt(r.LimitThen))
		if err != nil {
			return nil, h.fail(err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return nil, h.fail(err)
		}
		out = append(out, r)
	}
	return out, h.fail(tx.Commit())
}

// ErrNoRequest is returned for a request ID the history does not hold.
var ErrNoRequest = errors.New("no such request")

// CancelRequest marks request id cancelled on day on: it is no longer open
// and is never taken as granted. A request already granted or cancelled is
// an error saying so.
func (h *DB) CancelRequest(id int64, on planner.Date) (timeline.Request, error) {
	return h.changeRequest(id, func(q *timeline.Request) (string, []any, error) {
		if q.Granted != nil {
			return "", nil, fmt.Errorf("request %d was granted on %s (%d activations): it cannot be cancelled", id, q.GrantedOn, *q.Granted)
		}
		q.CancelledOn = on
		return `UPDATE requests SET cancelled_on = ? WHERE id = ?`, []any{on.String(), id}, nil
	})
}

// AmendRequest corrects the activations request id asked for (a draft
// changed before it was sent, a typo in the record).
func (h *DB) AmendRequest(id int64, requested int, on planner.Date) (timeline.Request, error) {
	return h.changeRequest(id, func(q *timeline.Request) (string, []any, error) {
		q.Requested, q.AmendedOn = requested, on
		return `UPDATE requests SET requested = ?, amended_on = ? WHERE id = ?`, []any{requested, on.String(), id}, nil
	})
}

// changeRequest reads request id, lets change say how it changes, and
// writes that, in one transaction. A cancelled request is never changed.
func (h *DB) changeRequest(id int64, change func(*timeline.Request) (string, []any, error)) (timeline.Request, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return timeline.Request{}, h.fail(err)
	}
	defer tx.Rollback()
	qs, err := queryRequests(ctx, tx, `WHERE id = ?`, id)
	if err != nil {
		return timeline.Request{}, h.fail(err)
	}
	if len(qs) == 0 {
		return timeline.Request{}, fmt.Errorf("%w %d in %s (makplan request list shows the IDs)", ErrNoRequest, id, h.path)
	}
	q := qs[0]
	if !q.CancelledOn.IsZero() {
		return q, fmt.Errorf("request %d was cancelled on %s: record a new one instead", id, q.CancelledOn)
	}
	stmt, args, err := change(&q)
	if err != nil {
		return q, err
	}
	if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
		return q, h.fail(err)
	}
	return q, h.fail(tx.Commit())
}

// Requests returns every request recorded, oldest first.
func (h *DB) Requests() ([]timeline.Request, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	qs, err := queryRequests(ctx, h.db, ``)
	return qs, h.fail(err)
}

// MaxRequestsPerKey bounds the requests a run reads for one key: more than
// a key is ever asked for in years of monthly requests.
const MaxRequestsPerKey = 1000

// RequestsFor returns the requests recorded for the keys with these
// fingerprints, oldest first: what a run reads (its own keys, through the
// index, at most MaxRequestsPerKey each).
func (h *DB) RequestsFor(fingerprints []string) ([]timeline.Request, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	var out []timeline.Request
	seen := map[string]bool{}
	for _, fp := range fingerprints {
		if seen[fp] {
			continue
		}
		seen[fp] = true
		qs, err := queryRequests(ctx, h.db, `WHERE fingerprint = ? ORDER BY id DESC LIMIT ?`, fp, MaxRequestsPerKey)
		if err != nil {
			return nil, h.fail(err)
		}
		out = append(out, qs...)
	}
	sortRequests(out)
	return out, nil
}

func sortRequests(qs []timeline.Request) {
	slices.SortFunc(qs, func(a, b timeline.Request) int {
		if c := a.On.Compare(b.On); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// queryRequests reads the requests a WHERE clause (and its ORDER and
// LIMIT) selects, oldest first.
func queryRequests(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, where string, args ...any) ([]timeline.Request, error) {
	order := ` ORDER BY on_date, id`
	if strings.Contains(where, "ORDER BY") {
		order = ``
	}
	rows, err := db.QueryContext(ctx, `SELECT id, fingerprint, last5, requested, ticket, on_date, limit_then, granted,
		COALESCE(granted_on, ''), COALESCE(cancelled_on, ''), COALESCE(amended_on, '') FROM requests `+where+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []timeline.Request
	for rows.Next() {
		var r timeline.Request
		var on, grantedOn, cancelledOn, amendedOn string
		var lim, granted sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Fingerprint, &r.Key, &r.Requested, &r.Ticket, &on, &lim, &granted, &grantedOn, &cancelledOn, &amendedOn); err != nil {
			return nil, err
		}
		r.On, _ = parseDate(on)
		r.GrantedOn, _ = parseDate(grantedOn)
		r.CancelledOn, _ = parseDate(cancelledOn)
		r.AmendedOn, _ = parseDate(amendedOn)
		r.LimitThen, r.Granted = intPtr(lim), intPtr(granted)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortRequests(out)
	return out, nil
}

// FingerprintsOf finds the fingerprints of the keys the history knows by
// their last five characters: none, one, or several when keys share them.
func (h *DB) FingerprintsOf(last5 string) ([]string, error) {
	ctx, cancel := h.ctx()
	defer cancel()
	rows, err := h.db.QueryContext(ctx, `SELECT DISTINCT fingerprint FROM key_snapshots WHERE last5 = ? ORDER BY fingerprint`, strings.ToUpper(last5))
	if err != nil {
		return nil, h.fail(err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, h.fail(err)
		}
		found = append(found, f)
	}
	return found, h.fail(rows.Err())
}
