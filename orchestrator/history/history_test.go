package history

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// recordDDL installs an event trigger that records the tag of every DDL
// command run in the database, in order, in public.ddl_log.
func recordDDL(t *testing.T, c *pgx.Conn) {
	t.Helper()
	_, err := c.Exec(context.Background(), `CREATE TABLE public.ddl_log (n serial, tag text);
CREATE FUNCTION public.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.ddl_log (tag) VALUES (tg_tag); END $$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION public.log_ddl();`)
	if err != nil {
		t.Fatal(err)
	}
}

func loggedDDL(t *testing.T, c *pgx.Conn) string {
	t.Helper()
	var tags string
	if err := c.QueryRow(context.Background(), `SELECT coalesce(string_agg(tag, ', ' ORDER BY n), '') FROM public.ddl_log`).Scan(&tags); err != nil {
		t.Fatal(err)
	}
	_, _ = c.Exec(context.Background(), `TRUNCATE public.ddl_log`)
	return tags
}

// On a database without the history schema the setup only creates: no
// existence checks, no columns added after the tables, no trigger dropped.
// A second connection finds the tables current and runs no DDL; a
// dropped trigger makes the setup run the idempotent DDL, which restores
// it.
func TestSetupOnANewDatabaseOnlyCreates(t *testing.T) {
	ctx := context.Background()
	c := connect(t, pgtest.NewDB(t))
	recordDDL(t, c)
	if err := Setup(ctx, c, "sqlreview"); err != nil {
		t.Fatal(err)
	}
	if got, want := loggedDDL(t, c), "CREATE SCHEMA, CREATE TABLE, CREATE TABLE, CREATE TABLE, CREATE TABLE, CREATE FUNCTION, CREATE TRIGGER"; got != want {
		t.Errorf("setup on a new database ran\n  %s\nwant\n  %s", got, want)
	}
	if !Current(ctx, c, "sqlreview") {
		t.Fatal("the history is not current after the setup")
	}
	if err := Setup(ctx, c, "sqlreview"); err != nil {
		t.Fatal(err)
	}
	if got := loggedDDL(t, c); got != "" {
		t.Errorf("setup of a current history ran %s", got)
	}
	if _, err := c.Exec(ctx, `DROP TRIGGER events_append_only ON sqlreview.events`); err != nil {
		t.Fatal(err)
	}
	loggedDDL(t, c)
	if err := Setup(ctx, c, "sqlreview"); err != nil {
		t.Fatal(err)
	}
	if got := loggedDDL(t, c); !strings.Contains(got, "ALTER TABLE") || !strings.HasSuffix(got, "CREATE TRIGGER") {
		t.Errorf("setup after the trigger was dropped ran %s, want the idempotent DDL", got)
	}
	if !Current(ctx, c, "sqlreview") {
		t.Fatal("the setup did not restore the trigger")
	}
}

// The fresh setup makes exactly the objects and meta rows of the
// idempotent DDL, and a schema that exists without the tables (made by
// hand, or an older layout) is set up by the DDL.
func TestFreshSetupMakesWhatTheDDLMakes(t *testing.T) {
	ctx := context.Background()
	fresh, ddl, existing := pgtest.NewDB(t), pgtest.NewDB(t), pgtest.NewDB(t)
	if err := Setup(ctx, connect(t, fresh), "we\"ird"); err != nil {
		t.Fatal(err)
	}
	if _, err := connect(t, ddl).Exec(ctx, DDL(`we"ird`)); err != nil {
		t.Fatal(err)
	}
	ce := connect(t, existing)
	if _, err := ce.Exec(ctx, `CREATE SCHEMA "we""ird"`); err != nil {
		t.Fatal(err)
	}
	if err := Setup(ctx, ce, `we"ird`); err != nil {
		t.Fatal(err)
	}
	want := pgtest.PgDumpSchema(t, ddl)
	if !strings.Contains(want, "CREATE TABLE \"we\"\"ird\".history") {
		t.Fatalf("pg_dump of the DDL's database:\n%s", want)
	}
	for name, url := range map[string]string{"fresh": fresh, "existing schema": existing} {
		if got := pgtest.PgDumpSchema(t, url); got != want {
			t.Errorf("%s: pg_dump differs from the DDL's:\n%s\nwant:\n%s", name, got, want)
		}
	}
	meta := func(url string) string {
		var s string
		if err := connect(t, url).QueryRow(ctx, `SELECT string_agg(key || '=' || value, ' ' ORDER BY key) FROM "we""ird".meta`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got, want := meta(fresh), "ddl="+historyDDLDigest+" format=1"; got != want || meta(existing) != want || meta(ddl) != want {
		t.Errorf("meta: fresh %q, existing %q, DDL %q; want %q", got, meta(existing), meta(ddl), want)
	}
}
