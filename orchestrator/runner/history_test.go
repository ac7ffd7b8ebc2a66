package runner

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/rules/catalog/livedb"
)

// TestHistorySchemaBackslashWithoutStandardStrings applies into a history
// schema whose name holds a backslash on a database where backslashes in
// ordinary string literals are escapes: the literals sqlreview builds
// read the same under both settings.
func TestHistorySchemaBackslashWithoutStandardStrings(t *testing.T) {
	const schema = `we\ird`
	files := map[string]string{"0001_t.sql": "CREATE TABLE t (id bigint PRIMARY KEY, amount numeric(12,2));\n" +
		"CREATE VIEW v AS SELECT id,\n    amount FROM t WHERE amount > 0;\n"}
	dir := writeDir(t, files)
	withSchema := func(o *Options) { o.HistorySchema = schema }
	dumps := map[bool]string{}
	for _, standard := range []bool{true, false} {
		url := pgtest.NewDB(t)
		c := connect(t, url)
		if !standard {
			db := queryStrings(t, c, `SELECT current_database()`)[0]
			if _, err := c.Exec(context.Background(), `ALTER DATABASE `+pgutil.QuoteIdent(db)+` SET standard_conforming_strings = off`); err != nil {
				t.Fatal(err)
			}
		}
		// A user schema whose name starts with "pg": the database is not
		// empty, whatever the setting.
		if _, err := c.Exec(context.Background(), `CREATE SCHEMA pgx; CREATE TABLE pgx.seed (id int)`); err != nil {
			t.Fatal(err)
		}
		_, _, err := apply(t, url, dir, withSchema)
		if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "already has 1 objects") {
			t.Fatalf("standard %v: apply on a non-empty database: %v", standard, err)
		}
		if _, err := c.Exec(context.Background(), `DROP SCHEMA pgx CASCADE`); err != nil {
			t.Fatal(err)
		}
		res, out, err := apply(t, url, dir, withSchema, func(o *Options) { o.NoReview = false })
		if err != nil || len(res.Applied) != 1 {
			t.Fatalf("standard %v: %v %+v\n%s", standard, err, res, out)
		}
		if got := queryStrings(t, c, `SELECT version || ' ' || status FROM "we\ird".history`); len(got) != 1 || got[0] != "1 applied" {
			t.Errorf("standard %v: history = %v", standard, got)
		}
		res, _, err = apply(t, url, dir, withSchema)
		if err != nil || len(res.Applied) != 0 {
			t.Errorf("standard %v: second apply: %v %+v", standard, err, res)
		}
		r, _ := open(t, url, dir, withSchema)
		dump, err := r.DumpSchema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		dumps[standard] = dump
		cat, err := livedb.Read(context.Background(), r.conn, schema)
		if err != nil {
			t.Fatal(err)
		}
		if col := cat.Table("public", "t").Column("amount"); col == nil || col.Type != "numeric(12,2)" {
			t.Errorf("standard %v: live catalog column = %+v", standard, col)
		}
		if cat.Table(schema, "history") != nil {
			t.Errorf("standard %v: the live catalog holds the history schema", standard)
		}
	}
	if dumps[false] != dumps[true] {
		t.Errorf("schema dump differs without standard strings:\n%s\nwith:\n%s", dumps[false], dumps[true])
	}
	if strings.Contains(dumps[true], "history") || !strings.Contains(dumps[true], "WHERE (t.amount > (0)::numeric);") {
		t.Errorf("dump:\n%s", dumps[true])
	}
}
