package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanReplicaIdentity reports ALTER TABLE ... REPLICA IDENTITY on an existing
// table.
var BanReplicaIdentity = &rules.Rule{
	Code: "SR240", Name: "ban-replica-identity",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Changing the replica identity of an existing table",
		Why: "The replica identity decides which old-row columns logical decoding emits for UPDATE and DELETE: consumers " +
			"(logical replication subscribers, change-data-capture pipelines such as Debezium) that key rows on them get other " +
			"columns, or none, and UPDATE / DELETE on a published table fail when the identity is NOTHING. Rolling the " +
			"application back does not change it back. Off by default. Tables created earlier in the same file are not reported.",
		Bad:  "ALTER TABLE orders REPLICA IDENTITY FULL;",
		Good: "CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE orders REPLICA IDENTITY FULL;",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, onlyTable, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			if cmd.GetSubtype() != pg_query.AlterTableType_AT_ReplicaIdentity {
				return ""
			}
			return fmt.Sprintf("changing the replica identity of %s changes the row data logical replication consumers receive; "+
				"update them first", rules.RelName(rel))
		})
	},
}
