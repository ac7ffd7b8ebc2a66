package runner

import (
	"context"

	"github.com/sqlreview/sqlreview/orchestrator/targets"
)

// Identity reads which database the runner is connected to.
func (r *Runner) Identity(ctx context.Context) (targets.Identity, error) {
	var id targets.Identity
	err := r.conn.QueryRow(ctx, `SELECT (SELECT system_identifier::text FROM pg_control_system()), current_database()`).Scan(&id.SystemID, &id.Database)
	if err != nil {
		return targets.Identity{}, r.wrap(err, "read the server's system identifier")
	}
	return id, nil
}

// Redact removes the runner's database URL and password from s, for text
// printed from an error of this target.
func (r *Runner) Redact(s string) string { return r.red.Redact(s) }

// Database is the name of the database the runner is connected to.
func (r *Runner) Database(ctx context.Context) (string, error) {
	var db string
	if err := r.conn.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
		return "", err
	}
	return db, nil
}
