package locking

import (
	"fmt"
	"strings"

	"github.com/sqlreview/sqlreview/rules"
)

type wideKey struct{}

// WarnWideLockWindow reports a transaction that takes ACCESS EXCLUSIVE
// locks on more than one existing table.
var WarnWideLockWindow = &rules.Rule{
	Code: "SR127", Name: "warn-wide-lock-window",
	Aliases:  []string{"warnWideLockWindow", "avoidWideLockWindow"}, // postgres-language-server, new and old names
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "One transaction takes ACCESS EXCLUSIVE locks on several tables",
		Why: "Locks are held until commit, so a transaction that locks a second table ACCESS EXCLUSIVE keeps the first one " +
			"blocked while it waits for the second, and while it works on it. Queries that touch both tables in the other " +
			"order deadlock with it. Change one table per transaction. The statement that locks the second table is reported. " +
			"Off by default: a file that runs as one transaction often changes several tables, which is fine for small ones.",
		Bad:  "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE customers ADD COLUMN note text;\nCOMMIT;",
		Good: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nBEGIN;\nALTER TABLE customers ADD COLUMN note text;\nCOMMIT;",
	},
	Check: checkWarnWideLockWindow,
}

func checkWarnWideLockWindow(p *rules.Pass) {
	t := track(p, wideKey{})
	if !t.inTx {
		return
	}
	for _, l := range blockingLocks(p) {
		if l.level != accessExclusive || l.rv == nil {
			continue // the table of an unknown index may be one already locked
		}
		k := relKey(p, l.rv.GetSchemaname(), l.rv.GetRelname())
		if _, ok := t.locked[k]; ok {
			continue
		}
		if len(t.order) > 0 && !t.reported {
			t.reported = true
			start, end := stmtHead(p)
			p.Reportf(start, end, "this statement locks %s ACCESS EXCLUSIVE while the transaction already holds that lock on %s, blocking both tables until commit; change one table per transaction",
				rules.RelName(l.rv), strings.Join(t.order, ", "))
		}
		t.lock(k, fmt.Sprint(p.Stmt.Index))
		t.order = append(t.order, rules.RelName(l.rv))
	}
}
