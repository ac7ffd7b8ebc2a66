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
		Good: "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);",
		FixSafety: "Inserts CONCURRENTLY after INDEX, and IF NOT EXISTS before a name outside a transaction block (where the file " +
			"no longer runs as one transaction: a re-run must pass). The index ends up the same, but the statement can no longer run inside " +
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
		text := " CONCURRENTLY"
		// Outside a transaction block the file then commits statement by
		// statement: guard a named index so that a re-run after a failure
		// passes, the form prefer-robust-stmts asks for.
		if p.Tx.Depth == 0 && ix.GetIdxname() != "" && !ix.GetIfNotExists() {
			text += " IF NOT EXISTS"
		}
		d.Fix = &rules.Fix{
			Title: "Create the index CONCURRENTLY",
			Safe:  p.Tx.Depth == 0,
			Edits: []rules.Edit{{Start: at, End: at, NewText: text}},
		}
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
