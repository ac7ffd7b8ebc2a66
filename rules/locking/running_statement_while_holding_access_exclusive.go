package locking

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

type holdingKey struct{}

// RunningStatementWhileHoldingAccessExclusive reports statements that run
// in a transaction after it took an ACCESS EXCLUSIVE lock on an existing
// table.
var RunningStatementWhileHoldingAccessExclusive = &rules.Rule{
	Code: "SR125", Name: "running-statement-while-holding-access-exclusive",
	Aliases:  []string{"runningStatementWhileHoldingAccessExclusive"}, // postgres-language-server
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Statement run while the transaction holds an ACCESS EXCLUSIVE lock",
		Why: "An ACCESS EXCLUSIVE lock is held until the transaction commits. Every statement that runs after it in the same " +
			"transaction — a backfill, an index build, a lock on another table — keeps all reads and writes of the locked table " +
			"waiting for its whole duration. Take the heavy lock last, or commit right after it. The first such statement of " +
			"each transaction is reported. Off by default: short metadata-only statements after an ALTER are common and cheap; " +
			"turn it on for tables where every millisecond of blocking counts.",
		Bad:  "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = '' WHERE note IS NULL;\nCOMMIT;",
		Good: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nUPDATE orders SET note = '' WHERE note IS NULL;",
	},
	Check: checkRunningStatementWhileHoldingAccessExclusive,
}

func checkRunningStatementWhileHoldingAccessExclusive(p *rules.Pass) {
	t := track(p, holdingKey{})
	if !t.inTx || isTxControl(p.Stmt.Node) {
		return
	}
	if len(t.order) > 0 && !t.reported {
		t.reported = true
		start, end := stmtHead(p)
		p.Reportf(start, end, "this statement runs while the transaction holds an ACCESS EXCLUSIVE lock on %s, keeping all its reads and writes waiting; commit before it or take the heavy lock last",
			t.order[0])
	}
	for _, l := range blockingLocks(p) {
		if l.level != accessExclusive {
			continue
		}
		k := "index " + relKey(p, l.index.GetSchemaname(), l.index.GetRelname())
		if l.rv != nil {
			k = relKey(p, l.rv.GetSchemaname(), l.rv.GetRelname())
		}
		if _, ok := t.locked[k]; !ok {
			line := p.File.Position(p.Stmt.Start).Line
			t.lock(k, fmt.Sprint(line))
			t.order = append(t.order, fmt.Sprintf("%s (taken on line %d)", l.name(), line))
		}
	}
}

// isTxControl reports statements that take no time worth counting: transaction
// control and session settings.
func isTxControl(n *pg_query.Node) bool {
	return n.GetTransactionStmt() != nil || n.GetVariableSetStmt() != nil || n.GetVariableShowStmt() != nil
}
