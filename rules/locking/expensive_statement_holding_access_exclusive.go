package locking

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

type expensiveKey struct{}

// ExpensiveStatementHoldingAccessExclusive reports a statement whose cost
// grows with a table's size (a backfill, an index build, a validation)
// running in a transaction that already holds an ACCESS EXCLUSIVE lock on
// an existing table.
var ExpensiveStatementHoldingAccessExclusive = &rules.Rule{
	Code: "SR139", Name: "expensive-statement-holding-access-exclusive",
	Category: rules.Locking, Severity: rules.Warning, Default: true,
	Doc: rules.Doc{
		Title: "Backfill, index build or validation while the transaction holds an ACCESS EXCLUSIVE lock",
		Why: "An ACCESS EXCLUSIVE lock is held until the transaction commits. A statement that scans or writes a whole table — " +
			"UPDATE, DELETE, INSERT ... SELECT, MERGE, CREATE INDEX, VALIDATE CONSTRAINT, REINDEX, REFRESH MATERIALIZED VIEW, CREATE TABLE AS — " +
			"run after it in the same transaction keeps every read and write of the locked table waiting for its whole duration: " +
			"the ALTER was instant, the outage is the backfill. Commit after the ALTER (the backfill in a migration of its own, in batches), " +
			"or do the heavy work before taking the lock. Which statements share a transaction follows the runner's transaction model (migrations.runner). " +
			"Work on tables created earlier in the file is not reported. running-statement-while-holding-access-exclusive (off by default) reports any statement after the lock.",
		Bad:  "ALTER TABLE builds ADD COLUMN finished boolean;\nUPDATE builds SET finished = (status <> 'running');",
		Good: "ALTER TABLE builds ADD COLUMN finished boolean;\n-- the backfill runs in the next migration, in batches, after this one committed",
	},
	Check: checkExpensiveStatementHoldingAccessExclusive,
}

func checkExpensiveStatementHoldingAccessExclusive(p *rules.Pass) {
	t := track(p, expensiveKey{})
	if !t.inTx || isTxControl(p.Stmt.Node) {
		return
	}
	if len(t.order) > 0 {
		if what := expensiveWork(p); what != "" {
			start, end := stmtHead(p)
			// Concatenated, not formatted: a file of backfills reports this
			// once per statement.
			p.Report(rules.Diagnostic{Start: start, End: end, Message: what + " runs while the transaction holds an ACCESS EXCLUSIVE lock on " + t.order[0] +
				": every read and write of it waits until the transaction commits, " +
				"for as long as this statement takes; commit before it (a migration of its own, in batches) or do it before taking the lock"})
		}
	}
	for _, l := range blockingLocks(p) {
		if l.level != accessExclusive {
			continue
		}
		k := relKey(p, l.rv.GetSchemaname(), l.rv.GetRelname())
		if _, ok := t.locked[k]; !ok {
			line := p.File.Position(p.Stmt.Start).Line
			t.lock(k, fmt.Sprint(line))
			t.order = append(t.order, fmt.Sprintf("%s (taken on line %d)", rules.RelName(l.rv), line))
		}
	}
}

// expensiveWork names the statement when its cost grows with the size of
// an existing table, or returns "".
func expensiveWork(p *rules.Pass) string {
	existing := func(rv *pg_query.RangeVar) bool {
		return rv != nil && !p.IsNewTable(rv.GetSchemaname(), rv.GetRelname())
	}
	switch v := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_UpdateStmt:
		if existing(v.UpdateStmt.GetRelation()) {
			return "UPDATE of " + rules.RelName(v.UpdateStmt.GetRelation())
		}
	case *pg_query.Node_DeleteStmt:
		if existing(v.DeleteStmt.GetRelation()) {
			return "DELETE from " + rules.RelName(v.DeleteStmt.GetRelation())
		}
	case *pg_query.Node_InsertStmt:
		if sel := v.InsertStmt.GetSelectStmt().GetSelectStmt(); sel != nil && len(sel.GetValuesLists()) == 0 {
			return "INSERT ... SELECT into " + rules.RelName(v.InsertStmt.GetRelation())
		}
	case *pg_query.Node_MergeStmt:
		return "MERGE into " + rules.RelName(v.MergeStmt.GetRelation())
	case *pg_query.Node_IndexStmt:
		if existing(v.IndexStmt.GetRelation()) {
			return "building an index on " + rules.RelName(v.IndexStmt.GetRelation())
		}
	case *pg_query.Node_AlterTableStmt:
		for _, c := range v.AlterTableStmt.GetCmds() {
			if c.GetAlterTableCmd().GetSubtype() == pg_query.AlterTableType_AT_ValidateConstraint {
				return "VALIDATE CONSTRAINT on " + rules.RelName(v.AlterTableStmt.GetRelation())
			}
		}
	case *pg_query.Node_ReindexStmt:
		return "REINDEX"
	case *pg_query.Node_RefreshMatViewStmt:
		return "REFRESH MATERIALIZED VIEW " + rules.RelName(v.RefreshMatViewStmt.GetRelation())
	case *pg_query.Node_CreateTableAsStmt:
		return "CREATE TABLE ... AS"
	case *pg_query.Node_ClusterStmt:
		return "CLUSTER"
	}
	return ""
}
