package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// RequireConcurrentIndexCreation reports CREATE INDEX without CONCURRENTLY
// on a table that already holds data.
var RequireConcurrentIndexCreation = &rules.Rule{
	Code: "SR101", Name: "require-concurrent-index-creation",
	Aliases:  []string{"requireConcurrentIndexCreation", "index.create-concurrently", "INDEX_CREATE_CONCURRENTLY", "PG101"},
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "CREATE INDEX without CONCURRENTLY on an existing table",
		Why: "A plain CREATE INDEX holds a SHARE lock on the table until the whole index is built: every INSERT, UPDATE and DELETE " +
			"waits, for minutes on a large table. CREATE INDEX CONCURRENTLY builds the index while writes continue, at the cost " +
			"of two table scans, and must run outside a transaction block. Tables created earlier in the same file, tables " +
			"TRUNCATEd earlier in the same transaction and partitioned parents (which do not support CONCURRENTLY) are not " +
			"reported, nor is CREATE INDEX IF NOT EXISTS of an existing index on a table the file re-declares with CREATE " +
			"TABLE IF NOT EXISTS (a repair migration: the index exists wherever the table did).",
		Bad:  "CREATE INDEX orders_customer_id_idx ON orders (customer_id);",
		Good: "DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx; -- the INVALID leftover of a failed build, if any\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);",
		FixSafety: "Inserts CONCURRENTLY after INDEX and, for a named index, `DROP INDEX CONCURRENTLY IF EXISTS name;` before the statement: " +
			"a failed concurrent build leaves an INVALID index of that name, which a re-run must drop (IF NOT EXISTS would silently keep it). " +
			"The index ends up the same, but the statements can no longer run inside a transaction block; the fix is marked unsafe " +
			"when the statement runs in one under the runner's transaction model (the file's BEGIN ... COMMIT, a runner that wraps each file, or a file of several statements sent as one query).",
	},
	Check: checkRequireConcurrentIndexCreation,
}

func checkRequireConcurrentIndexCreation(p *rules.Pass) {
	ix := p.Stmt.Node.GetIndexStmt()
	if ix == nil || ix.GetConcurrent() || ix.GetRelation() == nil {
		return
	}
	rel := ix.GetRelation()
	if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) || truncatedEarlier(p, rel.GetSchemaname(), rel.GetRelname()) {
		return
	}
	schema := rel.GetSchemaname()
	if t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname()); t != nil {
		// CONCURRENTLY is refused on partitioned tables, and a temporary
		// table is visible to this session only.
		if t.Kind == catalog.KindPartitioned || t.Temp {
			return
		}
		schema = t.Schema
	}
	if ix.GetIfNotExists() && ix.GetIdxname() != "" && relationExists(p.Catalog, schema, ix.GetIdxname()) && redeclaredEarlier(p, rel) {
		// A repair migration: where the table already existed the index
		// does too (the statement is skipped), and where it did not, the
		// CREATE TABLE IF NOT EXISTS above just made it, empty.
		return
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
		edits := []rules.Edit{{Start: at, End: at, NewText: " CONCURRENTLY"}}
		title := "Create the index CONCURRENTLY"
		if drop := rules.RebuildIndexConcurrently(s, ix); drop != "" && !rules.DroppedBefore(s, ix) {
			// A failed concurrent build leaves an INVALID index behind:
			// the re-runnable form drops it first (IF NOT EXISTS would
			// keep it).
			edits = append([]rules.Edit{{Start: s.Start, End: s.Start, NewText: drop + "\n"}}, edits...)
			title = "Create the index CONCURRENTLY, dropping an INVALID leftover of a failed build first"
		}
		d.Fix = &rules.Fix{Title: title, Safe: p.Transactions().OutsideAllowed(s.Index), Edits: edits}
	}
	p.Report(d)
}

// redeclaredEarlier reports whether an earlier statement of the file is
// CREATE TABLE IF NOT EXISTS of rel, which a migration writes when some
// databases may lack the table.
func redeclaredEarlier(p *rules.Pass, rel *pg_query.RangeVar) bool {
	for _, st := range p.File.Statements[:p.Stmt.Index] {
		if cs := st.Node.GetCreateStmt(); cs != nil && cs.GetIfNotExists() &&
			sameRelation(p.Catalog, cs.GetRelation(), rel.GetSchemaname(), rel.GetRelname()) {
			return true
		}
	}
	return false
}

// relationExists reports whether schema.name is a table, view or index: the
// names CREATE INDEX IF NOT EXISTS checks before doing anything.
func relationExists(c *catalog.Catalog, schema, name string) bool {
	if schema == "" {
		return c.Index("", name) != nil || c.Table("", name) != nil
	}
	s := c.Schemas[schema]
	return s != nil && (s.Indexes[name] != nil || s.Tables[name] != nil)
}
