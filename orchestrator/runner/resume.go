package runner

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
)

// resolve is called before a statement that cannot run in a transaction.
// It always removes what a failed earlier attempt left that would make the
// statement fail (an INVALID index, a pending DETACH PARTITION
// CONCURRENTLY, which it finishes). With prev, the in-flight marker of an
// interrupted run, and when that run may have completed the statement, it
// checks the catalog for the statement's effect: done = true means it is
// there, so the statement must not run again; why says what was found.
// Statements whose rerun is harmless (VACUUM, ANALYZE, REINDEX, CLUSTER,
// ALTER SYSTEM, DISCARD ALL, ALTER DATABASE ... SET TABLESPACE) are not
// checked: they run again.
func (r *Runner) resolve(ctx context.Context, pf *plan.PendingFile, s migration.Stmt, prev *history.InFlight) (done bool, why string, err error) {
	maybeDone := prev != nil && !prev.Failed
	switch n := s.Node.GetNode().(type) {
	case *pg_query.Node_IndexStmt:
		is := n.IndexStmt
		if !is.GetConcurrent() {
			return false, "", nil
		}
		if is.GetIdxname() == "" {
			return r.resolveUnnamedIndex(ctx, pf, s, is, prev)
		}
		name := pgutil.QuoteIdent(is.GetIdxname())
		if sch := is.GetRelation().GetSchemaname(); sch != "" {
			name = pgutil.QuoteIdent(sch) + "." + name
		}
		var valid, onTable bool
		err := r.conn.QueryRow(ctx, `SELECT i.indisvalid, i.indrelid = coalesce(to_regclass($2), 0)
FROM pg_index i WHERE i.indexrelid = to_regclass($1)`, name, rangeVarName(is.GetRelation())).Scan(&valid, &onTable)
		if err == pgx.ErrNoRows {
			return false, "", nil
		}
		if err != nil {
			return false, "", err
		}
		if !valid {
			return false, "", r.dropInvalidIndex(ctx, pf, s, name, is.GetIdxname())
		}
		if maybeDone && onTable {
			return true, fmt.Sprintf("index %s exists and is valid", name), nil
		}
	case *pg_query.Node_DropStmt:
		d := n.DropStmt
		if !maybeDone || !d.GetConcurrent() || d.GetRemoveType() != pg_query.ObjectType_OBJECT_INDEX {
			return false, "", nil
		}
		var names []string
		for _, o := range d.GetObjects() {
			name := nameList(o.GetList().GetItems())
			var exists bool
			if err := r.conn.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&exists); err != nil {
				return false, "", err
			}
			if exists {
				return false, "", nil
			}
			names = append(names, name)
		}
		return true, fmt.Sprintf("index %s no longer exists", strings.Join(names, ", ")), nil
	case *pg_query.Node_AlterEnumStmt:
		e := n.AlterEnumStmt
		if !maybeDone || e.GetOldVal() != "" || e.GetNewVal() == "" {
			return false, "", nil
		}
		typ := nameList(e.GetTypeName())
		var exists bool
		if err := r.conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_enum WHERE enumtypid = to_regtype($1) AND enumlabel = $2)`,
			typ, e.GetNewVal()).Scan(&exists); err != nil {
			return false, "", err
		}
		if exists {
			return true, fmt.Sprintf("type %s already has the value %s", typ, pgutil.QuoteLiteral(e.GetNewVal())), nil
		}
	case *pg_query.Node_CreatedbStmt:
		return r.catalogHas(ctx, maybeDone, true, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, n.CreatedbStmt.GetDbname(), "database %s exists")
	case *pg_query.Node_DropdbStmt:
		return r.catalogHas(ctx, maybeDone, false, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, n.DropdbStmt.GetDbname(), "database %s no longer exists")
	case *pg_query.Node_CreateTableSpaceStmt:
		return r.catalogHas(ctx, maybeDone, true, `SELECT EXISTS (SELECT FROM pg_tablespace WHERE spcname = $1)`, n.CreateTableSpaceStmt.GetTablespacename(), "tablespace %s exists")
	case *pg_query.Node_DropTableSpaceStmt:
		return r.catalogHas(ctx, maybeDone, false, `SELECT EXISTS (SELECT FROM pg_tablespace WHERE spcname = $1)`, n.DropTableSpaceStmt.GetTablespacename(), "tablespace %s no longer exists")
	case *pg_query.Node_CreateSubscriptionStmt:
		return r.catalogHas(ctx, maybeDone, true, subscriptionExists, n.CreateSubscriptionStmt.GetSubname(), "subscription %s exists")
	case *pg_query.Node_DropSubscriptionStmt:
		return r.catalogHas(ctx, maybeDone, false, subscriptionExists, n.DropSubscriptionStmt.GetSubname(), "subscription %s no longer exists")
	case *pg_query.Node_AlterTableStmt:
		return r.resolveDetach(ctx, pf, s, n.AlterTableStmt, maybeDone)
	}
	return false, "", nil
}

const subscriptionExists = `SELECT EXISTS (SELECT FROM pg_subscription WHERE subname = $1
  AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()))`

// catalogHas reports done when the named object's presence is want.
func (r *Runner) catalogHas(ctx context.Context, maybeDone, want bool, query, name, why string) (bool, string, error) {
	if !maybeDone || name == "" {
		return false, "", nil
	}
	var exists bool
	if err := r.conn.QueryRow(ctx, query, name).Scan(&exists); err != nil {
		return false, "", err
	}
	if exists != want {
		return false, "", nil
	}
	return true, fmt.Sprintf(why, pgutil.QuoteIdent(name)), nil
}

func (r *Runner) dropInvalidIndex(ctx context.Context, pf *plan.PendingFile, s migration.Stmt, name, index string) error {
	fmt.Fprintf(r.out, "  dropping INVALID index %s left by a failed concurrent build before running line %d again\n", name, s.Line)
	if _, err := r.conn.Exec(ctx, "DROP INDEX CONCURRENTLY IF EXISTS "+name); err != nil {
		return err
	}
	return r.event(ctx, r.conn, "invalid-index-dropped", pf.Key, map[string]any{"statement": s.Index + 1, "index": index})
}

// resolveUnnamedIndex finds the index an interrupted unnamed CREATE INDEX
// CONCURRENTLY built: one on the table that was not there when the
// statement started. PostgreSQL chose its name, so the name cannot tell.
func (r *Runner) resolveUnnamedIndex(ctx context.Context, pf *plan.PendingFile, s migration.Stmt, is *pg_query.IndexStmt, prev *history.InFlight) (bool, string, error) {
	if prev == nil {
		return false, "", nil
	}
	before := prev.Indexes
	if before == nil {
		before = []int64{}
	}
	rows, err := r.conn.Query(ctx, `SELECT i.indexrelid::regclass::text, i.indisvalid, i.indisunique
FROM pg_index i WHERE i.indrelid = to_regclass($1) AND NOT i.indexrelid::int8 = ANY($2) ORDER BY i.indexrelid`,
		rangeVarName(is.GetRelation()), before)
	if err != nil {
		return false, "", err
	}
	type idx struct {
		name          string
		valid, unique bool
	}
	var found []idx
	for rows.Next() {
		var x idx
		if err := rows.Scan(&x.name, &x.valid, &x.unique); err != nil {
			rows.Close()
			return false, "", err
		}
		found = append(found, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, "", err
	}
	for _, x := range found {
		if !x.valid {
			if err := r.dropInvalidIndex(ctx, pf, s, x.name, x.name); err != nil {
				return false, "", err
			}
		}
	}
	if prev.Failed {
		return false, "", nil
	}
	for _, x := range found {
		if x.valid && x.unique == is.GetUnique() {
			return true, fmt.Sprintf("index %s on %s was built by the interrupted run and is valid", x.name, rangeVarName(is.GetRelation())), nil
		}
	}
	return false, "", nil
}

// resolveDetach handles ALTER TABLE parent DETACH PARTITION part
// CONCURRENTLY: a detach interrupted in its second transaction stays
// pending and only FINALIZE completes it; a partition no longer attached
// means the interrupted run completed.
func (r *Runner) resolveDetach(ctx context.Context, pf *plan.PendingFile, s migration.Stmt, a *pg_query.AlterTableStmt, maybeDone bool) (bool, string, error) {
	var part *pg_query.RangeVar
	for _, c := range a.GetCmds() {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() == pg_query.AlterTableType_AT_DetachPartition && cmd.GetDef().GetPartitionCmd().GetConcurrent() {
			part = cmd.GetDef().GetPartitionCmd().GetName()
		}
	}
	if part == nil {
		return false, "", nil
	}
	parent, child := rangeVarName(a.GetRelation()), rangeVarName(part)
	pending := "false"
	if r.ServerMajor >= 14 {
		pending = "h.inhdetachpending"
	}
	var exists, attached, isPending bool
	err := r.conn.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL,
  coalesce((SELECT true FROM pg_inherits h WHERE h.inhrelid = to_regclass($2) AND h.inhparent = to_regclass($1)), false),
  coalesce((SELECT `+pending+` FROM pg_inherits h WHERE h.inhrelid = to_regclass($2) AND h.inhparent = to_regclass($1)), false)`,
		parent, child).Scan(&exists, &attached, &isPending)
	if err != nil {
		return false, "", err
	}
	if isPending {
		fmt.Fprintf(r.out, "  finishing the pending detach of %s from %s left by an interrupted run (line %d)\n", child, parent, s.Line)
		if _, err := r.conn.Exec(ctx, "ALTER TABLE "+parent+" DETACH PARTITION "+child+" FINALIZE"); err != nil {
			return false, "", err
		}
		return true, fmt.Sprintf("the pending detach of %s from %s was finished with DETACH PARTITION ... FINALIZE", child, parent), nil
	}
	if maybeDone && exists && !attached {
		return true, fmt.Sprintf("%s is no longer a partition of %s", child, parent), nil
	}
	return false, "", nil
}

// indexesBefore lists the table's indexes before an unnamed CREATE INDEX
// CONCURRENTLY runs (nil for any other statement).
func (r *Runner) indexesBefore(ctx context.Context, s migration.Stmt) ([]int64, error) {
	is := s.Node.GetIndexStmt()
	if is == nil || !is.GetConcurrent() || is.GetIdxname() != "" {
		return nil, nil
	}
	var oids []int64
	err := r.conn.QueryRow(ctx, `SELECT coalesce(array_agg(indexrelid::int8 ORDER BY indexrelid), '{}') FROM pg_index WHERE indrelid = to_regclass($1)`,
		rangeVarName(is.GetRelation())).Scan(&oids)
	if oids == nil {
		oids = []int64{}
	}
	return oids, err
}

func rangeVarName(rv *pg_query.RangeVar) string {
	if rv == nil {
		return ""
	}
	name := pgutil.QuoteIdent(rv.GetRelname())
	if sch := rv.GetSchemaname(); sch != "" {
		name = pgutil.QuoteIdent(sch) + "." + name
	}
	if cat := rv.GetCatalogname(); cat != "" {
		name = pgutil.QuoteIdent(cat) + "." + name
	}
	return name
}

func nameList(items []*pg_query.Node) string {
	parts := make([]string, 0, len(items))
	for _, it := range items {
		parts = append(parts, pgutil.QuoteIdent(it.GetString_().GetSval()))
	}
	return strings.Join(parts, ".")
}

// CrashEnv names the test-only hook that kills the process (SIGKILL) right
// after a statement of a statement-by-statement file ran and before its
// progress is recorded, so the tests can prove a rerun never runs a
// statement twice. Its value is N, or VERSION:N for one file only (N counts
// from 1). It is not a user feature.
const CrashEnv = "SQLREVIEW_TEST_CRASH_AFTER_STATEMENT"

type crashHook struct {
	version string
	n       int
	// interrupt, when set (by in-process tests), replaces the kill: it
	// cuts the connection as a kill would and never returns.
	interrupt func()
}

func crashHookFromEnv() *crashHook {
	v := os.Getenv(CrashEnv)
	if v == "" {
		return nil
	}
	h := &crashHook{}
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		h.version, v = v[:i], v[i+1:]
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return nil
	}
	h.n = n
	return h
}

// crashPoint kills the process with SIGKILL when the test hook names
// statement i of pf.
func (r *Runner) crashPoint(pf *plan.PendingFile, i int) {
	h := r.crash
	if h == nil || h.n != i+1 || (h.version != "" && h.version != pf.Key && h.version != pf.Version.Raw) {
		return
	}
	if h.interrupt != nil {
		h.interrupt()
		return
	}
	fmt.Fprintf(r.out, "  %s: killing the process after statement %d of %s\n", CrashEnv, i+1, pf.Name)
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Kill()
		time.Sleep(5 * time.Second)
	}
	os.Exit(137)
}
