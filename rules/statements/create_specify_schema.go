package statements

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// CreateSpecifySchema reports CREATE statements whose object name has no
// schema.
var CreateSpecifySchema = &rules.Rule{
	Code: "SR415", Name: "create-specify-schema",
	Aliases: []string{
		"statement.create-specify-schema", // Bytebase rule key
		"STATEMENT_CREATE_SPECIFY_SCHEMA", // Bytebase rule enum
	},
	Category: rules.Naming, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "CREATE without a schema-qualified name",
		Why: "An unqualified name is created in the first schema of the session's search_path, which depends on the role, the connection string and any SET earlier in the session: " +
			"the same migration can put the table in different schemas on different databases. Qualify the name (public.users). " +
			"CREATE TABLE (and CREATE TABLE / MATERIALIZED VIEW ... AS), INDEX (its table), SEQUENCE, FUNCTION / PROCEDURE, TRIGGER (its table) and EXTENSION (WITH SCHEMA) are checked, as in Bytebase; temporary tables, which always live in pg_temp, are not.",
		Bad:  "CREATE TABLE notes (id bigint PRIMARY KEY);",
		Good: "CREATE TABLE public.notes (id bigint PRIMARY KEY);",
	},
	Check: checkCreateSpecifySchema,
}

func checkCreateSpecifySchema(p *rules.Pass) {
	s := p.Stmt
	report := func(loc int32, what, name string) {
		start, end := nameRange(s, loc)
		p.Reportf(start, end, "%s %s is created in whatever schema search_path names first; qualify it with its schema", what, rules.Quote(name))
	}
	switch n := s.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		rv := n.CreateStmt.GetRelation()
		if rv.GetSchemaname() == "" && rv.GetRelpersistence() != "t" {
			report(rv.GetLocation(), "table", rv.GetRelname())
		}
	case *pg_query.Node_CreateTableAsStmt:
		rv := n.CreateTableAsStmt.GetInto().GetRel()
		if rv.GetSchemaname() == "" && rv.GetRelpersistence() != "t" {
			what := "table"
			if n.CreateTableAsStmt.GetObjtype() == pg_query.ObjectType_OBJECT_MATVIEW {
				what = "materialized view"
			}
			report(rv.GetLocation(), what, rv.GetRelname())
		}
	case *pg_query.Node_IndexStmt:
		rv := n.IndexStmt.GetRelation()
		if rv.GetSchemaname() == "" {
			report(rv.GetLocation(), "the table of index", rv.GetRelname())
		}
	case *pg_query.Node_CreateSeqStmt:
		rv := n.CreateSeqStmt.GetSequence()
		if rv.GetSchemaname() == "" && rv.GetRelpersistence() != "t" {
			report(rv.GetLocation(), "sequence", rv.GetRelname())
		}
	case *pg_query.Node_CreateTrigStmt:
		rv := n.CreateTrigStmt.GetRelation()
		if rv.GetSchemaname() == "" {
			report(rv.GetLocation(), "the table of trigger", rv.GetRelname())
		}
	case *pg_query.Node_CreateFunctionStmt:
		parts := n.CreateFunctionStmt.GetFuncname()
		if len(parts) == 1 {
			name := parts[0].GetString_().GetSval()
			i := s.WordIndex("FUNCTION", 8)
			if i < 0 {
				i = s.WordIndex("PROCEDURE", 8)
			}
			start, end := headRange(s)
			if i >= 0 && i+1 < len(s.Tokens()) {
				t := s.Tokens()[i+1]
				start, end = t.Start, t.End
			}
			p.Reportf(start, end, "function %s is created in whatever schema search_path names first; qualify it with its schema", rules.Quote(name))
		}
	case *pg_query.Node_CreateExtensionStmt:
		for _, o := range n.CreateExtensionStmt.GetOptions() {
			if strings.EqualFold(o.GetDefElem().GetDefname(), "schema") {
				return
			}
		}
		start, end := headRange(s)
		if i := s.WordIndex("EXTENSION", 4); i >= 0 {
			j := i + 1
			for j < len(s.Tokens()) && (s.TokenIs(j, "IF") || s.TokenIs(j, "NOT") || s.TokenIs(j, "EXISTS")) {
				j++
			}
			if j < len(s.Tokens()) {
				start, end = s.Tokens()[j].Start, s.Tokens()[j].End
			}
		}
		p.Reportf(start, end, "extension %s is installed in whatever schema search_path names first; add WITH SCHEMA", rules.Quote(n.CreateExtensionStmt.GetExtname()))
	}
}
