package transactions

import (
	"strings"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// BanUncommittedTransaction reports a BEGIN that the file never closes.
var BanUncommittedTransaction = &rules.Rule{
	Code: "SR301", Name: "ban-uncommitted-transaction",
	Category: rules.Transactions, Severity: rules.Error, Default: true, Fix: rules.FixAlways,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Transaction opened but never committed",
		Why: "When the file ends with its transaction still open, nothing it did is committed: psql and most runners close the session and PostgreSQL rolls everything back, " +
			"often while the tool reports success. Runners that keep the session open instead hold every lock the migration took until the connection goes away, blocking the application. " +
			"End every BEGIN with COMMIT (or ROLLBACK on purpose). " +
			"Under a runner that wraps each file in a transaction (migrations.runner: goose, Flyway, sqlx, Rails, Django, diesel, dbmate, popx) the BEGIN is ignored and the runner commits; transaction-nesting reports that BEGIN instead.",
		Bad:       "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;",
		Good:      "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;",
		FixSafety: "The fix appends COMMIT; at the end of the file. It is not marked safe: it makes the migration's changes permanent where today they are rolled back, which is what you want unless the missing COMMIT was deliberate.",
	},
	AtEnd: checkUncommittedTransaction,
}

func checkUncommittedTransaction(p *rules.Pass) {
	open := p.Tx.Open
	if p.Tx.Depth == 0 || open == nil {
		return
	}
	if p.Transactions().OpenedBy(open.Index) == knowledge.OpenedByRunner {
		// The BEGIN was ignored inside the runner's transaction, which the
		// runner commits (transaction-nesting reports the BEGIN).
		return
	}
	text := p.File.Text
	var edits []rules.Edit
	if last := p.File.Statements[len(p.File.Statements)-1]; last.Semi < 0 {
		// Without it, COMMIT would be read as part of the last statement.
		edits = append(edits, rules.Edit{Start: last.End, End: last.End, NewText: ";"})
	}
	ins := "COMMIT;\n"
	if !strings.HasSuffix(text, "\n") {
		ins = "\n" + ins
	}
	edits = append(edits, rules.Edit{Start: len(text), End: len(text), NewText: ins})
	p.Report(rules.Diagnostic{
		Start: open.Start, End: open.End,
		Message: keyword(open) + " opens a transaction that the file never commits, so PostgreSQL rolls back everything after it when the session ends; add COMMIT at the end of the file",
		Fix:     &rules.Fix{Title: "Append COMMIT; at the end of the file", Edits: edits},
	})
}
