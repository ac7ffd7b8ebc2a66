package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// renamedKinds are the objects renaming-object covers (tables and columns
// are renaming-table's and renaming-column's).
var renamedKinds = map[pg_query.ObjectType]string{
	pg_query.ObjectType_OBJECT_VIEW: "view", pg_query.ObjectType_OBJECT_MATVIEW: "materialized view",
	pg_query.ObjectType_OBJECT_FUNCTION: "function", pg_query.ObjectType_OBJECT_PROCEDURE: "procedure",
	pg_query.ObjectType_OBJECT_ROUTINE: "routine", pg_query.ObjectType_OBJECT_TYPE: "type",
	pg_query.ObjectType_OBJECT_DOMAIN: "domain", pg_query.ObjectType_OBJECT_SEQUENCE: "sequence",
	pg_query.ObjectType_OBJECT_SCHEMA: "schema", pg_query.ObjectType_OBJECT_INDEX: "index",
}

// backsConstraint reports whether the index rv names backs a constraint
// of its table (a primary key, unique or exclusion constraint has its
// index's name): renaming the index renames the constraint, which
// `ON CONFLICT ON CONSTRAINT` and error handling name.
func backsConstraint(p *rules.Pass, rv *pg_query.RangeVar) bool {
	idx := p.Catalog.Index(rv.GetSchemaname(), rv.GetRelname())
	if idx == nil {
		return false
	}
	t := p.Catalog.Table(idx.Schema, idx.Table)
	return t != nil && t.Constraint(idx.Name) != nil
}

// RenamingObject reports renaming a view, function, procedure, type,
// domain, sequence, schema, index or enum value.
var RenamingObject = &rules.Rule{
	Code: "SR244", Name: "renaming-object",
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Renaming a view, function, type, sequence, schema, index or enum value",
		Why: "The rename is instant, but code that still uses the old name (a view it selects from, a function it calls, a type " +
			"it casts to, a sequence it calls nextval on, a schema it qualifies names with, a constraint it names in ON CONFLICT ON CONSTRAINT " +
			"(renaming a primary key's, unique or exclusion constraint's index renames the constraint too), an enum label it writes) fails until the new code is everywhere, and again after a rollback. " +
			"Update the clients to the new name first, or keep the old name available (a view, a wrapper function). Tables and " +
			"columns are renaming-table's and renaming-column's; objects created or renamed to their name earlier in the same file are " +
			"not reported, nor a rename whose old name another object takes later in the file (the swap ORMs write to change an enum), " +
			"nor the rename of a plain index: queries never name one.",
		Bad:  "ALTER VIEW active_accounts RENAME TO live_accounts;",
		Good: "CREATE VIEW live_accounts AS SELECT * FROM active_accounts;",
	},
	Check: func(p *rules.Pass) {
		switch n := p.Stmt.Node.GetNode().(type) {
		case *pg_query.Node_RenameStmt:
			rs := n.RenameStmt
			what, ok := renamedKinds[rs.GetRenameType()]
			if !ok {
				return
			}
			obj := rs.GetObject()
			if rs.GetRenameType() == pg_query.ObjectType_OBJECT_SCHEMA {
				obj = &pg_query.Node{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: rs.GetSubname()}}}
			}
			if newObject(p, rs.GetRenameType(), obj, rs.GetRelation()) {
				return
			}
			if rs.GetRenameType() == pg_query.ObjectType_OBJECT_INDEX && !backsConstraint(p, rs.GetRelation()) {
				return // queries never name a plain index
			}
			// A swap: another object takes the old name later in the
			// file, so clients that use the name still find one.
			oldName := rs.GetRelation().GetRelname()
			if rs.GetRelation() == nil {
				_, oldName = qualName(objectNames(obj))
			}
			if nameTakenLater(p, rs.GetRenameType(), oldName) {
				return
			}
			p.Reportf(wordPairStart(p.Stmt, "RENAME", ""), p.Stmt.End, "renaming this %s to %s breaks clients that still use the old name; "+
				"update them first or keep the old name available", what, rules.Quote(rs.GetNewname()))
		case *pg_query.Node_AlterEnumStmt:
			ae := n.AlterEnumStmt
			if ae.GetOldVal() == "" {
				return
			}
			schema, name := qualName(ae.GetTypeName())
			if newType(p, schema, name) {
				return
			}
			p.Reportf(wordPairStart(p.Stmt, "RENAME", ""), p.Stmt.End, "renaming value %s of enum %s breaks clients that still write or "+
				"compare the old label; update them first", rules.Quote(ae.GetOldVal()), rules.Qualified(schema, name))
		}
	},
}
