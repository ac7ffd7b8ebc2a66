// Package livedb reads a catalog.Catalog from a live PostgreSQL database
// through pg_catalog, so migrations can be reviewed against the schema
// they will really run against instead of a replay of earlier files.
//
// Only user objects are read: the system schemas (pg_catalog,
// information_schema, pg_toast, pg_temp_*) and any schema the caller
// excludes (the migration history) are left out, as are objects owned by
// extensions.
package livedb

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/rules/catalog"
)

// Querier is what Read needs: a *pgx.Conn, a pgx.Tx or a pool.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// userNS selects the namespaces Read looks at; $1 is a text[] of excluded
// schema names.
const userNS = `SELECT oid FROM pg_namespace WHERE nspname <> ALL($1::text[])
  AND nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE E'pg\\_temp\\_%'
  AND nspname NOT LIKE E'pg\\_toast\\_temp\\_%'`

// notExt excludes objects that belong to an extension.
const notExt = `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = %s AND dep.deptype = 'e')`

// Read returns the schema of the connected database. exclude lists schemas
// to leave out (e.g. the history schema).
func Read(ctx context.Context, q Querier, exclude ...string) (*catalog.Catalog, error) {
	if exclude == nil {
		exclude = []string{}
	}
	c, _, err := read(ctx, q, false, exclude)
	return c, err
}

// ReadEmpty is Read, and also reports whether the schemas read hold no
// object at all (no relation, type or function, an extension's
// included), from the same query: a caller that must refuse a database
// that is not new needs no read of its own when it is empty.
func ReadEmpty(ctx context.Context, q Querier, exclude ...string) (c *catalog.Catalog, empty bool, err error) {
	if exclude == nil {
		exclude = []string{}
	}
	return read(ctx, q, false, exclude)
}

// read is Read; full reads every object kind even when the schemas hold
// none (a test compares the two).
func read(ctx context.Context, q Querier, full bool, exclude []string) (*catalog.Catalog, bool, error) {
	c := catalog.New()
	r := reader{ctx: ctx, q: q, c: c, ex: exclude}
	run := func(steps ...func() error) error {
		for _, f := range steps {
			if err := f(); err != nil {
				return err
			}
		}
		return nil
	}
	if err := run(r.schemas, r.searchPath); err != nil {
		return nil, false, err
	}
	empty := !r.anyObjects && !r.anyFunctions
	// The other queries read relations and types of the schemas: when they
	// hold none — a new database, the first rollout to a new tenant — the
	// six would return nothing.
	if !full && !r.anyObjects {
		return c, empty, nil
	}
	if err := run(r.types, r.tables, r.columns, r.constraints, r.indexes, r.sequences); err != nil {
		return nil, false, err
	}
	return c, empty, nil
}

type reader struct {
	ctx context.Context
	q   Querier
	c   *catalog.Catalog
	ex  []string
	// anyObjects is set by schemas when a schema read holds a relation or
	// a type, anyFunctions when one holds a function.
	anyObjects, anyFunctions bool
}

func (r *reader) each(what, sql string, scan func(pgx.Rows) error) error {
	rows, err := r.q.Query(r.ctx, sql, r.ex)
	if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("read %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

func (r *reader) schemas() error {
	// A function in a user schema was made after initdb: its oid is at
	// least 16384 (FirstNormalObjectId), which the oid index finds.
	return r.each("schemas", `SELECT n.nspname,
  EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid) OR EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace = n.oid),
  EXISTS (SELECT 1 FROM pg_proc p WHERE p.oid >= 16384 AND p.pronamespace = n.oid)
FROM pg_namespace n WHERE n.oid IN (`+userNS+`) ORDER BY 1`, func(rows pgx.Rows) error {
		var n string
		var objects, functions bool
		if err := rows.Scan(&n, &objects, &functions); err != nil {
			return err
		}
		r.c.EnsureSchema(n, catalog.Origin{})
		r.anyObjects = r.anyObjects || objects
		r.anyFunctions = r.anyFunctions || functions
		return nil
	})
}

// searchPath resolves unqualified names the way the migrations' session
// will: the effective search path, without the implicit pg_catalog.
func (r *reader) searchPath() error {
	return r.each("search_path", `SELECT s FROM unnest(current_schemas(false)) s WHERE $1::text[] IS NOT NULL`, func(rows pgx.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if len(r.c.SearchPath) == 1 && r.c.SearchPath[0] == "public" && s != "public" {
			r.c.SearchPath = nil
		}
		if s != "public" || len(r.c.SearchPath) == 0 || r.c.SearchPath[0] != "public" {
			r.c.SearchPath = appendUniq(r.c.SearchPath, s)
		}
		return nil
	})
}

func appendUniq(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// typeExpr renders a type the way catalog.TypeName does: internal names
// ("int4", "varchar(255)", "timestamptz(3)", "text[]"), schema-qualified
// outside pg_catalog and public.
const typeExpr = `(CASE WHEN et.oid IS NOT NULL THEN
   (CASE WHEN etn.nspname IN ('pg_catalog', 'public') THEN '' ELSE etn.nspname || '.' END) || et.typname
 ELSE (CASE WHEN tn.nspname IN ('pg_catalog', 'public') THEN '' ELSE tn.nspname || '.' END) || t.typname END)
 || coalesce(substring(format_type(%[1]s, %[2]s) from E'\\([^)]*\\)'), '')
 || (CASE WHEN et.oid IS NOT NULL THEN '[]' ELSE '' END)`

func typeSQL(oidCol, modCol string) string { return fmt.Sprintf(typeExpr, oidCol, modCol) }

const typeJoins = ` JOIN pg_type t ON t.oid = %[1]s JOIN pg_namespace tn ON tn.oid = t.typnamespace
 LEFT JOIN pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem AND t.typelem <> 0
 LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace`

func (r *reader) types() error {
	err := r.each("enum types", `SELECT n.nspname, ty.typname, coalesce(array_agg(e.enumlabel ORDER BY e.enumsortorder) FILTER (WHERE e.enumlabel IS NOT NULL), '{}')
FROM pg_type ty JOIN pg_namespace n ON n.oid = ty.typnamespace LEFT JOIN pg_enum e ON e.enumtypid = ty.oid
WHERE ty.typtype = 'e' AND ty.typnamespace IN (`+userNS+`) AND `+fmt.Sprintf(notExt, "ty.oid")+`
GROUP BY 1, 2 ORDER BY 1, 2`, func(rows pgx.Rows) error {
		var sch, name string
		var labels []string
		if err := rows.Scan(&sch, &name, &labels); err != nil {
			return err
		}
		r.c.EnsureSchema(sch, catalog.Origin{}).Types[name] = &catalog.Type{Schema: sch, Name: name, Kind: "enum", Values: labels}
		return nil
	})
	if err != nil {
		return err
	}
	return r.each("domains", `SELECT n.nspname, d.typname, `+typeSQL("d.typbasetype", "d.typtypmod")+`
FROM pg_type d JOIN pg_namespace n ON n.oid = d.typnamespace`+fmt.Sprintf(typeJoins, "d.typbasetype")+`
WHERE d.typtype IN ('d', 'r') AND d.typnamespace IN (`+userNS+`) AND `+fmt.Sprintf(notExt, "d.oid")+` ORDER BY 1, 2`, func(rows pgx.Rows) error {
		var sch, name, base string
		if err := rows.Scan(&sch, &name, &base); err != nil {
			return err
		}
		r.c.EnsureSchema(sch, catalog.Origin{}).Types[name] = &catalog.Type{Schema: sch, Name: name, Kind: "domain", BaseType: base}
		return nil
	})
}

var relKinds = map[string]catalog.RelKind{"r": catalog.KindTable, "p": catalog.KindPartitioned, "v": catalog.KindView,
	"m": catalog.KindMatView, "f": catalog.KindForeign}

func (r *reader) table(sch, name string) *catalog.Table {
	s := r.c.Schemas[sch]
	if s == nil {
		return nil
	}
	return s.Tables[name]
}

func (r *reader) tables() error {
	return r.each("tables", `SELECT n.nspname, c.relname, c.relkind::text, c.relpersistence = 'u',
  coalesce((SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition LIMIT 1), ''),
  coalesce(obj_description(c.oid, 'pg_class'), '')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relnamespace IN (`+userNS+`) AND `+fmt.Sprintf(notExt, "c.oid")+`
ORDER BY 1, 2`, func(rows pgx.Rows) error {
		var sch, name, kind, parent, comment string
		var unlogged bool
		if err := rows.Scan(&sch, &name, &kind, &unlogged, &parent, &comment); err != nil {
			return err
		}
		t := &catalog.Table{Schema: sch, Name: name, Kind: relKinds[kind], Unlogged: unlogged, PartitionOf: parent, Comment: comment}
		r.c.EnsureSchema(sch, catalog.Origin{}).Tables[name] = t
		return nil
	})
}

func (r *reader) columns() error {
	return r.each("columns", `SELECT n.nspname, c.relname, a.attname, `+typeSQL("a.atttypid", "a.atttypmod")+`, a.attnotnull,
  coalesce(pg_get_expr(ad.adbin, ad.adrelid), ''), a.attidentity::text, a.attgenerated::text,
  coalesce(col_description(c.oid, a.attnum), '')
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace`+
		fmt.Sprintf(typeJoins, "a.atttypid")+`
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND c.relnamespace IN (`+userNS+`) ORDER BY n.nspname, c.relname, a.attnum`, func(rows pgx.Rows) error {
		var sch, tbl, name, typ, def, ident, gen, comment string
		var notNull bool
		if err := rows.Scan(&sch, &tbl, &name, &typ, &notNull, &def, &ident, &gen, &comment); err != nil {
			return err
		}
		t := r.table(sch, tbl)
		if t == nil {
			return nil
		}
		col := &catalog.Column{Name: name, Type: typ, NotNull: notNull, Comment: comment}
		switch ident {
		case "a":
			col.Identity = "always"
		case "d":
			col.Identity = "by default"
		}
		if gen != "" {
			col.Generated = true
		} else {
			col.Default = def
		}
		t.Columns = append(t.Columns, col)
		return nil
	})
}

var conTypes = map[string]catalog.ConstraintType{"p": catalog.PrimaryKey, "u": catalog.Unique, "f": catalog.ForeignKey,
	"c": catalog.Check, "x": catalog.Exclusion, "n": catalog.NotNullCon}

var fkActions = map[string]string{"a": "", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}

func (r *reader) constraints() error {
	return r.each("constraints", `SELECT n.nspname, c.relname, k.conname, k.contype::text, k.convalidated,
  coalesce((SELECT array_agg(a.attname ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY u(num, ord)
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num), '{}'),
  coalesce(pg_get_expr(k.conbin, k.conrelid), ''),
  coalesce(fn.nspname, ''), coalesce(fc.relname, ''),
  coalesce((SELECT array_agg(a.attname ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY u(num, ord)
            JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num), '{}'),
  k.confdeltype::text
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = k.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE k.conrelid <> 0 AND c.relnamespace IN (`+userNS+`) ORDER BY 1, 2, 3`, func(rows pgx.Rows) error {
		var sch, tbl, name, typ, expr, rs, rt, del string
		var valid bool
		var cols, refCols []string
		if err := rows.Scan(&sch, &tbl, &name, &typ, &valid, &cols, &expr, &rs, &rt, &refCols, &del); err != nil {
			return err
		}
		t := r.table(sch, tbl)
		ct, ok := conTypes[typ]
		if t == nil || !ok {
			return nil
		}
		con := &catalog.Constraint{Name: name, Type: ct, Columns: cols, Validated: valid, Expr: expr}
		if ct == catalog.ForeignKey {
			con.RefSchema, con.RefTable, con.RefColumns, con.OnDelete = rs, rt, refCols, fkActions[del]
		}
		t.Constraints = append(t.Constraints, con)
		return nil
	})
}

var stripParens = regexp.MustCompile(`^\((.*)\)$`)

func (r *reader) indexes() error {
	return r.each("indexes", `SELECT n.nspname, ic.relname, tc.relname, i.indisunique, i.indisprimary, am.amname,
  coalesce((SELECT array_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) FROM generate_series(1, i.indnkeyatts) k), '{}'),
  coalesce((SELECT array_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) FROM generate_series(i.indnkeyatts + 1, i.indnatts) k), '{}'),
  coalesce(pg_get_expr(i.indpred, i.indrelid, true), ''), NOT i.indisvalid,
  coalesce((SELECT p.relname FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent WHERE h.inhrelid = ic.oid LIMIT 1), '')
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace JOIN pg_am am ON am.oid = ic.relam
WHERE ic.relnamespace IN (`+userNS+`) AND `+fmt.Sprintf(notExt, "tc.oid")+` ORDER BY 1, 2`, func(rows pgx.Rows) error {
		var sch, name, tbl, method, where, parent string
		var unique, primary, invalid bool
		var cols, include []string
		if err := rows.Scan(&sch, &name, &tbl, &unique, &primary, &method, &cols, &include, &where, &invalid, &parent); err != nil {
			return err
		}
		for i, c := range cols {
			cols[i] = strings.TrimSpace(stripParens.ReplaceAllString(c, "$1"))
		}
		r.c.EnsureSchema(sch, catalog.Origin{}).Indexes[name] = &catalog.Index{Schema: sch, Name: name, Table: tbl,
			Columns: cols, Unique: unique, Primary: primary, Method: method, Include: include, Where: where,
			Parent: parent, Invalid: invalid}
		return nil
	})
}

func (r *reader) sequences() error {
	return r.each("sequences", `SELECT n.nspname, s.relname, coalesce(t.relname, ''), coalesce(a.attname, '')
FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass
  AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
LEFT JOIN pg_class t ON t.oid = d.refobjid
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE s.relkind = 'S' AND s.relnamespace IN (`+userNS+`) AND `+fmt.Sprintf(notExt, "s.oid")+` ORDER BY 1, 2`, func(rows pgx.Rows) error {
		var sch, name, tbl, col string
		if err := rows.Scan(&sch, &name, &tbl, &col); err != nil {
			return err
		}
		r.c.EnsureSchema(sch, catalog.Origin{}).Sequences[name] = &catalog.Sequence{Schema: sch, Name: name, OwnerTable: tbl, OwnerColumn: col}
		return nil
	})
}
