package rollback

import (
	"sort"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanNewWriteRestriction reports constraints, NOT NULL and unique indexes
// added to existing tables and domains.
var BanNewWriteRestriction = &rules.Rule{
	Code: "SR238", Name: "ban-new-write-restriction",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "New constraint, NOT NULL or unique index that can reject writes",
		Why: "A CHECK, foreign key, unique, primary key or exclusion constraint, SET NOT NULL, a constrained ADD COLUMN, a " +
			"domain constraint, ALTER CONSTRAINT changing when a constraint is checked, or a unique index rejects some writes that " +
			"used to succeed. NOT VALID only skips the rows already there and CONCURRENTLY only avoids the lock: new writes are " +
			"checked either way, so code of the running or the previous release that writes such rows starts failing. Off by " +
			"default: most constraints are added on purpose, after the code is ready. Tables and domains created earlier in the " +
			"same file are not reported (the rule cannot tell whether any client writes them yet).",
		Bad:  "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;",
		Good: "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);\nALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);",
	},
	Check: checkBanNewWriteRestriction,
}

// restricting are the constraint kinds that can reject a write.
var restricting = map[pg_query.ConstrType]bool{
	pg_query.ConstrType_CONSTR_CHECK: true, pg_query.ConstrType_CONSTR_FOREIGN: true, pg_query.ConstrType_CONSTR_UNIQUE: true,
	pg_query.ConstrType_CONSTR_PRIMARY: true, pg_query.ConstrType_CONSTR_EXCLUSION: true, pg_query.ConstrType_CONSTR_NOTNULL: true,
}

func checkBanNewWriteRestriction(p *rules.Pass) {
	switch n := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_AlterTableStmt:
		existingCmds(p, tableKinds, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, span cmdSpan) {
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_AddConstraint, pg_query.AlterTableType_AT_SetNotNull, pg_query.AlterTableType_AT_AlterConstraint:
				if c := cmd.GetDef().GetConstraint(); cmd.GetSubtype() == pg_query.AlterTableType_AT_AddConstraint && !restricting[c.GetContype()] {
					return
				}
				start, end := span()
				p.Reportf(start, end, "this can reject writes to %s that existing clients make today, even NOT VALID or built "+
					"CONCURRENTLY; update their writes first", rules.RelName(rel))
			case pg_query.AlterTableType_AT_AddColumn:
				reportColumnConstraints(p, rel, cmd.GetDef().GetColumnDef(), span)
			}
		})
	case *pg_query.Node_AlterDomainStmt:
		ad := n.AlterDomainStmt
		if st := ad.GetSubtype(); st != "O" && st != "C" {
			return // only SET NOT NULL and ADD CONSTRAINT
		}
		schema, name := qualName(ad.GetTypeName())
		if newType(p, schema, name) {
			return
		}
		start, end := tailFrom(p.Stmt, p.Stmt.NameEnd(2))
		p.Reportf(start, end, "this can reject writes of domain %s values that existing clients make today, even NOT VALID; "+
			"update their writes first", rules.Qualified(schema, name))
	case *pg_query.Node_IndexStmt:
		is := n.IndexStmt
		rel := is.GetRelation()
		if !is.GetUnique() || p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
			return
		}
		p.Reportf(p.Stmt.Start, p.Stmt.End, "a unique index on %s rejects duplicate writes existing clients may make today, even when "+
			"built CONCURRENTLY; update their writes first", rules.RelName(rel))
	}
}

// reportColumnConstraints reports each restricting constraint of a column
// added by ALTER TABLE ... ADD COLUMN, from its keyword to the next
// constraint.
func reportColumnConstraints(p *rules.Pass, rel *pg_query.RangeVar, cd *pg_query.ColumnDef, span cmdSpan) {
	var starts []int
	var all []int
	for _, c := range cd.GetConstraints() {
		con := c.GetConstraint()
		off := p.Stmt.Abs(con.GetLocation())
		all = append(all, off)
		if restricting[con.GetContype()] {
			starts = append(starts, off)
		}
	}
	if len(starts) == 0 {
		return
	}
	sort.Ints(all)
	_, cmdEnd := span()
	for _, st := range starts {
		next := cmdEnd
		if k := sort.SearchInts(all, st+1); k < len(all) {
			next = all[k]
		}
		p.Reportf(st, upTo(p.Stmt, next, cmdEnd), "a constraint on new column %s can reject writes to %s that existing clients make today; "+
			"update their writes first", rules.Quote(cd.GetColname()), rules.RelName(rel))
	}
}
