package catalog

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/sqlreview/sqlreview/internal/testenv"
	"github.com/sqlreview/sqlreview/rules/source"
)

// replayDir replays a migration directory in file-name order.
func replayDir(t testing.TB, project string) *Catalog {
	t.Helper()
	c := New()
	for _, f := range parseDir(t, filepath.Join(corpusDir(t, "migrations"), project)) {
		c.ApplyFile(f)
	}
	return c
}

// corpusFact is one thing known (from reading the migrations) to hold after
// replaying a project's whole history.
type corpusFact struct {
	what  string
	check func(c *Catalog) bool
}

func colIs(table, column, typ string, notNull bool) func(*Catalog) bool {
	return func(c *Catalog) bool {
		t := c.Table("", table)
		if t == nil {
			return false
		}
		col := t.Column(column)
		return col != nil && col.Type == typ && col.NotNull == notNull
	}
}

func tableGone(name string) func(*Catalog) bool {
	return func(c *Catalog) bool { return c.Table("", name) == nil }
}

func indexGone(name string) func(*Catalog) bool {
	return func(c *Catalog) bool { return c.Index("", name) == nil }
}

func indexOn(name, table string, unique bool, cols ...string) func(*Catalog) bool {
	return func(c *Catalog) bool {
		ix := c.Index("", name)
		return ix != nil && ix.Table == table && ix.Unique == unique && slices.Equal(ix.Columns, cols)
	}
}

func TestReplayMigrationCorpus(t *testing.T) {
	projects := map[string][]corpusFact{
		"concourse": {
			// 0009 drops pipes; 0060 creates the unrelated build_pipes with
			// integer columns that 0108 widens to bigint.
			{"pipes dropped", tableGone("pipes")},
			{"build_pipes.from_build_id widened to bigint", colIs("build_pipes", "from_build_id", "int8", true)},
			{"build_pipes.from_build_id references builds", func(c *Catalog) bool {
				con := c.Table("", "build_pipes").Constraint("build_pipes_from_build_id_fkey")
				return con != nil && con.RefTable == "builds" && con.OnDelete == "cascade"
			}},
			// 0003 converts its timestamps, 0016 drops one and 0076 drops the
			// table.
			{"build_outputs dropped", tableGone("build_outputs")},
			// 0109 renames build_events.build_id to build_id_old, renames its
			// index, drops another and adds a bigint build_id.
			{"build_events.build_id_old keeps the old type", colIs("build_events", "build_id_old", "int4", false)},
			{"build_events.build_id is the new bigint", colIs("build_events", "build_id", "int8", false)},
			{"renamed index follows the renamed column", indexOn("build_events_build_id_old_event_id", "build_events", true, "build_id_old", "event_id")},
			{"new index on the new column", indexOn("build_events_build_id_event_id", "build_events", true, "build_id", "event_id")},
			{"dropped index gone", indexGone("build_events_build_id_idx")},
			// 0116 creates check_build_events () INHERITS (build_events).
			{"inherited columns", colIs("check_build_events", "build_id", "int8", false)},
		},
		"ory-kratos": {
			// 0057 renames the requests tables to flows; 0113 drops the
			// methods table; 0114 drops messages and 0115 adds ui.
			{"renamed table gone under its old name", tableGone("selfservice_login_requests")},
			{"login flows ui column", colIs("selfservice_login_flows", "ui", "jsonb", false)},
			{"login flows messages dropped", func(c *Catalog) bool {
				t := c.Table("", "selfservice_login_flows")
				return t != nil && t.Column("messages") == nil
			}},
			{"methods table dropped", tableGone("selfservice_login_flow_methods")},
			// 0288 widens session tokens to varchar(39); 0271 drops the old
			// token index.
			{"sessions.token is varchar(39)", colIs("sessions", "token", "varchar(39)", false)},
			{"sessions.logout_token is varchar(39)", colIs("sessions", "logout_token", "varchar(39)", false)},
			{"sessions_token_idx dropped", indexGone("sessions_token_idx")},
			{"sessions_token_uq_idx", indexOn("sessions_token_uq_idx", "sessions", true, "token")},
		},
		"trigger-dev": {
			{"RegisteredWebhook dropped", tableGone("RegisteredWebhook")},
			{"WorkflowRun dropped (0214)", tableGone("WorkflowRun")},
			{"WorkflowRunStatus type dropped (0214)", func(c *Catalog) bool { return c.Type("", "WorkflowRunStatus") == nil }},
			// 0450 recreates TaskRunStatus and later files add values,
			// ending with DEQUEUED in 0687.
			{"TaskRun.status uses the enum", func(c *Catalog) bool {
				col := c.Table("", "TaskRun").Column("status")
				return col != nil && col.Type == "TaskRunStatus" && col.NotNull && col.Default == "'PENDING'"
			}},
			{"TaskRunStatus values", func(c *Catalog) bool {
				ty := c.Type("", "TaskRunStatus")
				return ty != nil && len(ty.Values) == 17 && ty.Values[0] == "PENDING" && ty.Values[16] == "DEQUEUED"
			}},
			// 0712 adds values through a schema-qualified name.
			{"BatchTaskRunStatus values", func(c *Catalog) bool {
				ty := c.Type("public", "BatchTaskRunStatus")
				return ty != nil && slices.Equal(ty.Values, []string{"PENDING", "COMPLETED", "ABORTED", "PROCESSING", "PARTIAL_FAILED"})
			}},
			// 0608 creates a partitioned table with a composite primary key.
			{"TaskEventPartitioned is partitioned", func(c *Catalog) bool {
				t := c.Table("", "TaskEventPartitioned")
				return t != nil && t.Kind == KindPartitioned && t.PrimaryKey() != nil &&
					slices.Equal(t.PrimaryKey().Columns, []string{"id", "createdAt"})
			}},
			{"TaskEventPartitioned_pkey index", indexOn("TaskEventPartitioned_pkey", "TaskEventPartitioned", true, "id", "createdAt")},
		},
		"openmeter": {
			// 0084 drops billing_invoice_discounts.
			{"billing_invoice_discounts dropped", tableGone("billing_invoice_discounts")},
			// 0228 retypes account_id and adds a NOT VALID foreign key that
			// no later file validates.
			{"ledger_customer_accounts.account_id is char(26)", colIs("ledger_customer_accounts", "account_id", "bpchar(26)", true)},
			{"NOT VALID foreign key stays unvalidated", func(c *Catalog) bool {
				con := c.Table("", "ledger_customer_accounts").Constraint("ledger_customer_accounts_ledger_accounts_customer_accounts")
				return con != nil && con.Type == ForeignKey && !con.Validated && con.RefTable == "ledger_accounts" &&
					slices.Equal(con.RefColumns, []string{"id"})
			}},
			// 0164 adds a NOT VALID foreign key and validates it right after.
			{"validated foreign key", func(c *Catalog) bool {
				con := c.Table("", "plan_rate_cards").Constraint("plan_rate_cards_tax_codes_plan_rate_cards")
				return con != nil && con.Validated && con.OnDelete == "set null"
			}},
		},
	}
	for project, facts := range projects {
		t.Run(project, func(t *testing.T) {
			c := replayDir(t, project)
			for _, f := range facts {
				if !f.check(c) {
					t.Errorf("%s: does not hold", f.what)
				}
			}
		})
	}
}

// TestReplayPgRegress replays all of PostgreSQL's regression scripts into
// one catalog: hostile, odd and failing DDL must never make Apply panic.
func TestReplayPgRegress(t *testing.T) {
	testenv.Need(t, !testing.Short(), "-short: this test parses 4 MB of SQL")
	c := New()
	files := parseDir(t, corpusDir(t, "pg-regress"))
	for _, f := range files {
		c.ApplyFile(f)
	}
	// Cloning the resulting (large, strange) catalog must work too.
	if cp := c.Clone(); len(cp.Schemas) != len(c.Schemas) {
		t.Errorf("clone has %d schemas, want %d", len(cp.Schemas), len(c.Schemas))
	}
}

func FuzzApply(f *testing.F) {
	seeds := []string{
		"CREATE TABLE t (id serial PRIMARY KEY, a text NOT NULL DEFAULT 'x' CHECK (a <> ''), b int REFERENCES t)",
		"CREATE TABLE m (a int) PARTITION BY LIST (a); CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1)",
		"CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int, DROP COLUMN a, ALTER COLUMN b TYPE bigint",
		"CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT c",
		"CREATE TABLE t (a int); CREATE UNIQUE INDEX CONCURRENTLY ON t (lower(a::text)) WHERE a > 0",
		"CREATE TYPE e AS ENUM ('a'); ALTER TYPE e ADD VALUE 'b' BEFORE 'a'; ALTER TYPE e RENAME VALUE 'a' TO 'c'",
		"CREATE SCHEMA s; SET search_path TO s, public; CREATE TABLE t (a int); ALTER TABLE t SET SCHEMA public",
		"CREATE TABLE t (id int PRIMARY KEY); ALTER TABLE t RENAME TO u; ALTER TABLE u RENAME COLUMN id TO uid; DROP TABLE u CASCADE",
		"CREATE VIEW v AS SELECT 1 AS a, 'x'; CREATE MATERIALIZED VIEW mv AS SELECT * FROM v; DROP VIEW v",
		"CREATE TABLE src (a int); CREATE TABLE dst (LIKE src INCLUDING ALL); SELECT * INTO x FROM dst",
		"CREATE DOMAIN d AS int; CREATE TYPE p AS (a d); CREATE TABLE t OF p; DROP TYPE p CASCADE",
		"CREATE SEQUENCE s OWNED BY NONE; COMMENT ON TABLE nowhere IS 'x'; DROP SCHEMA public CASCADE",
		"CREATE TABLE m (a int) PARTITION BY RANGE (a); CREATE TABLE c (a int); ALTER TABLE m ATTACH PARTITION c FOR VALUES FROM (1) TO (2); ALTER TABLE m DETACH PARTITION c",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		c := New()
		c.ApplyFile(source.ParseText("fuzz.sql", sql))
		c.Clone().ApplyFile(source.ParseText("fuzz.sql", sql))
	})
}

func BenchmarkReplayMigrations(b *testing.B) {
	files := parseDir(b, filepath.Join(corpusDir(b, "migrations"), "trigger-dev"))
	stmts := 0
	for _, f := range files {
		stmts += len(f.Statements)
	}
	b.ReportAllocs()
	for b.Loop() {
		c := New()
		for _, f := range files {
			c.ApplyFile(f)
		}
	}
	b.ReportMetric(float64(stmts), "stmts/op")
}

// TestReplayMigrationPrefix replays only the start of a history, as the
// linter does for the file under review, and checks a state that later
// files change.
func TestReplayMigrationPrefix(t *testing.T) {
	files := parseDir(t, filepath.Join(corpusDir(t, "migrations"), "concourse"))
	c := New()
	for _, f := range files[:3] { // up to 0003_..._update_timestamp_with_timezone.sql
		c.ApplyFile(f)
	}
	tb := c.Table("", "build_outputs")
	if tb == nil || tb.Column("modified_time") == nil {
		t.Fatalf("build_outputs.modified_time missing after 0003:\n%s", dump(c))
	}
	col := tb.Column("modified_time")
	if col.Type != "timestamptz" || !col.NotNull {
		t.Errorf("build_outputs.modified_time after 0003 = %+v, want timestamptz not null", col)
	}
	if c.Table("", "pipes") == nil {
		t.Error("pipes should still exist before 0009")
	}
	if col.Created.File != files[0].Path {
		t.Errorf("modified_time created in %q, want %q", col.Created.File, files[0].Path)
	}
}
