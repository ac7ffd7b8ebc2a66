package locking

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// RequireConcurrentIndexDeletion reports DROP INDEX without CONCURRENTLY.
var RequireConcurrentIndexDeletion = &rules.Rule{
	Code: "SR102", Name: "require-concurrent-index-deletion",
	Aliases:  []string{"requireConcurrentIndexDeletion", "PG102"},
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixSometimes,
	Doc: rules.Doc{
		Title: "DROP INDEX without CONCURRENTLY",
		Why: "A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table. While it waits for running queries to " +
			"finish, every new read and write of the table queues behind it. DROP INDEX CONCURRENTLY waits for those queries " +
			"without blocking new ones; it must run outside a transaction block and drops one index per statement.",
		Bad:  "DROP INDEX orders_customer_id_idx;",
		Good: "DROP INDEX CONCURRENTLY orders_customer_id_idx;",
		FixSafety: "Inserts CONCURRENTLY after INDEX (and IF EXISTS outside a transaction block, so that a re-run passes), offered only for a single index without CASCADE (which CONCURRENTLY " +
			"does not support). The statement can then no longer run inside BEGIN ... COMMIT; the fix is marked unsafe when " +
			"it sits inside an explicit transaction.",
	},
	Check: checkRequireConcurrentIndexDeletion,
}

func checkRequireConcurrentIndexDeletion(p *rules.Pass) {
	ds := p.Stmt.Node.GetDropStmt()
	if ds == nil || ds.GetRemoveType() != pg_query.ObjectType_OBJECT_INDEX || ds.GetConcurrent() {
		return
	}
	var names, tables []string
	unknown := false
	for _, obj := range ds.GetObjects() {
		var parts []string
		for _, n := range obj.GetList().GetItems() {
			parts = append(parts, n.GetString_().GetSval())
		}
		if len(parts) == 0 {
			continue
		}
		schema, name := "", parts[len(parts)-1]
		if len(parts) > 1 {
			schema = parts[len(parts)-2]
		}
		var table string
		if ix := p.Catalog.Index(schema, name); ix != nil {
			if p.IsNewTable(ix.Schema, ix.Table) || truncatedEarlier(p, ix.Schema, ix.Table) {
				continue
			}
			if t := p.Catalog.Table(ix.Schema, ix.Table); t != nil && (t.Kind == catalog.KindPartitioned || t.Temp) {
				continue // CONCURRENTLY is refused there, or no one else sees the table
			}
			table = rules.Qualified(schema, ix.Table)
		} else {
			unknown = true
		}
		names = append(names, rules.Qualified(schema, name))
		if table != "" && !slices.Contains(tables, table) {
			tables = append(tables, table)
		}
	}
	if len(names) == 0 {
		return
	}
	s := p.Stmt
	toks := s.Tokens()
	last := len(toks) - 1
	if s.TokenIs(last, "CASCADE") || s.TokenIs(last, "RESTRICT") {
		last--
	}
	end := s.End
	if last >= 0 {
		end = toks[last].End
	}
	// Name the locked tables when the catalog knows them all: the table,
	// not the index, is what a reviewer weighs.
	on := "on its table"
	switch {
	case unknown && len(names) > 1:
		on = "on their tables"
	case unknown:
	case len(tables) == 1:
		on = "on table " + tables[0]
	default:
		on = "on tables " + strings.Join(tables, ", ")
	}
	var msg string
	if len(names) == 1 {
		msg = "dropping index " + names[0] + " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock " + on + ", blocking reads and writes; use DROP INDEX CONCURRENTLY"
	} else {
		msg = "dropping indexes " + strings.Join(names, ", ") + " without CONCURRENTLY takes ACCESS EXCLUSIVE locks " + on + ", blocking reads and writes; drop each with its own DROP INDEX CONCURRENTLY"
	}
	d := rules.Diagnostic{Start: s.Start, End: end, Message: msg}
	if len(ds.GetObjects()) == 1 && ds.GetBehavior() != pg_query.DropBehavior_DROP_CASCADE {
		if i := s.WordIndex("INDEX", 2); i >= 0 {
			at := toks[i].End
			text := " CONCURRENTLY"
			// As for CREATE INDEX: outside a transaction block a re-run
			// must pass (prefer-robust-stmts).
			if p.Tx.Depth == 0 && !ds.GetMissingOk() {
				text += " IF EXISTS"
			}
			d.Fix = &rules.Fix{
				Title: "Drop the index CONCURRENTLY",
				Safe:  p.Tx.Depth == 0,
				Edits: []rules.Edit{{Start: at, End: at, NewText: text}},
			}
		}
	}
	p.Report(d)
}
