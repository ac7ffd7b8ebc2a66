package design

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// DisallowPartition reports partitioned tables and partitions.
var DisallowPartition = &rules.Rule{
	Code: "SR504", Name: "disallow-partitioned-table",
	Aliases:  []string{"table.disallow-partition", "TABLE_DISALLOW_PARTITION"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Partitioned table or partition",
		Why: "Partitioning changes how keys, unique constraints, foreign keys and query plans work, and moving data between " +
			"partitions takes operational care; some teams allow it only after review. CREATE TABLE ... PARTITION BY, " +
			"CREATE TABLE ... PARTITION OF and ALTER TABLE ... ATTACH PARTITION are reported.",
		Bad:  "CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);",
		Good: "CREATE TABLE events (id bigint PRIMARY KEY, at date);",
	},
	Check: checkDisallowPartition,
}

func checkDisallowPartition(p *rules.Pass) {
	s := p.Stmt
	if cs := s.Node.GetCreateStmt(); cs != nil {
		switch {
		case cs.GetPartspec() != nil:
			start := s.Start
			if loc := cs.GetPartspec().GetLocation(); loc >= 0 {
				start = s.Abs(loc)
			}
			p.Reportf(start, s.End, "table %s is partitioned, which this project's policy forbids; use a plain table", rules.RelName(cs.GetRelation()))
		case cs.GetPartbound() != nil:
			p.Reportf(s.Start, s.End, "table %s is created as a partition, which this project's policy forbids; use a plain table", rules.RelName(cs.GetRelation()))
		}
		return
	}
	for _, c := range alterCmds(s) {
		if c.cmd.GetSubtype() == pg_query.AlterTableType_AT_AttachPartition {
			p.Reportf(c.start, c.end, "attaching a partition to table %s uses partitioning, which this project's policy forbids", rules.RelName(c.table))
		}
	}
}

// DropNamingConvention requires a dropped table's name to match a pattern,
// so only tables renamed for deletion first can be dropped.
var DropNamingConvention = &rules.Rule{
	Code: "SR505", Name: "drop-table-naming-convention",
	Aliases:  []string{"table.drop-naming-convention", "TABLE_DROP_NAMING_CONVENTION"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Dropped table's name does not mark it for deletion",
		Why: "Dropping a table loses its data at once. A two-step process — rename the table (e.g. to `orders_delete`), wait for " +
			"anything still reading it to fail loudly, then drop it in a later migration — makes the drop reversible until the last step. " +
			"DROP TABLE of a name that does not match `format` (a regular expression, default `_delete$`) is reported.",
		Bad:  "DROP TABLE orders;",
		Good: "DROP TABLE orders_delete;",
	},
	Settings: map[string]any{"format": "_delete$"},
	Check:    checkDropNamingConvention,
}

func checkDropNamingConvention(p *rules.Pass) {
	ds := p.Stmt.Node.GetDropStmt()
	if ds == nil || ds.GetRemoveType() != pg_query.ObjectType_OBJECT_TABLE {
		return
	}
	re := rules.Regexp(p.String("format"))
	if re == nil {
		return
	}
	for _, obj := range ds.GetObjects() {
		items := obj.GetList().GetItems()
		if len(items) == 0 {
			continue
		}
		name := items[len(items)-1].GetString_().GetSval()
		if re.MatchString(name) {
			continue
		}
		start, end := dropNameRange(p, name)
		p.Reportf(start, end, "table %s is dropped without first being renamed to match %s; rename it in an earlier migration, then drop it",
			rules.Quote(name), rules.Quote(re.String()))
	}
}

// dropNameRange finds a dropped object's name among the statement's tokens.
func dropNameRange(p *rules.Pass, name string) (int, int) {
	s := p.Stmt
	toks := s.Tokens()
	for i := len(toks) - 1; i >= 0; i-- {
		t := s.File().TokenText(toks[i])
		if t == name || lower(t) == name || (len(t) > 2 && t[0] == '"' && t[1:len(t)-1] == name) {
			start := toks[i].Start
			for i >= 2 && s.File().IsPunct(toks[i-1], '.') {
				i -= 2
				start = toks[i].Start
			}
			return start, s.NameEndOffset(start)
		}
	}
	return s.Start, s.End
}

// NoForeignKey reports every foreign key.
var NoForeignKey = &rules.Rule{
	Code: "SR506", Name: "disallow-foreign-key",
	Aliases:  []string{"table.no-foreign-key", "TABLE_NO_FOREIGN_KEY"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Foreign key",
		Why: "Some teams keep referential integrity in the application: foreign keys lock both tables when added, slow down " +
			"writes and deletes on the referenced table, and get in the way of sharding and online schema changes. Every foreign key " +
			"(CREATE TABLE, ADD CONSTRAINT, a column's REFERENCES) is reported.",
		Bad:  "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
		Good: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL);",
	},
	Check: checkNoForeignKey,
}

func checkNoForeignKey(p *rules.Pass) {
	for _, k := range Keys(p) {
		if k.Kind == catalog.ForeignKey {
			p.Reportf(k.Start, k.End, "foreign key on table %s referencing %s is not allowed by this project's policy; enforce the reference in the application",
				rules.RelName(k.Table), rules.RelName(k.RefTable))
		}
	}
}
