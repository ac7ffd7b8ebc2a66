package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// AddingFieldWithDefault reports ADD COLUMN whose default makes PostgreSQL
// rewrite the table.
var AddingFieldWithDefault = &rules.Rule{
	Code: "SR104", Name: "adding-field-with-default",
	Aliases:  []string{"addingFieldWithDefault", "addSerialColumn"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "ADD COLUMN with a default that rewrites the table",
		Why: "Since PostgreSQL 11 a constant or stable default (0, 'x', now()) is stored once in the catalog and ADD COLUMN is " +
			"instant. A volatile default (random(), gen_random_uuid(), clock_timestamp(), a serial or identity column) or a " +
			"GENERATED ... STORED column must be computed for every existing row, so the whole table and its indexes are " +
			"rewritten under an ACCESS EXCLUSIVE lock that blocks all reads and writes. Before PostgreSQL 11 any default did " +
			"that. Functions sqlreview does not know are assumed volatile.",
		Bad:  "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
		Good: "ALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();\n-- then backfill existing rows in batches",
	},
	Check: checkAddingFieldWithDefault,
}

const rewriteAdvice = "add the column without a default, SET DEFAULT in a second statement, then backfill existing rows in batches"

func checkAddingFieldWithDefault(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	s := p.Stmt
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddColumn {
			return
		}
		col := cmd.GetDef().GetColumnDef()
		if col == nil {
			return
		}
		if msg := defaultRewrite(p, col, a.name); msg != "" {
			start, end := columnDefRange(s, col)
			p.Reportf(start, end, "%s", msg)
		}
	})
}

// defaultRewrite says why adding col rewrites the table, or "".
func defaultRewrite(p *rules.Pass, col *pg_query.ColumnDef, table string) string {
	name := rules.Quote(col.GetColname())
	rewrites := " rewrites table " + table + " while holding an ACCESS EXCLUSIVE lock"
	lock := rewrites + "; "
	if len(columnConstraints(col, pg_query.ConstrType_CONSTR_GENERATED)) > 0 || col.GetGenerated() != "" {
		return "adding stored generated column " + name + lock +
			"add a plain column, backfill it in batches and keep it current with a trigger"
	}
	if len(columnConstraints(col, pg_query.ConstrType_CONSTR_IDENTITY)) > 0 || col.GetIdentity() != "" {
		return "adding identity column " + name + lock +
			"add the column without identity, backfill it in batches, then ALTER COLUMN ... ADD GENERATED ... AS IDENTITY"
	}
	if st := serialType(col); st != "" {
		return "adding " + st + " column " + name + " (default nextval(), which is volatile)" + lock +
			"add a plain column, SET DEFAULT nextval(...) in a second statement, then backfill existing rows in batches"
	}
	expr := columnDefault(col)
	if expr == nil {
		return ""
	}
	text := defaultText(p.Stmt, col)
	if text == "" {
		text = "expression"
	}
	if p.PGVersion > 0 && p.PGVersion < 11 {
		return "adding column " + name + " with default " + text + rewrites +
			" on PostgreSQL 10 and older; " + rewriteAdvice
	}
	v := knowledge.ExprVolatileIn(p.Catalog, expr)
	if !v.Volatile {
		return ""
	}
	if !v.Known {
		fn := "it"
		if v.Func != "" {
			fn = v.Func + "()"
		}
		return "adding column " + name + " with default " + text + " (" + fn + " has unknown volatility, so it is assumed volatile)" + lock + rewriteAdvice
	}
	return "adding column " + name + " with volatile default " + text + lock + rewriteAdvice
}
