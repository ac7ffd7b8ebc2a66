package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// RequireConcurrentReindex reports REINDEX without CONCURRENTLY on
// PostgreSQL 12 and later.
var RequireConcurrentReindex = &rules.Rule{
	Code: "SR117", Name: "require-concurrent-reindex",
	Aliases:  []string{"requireConcurrentReindex"},
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "REINDEX without CONCURRENTLY",
		Why: "A plain REINDEX blocks writes to the table for the whole rebuild, and REINDEX INDEX also blocks the reads that " +
			"would use the index (it takes an ACCESS EXCLUSIVE lock on it). From PostgreSQL 12, REINDEX CONCURRENTLY builds the " +
			"new index alongside the old one without blocking reads or writes. It cannot run inside a transaction block. " +
			"Reported only when the target version is 12 or later, and not for tables created earlier in the same file.",
		Bad:       "REINDEX INDEX orders_customer_id_idx;",
		Good:      "REINDEX INDEX CONCURRENTLY orders_customer_id_idx;",
		FixSafety: "Inserts CONCURRENTLY after the object kind. Marked unsafe: the statement can then no longer run inside a transaction block.",
	},
	Check: checkRequireConcurrentReindex,
}

func checkRequireConcurrentReindex(p *rules.Pass) {
	rs := p.Stmt.Node.GetReindexStmt()
	if rs == nil || p.PGVersion < 12 || knowledge.HasOption(rs.GetParams(), "concurrently") {
		return
	}
	kind, name := "", ""
	switch rs.GetKind() {
	case pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX:
		kind, name = "INDEX", rules.RelName(rs.GetRelation())
		rv := rs.GetRelation()
		if ix := p.Catalog.Index(rv.GetSchemaname(), rv.GetRelname()); ix != nil && p.IsNewTable(ix.Schema, ix.Table) {
			return
		}
	case pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE:
		kind, name = "TABLE", rules.RelName(rs.GetRelation())
		if p.IsNewTable(rs.GetRelation().GetSchemaname(), rs.GetRelation().GetRelname()) {
			return
		}
	case pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
		kind, name = "SCHEMA", rules.Quote(rs.GetName())
	case pg_query.ReindexObjectType_REINDEX_OBJECT_DATABASE:
		kind, name = "DATABASE", rules.Quote(rs.GetName())
	default:
		return // REINDEX SYSTEM has no CONCURRENTLY form
	}
	d := rules.Diagnostic{Start: p.Stmt.Start, End: p.Stmt.End,
		Message: "REINDEX " + kind + " " + name + " without CONCURRENTLY blocks writes (and reads through the index) until the rebuild ends; use REINDEX " + kind + " CONCURRENTLY, outside a transaction block"}
	if i := p.Stmt.WordIndex(kind, 8); i >= 0 {
		at := p.Stmt.Tokens()[i].End
		d.Fix = &rules.Fix{Title: "Reindex CONCURRENTLY", Edits: []rules.Edit{{Start: at, End: at, NewText: " CONCURRENTLY"}}}
	}
	p.Report(d)
}
