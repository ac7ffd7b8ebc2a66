package naming

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// FullyQualified reports object references without a schema.
var FullyQualified = &rules.Rule{
	Code: "SR707", Name: "require-schema-qualified-name",
	Aliases:  []string{"naming.fully-qualified", "NAMING_FULLY_QUALIFIED", "require-table-schema"}, // Bytebase, Squawk
	Category: rules.Naming, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Object name is not schema-qualified",
		Why: "An unqualified name is resolved through the session's search_path, so the same migration can create or change " +
			"an object in a different schema depending on who runs it and how their role is configured. The tables, sequences " +
			"and indexes that CREATE TABLE (and ... AS), CREATE SEQUENCE, CREATE TRIGGER, CREATE INDEX, DROP, ALTER TABLE, ALTER SEQUENCE, " +
			"RENAME, INSERT and UPDATE name are checked, and the known tables a top-level SELECT reads (common table expressions excepted).",
		Bad:  "CREATE TABLE users (id bigint PRIMARY KEY);",
		Good: "CREATE TABLE public.users (id bigint PRIMARY KEY);",
	},
	Check: checkFullyQualified,
}

func checkFullyQualified(p *rules.Pass) {
	s := p.Stmt
	check := func(rv *pg_query.RangeVar) {
		if rv == nil || rv.GetSchemaname() != "" || rv.GetRelname() == "" {
			return
		}
		start, end := nameRange(s, rv)
		p.Reportf(start, end, "%s is not schema-qualified, so search_path decides which schema it names; write it as schema.%s (for example public.%s)",
			rules.Quote(rv.GetRelname()), rv.GetRelname(), rv.GetRelname())
	}
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		check(v.CreateStmt.GetRelation())
	case *pg_query.Node_CreateTableAsStmt:
		if rv := v.CreateTableAsStmt.GetInto().GetRel(); rv.GetRelpersistence() != "t" {
			check(rv)
		}
	case *pg_query.Node_CreateSeqStmt:
		check(v.CreateSeqStmt.GetSequence())
	case *pg_query.Node_CreateTrigStmt:
		check(v.CreateTrigStmt.GetRelation())
	case *pg_query.Node_IndexStmt:
		check(v.IndexStmt.GetRelation())
	case *pg_query.Node_AlterTableStmt:
		switch v.AlterTableStmt.GetObjtype() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
			check(v.AlterTableStmt.GetRelation())
		}
	case *pg_query.Node_AlterSeqStmt:
		check(v.AlterSeqStmt.GetSequence())
	case *pg_query.Node_RenameStmt:
		rs := v.RenameStmt
		switch rs.GetRenameType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE, pg_query.ObjectType_OBJECT_TABCONSTRAINT, pg_query.ObjectType_OBJECT_COLUMN:
			check(rs.GetRelation())
		}
	case *pg_query.Node_InsertStmt:
		check(v.InsertStmt.GetRelation())
	case *pg_query.Node_UpdateStmt:
		check(v.UpdateStmt.GetRelation())
	case *pg_query.Node_DropStmt:
		checkDropNames(p, v.DropStmt)
	case *pg_query.Node_SelectStmt:
		ctes := map[string]bool{}
		var rvs []*pg_query.RangeVar
		for _, m := range p.Nodes() {
			switch n := m.(type) {
			case *pg_query.RangeVar:
				rvs = append(rvs, n)
			case *pg_query.CommonTableExpr:
				ctes[n.GetCtename()] = true
			}
		}
		for _, rv := range rvs {
			if ctes[rv.GetRelname()] || rv.GetSchemaname() != "" {
				continue
			}
			if p.Catalog.Table("", rv.GetRelname()) == nil && !anySchemaHas(p, rv.GetRelname()) {
				continue // not a table the schema knows: a function's alias, a typo
			}
			check(rv)
		}
	}
}

func anySchemaHas(p *rules.Pass, name string) bool {
	for _, sc := range p.Catalog.Schemas {
		if sc.Tables[name] != nil {
			return true
		}
	}
	return false
}

// checkDropNames checks DROP TABLE / SEQUENCE / VIEW / INDEX names.
func checkDropNames(p *rules.Pass, ds *pg_query.DropStmt) {
	switch ds.GetRemoveType() {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_VIEW,
		pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_INDEX, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
	default:
		return
	}
	s := p.Stmt
	// Object names carry no location: find each in the statement's tokens,
	// in order, after the object-type keywords.
	toks := s.Tokens()
	ti := 0
	for _, obj := range ds.GetObjects() {
		items := obj.GetList().GetItems()
		if len(items) != 1 {
			continue
		}
		name := items[0].GetString_().GetSval()
		start, end := s.Start, s.End
		for ; ti < len(toks); ti++ {
			if unquote(s.File().TokenText(toks[ti])) == name {
				start, end = toks[ti].Start, toks[ti].End
				ti++
				break
			}
		}
		p.Reportf(start, end, "%s is not schema-qualified, so search_path decides which schema it names; write it as schema.%s (for example public.%s)",
			rules.Quote(name), name, name)
	}
}

// unquote folds an identifier token as PostgreSQL does.
func unquote(t string) string {
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		return t[1 : len(t)-1]
	}
	b := []byte(t)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
