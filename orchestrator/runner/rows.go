package runner

import (
	"context"
	"strings"
)

// TableRows estimates the rows of each table named ("schema.name", as
// rules/risk names them) from the planner's statistics (pg_class.reltuples,
// never a scan, no lock): the size the risk rules' table-rows-over
// condition reads. Tables that do not exist yet, or were never analyzed,
// are left out.
func (r *Runner) TableRows(ctx context.Context, tables []string) (map[string]int64, error) {
	out := map[string]int64{}
	if len(tables) == 0 {
		return out, nil
	}
	rows, err := r.conn.Query(ctx, `SELECT t.name, c.reltuples::bigint
FROM unnest($1::text[]) AS t(name)
JOIN pg_class c ON c.oid = to_regclass(quote_ident(split_part(t.name, '.', 1)) || '.' || quote_ident(split_part(t.name, '.', 2)))
WHERE c.reltuples >= 0`, tables)
	if err != nil {
		return nil, r.wrap(err, "estimate the rows of "+strings.Join(tables, ", "))
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, rows.Err()
}
