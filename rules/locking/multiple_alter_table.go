package locking

import (
	"fmt"

	"github.com/sqlreview/sqlreview/rules"
)

type multiAlterKey struct{}

// MultipleAlterTable reports a second ALTER TABLE of the same existing
// table in one transaction.
var MultipleAlterTable = &rules.Rule{
	Code: "SR128", Name: "multiple-alter-table",
	Aliases:  []string{"multipleAlterTable"}, // postgres-language-server
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Several ALTER TABLE statements on one table in a transaction",
		Why: "Each ALTER TABLE statement scans or rewrites the table on its own when its subcommands need it; combined into one " +
			"statement (ALTER TABLE t ADD ..., ALTER ...), PostgreSQL does all the work in a single pass. Outside a transaction " +
			"each statement also queues for the lock again. Off by default: it is an optimization, and separate statements are " +
			"easier to read when each is cheap.",
		Bad:  "ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD COLUMN tag text;",
		Good: "ALTER TABLE orders ADD COLUMN note text, ADD COLUMN tag text;",
	},
	Check: checkMultipleAlterTable,
}

func checkMultipleAlterTable(p *rules.Pass) {
	t := track(p, multiAlterKey{})
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	k := relKey(p, a.rel.GetSchemaname(), a.rel.GetRelname())
	line := fmt.Sprint(p.File.Position(p.Stmt.Start).Line)
	if !t.inTx {
		return
	}
	if first, ok := t.locked[k]; ok {
		start, end := stmtHead(p)
		p.Reportf(start, end, "table %s was already altered on line %s in this transaction; combine the subcommands into one ALTER TABLE statement", a.name, first)
		return
	}
	t.lock(k, line)
}
