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
	"strings"
	"time"

	"github.com/makplan/makplan/planner"
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

func (e *Error) Error() string { return e.Path + ": " + e.Msg }

// DB is an open history.
type DB struct {
	db   *sql.DB
	path string
	salt []byte
}

// migrations are the schema's versions in order: migrations[i] takes a
// database from version i to i+1 (PRAGMA user_version).
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
}

// Version is the schema version this makplan writes.
var Version = len(migrations)

// Open opens the history at path, creating it (with a random salt for the
// key fingerprints) when the file does not exist or is empty. busy is how
// long a run waits for another that is writing.
func Open(path string, busy time.Duration) (*DB, error) {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return nil, &Error{path, "is a folder, not a history database (history.path)"}
	case err == nil && st.Size() > 0:
		if err := check(path); err != nil {
			return nil, err
		}
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, &Error{path, "cannot read the history: " + err.Error()}
	}
	dsn := fmt.Sprintf("file:%s?_pragma=busy_timeout(%d)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)&_txlock=immediate",
		path, busy.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, &Error{path, "cannot open the history: " + err.Error()}
	}
	db.SetMaxOpenConns(1)
	h := &DB{db: db, path: path}
	if err := h.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return h, nil
}

// check reads an existing file as a history without writing to it: a
// SQLite database of makplan's, of a schema this makplan knows.
func check(path string) error {
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
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return &Error{path, "cannot open the history: " + err.Error()}
	}
	defer db.Close()
	var app, version int
	if err := db.QueryRow("PRAGMA application_id").Scan(&app); err != nil {
		return &Error{path, "is damaged: " + err.Error() + "; it is left as it is"}
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return &Error{path, "is damaged: " + err.Error() + "; it is left as it is"}
	}
	var tables int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		return &Error{path, "is damaged: " + err.Error() + "; it is left as it is"}
	}
	switch {
	case app != applicationID && tables > 0:
		return &Error{path, "is another program's SQLite database, not a makplan history; it is left as it is: set history.path to another file"}
	case version > Version:
		return &Error{path, fmt.Sprintf("was written by a newer makplan (history schema %d; this one knows %d): upgrade makplan; the file is left as it is", version, Version)}
	}
	var bad string
	if err := db.QueryRow("PRAGMA quick_check").Scan(&bad); err != nil || bad != "ok" {
		if err != nil {
			bad = err.Error()
		}
		return &Error{path, "is damaged (" + bad + "); it is left as it is: move it away to start a new history"}
	}
	return nil
}

// migrate brings the schema up to Version in one transaction, and reads
// (or makes) the salt.
func (h *DB) migrate() error {
	ctx := context.Background()
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return h.fail(err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return h.fail(err)
	}
	for v := version; v < Version; v++ {
		if _, err := tx.Exec(migrations[v]); err != nil {
			return h.fail(fmt.Errorf("migrating the history to schema %d: %w", v+1, err))
		}
	}
	if version == 0 {
		salt := make([]byte, 32)
		if _, err := rand.Read(salt); err != nil {
			return h.fail(err)
		}
		if _, err := tx.Exec(`INSERT INTO meta (name, value) VALUES ('app', 'makplan history'), ('salt', ?)`, hex.EncodeToString(salt)); err != nil {
			return h.fail(err)
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return h.fail(err)
		}
	}
	if version < Version {
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", Version)); err != nil {
			return h.fail(err)
		}
	}
	var salt string
	if err := tx.QueryRow(`SELECT value FROM meta WHERE name = 'salt'`).Scan(&salt); err != nil {
		return h.fail(fmt.Errorf("the history has no salt: %w", err))
	}
	if h.salt, err = hex.DecodeString(salt); err != nil || len(h.salt) < 16 {
		return &Error{h.path, "the history's salt is damaged; the file is left as it is"}
	}
	return h.fail(tx.Commit())
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
	msg := err.Error()
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
	AsOf               planner.Date // the export's snapshot date
	Products           string
	Agreement          string
	Limit, Used        *int // nil when the export does not give them
	Remaining          int
}

// WaveSnapshot is a pool's wave as one run's plan had it.
type WaveSnapshot struct {
	Pool, Wave string
	WaveDate   planner.Date
	AsOf       planner.Date // the run's as-of date
	Demand     int
	Done       int
}

// Record stores a run's snapshots in one transaction: a key's snapshot of
// the same date again replaces it (recording the same export twice changes
// nothing). Then the open requests whose key now shows a higher limit are
// marked granted.
func (h *DB) Record(recorded planner.Date, keys []KeySnapshot, waves []WaveSnapshot) error {
	tx, err := h.db.Begin()
	if err != nil {
		return h.fail(err)
	}
	defer tx.Rollback()
	ks, err := tx.Prepare(`INSERT INTO key_snapshots (fingerprint, last5, as_of, products, agreement, lim, used, remaining, recorded_on)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (fingerprint, as_of) DO UPDATE SET products = excluded.products, agreement = excluded.agreement,
			lim = excluded.lim, used = excluded.used, remaining = excluded.remaining`)
	if err != nil {
		return h.fail(err)
	}
	defer ks.Close()
	for _, k := range keys {
		if _, err := ks.Exec(k.Fingerprint, k.Last5, k.AsOf.String(), k.Products, k.Agreement, nullInt(k.Limit), nullInt(k.Used), k.Remaining, recorded.String()); err != nil {
			return h.fail(err)
		}
	}
	ws, err := tx.Prepare(`INSERT INTO wave_snapshots (pool, wave, wave_date, as_of, demand, done) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (pool, wave, wave_date, as_of) DO UPDATE SET demand = excluded.demand, done = excluded.done`)
	if err != nil {
		return h.fail(err)
	}
	defer ws.Close()
	for _, w := range waves {
		if _, err := ws.Exec(w.Pool, w.Wave, w.WaveDate.String(), w.AsOf.String(), w.Demand, w.Done); err != nil {
			return h.fail(err)
		}
	}
	// A request is granted when a snapshot taken on or after it shows its
	// key's limit above the limit it had then.
	if _, err := tx.Exec(`UPDATE requests SET
			granted = (SELECT s.lim - requests.limit_then FROM key_snapshots s WHERE s.fingerprint = requests.fingerprint
				AND s.as_of >= requests.on_date AND s.lim > requests.limit_then ORDER BY s.as_of LIMIT 1),
			granted_on = (SELECT s.as_of FROM key_snapshots s WHERE s.fingerprint = requests.fingerprint
				AND s.as_of >= requests.on_date AND s.lim > requests.limit_then ORDER BY s.as_of LIMIT 1)
		WHERE granted IS NULL AND limit_then IS NOT NULL AND EXISTS (SELECT 1 FROM key_snapshots s WHERE s.fingerprint = requests.fingerprint
			AND s.as_of >= requests.on_date AND s.lim > requests.limit_then)`); err != nil {
		return h.fail(err)
	}
	return h.fail(tx.Commit())
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// Snapshots returns a key's last n snapshots (all with n <= 0), oldest first.
func (h *DB) Snapshots(fingerprint string, n int) ([]KeySnapshot, error) {
	if n <= 0 {
		n = math.MaxInt32
	}
	rows, err := h.db.Query(`SELECT last5, as_of, products, agreement, lim, used, remaining FROM
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
		if s.AsOf, err = parseDate(asOf); err != nil {
			return nil, &Error{h.path, "a snapshot date is damaged: " + asOf}
		}
		s.Limit, s.Used = intPtr(lim), intPtr(used)
		out = append(out, s)
	}
	return out, h.fail(rows.Err())
}

// Fingerprints returns every key the history has seen, by last five.
func (h *DB) Fingerprints() ([]string, error) {
	rows, err := h.db.Query(`SELECT DISTINCT fingerprint FROM key_snapshots ORDER BY last5, fingerprint`)
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

// Request is an increase request sent to Microsoft for a key.
type Request struct {
	ID          int64        `json:"id"`
	Fingerprint string       `json:"-"`
	Key         string       `json:"key"` // the last five characters
	Requested   int          `json:"requested"`
	Ticket      string       `json:"ticket"`
	On          planner.Date `json:"on"`
	LimitThen   *int         `json:"limit_then"` // the key's limit when it was asked for; nil when unknown
	Granted     *int         `json:"granted"`    // nil while open
	GrantedOn   planner.Date `json:"granted_on"`
}

// RecordRequest records a request for the key with fingerprint, with the
// key's latest limit in the history as its starting point.
func (h *DB) RecordRequest(fingerprint string, requested int, ticket string, on planner.Date) (Request, error) {
	r := Request{Fingerprint: fingerprint, Key: strings.SplitN(fingerprint, ":", 2)[0], Requested: requested, Ticket: ticket, On: on}
	tx, err := h.db.Begin()
	if err != nil {
		return r, h.fail(err)
	}
	defer tx.Rollback()
	var lim sql.NullInt64
	err = tx.QueryRow(`SELECT lim FROM key_snapshots WHERE fingerprint = ? AND as_of <= ? ORDER BY as_of DESC LIMIT 1`, fingerprint, on.String()).Scan(&lim)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, h.fail(err)
	}
	r.LimitThen = intPtr(lim)
	res, err := tx.Exec(`INSERT INTO requests (fingerprint, last5, requested, ticket, on_date, limit_then) VALUES (?, ?, ?, ?, ?, ?)`,
		fingerprint, r.Key, requested, ticket, on.String(), nullInt(r.LimitThen))
	if err != nil {
		return r, h.fail(err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return r, h.fail(err)
	}
	return r, h.fail(tx.Commit())
}

// Requests returns every request recorded, oldest first.
func (h *DB) Requests() ([]Request, error) {
	rows, err := h.db.Query(`SELECT id, fingerprint, last5, requested, ticket, on_date, limit_then, granted, COALESCE(granted_on, '') FROM requests ORDER BY on_date, id`)
	if err != nil {
		return nil, h.fail(err)
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		var r Request
		var on, grantedOn string
		var lim, granted sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Fingerprint, &r.Key, &r.Requested, &r.Ticket, &on, &lim, &granted, &grantedOn); err != nil {
			return nil, h.fail(err)
		}
		r.On, _ = parseDate(on)
		r.GrantedOn, _ = parseDate(grantedOn)
		r.LimitThen, r.Granted = intPtr(lim), intPtr(granted)
		out = append(out, r)
	}
	return out, h.fail(rows.Err())
}

// FingerprintOf finds the fingerprint of the key the history knows by its
// last five characters; "" when none, an error when two keys share them.
func (h *DB) FingerprintOf(last5 string) (string, error) {
	rows, err := h.db.Query(`SELECT DISTINCT fingerprint FROM key_snapshots WHERE last5 = ?`, strings.ToUpper(last5))
	if err != nil {
		return "", h.fail(err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return "", h.fail(err)
		}
		found = append(found, f)
	}
	if len(found) > 1 {
		return "", &Error{h.path, fmt.Sprintf("two keys end in %s; the history cannot tell which is meant", last5)}
	}
	if len(found) == 0 {
		return "", h.fail(rows.Err())
	}
	return found[0], h.fail(rows.Err())
}
