package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// BanDropTable reports DROP TABLE of an existing table.
var BanDropTable = &rules.Rule{
	Code: "SR202", Name: "ban-drop-table",
	Aliases:  []string{"banDropTable", "DS102"},
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Dropping an existing table",
		Why: "Every query of the running application that touches the table fails with `relation does not exist` once the drop commits, " +
			"and the data cannot be recovered by rolling the code back. DROP TABLE also waits for an ACCESS EXCLUSIVE lock, queueing all other access to the table behind it. " +
			"Stop using the table in one release, then drop it in a later migration (renaming it aside first makes a forgotten reader fail loudly while the data is still there). " +
			"Tables created earlier in the same file are not reported, nor tables the replayed schema does not know that cannot be in use: in a schema created by the same file, or dropped IF EXISTS to make way for a temporary table of the same name.",
		Bad:  "DROP TABLE audit_log;",
		Good: "-- release 1: the application stops using audit_log\n-- release 2, once no running code reads it:\n-- sqlreview:ignore ban-drop-table -- unused since release 1\nDROP TABLE audit_log;",
	},
	Check: checkBanDropTable,
}

func checkBanDropTable(p *rules.Pass) {
	ds, ok := p.Stmt.Node.GetNode().(*pg_query.Node_DropStmt)
	if !ok || ds.DropStmt.GetRemoveType() != pg_query.ObjectType_OBJECT_TABLE {
		return
	}
	ranges := dropNameRanges(p.Stmt, len(ds.DropStmt.GetObjects()))
	for k, obj := range ds.DropStmt.GetObjects() {
		var parts []string
		for _, it := range obj.GetList().GetItems() {
			parts = append(parts, it.GetString_().GetSval())
		}
		if len(parts) == 0 {
			continue
		}
		schema, name := "", parts[len(parts)-1]
		if len(parts) > 1 {
			schema = parts[len(parts)-2]
		}
		if p.IsNewTable(schema, name) || cannotExist(p, schema, name, ds.DropStmt.GetMissingOk()) {
			continue
		}
		start, end := p.Stmt.Start, p.Stmt.End
		if ranges != nil {
			start, end = ranges[k][0], ranges[k][1]
		}
		p.Reportf(start, end, "dropping table %s breaks running application code that still uses it and destroys its data; "+
			"release code that no longer uses the table first, then drop it in a later migration", rules.Qualified(schema, name))
	}
}

// cannotExist reports whether a table the replayed schema does not know is
// one no running code can be using: it would live in a schema this file
// creates, or the statement is DROP TABLE IF EXISTS clearing the way for a
// temporary table of the same name created later in the file (a scratch
// table of the migration itself).
func cannotExist(p *rules.Pass, schema, name string, ifExists bool) bool {
	if p.Catalog.Table(schema, name) != nil {
		return false
	}
	if sch := p.Catalog.Schemas[schema]; schema != "" && sch != nil && sch.Created.File == p.File.Path {
		return true
	}
	if !ifExists {
		return false
	}
	for _, st := range p.File.Statements[p.Stmt.Index+1:] {
		var rv *pg_query.RangeVar
		if cs := st.Node.GetCreateStmt(); cs != nil {
			rv = cs.GetRelation()
		} else if ca := st.Node.GetCreateTableAsStmt(); ca != nil {
			rv = ca.GetInto().GetRel()
		}
		if rv != nil && rv.GetRelpersistence() == "t" && rv.GetRelname() == name && (schema == "" || schema == "pg_temp") {
			return true
		}
	}
	return false
}

// dropNameRanges returns the byte range of each name in DROP <kind> [IF
// EXISTS] a, b.c [CASCADE]: the parse tree keeps no locations for them. It
// returns nil when the tokens do not yield exactly n names.
func dropNameRanges(s *source.Statement, n int) [][2]int {
	toks, f := s.Tokens(), s.File()
	i := 0
	for i < len(toks) && !s.TokenIs(i, "TABLE") {
		i++
	}
	i++
	if s.TokenIs(i, "IF") && s.TokenIs(i+1, "EXISTS") {
		i += 2
	}
	var out [][2]int
	for i < len(toks) {
		j := s.NameEnd(i)
		out = append(out, [2]int{toks[i].Start, toks[j-1].End})
		if j >= len(toks) || !f.IsPunct(toks[j], ',') {
			break
		}
		i = j + 1
	}
	if len(out) != n {
		return nil
	}
	return out
}
