package naming

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/design"
)

// keyWhat describes a key kind in messages.
func keyWhat(kind catalog.ConstraintType) string {
	return design.KindName(kind)
}

// keyVars fills a key format's template tokens.
func keyVars(p *rules.Pass, kind catalog.ConstraintType, table string, cols []string, refSchema, refTable string, refCols []string) map[string]string {
	if kind != catalog.ForeignKey {
		return map[string]string{tokTable: table, tokColumnList: strings.Join(cols, "_")}
	}
	if len(refCols) == 0 && refTable != "" {
		// REFERENCES t without columns means t's primary key.
		if t := p.Catalog.Table(refSchema, refTable); t != nil && t.PrimaryKey() != nil {
			refCols = t.PrimaryKey().Columns
		}
	}
	return map[string]string{
		tokRefingTable: table, tokRefingColumn: strings.Join(cols, "_"),
		tokRefedTable: refTable, tokRefedColumn: strings.Join(refCols, "_"),
	}
}

// indexKind is the key kind an existing index stands for.
func indexKind(ix *catalog.Index) catalog.ConstraintType {
	switch {
	case ix.Primary:
		return catalog.PrimaryKey
	case ix.Unique:
		return catalog.Unique
	}
	return design.PlainIndex
}

// checkKeyNames checks the names of the keys of one kind that the statement
// defines or renames. Keys without a name (PostgreSQL picks one) are not
// checked.
func checkKeyNames(p *rules.Pass, kind catalog.ConstraintType) {
	for _, k := range design.Keys(p) {
		if k.Kind != kind || k.Name == "" {
			continue
		}
		refSchema, refTable := k.RefTable.GetSchemaname(), k.RefTable.GetRelname()
		vars := keyVars(p, kind, k.Table.GetRelname(), k.Columns, refSchema, refTable, k.RefColumns)
		checkName(p, k.Name, keyWhat(kind), " of table "+rules.RelName(k.Table), vars, k.Start, k.End)
	}
	rs := p.Stmt.Node.GetRenameStmt()
	if rs == nil {
		return
	}
	rel := rs.GetRelation()
	start, end := lastToken(p.Stmt)
	switch rs.GetRenameType() {
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname())
		if t == nil {
			return
		}
		if con := t.Constraint(rs.GetSubname()); con != nil {
			if con.Type != kind {
				return
			}
			vars := keyVars(p, kind, t.Name, con.Columns, con.RefSchema, con.RefTable, con.RefColumns)
			checkName(p, rs.GetNewname(), keyWhat(kind), " of table "+rules.RelName(rel), vars, start, end)
			return
		}
		// Bytebase also renames a plain unique index this way.
		if ix := p.Catalog.Index(t.Schema, rs.GetSubname()); ix != nil && ix.Table == t.Name && indexKind(ix) == kind {
			vars := keyVars(p, kind, t.Name, ix.Columns, "", "", nil)
			checkName(p, rs.GetNewname(), keyWhat(kind), " of table "+rules.RelName(rel), vars, start, end)
		}
	case pg_query.ObjectType_OBJECT_INDEX:
		ix := p.Catalog.Index(rel.GetSchemaname(), rel.GetRelname())
		if ix == nil || ix.Placeholder || indexKind(ix) != kind {
			return
		}
		vars := keyVars(p, kind, ix.Table, ix.Columns, "", "", nil)
		checkName(p, rs.GetNewname(), keyWhat(kind), " of table "+rules.Qualified(rel.GetSchemaname(), ix.Table), vars, start, end)
	}
}

// PrimaryKey checks primary key names.
var PrimaryKey = &rules.Rule{
	Code: "SR703", Name: "primary-key-naming-convention",
	Aliases:  []string{"naming.index.pk", "NAMING_INDEX_PK"},
	Category: rules.Naming, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Primary key name does not follow the naming convention",
		Why: "Predictable constraint names make migrations that drop or rename them easy to write and review. Named primary keys " +
			"(in CREATE TABLE, ALTER TABLE ... ADD CONSTRAINT, including USING INDEX, RENAME CONSTRAINT and ALTER INDEX ... RENAME) " +
			"are checked against `format`, where `{{table}}` is the table and `{{column_list}}` the key columns joined by `_` " +
			"(default `^pk_{{table}}_{{column_list}}$`), and `maxLength` (default 64). Unnamed keys, named by PostgreSQL, are not checked.",
		Bad:  "CREATE TABLE users (id bigint, CONSTRAINT users_key PRIMARY KEY (id));",
		Good: "CREATE TABLE users (id bigint, CONSTRAINT pk_users_id PRIMARY KEY (id));",
	},
	Settings: map[string]any{"format": "^pk_{{table}}_{{column_list}}$", "maxLength": defaultMaxLength},
	Check:    func(p *rules.Pass) { checkKeyNames(p, catalog.PrimaryKey) },
}

// UniqueKey checks unique constraint and unique index names.
var UniqueKey = &rules.Rule{
	Code: "SR704", Name: "unique-key-naming-convention",
	Aliases:  []string{"naming.index.uk", "NAMING_INDEX_UK"},
	Category: rules.Naming, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Unique key name does not follow the naming convention",
		Why: "Predictable constraint names make migrations that drop or rename them easy to write and review. Named unique " +
			"constraints and unique indexes (CREATE TABLE, ADD CONSTRAINT, CREATE UNIQUE INDEX, RENAME CONSTRAINT, ALTER INDEX ... RENAME) " +
			"are checked against `format`, where `{{table}}` is the table and `{{column_list}}` the key columns joined by `_` " +
			"(default `^uk_{{table}}_{{column_list}}$`), and `maxLength` (default 64).",
		Bad:  "CREATE UNIQUE INDEX users_email ON users (email);",
		Good: "CREATE UNIQUE INDEX uk_users_email ON users (email);",
	},
	Settings: map[string]any{"format": "^uk_{{table}}_{{column_list}}$", "maxLength": defaultMaxLength},
	Check:    func(p *rules.Pass) { checkKeyNames(p, catalog.Unique) },
}

// ForeignKey checks foreign key names.
var ForeignKey = &rules.Rule{
	Code: "SR705", Name: "foreign-key-naming-convention",
	Aliases:  []string{"naming.index.fk", "NAMING_INDEX_FK"},
	Category: rules.Naming, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Foreign key name does not follow the naming convention",
		Why: "Predictable constraint names make migrations that drop or rename them easy to write and review. Named foreign keys " +
			"(table or column constraints of CREATE TABLE and ALTER TABLE, RENAME CONSTRAINT) are checked against `format`, where " +
			"`{{referencing_table}}`, `{{referencing_column}}`, `{{referenced_table}}` and `{{referenced_column}}` are filled in " +
			"(columns joined by `_`; default `^fk_{{referencing_table}}_{{referencing_column}}_{{referenced_table}}_{{referenced_column}}$`), " +
			"and `maxLength` (default 64).",
		Bad:  "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id));",
		Good: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, CONSTRAINT fk_orders_user_id_users_id FOREIGN KEY (user_id) REFERENCES users (id));",
	},
	Settings: map[string]any{"format": "^fk_{{referencing_table}}_{{referencing_column}}_{{referenced_table}}_{{referenced_column}}$", "maxLength": defaultMaxLength},
	Check:    func(p *rules.Pass) { checkKeyNames(p, catalog.ForeignKey) },
}

// Index checks the names of plain (non-unique) indexes.
var Index = &rules.Rule{
	Code: "SR706", Name: "index-naming-convention",
	Aliases:  []string{"naming.index.idx", "NAMING_INDEX_IDX"},
	Category: rules.Naming, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Index name does not follow the naming convention",
		Why: "Predictable index names tell what an index covers at a glance in plans and monitoring, and make migrations that " +
			"drop them easy to review. Named non-unique indexes (CREATE INDEX, ALTER INDEX ... RENAME) are checked against `format`, " +
			"where `{{table}}` is the table and `{{column_list}}` the key columns joined by `_` (default `^idx_{{table}}_{{column_list}}$`), " +
			"and `maxLength` (default 64).",
		Bad:  "CREATE INDEX users_by_email ON users (email);",
		Good: "CREATE INDEX idx_users_email ON users (email);",
	},
	Settings: map[string]any{"format": "^idx_{{table}}_{{column_list}}$", "maxLength": defaultMaxLength},
	Check:    func(p *rules.Pass) { checkKeyNames(p, design.PlainIndex) },
}
