package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropIndex reports DROP INDEX of an existing index.
var BanDropIndex = &rules.Rule{
	Code: "SR233", Name: "ban-drop-index",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Dropping an existing index",
		Why: "A unique or exclusion index is a guarantee: once dropped, writes it would have rejected succeed, and code that " +
			"relies on it (ON CONFLICT on its columns fails outright without it) breaks. Any index may also be what keeps a query " +
			"of the running or the previous release fast. Off by default; the lock DROP INDEX takes is " +
			"require-concurrent-index-deletion's. Indexes created earlier in the same file are not reported.",
		Bad:  "DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;",
		Good: "CREATE TABLE orders (id bigint);\nCREATE INDEX orders_tmp_idx ON orders (id);\nDROP INDEX orders_tmp_idx;",
	},
	Check: func(p *rules.Pass) {
		checkDrop(p, map[pg_query.ObjectType]string{pg_query.ObjectType_OBJECT_INDEX: "index"},
			"check the constraints and queries that depend on it first")
	},
}
