package design

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// IndexKeyNumberLimit limits the key columns of an index.
var IndexKeyNumberLimit = &rules.Rule{
	Code: "SR514", Name: "index-key-number-limit",
	Aliases:  []string{"index.key-number-limit", "INDEX_KEY_NUMBER_LIMIT"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Index with too many key columns",
		Why: "Every key column makes the index bigger and slower to maintain, and a query uses the trailing columns of a " +
			"B-tree only when it constrains all the leading ones. Primary keys, unique constraints, exclusion constraints and " +
			"indexes with more than `number` (default 5) key columns are reported.",
		Bad:  "CREATE INDEX idx_orders_all ON orders (a, b, c, d, e, f);",
		Good: "CREATE INDEX idx_orders_a_b ON orders (a, b);",
	},
	Settings: map[string]any{"number": 5},
	Check:    checkIndexKeyNumberLimit,
}

func checkIndexKeyNumberLimit(p *rules.Pass) {
	max := p.Int("number")
	if max <= 0 {
		return
	}
	for _, k := range Keys(p) {
		if k.Kind == catalog.ForeignKey || len(k.Columns) <= max {
			continue
		}
		p.Reportf(k.Start, k.End, "%s has %d key columns on table %s, more than %d; index fewer columns",
			keyLabel(k), len(k.Columns), rules.RelName(k.Table), max)
	}
}

// keyLabel names a key for messages: `index "idx_a"`, "primary key".
func keyLabel(k Key) string {
	if k.Name != "" {
		return KindName(k.Kind) + " " + rules.Quote(k.Name)
	}
	return KindName(k.Kind)
}

// IndexNoDuplicateColumn reports keys that list a column twice.
var IndexNoDuplicateColumn = &rules.Rule{
	Code: "SR515", Name: "index-no-duplicate-column",
	Aliases:  []string{"index.no-duplicate-column", "INDEX_NO_DUPLICATE_COLUMN"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Key or index lists a column twice",
		Why: "A column repeated in an index, primary key, unique or foreign key adds nothing but size (and PostgreSQL rejects it " +
			"in primary and unique keys); it is almost always a typo for another column.",
		Bad:  "CREATE INDEX idx_t_a_a ON t (a, a);",
		Good: "CREATE INDEX idx_t_a_b ON t (a, b);",
	},
	Check: checkIndexNoDuplicateColumn,
}

func checkIndexNoDuplicateColumn(p *rules.Pass) {
	for _, k := range Keys(p) {
		seen := map[string]bool{}
		for _, c := range k.Columns {
			if seen[c] {
				p.Reportf(k.Start, k.End, "%s on table %s lists column %s twice; remove the duplicate", keyLabel(k), rules.RelName(k.Table), rules.Quote(c))
				break
			}
			seen[c] = true
		}
	}
}

// PrimaryKeyTypeAllowlist limits the types of primary key columns.
var PrimaryKeyTypeAllowlist = &rules.Rule{
	Code: "SR516", Name: "primary-key-type-allowlist",
	Aliases:  []string{"index.primary-key-type-allowlist", "INDEX_PRIMARY_KEY_TYPE_ALLOWLIST"},
	Category: rules.Types, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Primary key column of a type not in the allow-list",
		Why: "Primary keys are copied into every index and every referencing table: a wide or text key costs space and speed " +
			"everywhere. A primary key column whose type is not in `list` (default serial, bigserial, int, bigint; names are compared " +
			"as PostgreSQL reads them, so `int` also allows `integer` and `serial`) is reported.",
		Bad:  "CREATE TABLE users (email varchar(255) PRIMARY KEY);",
		Good: "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255));",
	},
	Settings: map[string]any{"list": []string{"serial", "bigserial", "int", "bigint"}},
	Check:    checkPrimaryKeyTypeAllowlist,
}

func checkPrimaryKeyTypeAllowlist(p *rules.Pass) {
	list := typeList(p)
	defs := columnDefs(p.Stmt)
	for _, k := range Keys(p) {
		if k.Kind != catalog.PrimaryKey {
			continue
		}
		var t *catalog.Table
		if !k.NewTable {
			t = finalTable(p.Catalog, k.Table)
		}
		for _, name := range k.Columns {
			typ, start, end := "", k.Start, k.End
			for _, cd := range defs {
				if cd.def.GetColname() == name && cd.table.GetRelname() == k.Table.GetRelname() {
					typ, start, end = catalog.TypeName(cd.def.GetTypeName()), cd.start, cd.end
				}
			}
			if typ == "" && t != nil {
				if col := t.Column(name); col != nil {
					typ = col.Type
				}
			}
			if typ == "" || typeIn(typ, list) {
				continue
			}
			p.Reportf(start, end, "column %s of the primary key of table %s has type %s, which is not in the allowed list %v; use one of those types",
				rules.Quote(name), rules.RelName(k.Table), knowledge.SQLTypeName(typ), p.Strings("list"))
		}
	}
}

// IndexTotalNumberLimit limits the number of indexes on a table.
var IndexTotalNumberLimit = &rules.Rule{
	Code: "SR517", Name: "index-total-number-limit",
	Aliases:  []string{"index.total-number-limit", "INDEX_TOTAL_NUMBER_LIMIT"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Table with too many indexes",
		Why: "Every index slows down every INSERT and most UPDATEs, costs disk and memory, and keeps HOT updates from " +
			"happening. A table that the migration gives an index (primary key, unique or exclusion constraint, CREATE INDEX) " +
			"and that has more than `number` (default 5) indexes at the end of the file is reported at the last index it creates.",
		Bad: "CREATE TABLE t (a int PRIMARY KEY, b int, c int, d int, e int, f int);\n" +
			"CREATE INDEX ON t (b);\nCREATE INDEX ON t (c);\nCREATE INDEX ON t (d);\nCREATE INDEX ON t (e);\nCREATE INDEX ON t (f);",
		Good: "CREATE TABLE t (a int PRIMARY KEY, b int);\nCREATE INDEX ON t (b);",
	},
	Settings: map[string]any{"number": 5},
	AtEnd:    checkIndexTotalNumberLimit,
}

func checkIndexTotalNumberLimit(p *rules.Pass) {
	max := p.Int("number")
	if max <= 0 {
		return
	}
	type last struct {
		start, end int
	}
	lasts := map[*catalog.Table]last{}
	var order []*catalog.Table
	for _, s := range p.File.Statements {
		for _, k := range KeysOf(p, s) {
			if k.Kind == catalog.ForeignKey {
				continue
			}
			t := finalTable(p.Catalog, k.Table)
			if t == nil {
				continue
			}
			if _, ok := lasts[t]; !ok {
				order = append(order, t)
			}
			lasts[t] = last{start: k.Start, end: k.End}
		}
	}
	for _, t := range order {
		n := len(p.Catalog.TableIndexes(t))
		if n <= max {
			continue
		}
		l := lasts[t]
		p.Reportf(l.start, l.end, "table %s has %d indexes by the end of this migration, more than %d; drop indexes that queries do not need",
			rules.Qualified(t.Schema, t.Name), n, max)
	}
}
