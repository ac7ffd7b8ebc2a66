// Package history holds a target's own history tables: one row per
// version (checksum, status, per-statement progress), an append-only event
// log, and their setup. The target's history is the truth of what is
// applied there.
package history

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
)

// History row statuses.
const (
	StatusApplied  = "applied"
	StatusRunning  = "running" // a statement-by-statement file in progress (or interrupted)
	StatusFailed   = "failed"
	StatusBaseline = "baseline"
)

// format is the layout version of the history tables, recorded in
// the meta table so a later sqlreview can migrate them.
const format = "1"

// Row is one history row: the state of one version in the target.
type Row struct {
	Version           string `json:"version"`
	Name              string `json:"name"`
	Checksum          string `json:"checksum"`
	ChecksumAlgorithm string `json:"checksumAlgorithm"`
	ReleaseID         string `json:"releaseId,omitempty"`
	// Kind is the kind the file name declares ("ddl", "dml"; "" when it
	// does not say): Bytebase's ##ddl## / ##dml## or a _ddl / _dml suffix.
	Kind              string     `json:"kind,omitempty"`
	TxMode            string     `json:"txmode"`
	Status            string     `json:"status"`
	AppliedBy         string     `json:"appliedBy"`
	Host              string     `json:"host"`
	ToolVersion       string     `json:"toolVersion"`
	StartedAt         time.Time  `json:"startedAt"`
	FinishedAt        *time.Time `json:"finishedAt,omitempty"`
	DurationMS        *int64     `json:"durationMs,omitempty"`
	StatementsTotal   int        `json:"statementsTotal"`
	StatementsApplied int        `json:"statementsApplied"`
	StatementHashes   []string   `json:"statementHashes"`
	Error             string     `json:"error,omitempty"`
	FailingStatement  string     `json:"failingStatement,omitempty"`
	// InFlight is set while a statement that cannot run in a transaction
	// is running, and stays set when the run is interrupted before its
	// completion is recorded.
	InFlight *InFlight `json:"inFlight,omitempty"`
	// Session is the applying session's state after the last statement
	// counted in StatementsApplied of a statement-by-statement file, so a
	// resumed run continues in the same state (nil when not recorded).
	Session *SessionState `json:"-"`
}

// InFlight marks a statement of a statement-by-statement file that cannot
// run in a transaction as started but not recorded as completed: after an
// interruption its effect may or may not be in the database, so the rerun
// checks the catalog before running it again. (Statements that can run in
// a transaction commit together with their progress, so they need no
// marker.)
type InFlight struct {
	Statement int    `json:"statement"` // 1-based
	Hash      string `json:"hash"`      // the statement's hash when it started
	// Failed is set when the server reported the statement's failure: it
	// did not complete, though it may have left an INVALID index behind.
	Failed bool `json:"failed,omitempty"`
	// Indexes are the OIDs of the table's indexes before an unnamed CREATE
	// INDEX CONCURRENTLY, to recognise the index it built.
	Indexes []int64 `json:"indexes,omitempty"`
}

// Event is one entry of the append-only event log.
type Event struct {
	ID          int64           `json:"id"`
	At          time.Time       `json:"at"`
	Kind        string          `json:"kind"`
	Version     string          `json:"version,omitempty"`
	Detail      json.RawMessage `json:"detail"`
	Actor       string          `json:"actor"`
	Host        string          `json:"host"`
	ToolVersion string          `json:"toolVersion"`
}

// historyDDL creates the history tables; %[1]s is the quoted schema. The
// event log refuses UPDATE and DELETE so it stays an audit trail.
const historyDDL = `
CREATE SCHEMA IF NOT EXISTS %[1]s;
CREATE TABLE IF NOT EXISTS %[1]s.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS %[1]s.history (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  checksum_algorithm text NOT NULL,
  release_id text,
  txmode text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'running', 'failed', 'baseline')),
  applied_by text NOT NULL,
  host text NOT NULL,
  tool_version text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  duration_ms bigint,
  statements_total int NOT NULL,
  statements_applied int NOT NULL,
  statement_hashes text[] NOT NULL,
  error text,
  failing_statement text,
  in_flight jsonb,
  session_state jsonb
);
ALTER TABLE %[1]s.history ADD COLUMN IF NOT EXISTS in_flight jsonb;
ALTER TABLE %[1]s.history ADD COLUMN IF NOT EXISTS session_state jsonb;
ALTER TABLE %[1]s.history ADD COLUMN IF NOT EXISTS kind text;
CREATE TABLE IF NOT EXISTS %[1]s.events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind text NOT NULL,
  version text,
  detail jsonb NOT NULL DEFAULT '{}',
  actor text NOT NULL,
  host text NOT NULL,
  tool_version text NOT NULL
);
CREATE TABLE IF NOT EXISTS %[1]s.snapshots (
  id bigserial PRIMARY KEY,
  taken_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  last_version text,
  digest text NOT NULL,
  schema_text text NOT NULL
);
CREATE OR REPLACE FUNCTION %[1]s.events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the sqlreview event log is append-only'; END $$;
DROP TRIGGER IF EXISTS events_append_only ON %[1]s.events;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON %[1]s.events
  FOR EACH ROW EXECUTE FUNCTION %[1]s.events_append_only();
INSERT INTO %[1]s.meta VALUES ('format', '` + format + `') ON CONFLICT (key) DO NOTHING;
`

const rowColumns = `version, name, checksum, checksum_algorithm, coalesce(release_id, ''), txmode, status,
  applied_by, host, tool_version, started_at, finished_at, duration_ms, statements_total,
  statements_applied, statement_hashes, coalesce(error, ''), coalesce(failing_statement, ''),
  (to_jsonb(h) -> 'in_flight')::text, (to_jsonb(h) -> 'session_state')::text, coalesce(to_jsonb(h) ->> 'kind', '')`

func scanRow(rows pgx.Row) (Row, error) {
	var r Row
	var inFlight, session *string
	err := rows.Scan(&r.Version, &r.Name, &r.Checksum, &r.ChecksumAlgorithm, &r.ReleaseID, &r.TxMode, &r.Status,
		&r.AppliedBy, &r.Host, &r.ToolVersion, &r.StartedAt, &r.FinishedAt, &r.DurationMS, &r.StatementsTotal,
		&r.StatementsApplied, &r.StatementHashes, &r.Error, &r.FailingStatement, &inFlight, &session, &r.Kind)
	if err == nil && inFlight != nil && *inFlight != "null" {
		var f InFlight
		if json.Unmarshal([]byte(*inFlight), &f) == nil {
			r.InFlight = &f
		}
	}
	if err == nil && session != nil && *session != "null" {
		var st SessionState
		if json.Unmarshal([]byte(*session), &st) == nil {
			r.Session = &st
		}
	}
	return r, err
}

// Querier is what both a connection and a transaction offer.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Exists reports whether the history table is there; plan and
// history never create it.
func Exists(ctx context.Context, q Querier, schema string) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, pgutil.QuoteIdent(schema)+".history").Scan(&ok)
	return ok, err
}

func Read(ctx context.Context, q Querier, schema string) ([]Row, error) {
	ok, err := Exists(ctx, q, schema)
	if err != nil || !ok {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT `+rowColumns+` FROM `+pgutil.QuoteIdent(schema)+`.history h`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	SortRows(out)
	return out, rows.Err()
}

func ReadEvents(ctx context.Context, q Querier, schema string) ([]Event, error) {
	ok, err := Exists(ctx, q, schema)
	if err != nil || !ok {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT id, at, kind, coalesce(version, ''), detail::text, actor, host, tool_version FROM `+
		pgutil.QuoteIdent(schema)+`.events ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var detail string
		if err := rows.Scan(&e.ID, &e.At, &e.Kind, &e.Version, &detail, &e.Actor, &e.Host, &e.ToolVersion); err != nil {
			return nil, err
		}
		e.Detail = json.RawMessage(detail)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Upsert writes the row for r.Version, replacing an earlier failed or
// running attempt. It keeps the in-flight marker and the session state of
// an unfinished attempt (the statement-by-statement runner manages them)
// and clears them once the version is applied (the state also when no
// statement counts as applied).
func Upsert(ctx context.Context, q Querier, schema string, r *Row) error {
	sql, args := UpsertSQL(schema, r)
	_, err := q.Exec(ctx, sql, args...)
	return err
}

// UpsertSQL is Upsert's statement and arguments, for a batch.
func UpsertSQL(schema string, r *Row) (string, []any) {
	return upsertSQL(schema, "$12", "$13"), []any{r.Version, r.Name, r.Checksum, r.ChecksumAlgorithm, r.ReleaseID, r.TxMode, r.Status, r.AppliedBy, r.Host,
		r.ToolVersion, r.StartedAt, r.FinishedAt, r.DurationMS, r.StatementsTotal, r.StatementsApplied,
		r.StatementHashes, r.Error, r.FailingStatement, r.Kind}
}

// UpsertWithEventSQL writes the row, its duration measured by the server
// from the transaction's start (now()) to this statement, and the event
// kind with that duration added to detail (as durationMs), in one
// statement: the row is written once, not written and then updated, and
// the server parses and plans one statement per applied file instead of
// two. r's FinishedAt and DurationMS are ignored. The event's version,
// actor, host and tool version are the row's.
func UpsertWithEventSQL(schema string, r *Row, kind, detail string) (string, []any) {
	_, args := UpsertSQL(schema, r)
	// The measured duration replaces $12 and $13 (finished_at,
	// duration_ms); the event's kind and detail take their places.
	args[11], args[12] = kind, detail
	return `WITH measured AS (SELECT floor(extract(epoch FROM pg_catalog.clock_timestamp() - pg_catalog.now()) * 1000)::bigint AS ms),
written AS (` + upsertSQL(schema, "$11::timestamptz + (SELECT ms FROM measured) * interval '1 millisecond'", "(SELECT ms FROM measured)") + `
RETURNING duration_ms)
INSERT INTO ` + pgutil.QuoteIdent(schema) + `.events (kind, version, detail, actor, host, tool_version)
SELECT $12::text, $1, $13::jsonb || pg_catalog.jsonb_build_object('durationMs', written.duration_ms), $8, $9, $10 FROM written`, args
}

// upsertSQL is UpsertSQL's statement with finished_at and duration_ms
// given as SQL expressions.
func upsertSQL(schema, finishedAt, durationMS string) string {
	return `INSERT INTO ` + pgutil.QuoteIdent(schema) + `.history (version, name, checksum, checksum_algorithm,
  release_id, txmode, status, applied_by, host, tool_version, started_at, finished_at, duration_ms, statements_total,
  statements_applied, statement_hashes, error, failing_statement, kind)
VALUES ($1, $2, $3, $4, nullif($5, ''), $6, $7, $8, $9, $10, $11, ` + finishedAt + `, ` + durationMS + `, $14, $15, $16, nullif($17, ''), nullif($18, ''), nullif($19, ''))
ON CONFLICT (version) DO UPDATE SET name = excluded.name, checksum = excluded.checksum,
  checksum_algorithm = excluded.checksum_algorithm, release_id = excluded.release_id, txmode = excluded.txmode,
  status = excluded.status, applied_by = excluded.applied_by, host = excluded.host, tool_version = excluded.tool_version,
  started_at = excluded.started_at, finished_at = excluded.finished_at, duration_ms = excluded.duration_ms,
  statements_total = excluded.statements_total, statements_applied = excluded.statements_applied,
  statement_hashes = excluded.statement_hashes, error = excluded.error, failing_statement = excluded.failing_statement,
  kind = excluded.kind,
  in_flight = CASE WHEN excluded.status IN ('applied', 'baseline') THEN NULL ELSE history.in_flight END,
  session_state = CASE WHEN excluded.status IN ('applied', 'baseline') OR excluded.statements_applied = 0 THEN NULL ELSE history.session_state END`
}

// ErrNoHistory is returned by commands that need the history table when the
// target has none.
var ErrNoHistory = errors.New("no sqlreview history in this database")

// historyDDLDigest identifies historyDDL: the setup records it in meta, and
// a connection that finds it there (and the append-only trigger in place)
// skips the setup.
var historyDDLDigest = func() string {
	sum := sha256.Sum256([]byte(historyDDL))
	return hex.EncodeToString(sum[:8])
}()

func DDL(schema string) string {
	return fmt.Sprintf(historyDDL, pgutil.QuoteIdent(schema)) + fmt.Sprintf(
		"INSERT INTO %s.meta VALUES ('ddl', '%s') ON CONFLICT (key) DO UPDATE SET value = excluded.value;\n",
		pgutil.QuoteIdent(schema), historyDDLDigest)
}

// Current reports, in one query, whether the history tables were
// set up by this version's DDL and the event log is still append-only. Any
// error (no schema, no meta table yet) means "not current": the setup runs
// and reports the real problem, if any.
func Current(ctx context.Context, q Querier, schema string) bool {
	var ok bool
	err := q.QueryRow(ctx, `SELECT coalesce((SELECT value FROM `+pgutil.QuoteIdent(schema)+`.meta WHERE key = 'ddl'), '') = $1
  AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass($2) AND tgname = 'events_append_only' AND tgenabled <> 'D')`,
		historyDDLDigest, pgutil.QuoteIdent(schema)+".events").Scan(&ok)
	return err == nil && ok
}

// SessionState is the applying session's state after a statement of a
// statement-by-statement file, recorded with the statement's progress in
// the same transaction. A run resumed after an interruption restores it
// before the next statement, so the rest of the file runs as it would have
// in the interrupted session, however the state was made: SET,
// set_config(), SET ROLE inside a function, SET SESSION AUTHORIZATION.
type SessionState struct {
	// Settings are the run-time settings the file changed, by name, with
	// their values as current_setting() shows them (valid set_config()
	// input): those whose source is the session, and the runner's own
	// timeouts when the file changed them, even back to their defaults.
	Settings map[string]string `json:"settings"`
	// Role is current_setting('role'): "none" unless SET ROLE ran.
	Role string `json:"role"`
	// SessionAuthorization is the session user.
	SessionAuthorization string `json:"sessionAuthorization"`
	// Lost names state no new session can rebuild (a temporary table, a
	// prepared statement, a cursor WITH HOLD, a LISTEN): the file cannot
	// be resumed after this point. Load refuses the statements that make
	// such state; this catches what a function or DO block made.
	Lost []string `json:"lost,omitempty"`
}

// SortRows orders rows by version.
func SortRows(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool { return migration.CompareKeys(rows[i].Version, rows[j].Version) < 0 })
}
