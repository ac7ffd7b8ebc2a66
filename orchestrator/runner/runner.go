// Package runner applies migrations to one target: plan, apply (with
// resume of a statement-by-statement file), baseline, repair, history,
// schema dumps and drift, and the preview of a release's schema change.
// The target's history tables are package history's, the migrator lock
// package dblock's, the plan package plan's.
package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/internal/ctxtime"
	"github.com/sqlreview/sqlreview/internal/dburl"
	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/dblock"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/catalog/livedb"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// Options configure a Runner.
type Options struct {
	// DatabaseURL is the target. It is never printed or stored.
	DatabaseURL string
	// RouteDatabase is the database name that routed files
	// (db##version##kind##desc.sql) must name to run here: the target's
	// database: key in the config; "" means the database name of
	// DatabaseURL. Files routed to another database are left out of the
	// plan (Plan.Routed lists them).
	RouteDatabase string
	// Dir is the migrations directory.
	Dir string
	// Config supplies rollout timeouts and retries, the out-of-order policy,
	// fail-on and the rules of the review gate; nil means config.Default().
	Config *config.Config
	// HistorySchema holds the history tables; "" means the config's
	// migrations.history-schema.
	HistorySchema string
	// LockWait bounds the wait for another migrator; 0 means 10 minutes.
	LockWait time.Duration
	// NoReview skips the review gate.
	NoReview bool
	// Out receives progress; Warn receives warnings. nil discards.
	Out, Warn io.Writer
	// Actor and Host are recorded as who applied; "" means the OS user and
	// host name.
	Actor, Host string
	// ToolVersion is recorded with every row.
	ToolVersion string
	// ReleaseID is recorded with every row applied ("" = none).
	ReleaseID string
	// RetryBase is the first backoff after a lock timeout; 0 means 500ms.
	RetryBase time.Duration
	// OnReview, when set, receives the plan after the review and before
	// anything runs, so findings are shown before progress.
	OnReview func(*plan.Plan)
	// Migrations, when set, supplies the parsed files for the target's
	// PostgreSQL major version instead of Dir: a rollout parses its
	// release's stored files once, from memory (LoadFiles), for all its
	// targets, and writes no directory. What it returns is shared between
	// runners and must not be modified.
	Migrations func(serverMajor int) ([]*migration.Migration, error)

	// database, when set, connects to this database of the URL's server
	// instead of the URL's own (a scratch copy, see PreviewChange).
	database string
	// wrapConn, when set, wraps each new connection's socket (tests count
	// the messages a file costs with it).
	wrapConn func(net.Conn) net.Conn
}

// Runner applies migrations to one database.
type Runner struct {
	opt    Options
	cfg    *config.Config
	schema string
	red    *redact.Redactor
	conn   *pgx.Conn
	// Target is the database as user@host:port/db, safe to print.
	Target string
	// ServerMajor is the target's PostgreSQL major version.
	ServerMajor int
	out, warn   io.Writer
	crash       *crashHook // test hook, see CrashEnv
	// eventTriggers is set while the database may have an enabled event
	// trigger (read before the first file and again after any file that
	// may have run code): every file is then reset as if it ran code.
	eventTriggers bool
	// appliedStmt is the name of the history-and-event statement prepared
	// on appliedOn ("" = none there now); appliedGen numbers the names.
	appliedStmt string
	appliedOn   *pgx.Conn
	appliedGen  int
	// capture is the session-state expression (sessionCaptureSQL) of the
	// statement-by-statement file being applied.
	capture string
	// held is the migrator lock, while held: on conn, or on a session of
	// its own when the files need one (see lock).
	held *dblock.Lock
	// prefetch asks withLock to read the live catalog on the lock's own
	// session, when it has one (pre), for the review, in parallel with the
	// history setup.
	prefetch bool
	pre      *catalogRead
	// ddlDone is the connection on which the history setup is known to
	// be current.
	ddlDone *pgx.Conn
	// loaded holds the files read for the current withLock call, so the
	// lock's check of the files and the work under it read them once.
	loaded []*migration.Migration
	// RouteName is the database name routed files are matched against
	// (see Options.RouteDatabase); away are the files of the last load
	// routed to another database.
	RouteName string
	away      []plan.RoutedAway
}

// catalogRead is a live-catalog read in flight. empty is set when the
// schemas it read hold no object at all.
type catalogRead struct {
	done  chan struct{}
	cat   *catalog.Catalog
	empty bool
	err   error
}

// Open connects to the target.
func Open(ctx context.Context, opt Options) (*Runner, error) {
	r := &Runner{opt: opt, cfg: opt.Config, red: redact.New(opt.DatabaseURL), out: opt.Out, warn: opt.Warn, crash: crashHookFromEnv()}
	if r.cfg == nil {
		r.cfg = config.Default()
	}
	if r.out == nil {
		r.out = io.Discard
	}
	if r.warn == nil {
		r.warn = io.Discard
	}
	r.schema = opt.HistorySchema
	if r.schema == "" {
		r.schema = r.cfg.Migrations.HistorySchema
	}
	if r.schema == "" {
		r.schema = "sqlreview"
	}
	if r.opt.Actor == "" {
		if u, err := user.Current(); err == nil {
			r.opt.Actor = u.Username
		}
	}
	if r.opt.Host == "" {
		r.opt.Host, _ = os.Hostname()
	}
	if r.opt.LockWait == 0 {
		r.opt.LockWait = 10 * time.Minute
	}
	if r.opt.RetryBase == 0 {
		r.opt.RetryBase = 500 * time.Millisecond
	}
	r.Target = redact.URL(opt.DatabaseURL)
	r.RouteName = opt.RouteDatabase
	if r.RouteName == "" {
		name, err := dburl.DatabaseName(opt.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("database URL: %v", err)
		}
		r.RouteName = name
	}
	conn, err := r.connect(ctx)
	if err != nil {
		return nil, err
	}
	r.conn = conn
	// The server reports its version at connect; a query only if not.
	r.ServerMajor = major(conn.PgConn().ParameterStatus("server_version"))
	if r.ServerMajor == 0 {
		var num int
		if err := conn.QueryRow(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&num); err != nil {
			conn.Close(context.Background())
			return nil, r.wrap(err, "read the server version")
		}
		r.ServerMajor = num / 10000
	}
	return r, nil
}

// connect opens a session named "sqlreview" whose running statement is
// cancelled on the server when ctx is cancelled (pgx's default would only
// close the socket and leave the statement running).
func (r *Runner) connect(ctx context.Context) (*pgx.Conn, error) {
	target, err := dburl.Database(r.opt.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("database URL: %v", err)
	}
	cfg := target.Config
	if r.opt.database != "" {
		cfg.Database = r.opt.database
	}
	cfg.RuntimeParams["application_name"] = "sqlreview"
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, CancelRequestDelay: 0, DeadlineDelay: 10 * time.Second}
	}
	// One call per statement and no server-side prepared statements: the
	// migration text is sent exactly as parsed.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 15 * time.Second
	}
	if wrap, dial := r.opt.wrapConn, cfg.DialFunc; wrap != nil {
		cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return wrap(c), nil
		}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %s", r.Target, r.red.Redact(dburl.ConnectCause(err)))
	}
	// A migrator killed with -9 must not leave its statement running and
	// its locks held: the server checks that the client is still there.
	if major(conn.PgConn().ParameterStatus("server_version")) >= 14 {
		_, _ = conn.Exec(ctx, `SET client_connection_check_interval = '1s'`)
	}
	return conn, nil
}

// Close closes the connection.
func (r *Runner) Close() {
	if r.conn != nil {
		r.conn.Close(context.Background())
	}
}

func (r *Runner) wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	return r.red.RedactErr(fmt.Errorf("%s: %s: %w", r.Target, what, withServerDetail(err)))
}

// withServerDetail adds the DETAIL and HINT of a server error to its text
// (pgconn's Error() drops them, and the detail is what names the
// duplicate key or the blocking row); the callers redact the result.
func withServerDetail(err error) error {
	var pe *pgconn.PgError
	if err == nil || !errors.As(err, &pe) || (pe.Detail == "" && pe.Hint == "") {
		return err
	}
	if strings.Contains(err.Error(), "; DETAIL: ") || strings.Contains(err.Error(), "; HINT: ") {
		return err // an inner error already added them
	}
	return detailedError{err}
}

type detailedError struct{ err error }

func (e detailedError) Error() string {
	var pe *pgconn.PgError
	errors.As(e.err, &pe)
	s := e.err.Error()
	if pe.Detail != "" {
		s += "; DETAIL: " + pe.Detail
	}
	if pe.Hint != "" {
		s += "; HINT: " + pe.Hint
	}
	return s
}

func (e detailedError) Unwrap() error { return e.err }

// Refusals of apply; the message names the target and the fix.
var (
	ErrNotEmpty = errors.New("database not empty")
	ErrReview   = errors.New("review failed")
	ErrLocked   = errors.New("another migrator holds the lock")
)

// load reads the directory with the target's PostgreSQL version, which
// decides what may run in a transaction, and keeps the files for this
// target's database (r.away records the others).
func (r *Runner) load() ([]*migration.Migration, error) {
	if r.loaded != nil {
		return r.loaded, nil
	}
	var all []*migration.Migration
	var err error
	if r.opt.Migrations != nil {
		all, err = r.opt.Migrations(r.ServerMajor)
	} else {
		all, err = migration.LoadDir(r.opt.Dir, r.ServerMajor)
	}
	if err != nil {
		return nil, err
	}
	mine, away := plan.Route(all, r.RouteName)
	r.away = away
	return mine, nil
}

// Plan computes what Apply would do, without taking the lock or writing.
func (r *Runner) Plan(ctx context.Context) (*plan.Plan, error) {
	local, err := r.load()
	if err != nil {
		return nil, err
	}
	rows, err := history.Read(ctx, r.conn, r.schema)
	if err != nil {
		return nil, r.wrap(err, "read the history")
	}
	p, err := plan.Build(local, rows, r.cfg.Migrations.OutOfOrder == "allow")
	if err != nil {
		return nil, err
	}
	p.Target = r.Target
	p.NoteRouted(r.RouteName, r.away, rows)
	exists, err := history.Exists(ctx, r.conn, r.schema)
	if err != nil {
		return nil, r.wrap(err, "read the history")
	}
	p.NoHistory = !exists
	if len(rows) == 0 {
		if n, err := r.userObjects(ctx); err == nil && n > 0 {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s has %d objects but no sqlreview history: apply will refuse it until `sqlreview baseline --version V` adopts it", r.Target, n))
		}
	}
	if !r.opt.NoReview {
		if err := r.review(ctx, p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// History returns the history rows and the event log.
func (r *Runner) History(ctx context.Context) ([]history.Row, []history.Event, error) {
	rows, err := history.Read(ctx, r.conn, r.schema)
	if err != nil {
		return nil, nil, r.wrap(err, "read the history")
	}
	events, err := history.ReadEvents(ctx, r.conn, r.schema)
	if err != nil {
		return nil, nil, r.wrap(err, "read the event log")
	}
	return rows, events, nil
}

func (r *Runner) event(ctx context.Context, q history.Querier, kind, version string, detail map[string]any) error {
	sql, args := r.eventSQL(kind, version, detail)
	_, err := q.Exec(ctx, sql, args...)
	return err
}

// eventSQL is event's statement and arguments, for a batch.
func (r *Runner) eventSQL(kind, version string, detail map[string]any) (string, []any) {
	if detail == nil {
		detail = map[string]any{}
	}
	b, _ := json.Marshal(detail)
	return `INSERT INTO ` + pgutil.QuoteIdent(r.schema) + `.events (kind, version, detail, actor, host, tool_version)
VALUES ($1, nullif($2, ''), $3::jsonb, $4, $5, $6)`, []any{kind, version, r.red.Redact(string(b)), r.opt.Actor, r.opt.Host, r.opt.ToolVersion}
}

// resetSQL undoes the session state of the kinds in e that a file may
// have made, so it does not leak into the next one: as with a session per
// file (RESET ALL leaves the session user and the role alone). DISCARD ALL
// would also release the migrator's advisory lock. A file that may have
// run code gets every statement. Prepared statements are not among them:
// see preparedSQL.
func (r *Runner) resetSQL(e knowledge.SessionEffect) []string {
	if e&knowledge.SessionCode != 0 {
		e |= knowledge.SessionAll
	}
	var q []string
	add := func(kind knowledge.SessionEffect, stmts ...string) {
		if e&kind != 0 {
			q = append(q, stmts...)
		}
	}
	add(knowledge.SessionSettings, "RESET ALL")
	add(knowledge.SessionRole, "SET SESSION AUTHORIZATION DEFAULT", "RESET ROLE")
	add(knowledge.SessionTemp, "DISCARD TEMP")
	add(knowledge.SessionCursors, "CLOSE ALL")
	add(knowledge.SessionListen, "UNLISTEN *")
	if r.ServerMajor >= 14 {
		add(knowledge.SessionSettings, "SET client_connection_check_interval = '1s'")
	}
	return q
}

// preparedSQL lists the prepared statements made with PREPARE (by the
// file, or by code it ran) and tells whether the runner's own history
// statement ($1) is still there: the reset deallocates the former by
// name and keeps the latter, so the next file finds it prepared and
// planned (DEALLOCATE ALL would make every file after one that may run
// code prepare and plan it again).
const preparedSQL = `SELECT coalesce(pg_catalog.array_agg(name) FILTER (WHERE from_sql), '{}'),
  coalesce(pg_catalog.bool_or(name = $1 AND NOT from_sql), false) FROM pg_catalog.pg_prepared_statements`

// checksPrepared: a file that may have prepared or deallocated
// statements (e) is followed by preparedSQL.
func checksPrepared(e knowledge.SessionEffect) bool {
	return e&(knowledge.SessionPrepared|knowledge.SessionCode) != 0
}

// eventTriggersSQL tells whether the database has an enabled event
// trigger: one would run code on any DDL, so no file can be taken as
// leaving the session as it found it.
const eventTriggersSQL = `SELECT EXISTS (SELECT FROM pg_catalog.pg_event_trigger WHERE evtenabled <> 'D')`

// sessionEffects is the session state pf may leave behind (see
// knowledge.SessionEffects): everything when the database has an event
// trigger or the file runs statement by statement (the runner sets
// session timeouts for it).
func (r *Runner) sessionEffects(pf *plan.PendingFile) knowledge.SessionEffect {
	if r.eventTriggers || pf.TxMode != migration.TxFile {
		return knowledge.SessionAll
	}
	nodes := make([]*pg_query.Node, 0, len(pf.Statements))
	for _, s := range pf.Statements {
		if !s.Wrapper {
			nodes = append(nodes, s.Node)
		}
	}
	return knowledge.SessionEffects(nodes)
}

// rechecksEventTriggers: after a file that may have run code or changed
// an event trigger, whether the database has one is read again.
func rechecksEventTriggers(e knowledge.SessionEffect) bool {
	return e&(knowledge.SessionCode|knowledge.SessionEventTriggers) != 0
}

// queueReset queues the reset of e and the checks it calls for.
func (r *Runner) queueReset(b *pgx.Batch, e knowledge.SessionEffect) {
	for _, q := range r.resetSQL(e) {
		b.Queue(q)
	}
	if checksPrepared(e) {
		own := ""
		if r.appliedOn == r.conn {
			own = r.appliedStmt
		}
		b.Queue(preparedSQL, own)
	}
	if rechecksEventTriggers(e) {
		b.Queue(eventTriggersSQL)
	}
}

// preparedLeft is what the reset read of the prepared statements: made by
// PREPARE, to deallocate by name, or, when the check failed, all of them.
type preparedLeft struct {
	made []string
	all  bool
}

// readReset reads what queueReset queued. A check that fails counts as an
// event trigger found and as prepared statements of unknown names.
func (r *Runner) readReset(br pgx.BatchResults, e knowledge.SessionEffect) preparedLeft {
	ok := true
	for range r.resetSQL(e) {
		if _, err := br.Exec(); err != nil {
			ok = false
			break
		}
	}
	var left preparedLeft
	if checksPrepared(e) {
		still := false
		if !ok || br.QueryRow().Scan(&left.made, &still) != nil {
			ok, left = false, preparedLeft{all: true}
		}
		if !still {
			r.appliedStmt = ""
		}
	}
	if rechecksEventTriggers(e) && (!ok || br.QueryRow().Scan(&r.eventTriggers) != nil) {
		r.eventTriggers = true
	}
	return left
}

// deallocate removes the prepared statements a file left; it runs after
// the reset's batch, and only when there are any.
func (r *Runner) deallocate(ctx context.Context, left preparedLeft) {
	q := make([]string, 0, len(left.made))
	for _, name := range left.made {
		q = append(q, "DEALLOCATE "+pgutil.QuoteIdent(name))
	}
	if left.all {
		r.appliedStmt = ""
		q = []string{"DEALLOCATE ALL"}
	}
	if len(q) > 0 {
		_, _ = r.conn.Exec(context.WithoutCancel(ctx), strings.Join(q, "; "))
	}
}

// resetSession runs the reset of e (and the checks it calls for) in one
// round trip.
func (r *Runner) resetSession(ctx context.Context, e knowledge.SessionEffect) {
	b := &pgx.Batch{}
	r.queueReset(b, e)
	if b.Len() == 0 {
		return
	}
	br := r.conn.SendBatch(context.WithoutCancel(ctx), b)
	left := r.readReset(br, e)
	_ = br.Close()
	r.deallocate(ctx, left)
}

// withLock takes the migrator lock, makes sure the history tables exist,
// and runs fn.
func (r *Runner) withLock(ctx context.Context, fn func() error) error {
	// The files are read once per call, before the lock, so the lock's
	// check of them and the work under it see the same files (a read
	// error is left for fn to report, as before).
	if local, err := r.load(); err == nil {
		r.loaded = local
		defer func() { r.loaded = nil }()
	}
	release, err := r.lock(ctx)
	if err != nil {
		return err
	}
	defer release()
	if lc := r.lockConn(); r.prefetch && lc != nil {
		// The review's catalog read runs on the lock's session, which is
		// idle once the lock is held, while this one sets up and reads the
		// history: it starts after the lock like everything else, and
		// finishes before the lock is released.
		cr := &catalogRead{done: make(chan struct{})}
		go func() {
			defer close(cr.done)
			cr.cat, cr.empty, cr.err = livedb.ReadEmpty(ctx, lc, r.schema)
		}()
		r.pre = cr
	}
	// A read made under this lock (above, or by the first apply's check
	// for an empty database) serves this call only.
	defer func() {
		if r.pre != nil {
			<-r.pre.done
		}
		r.pre = nil
	}()
	// The setup takes locks and a dozen statements; a connection that
	// already ran it, or finds it current in one query, skips it.
	if r.ddlDone != r.conn {
		if !history.Current(ctx, r.conn, r.schema) {
			if _, err := r.conn.Exec(ctx, history.DDL(r.schema)); err != nil {
				return r.wrap(err, "create the history tables in schema "+r.schema)
			}
		}
		r.ddlDone = r.conn
	}
	return fn()
}

// userObjectsUnlessEmpty is userObjects, answered by the review's catalog
// read when that finds the schemas empty (a new database, as on a
// tenant's first rollout): with the review on, the live schema is read
// once before the apply. The read is made here when it is not already in
// flight on the lock's session, and kept for the review.
func (r *Runner) userObjectsUnlessEmpty(ctx context.Context) (int, error) {
	if r.pre == nil && r.prefetch {
		cr := &catalogRead{done: make(chan struct{})}
		cr.cat, cr.empty, cr.err = livedb.ReadEmpty(ctx, r.conn, r.schema)
		close(cr.done)
		r.pre = cr
	}
	if r.pre != nil {
		<-r.pre.done
		if r.pre.err == nil && r.pre.empty {
			return 0, nil
		}
	}
	return r.userObjects(ctx)
}

// userObjects counts objects outside the system schemas and the history
// schema that no extension owns: a non-zero count means the database was
// not created by this history.
func (r *Runner) userObjects(ctx context.Context) (int, error) {
	var n int
	err := r.conn.QueryRow(ctx, `
WITH ns AS (
  SELECT oid FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema', $1) AND nspname NOT LIKE E'pg\\_%'
), ext AS (SELECT objid FROM pg_depend WHERE deptype = 'e')
SELECT (SELECT count(*) FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.oid NOT IN (SELECT objid FROM ext))
     + (SELECT count(*) FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM ns) AND p.oid NOT IN (SELECT objid FROM ext))
     + (SELECT count(*) FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM ns) AND t.typtype IN ('e', 'd', 'r')
          AND t.oid NOT IN (SELECT objid FROM ext))`, r.schema).Scan(&n)
	return n, err
}

// Result is the outcome of Apply.
type Result struct {
	Plan    *plan.Plan
	Applied []string // versions applied by this run
}

// Apply reviews and applies the pending files in order.
func (r *Runner) Apply(ctx context.Context) (*Result, error) {
	res := &Result{}
	r.prefetch = !r.opt.NoReview
	defer func() { r.prefetch = false }()
	err := r.withLock(ctx, func() error {
		local, err := r.load()
		if err != nil {
			return err
		}
		// Re-read after the lock: another migrator may just have finished.
		rows, err := history.Read(ctx, r.conn, r.schema)
		if err != nil {
			return r.wrap(err, "read the history")
		}
		if len(rows) == 0 {
			n, err := r.userObjectsUnlessEmpty(ctx)
			if err != nil {
				return r.wrap(err, "inspect the database")
			}
			if n > 0 {
				return fmt.Errorf("%w: %s already has %d objects but no sqlreview history; adopt it with `sqlreview baseline --version V` (V = the newest migration its schema already contains)", ErrNotEmpty, r.Target, n)
			}
		}
		p, err := plan.Build(local, rows, r.cfg.Migrations.OutOfOrder == "allow")
		if err != nil {
			return err
		}
		p.Target = r.Target
		p.NoteRouted(r.RouteName, r.away, rows)
		res.Plan = p
		for _, a := range p.Routed {
			fmt.Fprintf(r.out, "skipped  %s: routed to database %s (this is %s)\n", a.Name, a.Database, r.RouteName)
		}
		for _, w := range p.Warnings {
			fmt.Fprintf(r.warn, "sqlreview: warning: %s\n", w)
		}
		if len(p.Pending) == 0 {
			fmt.Fprintf(r.out, "%s: up to date (%d applied)\n", r.Target, p.Applied)
			return nil
		}
		renew, err := r.checkDrift(ctx)
		if err != nil {
			return err
		}
		if !r.opt.NoReview {
			if err := r.review(ctx, p); err != nil {
				return err
			}
			if r.opt.OnReview != nil {
				r.opt.OnReview(p)
			}
			if p.Blocked {
				return fmt.Errorf("%w: findings at or above fail-on in the pending files; fix them, suppress them with a reason, or rerun with --no-review", ErrReview)
			}
		}
		if err := r.event(ctx, r.conn, "apply-start", "", map[string]any{"pending": len(p.Pending), "release": r.opt.ReleaseID, "renewsSnapshot": renew}); err != nil {
			return r.wrap(err, "write the event log")
		}
		applyErr := r.applyPending(ctx, p, res)
		if renew {
			if err := r.renewSnapshot(ctx, applyErr); err != nil {
				return err
			}
		}
		if applyErr != nil {
			return applyErr
		}
		return r.wrap(r.event(ctx, r.conn, "apply-finish", "", map[string]any{"applied": len(res.Applied)}), "write the event log")
	})
	return res, err
}

// applyPending applies the plan's files in order, until one fails.
func (r *Runner) applyPending(ctx context.Context, p *plan.Plan, res *Result) error {
	if err := r.conn.QueryRow(ctx, eventTriggersSQL).Scan(&r.eventTriggers); err != nil {
		return r.wrap(err, "look for event triggers")
	}
	for _, pf := range p.Pending {
		if err := r.applyFile(ctx, pf); err != nil {
			return err
		}
		res.Applied = append(res.Applied, pf.Key)
	}
	return nil
}

func (r *Runner) timeouts(m *migration.Migration) (lock, stmt string) {
	lock, stmt = r.cfg.Rollout.LockTimeout, r.cfg.Rollout.StatementTimeout
	if lock == "" {
		lock = "3s"
	}
	if stmt == "" {
		stmt = "0"
	}
	if m.LockTimeout != "" {
		lock = m.LockTimeout
	}
	if m.StatementTimeout != "" {
		stmt = m.StatementTimeout
	}
	return lock, stmt
}

func (r *Runner) newRow(m *migration.Migration, status string, started time.Time) *history.Row {
	return &history.Row{Version: m.Key, Name: m.Name, Kind: m.Version.Kind, Checksum: m.Checksum, ChecksumAlgorithm: migration.ChecksumAlgorithm,
		ReleaseID: r.opt.ReleaseID, TxMode: m.TxMode, Status: status, AppliedBy: r.opt.Actor, Host: r.opt.Host,
		ToolVersion: r.opt.ToolVersion, StartedAt: started, StatementsTotal: len(m.Statements),
		StatementHashes: m.Hashes()}
}

func finish(row *history.Row, started time.Time) {
	now := time.Now()
	d := now.Sub(started).Milliseconds()
	row.FinishedAt, row.DurationMS = &now, &d
}

// StmtError is a statement that failed.
type StmtError struct {
	Path  string
	Index int
	Line  int
	Err   error
}

func (e *StmtError) Error() string {
	return fmt.Sprintf("%s:%d: statement %d failed: %v", e.Path, e.Line, e.Index+1, withServerDetail(e.Err))
}
func (e *StmtError) Unwrap() error { return e.Err }

// backoff is exponential with full jitter in [d/2, d), so two migrators
// retrying against the same lock do not stay in step.
func (r *Runner) backoff(attempt int) time.Duration {
	d := r.opt.RetryBase << attempt
	if d > 30*time.Second || d <= 0 {
		d = 30 * time.Second
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func (r *Runner) applyFile(ctx context.Context, pf *plan.PendingFile) error {
	mode := "one transaction"
	if pf.TxMode == migration.TxNone {
		mode = "statement by statement"
	}
	resume := ""
	if pf.ResumeAt > 0 {
		resume = fmt.Sprintf(", resuming at statement %d", pf.ResumeAt+1)
	}
	fmt.Fprintf(r.out, "applying %s (%d statements, %s%s)\n", pf.Name, len(pf.Statements), mode, resume)
	started := time.Now()
	effects := r.sessionEffects(pf)
	var err error
	if pf.TxMode == migration.TxFile {
		err = r.applyTx(ctx, pf, effects)
	} else {
		err = r.dropAppliedStmt(ctx)
		if err == nil {
			err = r.applyNone(ctx, pf)
		}
	}
	// Session state made by the file must not leak into the next one (a
	// transactional file that committed was reset in its final batch).
	if r.conn.PgConn().TxStatus() == 'I' && !(pf.TxMode == migration.TxFile && err == nil) {
		r.resetSession(ctx, effects)
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted while applying %s; it was recorded as failed — apply again to continue: %v", pf.Name, err)
		}
		return err
	}
	fmt.Fprintf(r.out, "applied  %s in %s\n", pf.Name, time.Since(started).Round(time.Millisecond))
	return nil
}

func (r *Runner) applyTx(ctx context.Context, pf *plan.PendingFile, effects knowledge.SessionEffect) error {
	lockTO, stmtTO := r.timeouts(pf.Migration)
	retries := r.cfg.Rollout.Retries
	for attempt := 0; ; attempt++ {
		started := time.Now()
		failed, err := r.tryTx(ctx, pf, effects, lockTO, stmtTO, started)
		if err == nil {
			return nil
		}
		if pgutil.IsLockTimeout(err) && attempt < retries && ctx.Err() == nil {
			wait := r.backoff(attempt)
			fmt.Fprintf(r.out, "  lock timeout (%s) on statement %d; retrying the file in %s (%d/%d)\n", lockTO, failed+1, wait.Round(time.Millisecond), attempt+1, retries)
			_ = r.event(ctx, r.conn, "lock-timeout-retry", pf.Key, map[string]any{"statement": failed + 1, "attempt": attempt + 1})
			if err := ctxtime.Sleep(ctx, wait); err != nil {
				return r.recordFailure(ctx, pf, failed, 0, started, err)
			}
			continue
		}
		return r.recordFailure(ctx, pf, failed, 0, started, err)
	}
}

// tryTx runs the file and its history row in one transaction; it returns
// the index of the failing statement (-1 when none of the file's failed).
//
// The whole file is one round trip: one pipeline (extended protocol, one
// Sync) of BEGIN, the two timeouts, each statement on its own
// (as parsed, so a failure names it and the server's position is within
// it), the history row and the event in one statement (the duration
// measured by the server), COMMIT and the reset of the session state the
// file may have made (effects; none for plain DDL). The server skips
// everything after a failure up to the Sync, so COMMIT only runs when
// every statement and the writes succeeded.
func (r *Runner) tryTx(ctx context.Context, pf *plan.PendingFile, effects knowledge.SessionEffect, lockTO, stmtTO string, started time.Time) (int, error) {
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	// Two SET LOCALs cost the server less than one SELECT of two
	// set_config() calls, which it must analyse and plan.
	b.Queue("SET LOCAL lock_timeout = " + pgutil.QuoteLiteral(lockTO))
	b.Queue("SET LOCAL statement_timeout = " + pgutil.QuoteLiteral(stmtTO))
	first := b.Len()
	var index []int // the file's statement index of each queued statement
	for i, s := range pf.Statements {
		if s.Wrapper {
			continue
		}
		b.Queue(s.SQL)
		index = append(index, i)
	}
	row := r.newRow(pf.Migration, history.StatusApplied, started)
	row.StatementsApplied = len(pf.Statements)
	sql, args := r.fileAppliedSQL(pf, row)
	if stmt, ok := r.appliedStmtFor(ctx, effects, sql); ok {
		sql = stmt
	}
	b.Queue(sql, args...)
	commit := b.Len()
	b.Queue("COMMIT")
	r.queueReset(b, effects)
	defer func() {
		if r.conn.PgConn().TxStatus() != 'I' && !r.conn.IsClosed() {
			_, _ = r.conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	br := r.conn.SendBatch(ctx, b)
	var err error
	q := 0
	for ; q <= commit; q++ {
		var tag pgconn.CommandTag
		if tag, err = br.Exec(); err != nil {
			break
		}
		// COMMIT of a transaction that failed reports ROLLBACK.
		if q == commit && tag.String() != "COMMIT" {
			err = fmt.Errorf("commit: the server answered %q", tag.String())
		}
	}
	var left preparedLeft
	if err == nil {
		left = r.readReset(br, effects)
	}
	if cerr := br.Close(); err == nil && cerr != nil && r.conn.PgConn().TxStatus() != 'I' {
		err = cerr
	}
	if err == nil {
		r.deallocate(ctx, left)
	}
	if err != nil && q >= first && q-first < len(index) {
		i := index[q-first]
		return i, &StmtError{Path: pf.Path, Index: i, Line: pf.Statements[i].Line, Err: err}
	}
	return -1, err
}

// appliedStmtFor returns the name of the history-and-event statement
// prepared on this session, preparing it first if need be, when the file
// (effects) cannot deallocate it: prepared once, the server neither parses
// nor plans it again for every file. A file that may deallocate prepared
// statements, or may run code that does, gets the statement text instead.
// Failing to prepare is no error: the text does the same.
func (r *Runner) appliedStmtFor(ctx context.Context, effects knowledge.SessionEffect, sql string) (string, bool) {
	if effects&(knowledge.SessionPrepared|knowledge.SessionCode) != 0 {
		return "", false
	}
	if r.appliedOn == r.conn && r.appliedStmt != "" {
		return r.appliedStmt, true
	}
	// A new name each time: pgx keeps the description of every statement
	// it prepared by name, and would take a deallocated one for still
	// there.
	r.appliedGen++
	name := fmt.Sprintf("sqlreview_file_applied_%d", r.appliedGen)
	if _, err := r.conn.Prepare(ctx, name, sql); err != nil {
		return "", false
	}
	r.appliedStmt, r.appliedOn = name, r.conn
	return name, true
}

// dropAppliedStmt deallocates the prepared history statement before a
// file that runs statement by statement: that file's session state is
// recorded after every statement, and must hold only what the file made.
func (r *Runner) dropAppliedStmt(ctx context.Context) error {
	if r.appliedStmt == "" || r.appliedOn != r.conn {
		return nil
	}
	name := r.appliedStmt
	r.appliedStmt = ""
	return r.wrap(r.conn.Deallocate(ctx, name), "deallocate the prepared history statement")
}

// fileAppliedSQL writes the history row of the applied file and the
// file-applied event in one statement, with the file's duration measured
// by the server from the file's BEGIN (now()) to that statement: in the
// pipeline, the client learns the time the file took only after the row
// is written.
func (r *Runner) fileAppliedSQL(pf *plan.PendingFile, row *history.Row) (string, []any) {
	detail, _ := json.Marshal(map[string]any{"name": pf.Name, "checksum": pf.Checksum, "txmode": pf.TxMode})
	return history.UpsertWithEventSQL(r.schema, row, "file-applied", r.red.Redact(string(detail)))
}

// recordFailure writes the failed attempt, on a context that survives the
// cancellation that may have caused it, and returns the error to show.
func (r *Runner) recordFailure(ctx context.Context, pf *plan.PendingFile, failed, applied int, started time.Time, cause error) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	lost := false
	if r.conn.IsClosed() {
		held, oldPID := r.lockedOn() == r.conn, r.conn.PgConn().PID()
		if c, err := r.connect(wctx); err == nil {
			r.conn = c
			// The lock went with the lost session: without it again, a
			// write could race another migrator that took it meanwhile.
			if held && !r.held.Retake(wctx, c, oldPID) {
				lost = true
			}
		}
	}
	if lost {
		return r.red.RedactErr(fmt.Errorf("%s: %w; the connection was lost and another migrator holds the lock now, so this failure was not recorded: apply again to continue",
			r.Target, cause))
	}
	if r.conn.PgConn().TxStatus() != 'I' {
		_, _ = r.conn.Exec(wctx, "ROLLBACK")
	}
	cause = withServerDetail(cause)
	msg := r.red.Redact(cause.Error())
	row := r.newRow(pf.Migration, history.StatusFailed, started)
	if pf.TxMode == migration.TxNone {
		// The progress row is the truth: a rolled-back user transaction
		// may have taken some progress with it.
		var n int
		if err := r.conn.QueryRow(wctx, `SELECT statements_applied FROM `+pgutil.QuoteIdent(r.schema)+`.history WHERE version = $1`, pf.Key).Scan(&n); err == nil {
			applied = n
		}
	}
	row.StatementsApplied = applied
	row.Error = msg
	// The server said the statement failed: it did not complete, so a
	// rerun must not take its in-flight marker as "maybe done".
	var se *StmtError
	var pe *pgconn.PgError
	markFailed := pf.TxMode == migration.TxNone && errors.As(cause, &se) && errors.As(se.Err, &pe)
	if failed >= 0 && failed < len(pf.Statements) {
		row.FailingStatement = r.red.Redact(pf.Statements[failed].SQL)
	}
	finish(row, started)
	werr := history.Upsert(wctx, r.conn, r.schema, row)
	if werr == nil && markFailed {
		_, werr = r.conn.Exec(wctx, `UPDATE `+pgutil.QuoteIdent(r.schema)+`.history SET in_flight = in_flight || '{"failed": true}'
WHERE version = $1 AND in_flight IS NOT NULL`, pf.Key)
	}
	if werr == nil {
		werr = r.event(wctx, r.conn, "file-failed", pf.Key, map[string]any{"name": pf.Name, "statement": failed + 1, "error": msg, "sqlstate": pgutil.SQLState(cause)})
	}
	detail := ""
	if pf.TxMode == migration.TxFile {
		detail = "the file was rolled back; fix the cause and apply again"
	} else {
		detail = fmt.Sprintf("%d of %d statements are applied; apply again to resume at statement %d", applied, len(pf.Statements), applied+1)
	}
	if werr != nil {
		detail += fmt.Sprintf(" (recording the failure also failed: %s)", r.red.Redact(werr.Error()))
	}
	return r.red.RedactErr(fmt.Errorf("%s: %w; %s", r.Target, cause, detail))
}

// major is the leading number of a server_version ("15.4 (Debian ...)").
func major(v string) int {
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}
