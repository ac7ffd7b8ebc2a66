// Package store is the state store: releases, approvals, per-target runs
// and events, in a SQLite file or a shared PostgreSQL database.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib" // database/sql for the shared store
	_ "modernc.org/sqlite"           // database/sql driver "sqlite" for the embedded store

	"github.com/sqlreview/sqlreview/internal/dburl"
	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
)

// Target run statuses in the state store.
const (
	TargetPending   = "pending"
	TargetRunning   = "running"
	TargetSucceeded = "succeeded"
	TargetFailed    = "failed"
	TargetSkipped   = "skipped" // everything was already applied
)

// Store records releases, approvals, per-target runs and events. The
// embedded store is a SQLite file; the shared one is PostgreSQL, with the
// same schema. The targets' own history tables stay the source of truth
// for what is applied: the store only coordinates and reports.
type Store struct {
	db       *sql.DB
	postgres bool
	// Where is the store, safe to print (no password).
	Where string
}

// stateSchema is the store's schema, applied in order; meta.format records
// how many steps ran, so a later sqlreview adds steps instead of editing.
// %[1]s is the auto-increment primary key type of the dialect.
var stateSchema = []string{`
CREATE TABLE IF NOT EXISTS sqlreview_releases (
  id text PRIMARY KEY,
  digest text NOT NULL UNIQUE,
  commit_sha text NOT NULL,
  author text NOT NULL,
  created_at bigint NOT NULL,
  review text NOT NULL
);
CREATE TABLE IF NOT EXISTS sqlreview_release_files (
  release_id text NOT NULL REFERENCES sqlreview_releases(id),
  ord int NOT NULL,
  version text NOT NULL,
  name text NOT NULL,
  sha256 text NOT NULL,
  content text NOT NULL,
  PRIMARY KEY (release_id, ord)
);
CREATE TABLE IF NOT EXISTS sqlreview_approvals (
  release_id text NOT NULL REFERENCES sqlreview_releases(id),
  env text NOT NULL,
  by_name text NOT NULL,
  comment text NOT NULL,
  digest text NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (release_id, env, by_name)
);
CREATE TABLE IF NOT EXISTS sqlreview_targets (
  release_id text NOT NULL REFERENCES sqlreview_releases(id),
  env text NOT NULL,
  target text NOT NULL,
  ord int NOT NULL,
  status text NOT NULL,
  owner text NOT NULL DEFAULT '',
  lease_until bigint NOT NULL DEFAULT 0,
  attempts int NOT NULL DEFAULT 0,
  applied int NOT NULL DEFAULT 0,
  started_at bigint NOT NULL DEFAULT 0,
  finished_at bigint NOT NULL DEFAULT 0,
  error text NOT NULL DEFAULT '',
  PRIMARY KEY (release_id, env, target)
);
CREATE TABLE IF NOT EXISTS sqlreview_events (
  id %[1]s,
  at bigint NOT NULL,
  kind text NOT NULL,
  release_id text NOT NULL,
  env text NOT NULL,
  target text NOT NULL,
  detail text NOT NULL
);
CREATE TABLE IF NOT EXISTS sqlreview_meta (key text PRIMARY KEY, value text NOT NULL);
`, `
ALTER TABLE sqlreview_release_files ADD COLUMN path text NOT NULL DEFAULT '';
`, `
ALTER TABLE sqlreview_targets ADD COLUMN system_id text NOT NULL DEFAULT '';
ALTER TABLE sqlreview_targets ADD COLUMN db_name text NOT NULL DEFAULT '';
`, `
ALTER TABLE sqlreview_releases ADD COLUMN dirty int NOT NULL DEFAULT 0;
`, signedSchema}

// Open opens (and creates) the state store. url "" means the SQLite
// file .sqlreview/state.db under baseDir; a PostgreSQL URL or key=value DSN
// (internal/dburl decides, never by fallback) uses the shared store. The
// URL is never printed.
func Open(ctx context.Context, url, baseDir string) (*Store, error) {
	path := filepath.Join(baseDir, ".sqlreview", "state.db")
	if url != "" {
		target, err := dburl.State(url)
		if err != nil {
			return nil, fmt.Errorf("state store URL: %v", err)
		}
		if target.Kind == dburl.Postgres {
			return openPostgresStore(ctx, target, redact.New(url))
		}
		path = target.Conn
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("state store: %v", err)
	}
	// Writers take the file lock at BEGIN (immediate), so claims from
	// several processes on one file are serialized, and wait up to 30s for
	// it (busy_timeout, set on every connection); WAL lets status read
	// during a rollout. synchronous=NORMAL: in WAL mode a commit no longer
	// waits for an fsync of the log (a rollout commits several times per
	// target); a crash of the process loses nothing, a power loss at
	// worst the last commits — the store only coordinates, the targets'
	// history is the truth, and a rerun resumes from it.
	dsn := "file:" + path + "?_txlock=immediate&_pragma=busy_timeout(30000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("state store %s: %v", path, err)
	}
	s := &Store{db: db, Where: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("state store %s: %v", path, err)
	}
	return s, nil
}

func openPostgresStore(ctx context.Context, target *dburl.Target, red *redact.Redactor) (*Store, error) {
	db := stdlib.OpenDB(*target.Config)
	s := &Store{db: db, postgres: true, Where: target.Display}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("state store %s: %s", s.Where, red.Redact(dburl.ConnectCause(err)))
	}
	return s, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Location names the store in messages, without a password.
func (s *Store) Location() string { return s.Where }

func (s *Store) migrate(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if s.postgres {
			// Two processes creating the tables at once would race on the
			// catalog: serialize them.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7271727, 1)`); err != nil {
				return err
			}
		}
		pk := "integer PRIMARY KEY AUTOINCREMENT"
		if s.postgres {
			pk = "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS sqlreview_meta (key text PRIMARY KEY, value text NOT NULL)`); err != nil {
			return err
		}
		done := 0
		var v string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM sqlreview_meta WHERE key = 'format'`).Scan(&v); err == nil {
			fmt.Sscan(v, &done)
		}
		for i := done; i < len(stateSchema); i++ {
			for _, stmt := range strings.Split(strings.ReplaceAll(stateSchema[i], "%[1]s", pk), ";\n") {
				if strings.TrimSpace(stmt) == "" {
					continue
				}
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return err
				}
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sqlreview_meta (key, value) VALUES ('format', $1)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fmt.Sprint(len(stateSchema)))
		return err
	})
}

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ErrNotFound is returned for an unknown release.
var ErrNotFound = errors.New("not found")

func ms(t time.Time) int64 { return t.UnixMilli() }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SaveRelease records rel unless a release with the same digest exists, in
// which case that one is returned with created=false. newID is called
// with n = 1, 2, … until it gives an unused id.
func (s *Store) SaveRelease(ctx context.Context, rel *release.Release, newID func(n int) string) (*release.Release, bool, error) {
	created := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if s.postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7271727, 2)`); err != nil {
				return err
			}
		}
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM sqlreview_releases WHERE digest = $1`, rel.Digest).Scan(&id)
		if err == nil {
			rel.ID = id
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		for n := 1; ; n++ {
			id = newID(n)
			var x int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM sqlreview_releases WHERE id = $1`, id).Scan(&x)
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			if err != nil {
				return err
			}
			if n > 100000 {
				return fmt.Errorf("no free release id from the template (last tried %q); add {n} or {digest} to it", id)
			}
		}
		rel.ID = id
		review, _ := json.Marshal(rel.Review)
		if _, err := tx.ExecContext(ctx, `INSERT INTO sqlreview_releases (id, digest, commit_sha, author, created_at, review, dirty) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			rel.ID, rel.Digest, rel.Commit, rel.Author, ms(rel.CreatedAt), string(review), boolInt(rel.Dirty)); err != nil {
			return err
		}
		if err := savePolicy(ctx, tx, rel); err != nil {
			return err
		}
		for i, f := range rel.Files {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sqlreview_release_files (release_id, ord, version, name, path, sha256, content) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				rel.ID, i, f.Version, f.Name, f.Path, f.SHA256, string(f.Content)); err != nil {
				return err
			}
		}
		created = true
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	if !created {
		existing, err := s.Release(ctx, rel.ID)
		return existing, false, err
	}
	return rel, true, nil
}

// Release reads one release with its files and their content, verified
// (see release.Release.Verify): a release that fails the checks is an ErrTampered
// error naming what was modified.
func (s *Store) Release(ctx context.Context, id string) (*release.Release, error) {
	rel, err := s.readRelease(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := rel.Verify(); err != nil {
		return nil, err
	}
	return rel, nil
}

func (s *Store) readRelease(ctx context.Context, id string) (*release.Release, error) {
	rel := &release.Release{ID: id}
	var created, dirty int64
	var review string
	err := s.db.QueryRowContext(ctx, `SELECT digest, commit_sha, author, created_at, review, dirty FROM sqlreview_releases WHERE id = $1`, id).
		Scan(&rel.Digest, &rel.Commit, &rel.Author, &created, &review, &dirty)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: release %q; `sqlreview release list` shows the releases", ErrNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	rel.CreatedAt = time.UnixMilli(created).UTC()
	rel.Dirty = dirty != 0
	_ = json.Unmarshal([]byte(review), &rel.Review)
	if rel.Policy, err = s.readPolicy(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT version, name, path, sha256, content FROM sqlreview_release_files WHERE release_id = $1 ORDER BY ord`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f release.File
		var content string
		if err := rows.Scan(&f.Version, &f.Name, &f.Path, &f.SHA256, &content); err != nil {
			return nil, err
		}
		f.Content = []byte(content)
		rel.Files = append(rel.Files, f)
	}
	return rel, rows.Err()
}

// Releases lists the releases, newest first, without file content.
func (s *Store) Releases(ctx context.Context) ([]*release.Release, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, digest, commit_sha, author, created_at, review, dirty,
  (SELECT count(*) FROM sqlreview_release_files f WHERE f.release_id = r.id) FROM sqlreview_releases r ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*release.Release
	for rows.Next() {
		rel := &release.Release{}
		var created, dirty int64
		var review string
		if err := rows.Scan(&rel.ID, &rel.Digest, &rel.Commit, &rel.Author, &created, &review, &dirty, &rel.FileCount); err != nil {
			return nil, err
		}
		rel.CreatedAt = time.UnixMilli(created).UTC()
		rel.Dirty = dirty != 0
		_ = json.Unmarshal([]byte(review), &rel.Review)
		out = append(out, rel)
	}
	return out, rows.Err()
}

// NewestRolledOut returns the newest release a rollout has reached (a
// target started it, whatever came of it), verified, or nil when none has.
// Its files may be in a database: release create compares with them.
func (s *Store) NewestRolledOut(ctx context.Context) (*release.Release, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT r.id FROM sqlreview_releases r
  WHERE EXISTS (SELECT 1 FROM sqlreview_targets t WHERE t.release_id = r.id AND t.status <> $1)
  ORDER BY r.created_at DESC, r.id DESC LIMIT 1`, TargetPending).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Release(ctx, id)
}

// Approval is a recorded approval of a release for an environment, or
// (in the rollout confirmations) the confirmation of a manual rollout.
// Nothing in it is trusted until it verifies: Statement is the signed text
// and Signature the armored SSH signature ("" for an unsigned one).
type Approval struct {
	Release   string    `json:"release"`
	Env       string    `json:"env"`
	By        string    `json:"by"`
	Comment   string    `json:"comment,omitempty"`
	Digest    string    `json:"digest"`
	At        time.Time `json:"at"`
	Statement string    `json:"statement,omitempty"`
	Signature string    `json:"signature,omitempty"`
}

// Approve records an approval (again by the same person replaces it).
func (s *Store) Approve(ctx context.Context, a Approval) error {
	return s.saveSigned(ctx, "sqlreview_approvals", a)
}

// Approvals lists the approvals of a release for env ("" = all).
func (s *Store) Approvals(ctx context.Context, release, env string) ([]Approval, error) {
	return s.listSigned(ctx, "sqlreview_approvals", release, env)
}

// TargetRun is the state of one target of one stage of a release.
type TargetRun struct {
	Release    string     `json:"release"`
	Env        string     `json:"env"`
	Target     string     `json:"target"`
	Status     string     `json:"status"`
	Attempts   int        `json:"attempts"`
	Applied    int        `json:"applied"`
	Owner      string     `json:"owner,omitempty"`
	StartedAt  *time.Time `json:"startedAt,omitempty"`
	FinishedAt *time.Time `json:"finishedAt,omitempty"`
	Error      string     `json:"error,omitempty"`
	// Identity is the database the target was when it last finished
	// (zero when unknown: a store from before identities were recorded).
	Identity targets.Identity `json:"identity,omitzero"`
	ord      int
}

// RegisterTargets adds the stage's targets as pending (existing rows are
// kept) and, when retryFailed, turns the failed ones of names back into
// pending so a rerun resumes.
func (s *Store) RegisterTargets(ctx context.Context, release, env string, names []string, ords []int, retryFailed bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for i, n := range names {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sqlreview_targets (release_id, env, target, ord, status) VALUES ($1, $2, $3, $4, 'pending')
ON CONFLICT (release_id, env, target) DO NOTHING`, release, env, n, ords[i]); err != nil {
				return err
			}
			if retryFailed {
				if _, err := tx.ExecContext(ctx, `UPDATE sqlreview_targets SET status = 'pending', owner = '' WHERE release_id = $1 AND env = $2 AND target = $3 AND status = 'failed'`,
					release, env, n); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Claim takes the first claimable target among names (pending, or running
// with an expired lease) for owner until now+lease. On PostgreSQL the row
// is locked FOR UPDATE SKIP LOCKED, so concurrent processes never claim
// the same target; SQLite serializes writers on the file.
func (s *Store) Claim(ctx context.Context, release, env string, names []string, owner string, lease time.Duration) (string, bool, error) {
	if len(names) == 0 {
		return "", false, nil
	}
	var got string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := time.Now()
		var rows *sql.Rows
		var err error
		if s.postgres {
			rows, err = tx.QueryContext(ctx, `SELECT target FROM sqlreview_targets
WHERE release_id = $1 AND env = $2 AND target = ANY($3::text[])
  AND (status = 'pending' OR (status = 'running' AND lease_until < $4))
ORDER BY ord LIMIT 1 FOR UPDATE SKIP LOCKED`, release, env, names, ms(now))
		} else {
			b, _ := json.Marshal(names)
			rows, err = tx.QueryContext(ctx, `SELECT target FROM sqlreview_targets
WHERE release_id = $1 AND env = $2 AND target IN (SELECT value FROM json_each($3))
  AND (status = 'pending' OR (status = 'running' AND lease_until < $4))
ORDER BY ord LIMIT 1`, release, env, string(b), ms(now))
		}
		if err != nil {
			return err
		}
		if rows.Next() {
			if err := rows.Scan(&got); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if got == "" {
			return rows.Err()
		}
		_, err = tx.ExecContext(ctx, `UPDATE sqlreview_targets SET status = 'running', owner = $4, lease_until = $5, attempts = attempts + 1,
  started_at = $6, finished_at = 0, error = '' WHERE release_id = $1 AND env = $2 AND target = $3`,
			release, env, got, owner, ms(now.Add(lease)), ms(now))
		return err
	})
	return got, got != "", err
}

// Renew extends a lease; false means the target is no longer ours.
func (s *Store) Renew(ctx context.Context, release, env, target, owner string, lease time.Duration) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE sqlreview_targets SET lease_until = $5 WHERE release_id = $1 AND env = $2 AND target = $3 AND owner = $4 AND status = 'running'`,
		release, env, target, owner, ms(time.Now().Add(lease)))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Finish records the outcome of a claimed target and the database it was
// (id; zero keeps the one recorded before).
func (s *Store) Finish(ctx context.Context, release, env, target, owner, status string, applied int, errText string, id targets.Identity) error {
	_, err := s.db.ExecContext(ctx, `UPDATE sqlreview_targets SET status = $5, applied = $6, error = $7, finished_at = $8, lease_until = 0,
  system_id = CASE WHEN $9 = '' AND $10 = '' THEN system_id ELSE $9 END, db_name = CASE WHEN $9 = '' AND $10 = '' THEN db_name ELSE $10 END
WHERE release_id = $1 AND env = $2 AND target = $3 AND owner = $4`, release, env, target, owner, status, applied, errText, ms(time.Now()), id.SystemID, id.Database)
	return err
}

// Reopen makes a finished target pending again: it now points at another
// database than the one the release was applied to. Only a succeeded or
// skipped row with the identity seen is reopened, so two processes
// noticing the change reopen it once.
func (s *Store) Reopen(ctx context.Context, release, env, target string, seen targets.Identity) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE sqlreview_targets SET status = 'pending', owner = '', applied = 0, error = ''
WHERE release_id = $1 AND env = $2 AND target = $3 AND status IN ('succeeded', 'skipped') AND system_id = $4 AND db_name = $5`,
		release, env, target, seen.SystemID, seen.Database)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Failed counts the failed targets of a stage: the failure budget is
// checked before every claim, and reading every target for it made the
// check grow with the fleet.
func (s *Store) Failed(ctx context.Context, release, env string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlreview_targets WHERE release_id = $1 AND env = $2 AND status = 'failed'`,
		release, env).Scan(&n)
	return n, err
}

// Targets lists the target runs of a release (env "" = every stage).
func (s *Store) Targets(ctx context.Context, release, env string) ([]TargetRun, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT release_id, env, target, ord, status, attempts, applied, owner, started_at, finished_at, error, system_id, db_name
FROM sqlreview_targets WHERE release_id = $1 AND ($2 = '' OR env = $2) ORDER BY env, ord, target`, release, env)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TargetRun
	for rows.Next() {
		var t TargetRun
		var st, fin int64
		if err := rows.Scan(&t.Release, &t.Env, &t.Target, &t.ord, &t.Status, &t.Attempts, &t.Applied, &t.Owner, &st, &fin, &t.Error, &t.Identity.SystemID, &t.Identity.Database); err != nil {
			return nil, err
		}
		if st > 0 {
			x := time.UnixMilli(st).UTC()
			t.StartedAt = &x
		}
		if fin > 0 {
			x := time.UnixMilli(fin).UTC()
			t.FinishedAt = &x
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// AddEvent appends an event to the store's log.
func (s *Store) AddEvent(ctx context.Context, e event.Event) error {
	detail, _ := json.Marshal(e)
	_, err := s.db.ExecContext(ctx, `INSERT INTO sqlreview_events (at, kind, release_id, env, target, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
		ms(e.At), e.Kind, e.Release, e.Env, e.Target, string(detail))
	return err
}

// Events lists the stored events of a release ("" = all), oldest first.
func (s *Store) Events(ctx context.Context, release string) ([]event.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT detail FROM sqlreview_events WHERE ($1 = '' OR release_id = $1) ORDER BY id`, release)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []event.Event
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		var e event.Event
		if err := json.Unmarshal([]byte(d), &e); err == nil {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}
