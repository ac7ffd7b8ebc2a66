package runner

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
)

// transactionScoped settings belong to the current transaction and must
// not be carried over.
var transactionScoped = []string{"transaction_isolation", "transaction_read_only", "transaction_deferrable"}

// sessionCaptureSQL is an expression giving the session's state as a
// SessionState in jsonb; own are the settings the runner itself made, with
// their values as current_setting() shows them: a setting of own is
// recorded only when the file changed it.
func sessionCaptureSQL(own map[string]string) string {
	var cases strings.Builder
	names := make([]string, 0, len(own))
	for n := range own {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&cases, " WHEN %s THEN pg_catalog.current_setting(name) <> %s", pgutil.QuoteLiteral(n), pgutil.QuoteLiteral(own[n]))
	}
	scoped := make([]string, len(transactionScoped))
	for i, n := range transactionScoped {
		scoped[i] = pgutil.QuoteLiteral(n)
	}
	return `pg_catalog.jsonb_build_object(
  'settings', coalesce((SELECT pg_catalog.jsonb_object_agg(name, pg_catalog.current_setting(name)) FROM pg_catalog.pg_settings
    WHERE name NOT IN (` + strings.Join(scoped, ", ") + `) AND CASE name` + cases.String() + ` ELSE source = 'session' END), '{}'),
  'role', pg_catalog.current_setting('role'),
  'sessionAuthorization', pg_catalog.current_setting('session_authorization'),
  'lost', (SELECT pg_catalog.jsonb_agg(what) FROM (
    SELECT 'temporary ' || CASE c.relkind WHEN 'v' THEN 'view' WHEN 'S' THEN 'sequence' ELSE 'table' END || ' ' || c.relname
      FROM pg_catalog.pg_class c
      WHERE pg_catalog.pg_my_temp_schema() <> 0 AND c.relnamespace = pg_catalog.pg_my_temp_schema() AND c.relkind IN ('r', 'p', 'v', 'S', 'm')
    UNION ALL SELECT 'function pg_temp.' || p.proname FROM pg_catalog.pg_proc p
      WHERE pg_catalog.pg_my_temp_schema() <> 0 AND p.pronamespace = pg_catalog.pg_my_temp_schema()
    UNION ALL SELECT 'prepared statement ' || s.name FROM pg_catalog.pg_prepared_statements s
    UNION ALL SELECT 'cursor ' || k.name || ' WITH HOLD' FROM pg_catalog.pg_cursors k WHERE k.is_holdable
    UNION ALL SELECT 'LISTEN ' || l FROM pg_catalog.pg_listening_channels() l) lost(what)))`
}

// sessionFixSQL corrects the recorded state after a COMMIT: the state read
// inside a transaction still holds what SET LOCAL (or set_config(...,
// true)) set in it, which the COMMIT undid. It writes only when the state
// differs, so the common case adds no write.
func (r *Runner) sessionFixSQL(version string) string {
	return `UPDATE ` + pgutil.QuoteIdent(r.schema) + `.history h SET session_state = s.state FROM (SELECT ` + r.capture + ` AS state) s
WHERE h.version = ` + pgutil.QuoteLiteral(version) + ` AND h.session_state IS DISTINCT FROM s.state`
}

// setOwnTimeouts sets the file's lock and statement timeouts and returns
// the settings the runner owns with their values as the server shows them.
func (r *Runner) setOwnTimeouts(ctx context.Context, lockTO, stmtTO string) (map[string]string, error) {
	var lock, stmt, check string
	err := r.conn.QueryRow(ctx, `SELECT pg_catalog.set_config('lock_timeout', $1, false), pg_catalog.set_config('statement_timeout', $2, false),
  coalesce(pg_catalog.current_setting('client_connection_check_interval', true), '')`, lockTO, stmtTO).Scan(&lock, &stmt, &check)
	if err != nil {
		return nil, err
	}
	own := map[string]string{"lock_timeout": lock, "statement_timeout": stmt}
	if check != "" {
		own["client_connection_check_interval"] = check
	}
	return own, nil
}

// restoreSessionSQL is the batch that puts a new session into st: the
// settings first, while the session still has the privileges of the user
// the runner connected as (a setting the file made before switching to a
// less privileged role may need them), then the session user, then the
// role. Each is a set_config() call, which takes every value as
// current_setting() showed it (a SET would re-quote list values such as
// search_path). loginUser is the new session's user: no switch is needed
// to it.
func restoreSessionSQL(st *history.SessionState, loginUser string) string {
	names := make([]string, 0, len(st.Settings))
	for n := range st.Settings {
		names = append(names, n)
	}
	sort.Strings(names)
	var q []string
	set := func(name, value string) {
		q = append(q, fmt.Sprintf("SELECT pg_catalog.set_config(%s, %s, false)", pgutil.QuoteLiteral(name), pgutil.QuoteLiteral(value)))
	}
	for _, n := range names {
		set(n, st.Settings[n])
	}
	if st.SessionAuthorization != "" && st.SessionAuthorization != loginUser {
		set("session_authorization", st.SessionAuthorization)
	}
	if st.Role != "" && st.Role != "none" {
		set("role", st.Role)
	}
	return strings.Join(q, ";\n")
}

// restoreSession puts the session into the state the interrupted run
// recorded after statement from (1-based count of applied statements).
func (r *Runner) restoreSession(ctx context.Context, pf *plan.PendingFile, st *history.SessionState) error {
	if len(st.Lost) > 0 {
		return fmt.Errorf("%s: the interrupted run cannot be resumed at statement %d: its session held %s, which a new session cannot rebuild; "+
			"restore the database to before the file, change the file so that it keeps no such state from one statement to the next, and apply again",
			pf.Path, pf.ResumeAt+1, strings.Join(st.Lost, ", "))
	}
	q := restoreSessionSQL(st, r.conn.PgConn().ParameterStatus("session_authorization"))
	if q == "" {
		return nil
	}
	if _, err := r.conn.Exec(ctx, q); err != nil {
		return fmt.Errorf("%s: resuming at statement %d: restoring the session state of the interrupted run failed: %w", pf.Path, pf.ResumeAt+1, err)
	}
	return nil
}
