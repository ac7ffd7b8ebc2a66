package safety

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// IfNotExistsKeepsOtherDefinition reports CREATE INDEX / CREATE TABLE IF NOT
// EXISTS of a name the replay already has with another definition.
var IfNotExistsKeepsOtherDefinition = &rules.Rule{
	Code: "SR908", Name: "if-not-exists-keeps-other-definition",
	Category: rules.Statements, Severity: rules.Warning, Default: true,
	Doc: rules.Doc{
		Title: "IF NOT EXISTS skips an object that exists with another definition",
		Why: "CREATE INDEX IF NOT EXISTS and CREATE TABLE IF NOT EXISTS look only at the name: when a relation of that name exists, " +
			"PostgreSQL prints a NOTICE and does nothing, whatever the statement says. A migration that changes an index's columns, " +
			"uniqueness or predicate this way keeps the old index on every database that has it, and the queries or ON CONFLICT " +
			"targets written for the new one find nothing. sqlreview's replay keeps the existing definition, as PostgreSQL does, and " +
			"reports where the written one differs. Drop the old object first (DROP INDEX CONCURRENTLY IF EXISTS), or give the new " +
			"one its own name. Objects whose definition the replay never saw are not compared.",
		Bad: "CREATE INDEX orders_status_idx ON orders (status);\n" +
			"-- later: the index should also cover created_at\n" +
			"CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status, created_at);",
		Good: "CREATE INDEX orders_status_idx ON orders (status);\n" +
			"DROP INDEX IF EXISTS orders_status_idx;\n" +
			"CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status, created_at);",
	},
	Check: checkIfNotExistsKeepsOtherDefinition,
}

func checkIfNotExistsKeepsOtherDefinition(p *rules.Pass) {
	switch v := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_IndexStmt:
		checkIndexIfNotExists(p, v.IndexStmt)
	case *pg_query.Node_CreateStmt:
		checkTableIfNotExists(p, v.CreateStmt)
	}
}

func checkIndexIfNotExists(p *rules.Pass, is *pg_query.IndexStmt) {
	if !is.GetIfNotExists() || is.GetIdxname() == "" || is.GetRelation() == nil {
		return
	}
	rel := is.GetRelation()
	schema, table := p.Catalog.TableKey(rel.GetSchemaname(), rel.GetRelname())
	name := is.GetIdxname()
	var what string
	if ix := p.Catalog.Index(schema, name); ix != nil {
		diffs := catalog.IndexDifferences(ix, is, table)
		if len(diffs) == 0 {
			return
		}
		what = "index " + rules.Quote(name) + " already exists with another definition (" + strings.Join(diffs, "; ") + ")"
	} else if t := p.Catalog.Table(schema, name); t != nil && t.Schema == schema {
		what = "a " + string(t.Kind) + " named " + rules.Quote(name) + " already exists"
	} else {
		return
	}
	start, end := nameAfterExists(p)
	p.Reportf(start, end, "CREATE INDEX IF NOT EXISTS does nothing here: %s, and PostgreSQL keeps it as it is; "+
		"drop it first (DROP INDEX CONCURRENTLY IF EXISTS) or give the new index another name", what)
}

func checkTableIfNotExists(p *rules.Pass, cs *pg_query.CreateStmt) {
	if !cs.GetIfNotExists() || cs.GetPartbound() != nil || len(cs.GetInhRelations()) > 0 {
		return
	}
	rel := cs.GetRelation()
	t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname())
	if t == nil || t.Placeholder || t.ColumnsUnknown {
		return
	}
	var diffs []string
	for _, el := range cs.GetTableElts() {
		cd := el.GetColumnDef()
		if cd == nil {
			continue
		}
		col := t.Column(cd.GetColname())
		switch {
		case col == nil:
			diffs = append(diffs, "no column "+rules.Quote(cd.GetColname()))
		case col.Type != "" && cd.GetTypeName() != nil && col.Type != catalog.ColumnType(cd.GetTypeName()):
			diffs = append(diffs, fmt.Sprintf("column %s is %s, not %s", rules.Quote(col.Name), col.Type, catalog.ColumnType(cd.GetTypeName())))
		}
	}
	if len(diffs) == 0 {
		return
	}
	start := p.Stmt.Abs(rel.GetLocation())
	p.Reportf(start, p.Stmt.NameEndOffset(start), "CREATE TABLE IF NOT EXISTS does nothing here: table %s already exists with another definition (%s), "+
		"and PostgreSQL keeps it as it is; change it with ALTER TABLE instead", rules.RelName(rel), strings.Join(diffs, "; "))
}

// nameAfterExists is the range of the name after IF NOT EXISTS (the whole
// statement when it cannot be found).
func nameAfterExists(p *rules.Pass) (int, int) {
	s := p.Stmt
	i := s.WordIndex("EXISTS", 0)
	toks := s.Tokens()
	if i < 0 || i+1 >= len(toks) {
		return s.Start, s.End
	}
	return toks[i+1].Start, toks[i+1].End
}
