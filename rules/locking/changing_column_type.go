package locking

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// ChangingColumnType reports ALTER COLUMN ... TYPE that rewrites an existing
// table.
var ChangingColumnType = &rules.Rule{
	Code: "SR111", Name: "changing-column-type",
	Aliases:  []string{"changingColumnType"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "ALTER COLUMN ... TYPE rewrites the table",
		Why: "Most column type changes rewrite the whole table and rebuild every index on it while holding an ACCESS EXCLUSIVE " +
			"lock, so all reads and writes wait, for hours on a large table. Only binary-compatible changes that keep or " +
			"relax a limit are done in place: varchar(n) to a longer varchar or to text, numeric(p,s) to a larger precision " +
			"with the same scale, cidr to inet; from PostgreSQL 12, timestamp to timestamptz (or back) when the session TimeZone " +
			"is UTC. Otherwise add a new column, backfill it in batches, and switch over.",
		Bad:  "ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,4);",
		Good: "ALTER TABLE orders ADD COLUMN amount_new numeric(12,4);\n-- backfill in batches, then switch the application over",
	},
	Check: checkChangingColumnType,
}

func checkChangingColumnType(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AlterColumnType {
			return
		}
		def := cmd.GetDef().GetColumnDef()
		to := catalog.TypeName(def.GetTypeName())
		from := ""
		if a.table != nil {
			if c := a.table.Column(cmd.GetName()); c != nil {
				from = c.Type
			}
		}
		// A USING expression or a new collation can change stored values or
		// index order even when the types are compatible.
		plain := def.GetRawDefault() == nil && def.GetCollClause() == nil
		if from != "" && plain && !knowledge.TypeChangeRewrites(from, to) {
			return
		}
		inUTC := from != "" && plain && p.PGVersion >= 12 && knowledge.RewriteSkippedInUTC(from, to)
		if inUTC && sessionInUTC(p) {
			return
		}
		change := "to " + knowledge.SQLTypeName(to)
		if from != "" {
			change = "from " + knowledge.SQLTypeName(from) + " to " + knowledge.SQLTypeName(to)
		}
		start, end := p.Stmt.CmdRange(a.starts, k)
		if inUTC {
			// Whether it rewrites depends on a session setting the file
			// does not fix, and the cheap way out is to fix it.
			p.Reportf(start, end, "changing the type of column %s of table %s %s rewrites the table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock unless the session TimeZone is UTC; if the stored values are UTC, SET LOCAL TimeZone = 'UTC' before it and PostgreSQL changes the type in place",
				rules.Quote(cmd.GetName()), a.name, change)
			return
		}
		p.Reportf(start, end, "changing the type of column %s of table %s %s rewrites the table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock; add a new column, backfill it in batches, then switch over",
			rules.Quote(cmd.GetName()), a.name, change)
	})
}

// utcZones are TimeZone settings with a fixed zero offset, under which
// PostgreSQL 12+ converts timestamp to timestamptz without a rewrite.
var utcZones = map[string]bool{
	"utc": true, "etc/utc": true, "gmt": true, "etc/gmt": true, "uct": true, "etc/uct": true,
	"zulu": true, "etc/zulu": true, "universal": true, "etc/universal": true, "z": true,
}

// sessionInUTC reports whether the last SET TimeZone (or SET TIME ZONE)
// before this statement in the file chose UTC. RESET and other zones count
// as not UTC: the server default is unknown.
func sessionInUTC(p *rules.Pass) bool {
	for i := p.Stmt.Index - 1; i >= 0; i-- {
		vs := p.File.Statements[i].Node.GetVariableSetStmt()
		if vs == nil || !strings.EqualFold(vs.GetName(), "timezone") {
			continue
		}
		if vs.GetKind() != pg_query.VariableSetKind_VAR_SET_VALUE || len(vs.GetArgs()) != 1 {
			return false
		}
		c := vs.GetArgs()[0].GetAConst()
		if c.GetSval() != nil {
			return utcZones[strings.ToLower(c.GetSval().GetSval())]
		}
		return c.GetIval() != nil && c.GetIval().GetIval() == 0 && !c.GetIsnull()
	}
	return false
}
