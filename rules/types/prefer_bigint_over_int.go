package types

import (
	"github.com/sqlreview/sqlreview/rules"
)

// smallInts maps the names of 16- and 32-bit integer types (as they appear in
// the parse tree) to their limit and the 64-bit replacement.
var smallInts = map[string]struct{ max, repl string }{
	"int4": {"2147483647", "bigint"}, "int2": {"32767", "bigint"},
	"serial": {"2147483647", "bigserial"}, "serial4": {"2147483647", "bigserial"},
	"smallserial": {"32767", "bigserial"}, "serial2": {"32767", "bigserial"},
}

// PreferBigintOverInt reports integer, smallint and serial columns.
var PreferBigintOverInt = &rules.Rule{
	Code: "SR601", Name: "prefer-bigint-over-int",
	Aliases: []string{
		"prefer-bigint-over-smallint", "prefer-big-int", // Squawk
		"preferBigintOverInt", "preferBigintOverSmallint", "preferBigInt", // postgres-language-server
	},
	Category: rules.Types, Severity: rules.Warning, Default: true, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "integer, smallint or serial column instead of bigint",
		Why: "integer (int, int4, serial) stops at 2,147,483,647 and smallint (int2, smallserial) at 32,767. " +
			"Ids, counters and sums that outgrow them make every insert fail with `integer out of range` or `nextval: reached maximum value of sequence`, " +
			"and widening the column then means ALTER COLUMN TYPE bigint, which rewrites the table and its indexes under an ACCESS EXCLUSIVE lock. " +
			"bigint costs at most 4 more bytes per value, often nothing after alignment padding. " +
			"CREATE TABLE columns, ADD COLUMN and ALTER COLUMN ... TYPE are checked, arrays included.",
		Bad:       "CREATE TABLE orders (id serial PRIMARY KEY, quantity integer NOT NULL);",
		Good:      "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, quantity bigint NOT NULL);",
		FixSafety: "The fix writes bigint (bigserial for serial types). It is marked safe for columns the statement creates (CREATE TABLE, ADD COLUMN, or a table created earlier in the file): no data exists yet, and every value the narrower type accepts fits. Application code may still need a 64-bit variable for the value. For ALTER COLUMN ... TYPE on an existing table it is not marked safe: it changes which type the existing data is converted to.",
	},
	Check: checkPreferBigint,
}

func checkPreferBigint(p *rules.Pass) {
	for _, c := range columns(p) {
		limit, ok := smallInts[baseName(c.typ)]
		if !ok {
			continue
		}
		sp, ok := spanOf(p.Stmt, c.typ)
		if !ok {
			continue
		}
		p.Report(rules.Diagnostic{
			Start: sp.start, End: sp.end,
			Message: "column " + rules.Quote(c.name) + " is " + sp.base + ", which overflows at " + limit.max + "; use " + limit.repl + " so the column never has to be widened by a table rewrite",
			Fix: &rules.Fix{
				Title: "Use " + limit.repl, Safe: c.creating,
				Edits: []rules.Edit{{Start: sp.start, End: sp.end, NewText: limit.repl + sp.array}},
			},
		})
	}
}
