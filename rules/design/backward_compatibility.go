package design

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BackwardCompatibility reports the schema changes that break code or data
// written for the schema before the migration.
var BackwardCompatibility = &rules.Rule{
	Code: "SR521", Name: "backward-incompatible-change",
	Aliases:  []string{"schema.backward-compatibility", "SCHEMA_BACKWARD_COMPATIBILITY"},
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Backward-incompatible schema change",
		Why: "During a deployment the application version that runs against the new schema is usually the old one, and rolling " +
			"back the code does not roll back the schema. On objects that existed before the migration, these changes break " +
			"running code or reject data it writes: DROP DATABASE, DROP TABLE, DROP MATERIALIZED VIEW, renaming a table, view or " +
			"column, DROP COLUMN, ALTER COLUMN ... TYPE, and adding a primary key, unique key (constraint or CREATE UNIQUE INDEX), " +
			"foreign key or validated CHECK constraint. This is Bytebase's schema.backward-compatibility as one rule; " +
			"ban-drop-column, ban-drop-table, renaming-column and friends report the same changes one kind at a time.",
		Bad:  "ALTER TABLE users DROP COLUMN nickname;",
		Good: "ALTER TABLE users ADD COLUMN nickname text;",
	},
	Check: checkBackwardCompatibility,
}

func checkBackwardCompatibility(p *rules.Pass) {
	s := p.Stmt
	isNew := func(rv *pg_query.RangeVar) bool {
		return rv != nil && p.IsNewTable(rv.GetSchemaname(), rv.GetRelname())
	}
	report := func(start, end int, format string, args ...any) {
		p.Reportf(start, end, format+"; code written for the current schema may fail: make the change in steps the running application can follow", args...)
	}
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_DropdbStmt:
		report(s.Start, s.End, "dropping database %s removes all its data", rules.Quote(v.DropdbStmt.GetDbname()))
	case *pg_query.Node_DropStmt:
		ds := v.DropStmt
		what := ""
		switch ds.GetRemoveType() {
		case pg_query.ObjectType_OBJECT_TABLE:
			what = "table"
		case pg_query.ObjectType_OBJECT_MATVIEW:
			what = "materialized view"
		default:
			return
		}
		for _, obj := range ds.GetObjects() {
			items := obj.GetList().GetItems()
			if len(items) == 0 {
				continue
			}
			name := items[len(items)-1].GetString_().GetSval()
			schema := ""
			if len(items) > 1 {
				schema = items[len(items)-2].GetString_().GetSval()
			}
			if p.IsNewTable(schema, name) {
				continue
			}
			start, end := dropNameRange(p, name)
			report(start, end, "dropping %s %s removes it and its data", what, rules.Qualified(schema, name))
		}
	case *pg_query.Node_RenameStmt:
		rs := v.RenameStmt
		if isNew(rs.GetRelation()) {
			return
		}
		switch rs.GetRenameType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
			report(s.Start, s.End, "renaming %s to %s", rules.RelName(rs.GetRelation()), rules.Quote(rs.GetNewname()))
		case pg_query.ObjectType_OBJECT_COLUMN:
			report(s.Start, s.End, "renaming column %s of %s to %s", rules.Quote(rs.GetSubname()), rules.RelName(rs.GetRelation()), rules.Quote(rs.GetNewname()))
		}
	case *pg_query.Node_IndexStmt:
		is := v.IndexStmt
		if is.GetUnique() && !isNew(is.GetRelation()) {
			report(s.Start, s.End, "a unique index on existing table %s rejects duplicate values the application may write", rules.RelName(is.GetRelation()))
		}
	case *pg_query.Node_AlterTableStmt:
		if isNew(v.AlterTableStmt.GetRelation()) {
			return
		}
		for _, c := range alterCmds(s) {
			if msg := incompatibleCmd(c); msg != "" {
				report(c.start, c.end, "%s", msg)
				return // one finding per statement
			}
		}
	}
}

// incompatibleCmd describes an incompatible ALTER TABLE subcommand, or "".
func incompatibleCmd(c alterCmd) string {
	table := rules.RelName(c.table)
	switch c.cmd.GetSubtype() {
	case pg_query.AlterTableType_AT_DropColumn:
		return "dropping column " + rules.Quote(c.cmd.GetName()) + " of table " + table + " removes it and its data"
	case pg_query.AlterTableType_AT_AlterColumnType:
		return "changing the type of column " + rules.Quote(c.cmd.GetName()) + " of table " + table + " changes what the application reads and may write"
	case pg_query.AlterTableType_AT_AddConstraint:
		con := c.cmd.GetDef().GetConstraint()
		switch con.GetContype() {
		case pg_query.ConstrType_CONSTR_PRIMARY:
			return "adding a primary key to table " + table + " rejects NULL and duplicate values the application may write"
		case pg_query.ConstrType_CONSTR_UNIQUE:
			return "adding a unique key to table " + table + " rejects duplicate values the application may write"
		case pg_query.ConstrType_CONSTR_FOREIGN:
			return "adding a foreign key to table " + table + " rejects rows the application may write"
		case pg_query.ConstrType_CONSTR_CHECK:
			if !con.GetSkipValidation() {
				return "adding a validated CHECK constraint to table " + table + " rejects rows the application may write"
			}
		}
	}
	return ""
}
