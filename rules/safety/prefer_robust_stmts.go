package safety

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// PreferRobustStmts reports CREATE and DROP statements without IF [NOT]
// EXISTS in files that do not run as one transaction.
var PreferRobustStmts = &rules.Rule{
	Code: "SR901", Name: "prefer-robust-stmts",
	Aliases:  []string{"preferRobustStmts"}, // postgres-language-server; Squawk uses the rule name
	Category: rules.Transactions, Severity: rules.Warning, Default: true, Fix: rules.FixSometimes,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "CREATE or DROP without IF [NOT] EXISTS in a migration that cannot roll back",
		Why: "A file that holds a statement which must run outside a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) " +
			"commits statement by statement. If it fails halfway, the statements before the failure stay applied and a re-run " +
			"fails on them (`relation already exists`). IF NOT EXISTS / IF EXISTS make each step re-runnable. Statements inside " +
			"BEGIN ... COMMIT, and files that run as one transaction, roll back as a whole and are not reported. " +
			"Which statements share a transaction is the runner's transaction model (migrations.runner): Prisma and golang-migrate run a file as one implicit transaction, and the statements after a COMMIT as the next one; goose, Flyway and the like wrap each file; psql commits each statement.",
		Bad:       "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);",
		Good:      "DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx; -- the INVALID leftover of a failed build, if any\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);",
		FixSafety: "Before CREATE INDEX CONCURRENTLY, inserts DROP INDEX CONCURRENTLY IF EXISTS of the index: a failed concurrent build leaves an INVALID index that IF NOT EXISTS would keep. Elsewhere inserts IF NOT EXISTS or IF EXISTS (after CREATE TABLE / INDEX, DROP TABLE / INDEX / VIEW / SEQUENCE / TYPE, and in every ADD COLUMN / DROP COLUMN of an ALTER TABLE). Safe: the statement does the same when the object is absent (or present), and nothing otherwise.",
	},
	Check: checkPreferRobustStmts,
}

func checkPreferRobustStmts(p *rules.Pass) {
	// Only a statement that commits on its own, in a file that does not
	// commit as a whole, can stay applied when a later one fails.
	if m := p.Transactions(); m.Atomic() || m.InTransaction(p.Stmt.Index) {
		return
	}
	s := p.Stmt
	// after returns the end of the first token matching one of words in
	// order (skipping those absent), starting at the statement's start.
	after := func(limit int, words ...string) int {
		at := -1
		for i := 0; i < limit && i < len(s.Tokens()); i++ {
			for _, w := range words {
				if s.TokenIs(i, w) {
					at = i
				}
			}
		}
		if at < 0 {
			return -1
		}
		return s.Tokens()[at].End
	}
	report := func(what, guard string, at int) {
		d := rules.Diagnostic{Start: s.Start, End: s.End,
			Message: what + " without " + guard + " fails when the migration is re-run after a partial failure; add " + guard}
		if at >= 0 {
			d.Fix = &rules.Fix{Title: "Add " + guard, Safe: true, Edits: []rules.Edit{{Start: at, End: at, NewText: " " + guard}}}
		}
		p.Report(d)
	}
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		if !v.CreateStmt.GetIfNotExists() {
			report("CREATE TABLE "+rules.RelName(v.CreateStmt.GetRelation()), "IF NOT EXISTS", after(6, "TABLE"))
		}
	case *pg_query.Node_IndexStmt:
		ix := v.IndexStmt
		if ix.GetConcurrent() {
			reportConcurrentIndex(p, ix)
			return
		}
		if !ix.GetIfNotExists() && ix.GetIdxname() != "" {
			report("CREATE INDEX "+rules.Quote(ix.GetIdxname()), "IF NOT EXISTS", after(4, "INDEX"))
		}
	case *pg_query.Node_DropStmt:
		if !v.DropStmt.GetMissingOk() {
			switch v.DropStmt.GetRemoveType() {
			case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_INDEX, pg_query.ObjectType_OBJECT_VIEW,
				pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_TYPE:
				report("DROP", "IF EXISTS", after(4, "TABLE", "INDEX", "VIEW", "SEQUENCE", "TYPE", "CONCURRENTLY"))
			}
		}
	case *pg_query.Node_AlterTableStmt:
		// One finding per statement, on its first unguarded ADD / DROP
		// COLUMN; the fix guards all of them. ALTER TYPE ... ADD / DROP
		// ATTRIBUTE shares the tree: DROP ATTRIBUTE has IF EXISTS, ADD
		// ATTRIBUTE has no IF NOT EXISTS to add.
		onType := v.AlterTableStmt.GetObjtype() == pg_query.ObjectType_OBJECT_TYPE
		var what, guard string
		var edits []rules.Edit
		fixable := true
		for _, c := range p.AlterCmds(pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE, pg_query.ObjectType_OBJECT_TYPE) {
			cmd := c.Cmd
			var w, g, kw string
			switch {
			case cmd.GetSubtype() == pg_query.AlterTableType_AT_AddColumn && !cmd.GetMissingOk() && !onType:
				w, g, kw = "ADD COLUMN "+rules.Quote(cmd.GetDef().GetColumnDef().GetColname()), "IF NOT EXISTS", "ADD"
			case cmd.GetSubtype() == pg_query.AlterTableType_AT_DropColumn && !cmd.GetMissingOk() && onType:
				w, g, kw = "DROP ATTRIBUTE "+rules.Quote(cmd.GetName()), "IF EXISTS", "DROP"
			case cmd.GetSubtype() == pg_query.AlterTableType_AT_DropColumn && !cmd.GetMissingOk():
				w, g, kw = "DROP COLUMN "+rules.Quote(cmd.GetName()), "IF EXISTS", "DROP"
			default:
				continue
			}
			if what == "" {
				what, guard = w, g
			}
			if !fixable {
				continue
			}
			// The subcommand starts with ADD or DROP, then COLUMN or not.
			start, _ := c.Range()
			i := s.TokenIndex(start)
			if !s.TokenIs(i, kw) {
				fixable = false
				continue
			}
			if s.TokenIs(i+1, "COLUMN") || s.TokenIs(i+1, "ATTRIBUTE") {
				i++
			}
			at := s.Tokens()[i].End
			edits = append(edits, rules.Edit{Start: at, End: at, NewText: " " + g})
		}
		if what == "" {
			return
		}
		d := rules.Diagnostic{Start: s.Start, End: s.End,
			Message: what + " without " + guard + " fails when the migration is re-run after a partial failure; add " + guard}
		if fixable && len(edits) > 0 {
			d.Fix = &rules.Fix{Title: "Add IF [NOT] EXISTS to the column changes", Safe: true, Edits: edits}
		}
		p.Report(d)
	}
}

// reportConcurrentIndex reports a CREATE INDEX CONCURRENTLY that a re-run
// cannot repeat safely: a failed build leaves an INVALID index of its
// name, on which the re-run fails, or which IF NOT EXISTS silently keeps.
// The re-runnable form drops that leftover first.
func reportConcurrentIndex(p *rules.Pass, ix *pg_query.IndexStmt) {
	s := p.Stmt
	drop := rules.RebuildIndexConcurrently(s, ix)
	if drop == "" || rules.DroppedBefore(s, ix) {
		return
	}
	what := "fails on the INVALID index a failed build leaves behind"
	if ix.GetIfNotExists() {
		what = "keeps the INVALID index a failed build leaves behind (IF NOT EXISTS skips it)"
	}
	p.Report(rules.Diagnostic{Start: s.Start, End: s.End,
		Message: "CREATE INDEX CONCURRENTLY " + rules.Quote(ix.GetIdxname()) + " re-run after a partial failure " + what + "; drop it first: " + drop,
		Fix: &rules.Fix{Title: "Drop an INVALID leftover of the index first", Safe: true,
			Edits: []rules.Edit{{Start: s.Start, End: s.Start, NewText: drop + "\n"}}},
	})
}
