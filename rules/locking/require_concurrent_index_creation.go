package locking

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// RequireConcurrentIndexCreation reports CREATE INDEX without CONCURRENTLY
// on a table that already holds data.
var RequireConcurrentIndexCreation = &rules.Rule{
	Code: "SR101", Name: "require-concurrent-index-creation",
	Aliases:  []string{"requireConcurrentIndexCreation", "index.create-concurrently", "INDEX_CREATE_CONCURRENTLY"},
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "CREATE INDEX without CONCURRENTLY on an existing table",
		Why: "A plain CREATE INDEX holds a SHARE lock on the table until the whole index is built: every INSERT, UPDATE and DELETE " +
			"waits, for minutes on a large table. CREATE INDEX CONCURRENTLY builds the index while writes continue, at the cost " +
			"of two table scans, and must run outside a transaction block. Tables created earlier in the same file and " +
			"partitioned parents (which do not support CONCURRENTLY) are not reported.",
		Bad:  "CREATE INDEX orders_customer_id_idx ON orders (customer_id);",
		Good: "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);",
		FixSafety: "Inserts CONCURRENTLY after INDEX. The index ends up the same, but the statement can no longer run inside " +
			"BEGIN ... COMMIT, and a failed build leaves an INVALID index to drop before retrying; the fix is marked unsafe " +
			"when the statement sits inside an explicit transaction.",
	},
	Check: checkRequireConcurrentIndexCreation,
}

func checkRequireConcurrentIndexCreation(p *rules.Pass) {
	ix := p.Stmt.Node.GetIndexStmt()
	if ix == nil || ix.GetConcurrent() || ix.GetRelation() == nil {
		return
	}
	rel := ix.GetRelation()
	if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
		return
	}
	if t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname()); t != nil {
		// CONCURRENTLY is refused on partitioned tables, and a temporary
		// table is visible to this session only.
		if t.Kind == catalog.KindPartitioned || t.Temp {
			return
		}
	}
	s := p.Stmt
	end := s.NameEndOffset(s.Abs(rel.GetLocation()))
	what := "creating an index"
	if ix.GetIdxname() != "" {
		what = "creating index " + rules.Quote(ix.GetIdxname())
	}
	msg := what + " on table " + rules.RelName(rel) + " without CONCURRENTLY blocks writes to the table until the index is built; use CREATE INDEX CONCURRENTLY"
	d := rules.Diagnostic{Start: s.Start, End: end, Message: msg}
	if i := s.WordIndex("INDEX", 3); i >= 0 {
		at := s.Tokens()[i].End
		d.Fix = &rules.Fix{
			Title: "Create the index CONCURRENTLY",
			Safe:  p.Tx.Depth == 0,
			Edits: []rules.Edit{{Start: at, End: at, NewText: " CONCURRENTLY"}},
		}
	}
	p.Report(d)
}
