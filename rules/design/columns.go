package design

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// ColumnNoNull requires every column to be NOT NULL.
var ColumnNoNull = &rules.Rule{
	Code: "SR507", Name: "require-column-not-null",
	Aliases:  []string{"column.no-null", "COLUMN_NO_NULL"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Nullable column",
		Why: "NULL means \"unknown\" and makes every comparison three-valued: `WHERE status <> 'done'` skips rows whose status is NULL, " +
			"aggregates ignore them, and application code must handle a case that rarely means anything. A column the migration " +
			"creates (CREATE TABLE, ADD COLUMN) that is still nullable at the end of the file is reported, as is ALTER COLUMN ... DROP NOT NULL. " +
			"Primary key and identity columns are NOT NULL implicitly.",
		Bad: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n" +
			"-- a table the replay never saw (created before the history it reads) counts as existing:\n" +
			"ALTER TABLE employee ADD COLUMN nick_name text;",
		Good: "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n" +
			"ALTER TABLE employee ADD COLUMN nick_name text NOT NULL DEFAULT '';",
	},
	AtEnd: checkColumnNoNull,
}

// nullable reports whether a final column may hold NULL.
func nullable(t *catalog.Table, col *catalog.Column) bool {
	if col.NotNull || col.Identity != "" {
		return false
	}
	if pk := t.PrimaryKey(); pk != nil && slices.Contains(pk.Columns, col.Name) {
		return false
	}
	return true
}

func checkColumnNoNull(p *rules.Pass) {
	for _, s := range p.File.Statements {
		for _, cd := range columnDefs(s) {
			t := finalTable(p.Catalog, cd.table)
			if t == nil || t.Kind == catalog.KindView || t.Kind == catalog.KindMatView {
				continue
			}
			col := t.Column(cd.def.GetColname())
			if col == nil || !createdHere(p, col.Created, s) || !nullable(t, col) {
				continue
			}
			p.Reportf(cd.start, cd.end, "column %s of table %s can hold NULL; declare it NOT NULL (with a DEFAULT if existing rows need a value)",
				rules.Quote(col.Name), rules.RelName(cd.table))
		}
		if s.Node.GetAlterTableStmt() == nil {
			continue
		}
		for _, c := range alterCmds(s) {
			if c.cmd.GetSubtype() != pg_query.AlterTableType_AT_DropNotNull {
				continue
			}
			if t := finalTable(p.Catalog, c.table); t != nil {
				if col := t.Column(c.cmd.GetName()); col != nil && col.NotNull {
					continue // NOT NULL again by the end of the file
				}
			}
			p.Reportf(c.start, c.end, "DROP NOT NULL lets column %s of table %s hold NULL; keep it NOT NULL",
				rules.Quote(c.cmd.GetName()), rules.RelName(c.table))
		}
	}
}

// ColumnRequired requires every table to have a list of columns.
var ColumnRequired = &rules.Rule{
	Code: "SR508", Name: "required-columns",
	Aliases:  []string{"column.required", "COLUMN_REQUIRED"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Table lacks a required column",
		Why: "Audit columns such as who created or last changed a row, and when, are only useful if every table has them. " +
			"A table created in the migration must have every column of `list` (default id, created_ts, updated_ts, creator_id, updater_id) " +
			"by the end of the file; dropping or renaming one of them on another table is reported at that statement.",
		Bad:  "CREATE TABLE notes (id bigint PRIMARY KEY, body text);",
		Good: "CREATE TABLE notes (id bigint PRIMARY KEY, body text, created_ts timestamptz, updated_ts timestamptz, creator_id bigint, updater_id bigint);",
	},
	Settings: map[string]any{"list": []string{"id", "created_ts", "updated_ts", "creator_id", "updater_id"}},
	AtEnd:    checkColumnRequired,
}

// missingColumns returns the required columns t lacks, sorted.
func missingColumns(t *catalog.Table, required []string) []string {
	var out []string
	for _, c := range required {
		if t.Column(c) == nil {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func checkColumnRequired(p *rules.Pass) {
	required := p.Strings("list")
	if len(required) == 0 {
		return
	}
	for _, s := range p.File.Statements {
		if cs := s.Node.GetCreateStmt(); cs != nil {
			t := finalTable(p.Catalog, cs.GetRelation())
			if t == nil || !createdHere(p, t.Created, s) || t.ColumnsUnknown || t.PartitionOf != "" || cs.GetRelation().GetRelpersistence() == "t" {
				continue
			}
			if miss := missingColumns(t, required); len(miss) > 0 {
				start := s.Abs(cs.GetRelation().GetLocation())
				p.Reportf(start, s.NameEndOffset(start), "table %s lacks the required columns %s; add them",
					rules.RelName(cs.GetRelation()), strings.Join(miss, ", "))
			}
			continue
		}
		var removed []string
		var rel *pg_query.RangeVar
		renamed := false
		start, end := s.Start, s.End
		if rs := s.Node.GetRenameStmt(); rs != nil && rs.GetRenameType() == pg_query.ObjectType_OBJECT_COLUMN && rs.GetRelationType() == pg_query.ObjectType_OBJECT_TABLE && rs.GetSubname() != rs.GetNewname() {
			rel, removed, renamed = rs.GetRelation(), []string{rs.GetSubname()}, true
		}
		for _, c := range alterCmds(s) {
			if c.cmd.GetSubtype() == pg_query.AlterTableType_AT_DropColumn && slices.Contains(required, c.cmd.GetName()) {
				if rel == nil {
					start, end = c.start, c.end
				}
				rel = c.table
				removed = append(removed, c.cmd.GetName())
			}
		}
		if rel == nil || p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
			continue
		}
		t := finalTable(p.Catalog, rel)
		if t == nil || createdFile(p, t) {
			continue
		}
		var miss []string
		for _, c := range removed {
			// A renamed column is gone under its old name even when the
			// catalog could not follow the rename (the new name was taken).
			if slices.Contains(required, c) && (renamed || t.Column(c) == nil) {
				miss = append(miss, c)
			}
		}
		if len(miss) > 0 {
			p.Reportf(start, end, "table %s loses the required columns %s; keep them", rules.RelName(rel), strings.Join(miss, ", "))
		}
	}
}

// createdFile reports whether a final table was created in this file (it is
// then checked at its CREATE TABLE).
func createdFile(p *rules.Pass, t *catalog.Table) bool { return t.Created.File == p.File.Path }

// TypeDisallowList reports columns of a forbidden type.
var TypeDisallowList = &rules.Rule{
	Code: "SR509", Name: "column-type-disallow-list",
	Aliases:  []string{"column.type-disallow-list", "COLUMN_TYPE_DISALLOW_LIST"},
	Category: rules.Types, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Column of a disallowed type",
		Why: "Teams ban some types by policy (json instead of jsonb, money, serial, char). A column created or retyped " +
			"(CREATE TABLE, ADD COLUMN, ALTER COLUMN ... TYPE) with a type of `list` (default JSON, BINARY_FLOAT) is reported; " +
			"type names are compared as PostgreSQL reads them (`int` is `integer`), and an entry without a length covers every length.",
		Bad:  "CREATE TABLE events (id bigint PRIMARY KEY, payload json);",
		Good: "CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);",
	},
	Settings: map[string]any{"list": []string{"JSON", "BINARY_FLOAT"}},
	Check:    checkTypeDisallowList,
}

// typedColumn is a column type a statement writes.
type typedColumn struct {
	table      *pg_query.RangeVar
	name       string
	typ        *pg_query.TypeName
	def        *pg_query.ColumnDef
	start, end int
}

// typedColumns returns CREATE TABLE / ADD COLUMN definitions and ALTER
// COLUMN ... TYPE changes of the statement.
func typedColumns(p *rules.Pass) []typedColumn {
	var out []typedColumn
	for _, cd := range columnDefs(p.Stmt) {
		out = append(out, typedColumn{table: cd.table, name: cd.def.GetColname(), typ: cd.def.GetTypeName(), def: cd.def, start: cd.start, end: cd.end})
	}
	for _, c := range alterCmds(p.Stmt) {
		if c.cmd.GetSubtype() == pg_query.AlterTableType_AT_AlterColumnType {
			cd := c.cmd.GetDef().GetColumnDef()
			out = append(out, typedColumn{table: c.table, name: c.cmd.GetName(), typ: cd.GetTypeName(), def: cd, start: c.start, end: c.end})
		}
	}
	return out
}

func checkTypeDisallowList(p *rules.Pass) {
	list := typeList(p)
	if len(list) == 0 {
		return
	}
	for _, c := range typedColumns(p) {
		if c.typ == nil {
			continue
		}
		typ := catalog.TypeName(c.typ)
		if typeIn(typ, list) {
			p.Reportf(c.start, c.end, "column %s of table %s has type %s, which this project's policy disallows; choose another type",
				rules.Quote(c.name), rules.RelName(c.table), knowledge.SQLTypeName(typ))
		}
	}
}

// MaxCharLength limits the length of char(n) columns.
var MaxCharLength = &rules.Rule{
	Code: "SR510", Name: "char-column-maximum-length",
	Aliases:  []string{"column.maximum-character-length", "COLUMN_MAXIMUM_CHARACTER_LENGTH"},
	Category: rules.Types, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "char(n) column longer than the limit",
		Why: "char(n) pads every value with spaces to n characters: long char columns waste space and return padded strings " +
			"that compare surprisingly. A char(n) (character(n)) column created or retyped with n greater than `number` " +
			"(default 20) is reported; use varchar(n) or text.",
		Bad:  "CREATE TABLE users (id bigint PRIMARY KEY, name char(100));",
		Good: "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100));",
	},
	Settings: map[string]any{"number": 20},
	Check:    checkMaxCharLength,
}

func checkMaxCharLength(p *rules.Pass) {
	max := p.Int("number")
	if max <= 0 {
		return
	}
	for _, c := range typedColumns(p) {
		typ := catalog.TypeName(c.typ)
		rest, ok := strings.CutPrefix(typ, "bpchar(")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(rest, ")"))
		if err != nil || n <= max {
			continue
		}
		p.Reportf(c.start, c.end, "column %s of table %s is char(%d), longer than %d characters; use varchar(%d) or text",
			rules.Quote(c.name), rules.RelName(c.table), n, max, n)
	}
}

// RequireDefault requires every new column to have a DEFAULT.
var RequireDefault = &rules.Rule{
	Code: "SR511", Name: "require-column-default",
	Aliases:  []string{"column.require-default", "COLUMN_REQUIRE_DEFAULT"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Column without a DEFAULT",
		Why: "A default lets inserts that do not name the column succeed and documents the value a new row starts with. " +
			"Columns of CREATE TABLE and ADD COLUMN without a DEFAULT are reported, except serial, identity and generated columns, " +
			"which get their values another way.",
		Bad:  "CREATE TABLE tasks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text);",
		Good: "CREATE TABLE tasks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text NOT NULL DEFAULT 'new');",
	},
	Check: checkRequireDefault,
}

func checkRequireDefault(p *rules.Pass) {
	for _, cd := range columnDefs(p.Stmt) {
		d := cd.def
		if d.GetRawDefault() != nil || hasConstraint(d, pg_query.ConstrType_CONSTR_DEFAULT) || isSerial(d) ||
			hasConstraint(d, pg_query.ConstrType_CONSTR_IDENTITY) || hasConstraint(d, pg_query.ConstrType_CONSTR_GENERATED) || d.GetIdentity() != "" {
			continue
		}
		p.Reportf(cd.start, cd.end, "column %s of table %s has no DEFAULT; add one", rules.Quote(d.GetColname()), rules.RelName(cd.table))
	}
}

// DefaultDisallowVolatile reports ADD COLUMN with a volatile default.
var DefaultDisallowVolatile = &rules.Rule{
	Code: "SR512", Name: "column-default-disallow-volatile",
	Aliases:  []string{"column.default-disallow-volatile", "COLUMN_DEFAULT_DISALLOW_VOLATILE"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "ADD COLUMN with a volatile DEFAULT",
		Why: "PostgreSQL 11+ adds a column with a constant or stable default (`0`, `now()`) without touching the rows, but a " +
			"volatile default (`random()`, `gen_random_uuid()`, `clock_timestamp()`, a function of unknown volatility) must be computed " +
			"for every existing row, so the table is rewritten under an ACCESS EXCLUSIVE lock. Volatility is looked up in PostgreSQL's " +
			"catalog of built-in functions. Tables created in the same file are not reported.",
		Bad:  "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
		Good: "ALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();",
	},
	Check: checkDefaultDisallowVolatile,
}

func checkDefaultDisallowVolatile(p *rules.Pass) {
	for _, cd := range columnDefs(p.Stmt) {
		if !cd.add || p.IsNewTable(cd.table.GetSchemaname(), cd.table.GetRelname()) {
			continue
		}
		expr := cd.def.GetRawDefault()
		for _, n := range cd.def.GetConstraints() {
			if c := n.GetConstraint(); c.GetContype() == pg_query.ConstrType_CONSTR_DEFAULT {
				expr = c.GetRawExpr()
			}
		}
		if expr == nil {
			continue
		}
		v := knowledge.ExprVolatileIn(p.Catalog, expr)
		if !v.Volatile {
			continue
		}
		why := "a volatile function"
		if v.Func != "" {
			why = "volatile " + v.Func + "()"
			if !v.Known {
				why = v.Func + "(), whose volatility is unknown (PostgreSQL's default for functions is VOLATILE)"
			}
		}
		p.Reportf(cd.start, cd.end, "column %s added to table %s has a DEFAULT calling %s, so every existing row is rewritten under an ACCESS EXCLUSIVE lock; add the column without the default, set the default in a separate statement, and backfill in batches",
			rules.Quote(cd.def.GetColname()), rules.RelName(cd.table), why)
	}
}

// DisallowChangeType reports every column type change.
var DisallowChangeType = &rules.Rule{
	Code: "SR513", Name: "disallow-column-type-change",
	Aliases:  []string{"column.disallow-change-type", "COLUMN_DISALLOW_CHANGE_TYPE"},
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Column type change",
		Why: "Changing a column's type can break the application code that reads and writes it, and can rewrite the table. " +
			"Every ALTER COLUMN ... TYPE is reported, even ones PostgreSQL does in place (see changing-column-type for the rewrite risk only).",
		Bad:  "ALTER TABLE orders ALTER COLUMN note TYPE varchar(500);",
		Good: "ALTER TABLE orders ADD COLUMN note_long varchar(500);",
	},
	Check: checkDisallowChangeType,
}

func checkDisallowChangeType(p *rules.Pass) {
	for _, c := range alterCmds(p.Stmt) {
		if c.cmd.GetSubtype() != pg_query.AlterTableType_AT_AlterColumnType {
			continue
		}
		to := knowledge.SQLTypeName(catalog.TypeName(c.cmd.GetDef().GetColumnDef().GetTypeName()))
		p.Reportf(c.start, c.end, "changing the type of column %s of table %s to %s is not allowed by this project's policy; add a new column and migrate to it",
			rules.Quote(c.cmd.GetName()), rules.RelName(c.table), to)
	}
}
