package locking

import (
	"slices"
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
			"is UTC — also with USING the column itself — but the indexes on the column change operator class and are still rebuilt under the lock, which is reported with the indexes the replay knows. " +
			"Otherwise add a new column, backfill it in batches, and switch over.",
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
		// index order even when the types are compatible; USING the column
		// itself (or cast to the new type) is the implicit conversion.
		plain := usingColumnItself(def.GetRawDefault(), cmd.GetName(), to) && def.GetCollClause() == nil
		if from != "" && plain && !knowledge.TypeChangeRewrites(from, to) {
			return
		}
		inUTC := from != "" && plain && p.PGVersion >= 12 && knowledge.RewriteSkippedInUTC(from, to)
		if inUTC && sessionInUTC(p) {
			// Done in place, but the indexes on the column change operator
			// class (timestamp_ops to timestamptz_ops) and are rebuilt.
			reportIndexRebuild(p, a, k, cmd.GetName(), from, to)
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

// usingColumnItself reports whether a USING expression (nil: none) is the
// column itself, possibly cast to the new type: the conversion PostgreSQL
// applies without USING.
func usingColumnItself(using *pg_query.Node, col, to string) bool {
	if using == nil {
		return true
	}
	if tc := using.GetTypeCast(); tc != nil {
		if catalog.TypeName(tc.GetTypeName()) != to {
			return false
		}
		using = tc.GetArg()
	}
	fields := using.GetColumnRef().GetFields()
	return len(fields) > 0 && fields[len(fields)-1].GetString_().GetSval() == col
}

// reportIndexRebuild reports a type change done in place that still
// rebuilds the column's indexes under the ACCESS EXCLUSIVE lock, naming
// the indexes the replay knows.
func reportIndexRebuild(p *rules.Pass, a *alterTable, k int, col, from, to string) {
	var names []string
	if a.table != nil {
		for _, ix := range p.Catalog.Schemas[a.table.Schema].Indexes {
			if ix.Table == a.table.Name && slices.ContainsFunc(ix.Columns, func(c string) bool { return c == col || strings.Contains(c, col) }) {
				names = append(names, rules.Quote(ix.Name))
			}
		}
		if len(names) == 0 {
			return // no index to rebuild: nothing waits but the catalog update
		}
	}
	slices.Sort(names)
	which := "the indexes on the column"
	if len(names) > 0 {
		which = "index " + strings.Join(names, ", ")
		if len(names) > 1 {
			which = "indexes " + strings.Join(names, ", ")
		}
	}
	start, end := p.Stmt.CmdRange(a.starts, k)
	p.Reportf(start, end, "changing the type of column %s of table %s from %s to %s is done in place in a UTC session, but rebuilds %s while holding an ACCESS EXCLUSIVE lock, blocking reads and writes for the whole build; "+
		"build the new indexes CONCURRENTLY on a new column instead, or accept the wait on a small table",
		rules.Quote(col), a.name, knowledge.SQLTypeName(from), knowledge.SQLTypeName(to), which)
}
