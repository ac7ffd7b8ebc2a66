// Package dbq implements rules.Database over one pgx connection: the
// read-only access rules get to the target database of check
// --database-url.
//
// Nothing it runs changes the database. Every question runs in its own
// READ ONLY transaction that is rolled back, with a short statement and lock
// timeout; statements are only planned (EXPLAIN without ANALYZE), which
// PostgreSQL allows for INSERT, UPDATE and DELETE in a read-only
// transaction because they are not executed.
package dbq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlreview/sqlreview/rules"
)

// Timeout bounds each question to the database.
const Timeout = 10 * time.Second

// DB is a rules.Database over a connection. A connection serves one query at
// a time, so calls are serialized.
type DB struct {
	mu   sync.Mutex
	conn *pgx.Conn
	role *string
	perm map[permKey]rules.Permission
}

type permKey struct {
	role string
	obj  rules.DBObject
}

// New wraps an open connection; the caller closes it.
func New(conn *pgx.Conn) *DB { return &DB{conn: conn, perm: map[permKey]rules.Permission{}} }

var _ rules.Database = (*DB)(nil)

// readOnly runs fn in a READ ONLY transaction that is always rolled back.
func (d *DB) readOnly(fn func(ctx context.Context, tx pgx.Tx) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	tx, err := d.conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck // read-only, rolled back on purpose
	if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = '5s'; SET LOCAL lock_timeout = '2s'"); err != nil {
		return err
	}
	return fn(ctx, tx)
}

// Explain plans sql with EXPLAIN (FORMAT JSON); it is never executed.
func (d *DB) Explain(sql string) (rules.Plan, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	const prefix = "EXPLAIN (FORMAT JSON) "
	var out []byte
	err := d.readOnly(func(ctx context.Context, tx pgx.Tx) error {
		// The simple protocol sends the text as is: no parameters are
		// bound, so a statement with $1 is rejected as PostgreSQL would.
		return tx.QueryRow(ctx, prefix+sql, pgx.QueryExecModeSimpleProtocol).Scan(&out)
	})
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			pos := int(pe.Position) - len([]rune(prefix))
			if pos < 0 {
				pos = 0
			}
			return rules.Plan{}, &rules.SQLError{Code: pe.Code, Message: pe.Message, Detail: pe.Detail, Hint: pe.Hint, Position: pos}
		}
		return rules.Plan{}, err
	}
	rows, err := planRows(out)
	return rules.Plan{Rows: rows}, err
}

type planNode struct {
	NodeType     string     `json:"Node Type"`
	Relationship string     `json:"Parent Relationship"`
	Rows         float64    `json:"Plan Rows"`
	Plans        []planNode `json:"Plans"`
}

// planRows reads the top estimate of an EXPLAIN (FORMAT JSON) result. A
// data change's top node (ModifyTable) estimates the rows it returns, which
// is 0 without RETURNING; the rows it writes are its input's estimate.
func planRows(js []byte) (float64, error) {
	var res []struct {
		Plan planNode `json:"Plan"`
	}
	if err := json.Unmarshal(js, &res); err != nil || len(res) == 0 {
		return 0, fmt.Errorf("reading EXPLAIN output: %v", err)
	}
	n := res[0].Plan
	if n.NodeType == "ModifyTable" && len(n.Plans) > 0 {
		in := n.Plans[0]
		for _, c := range n.Plans {
			if c.Relationship == "Outer" || c.Relationship == "Member" {
				in = c
				break
			}
		}
		return in.Rows, nil
	}
	return n.Rows, nil
}

// CurrentRole returns current_user.
func (d *DB) CurrentRole() (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.role != nil {
		return *d.role, nil
	}
	var role string
	err := d.readOnly(func(ctx context.Context, tx pgx.Tx) error {
		return tx.QueryRow(ctx, "SELECT current_user::text").Scan(&role)
	})
	if err != nil {
		return "", err
	}
	d.role = &role
	return role, nil
}

// Permission answers whether role owns (or may create in) obj.
func (d *DB) Permission(role string, obj rules.DBObject) (rules.Permission, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	key := permKey{role, obj}
	if p, ok := d.perm[key]; ok {
		return p, nil
	}
	var p rules.Permission
	err := d.readOnly(func(ctx context.Context, tx pgx.Tx) error {
		var q string
		var args []any
		// $1 is the role; owner is the owning role with pg_database_owner
		// resolved to the database owner.
		const owner = `(SELECT CASE WHEN o.rolname = 'pg_database_owner'
		   THEN (SELECT d.rolname FROM pg_database db JOIN pg_roles d ON d.oid = db.datdba WHERE db.datname = current_database())
		   ELSE o.rolname END FROM pg_roles o WHERE o.oid = %s)`
		const owns = `(pg_has_role($1::name, %[1]s, 'USAGE') OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = $1::name), false))`
		// A role the database does not know (SET ROLE to a role created
		// later) may do nothing; CASE keeps the privilege functions from
		// failing on it.
		known := func(expr string) string {
			return `CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1::name) THEN ` + expr + ` ELSE false END`
		}
		switch obj.Kind {
		case rules.DBRelation:
			var rel string
			if obj.Schema != "" {
				rel = quoteIdent(obj.Schema) + "." + quoteIdent(obj.Name)
			} else {
				rel = quoteIdent(obj.Name)
			}
			q = `SELECT ` + fmt.Sprintf(owner, "c.relowner") + `, ` + known(fmt.Sprintf(owns, "c.relowner")) + `
			FROM pg_class c WHERE c.oid = to_regclass($2::text)`
			args = []any{role, rel}
		case rules.DBSchema:
			if obj.Create {
				q = `SELECT ` + fmt.Sprintf(owner, "n.nspowner") + `, ` + known(`has_schema_privilege($1::name, n.oid, 'CREATE')`) + `
				FROM pg_namespace n WHERE n.nspname = $2::text`
			} else {
				q = `SELECT ` + fmt.Sprintf(owner, "n.nspowner") + `, ` + known(fmt.Sprintf(owns, "n.nspowner")) + `
				FROM pg_namespace n WHERE n.nspname = $2::text`
			}
			args = []any{role, obj.Name}
		case rules.DBDatabase:
			q = `SELECT ` + fmt.Sprintf(owner, "db.datdba") + `, ` + known(`has_database_privilege($1::name, db.oid, 'CREATE')`) + `
			FROM pg_database db WHERE db.datname = current_database() AND $2::text IS NULL`
			args = []any{role, nil}
		default:
			return fmt.Errorf("unknown object kind %q", obj.Kind)
		}
		err := tx.QueryRow(ctx, q, args...).Scan(&p.Owner, &p.Allowed)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		p.Found = true
		return nil
	})
	if err != nil {
		return rules.Permission{}, err
	}
	d.perm[key] = p
	return p, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
