package livedb

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/rules/catalog"
)

// Functions adds to c the volatility of every function the database knows
// (pg_proc.provolatile), built-in ones in pg_catalog included, so a
// column default's volatility is looked up instead of guessed. Of several
// overloads of one name the most volatile is kept. exclude lists schemas to
// leave out, as for Read.
func Functions(ctx context.Context, q Querier, c *catalog.Catalog, exclude ...string) error {
	if exclude == nil {
		exclude = []string{}
	}
	r := reader{ctx: ctx, q: q, c: c, ex: exclude}
	// 'i' < 's' < 'v', so max() is the most volatile overload.
	return r.each("functions", `SELECT n.nspname, p.proname, max(p.provolatile::text)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind <> 'p' AND n.nspname <> ALL($1::text[]) AND n.nspname <> 'information_schema'
  AND n.nspname NOT LIKE E'pg\\_toast%' AND n.nspname NOT LIKE E'pg\\_temp\\_%'
GROUP BY 1, 2`, func(rows pgx.Rows) error {
		var sch, name, vol string
		if err := rows.Scan(&sch, &name, &vol); err != nil {
			return err
		}
		switch vol {
		case "i":
			c.SetFunction(sch, name, catalog.Immutable)
		case "s":
			c.SetFunction(sch, name, catalog.Stable)
		default:
			c.SetFunction(sch, name, catalog.Volatile)
		}
		return nil
	})
}
