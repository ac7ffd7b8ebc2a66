package locking_test

import (
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// lintAfter runs one rule over sql against the schema setup builds, for the
// target PostgreSQL version pg.
func lintAfter(t *testing.T, rule string, pg int, setup, sql string) []engine.Finding {
	t.Helper()
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{rule}
	l, err := engine.NewLinter(cfg, engine.Overrides{PGVersion: pg})
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.New()
	cat.ApplyFile(source.ParseText("setup.sql", setup))
	return l.Lint(source.ParseText("m.sql", sql), cat, "m.sql")
}

// TestMessages checks what the findings say where the advice depends on the
// catalog or the target version.
func TestMessages(t *testing.T) {
	const partitioned = "CREATE TABLE customers (id bigint PRIMARY KEY);\n" +
		"CREATE TABLE events (id bigint, customer_id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);"
	tests := []struct {
		name, rule    string
		pg            int
		setup, sql    string
		want, notWant string
		fix           bool
	}{
		{"fk on partitioned table before 18", "adding-foreign-key-constraint", 17, partitioned,
			"ALTER TABLE events ADD FOREIGN KEY (customer_id) REFERENCES customers (id);",
			"PostgreSQL 17 cannot add a foreign key NOT VALID to a partitioned table", "", false},
		{"fk on partitioned table from 18", "adding-foreign-key-constraint", 18, partitioned,
			"ALTER TABLE events ADD FOREIGN KEY (customer_id) REFERENCES customers (id);",
			`on table "events" referencing "customers"`, "partitioned", true},
		{"timestamp to timestamptz", "changing-column-type", 16, "CREATE TABLE t (at timestamp);",
			"ALTER TABLE t ALTER COLUMN at TYPE timestamp with time zone;",
			"from timestamp to timestamptz rewrites the table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock unless the session TimeZone is UTC; if the stored values are UTC, SET LOCAL TimeZone = 'UTC'", "", false},
		{"timestamp to timestamptz before 12", "changing-column-type", 11, "CREATE TABLE t (at timestamp);",
			"ALTER TABLE t ALTER COLUMN at TYPE timestamptz;",
			"from timestamp to timestamptz rewrites the table", "UTC", false},
		{"readable type names", "changing-column-type", 16, "CREATE TABLE t (code char(36), n int);",
			"ALTER TABLE t ALTER COLUMN code TYPE varchar(36), ALTER COLUMN n TYPE bigint;",
			"from character(36) to character varying(36)", "bpchar", false},
		{"dropped index names its table", "require-concurrent-index-deletion", 16,
			"CREATE SCHEMA app; CREATE TABLE app.t (a int); CREATE INDEX t_a ON app.t (a);",
			"DROP INDEX app.t_a;",
			`dropping index "app"."t_a" without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on table "app"."t",`, "", true},
		{"unknown dropped index", "require-concurrent-index-deletion", 16, "",
			"DROP INDEX t_a;", "lock on its table,", "", true},
	}
	for _, tt := range tests {
		fs := lintAfter(t, tt.rule, tt.pg, tt.setup, tt.sql)
		if len(fs) == 0 {
			t.Errorf("%s: no finding", tt.name)
			continue
		}
		msg := fs[0].Message
		if !strings.Contains(msg, tt.want) || (tt.notWant != "" && strings.Contains(msg, tt.notWant)) {
			t.Errorf("%s: message %q\nwant it to contain %q and not %q", tt.name, msg, tt.want, tt.notWant)
		}
		if (fs[0].Fix != nil) != tt.fix {
			t.Errorf("%s: fix = %+v, want a fix: %v", tt.name, fs[0].Fix, tt.fix)
		}
	}
}

// TestSessionTimeZone checks that timestamp → timestamptz is not reported
// once the file has set the session to UTC (PostgreSQL 12+ then converts in
// place), and is again after the zone changes.
func TestSessionTimeZone(t *testing.T) {
	const setup = "CREATE TABLE t (a timestamp, b timestamp, c timestamp, d timestamp);"
	sql := "SET TIME ZONE 'UTC';\n" +
		"ALTER TABLE t ALTER COLUMN a TYPE timestamptz;\n" +
		"SET LOCAL timezone TO 'Europe/Paris';\n" +
		"ALTER TABLE t ALTER COLUMN b TYPE timestamptz;\n" +
		"SET timezone = 'Etc/UTC';\n" +
		"ALTER TABLE t ALTER COLUMN c TYPE timestamp with time zone;\n" +
		"RESET timezone;\n" +
		"ALTER TABLE t ALTER COLUMN d TYPE timestamptz;\n"
	var lines []int
	for _, f := range lintAfter(t, "changing-column-type", 16, setup, sql) {
		lines = append(lines, f.Start.Line)
	}
	if len(lines) != 2 || lines[0] != 4 || lines[1] != 8 {
		t.Errorf("findings on lines %v, want [4 8]", lines)
	}
	if fs := lintAfter(t, "changing-column-type", 11, setup, sql); len(fs) != 4 {
		t.Errorf("PostgreSQL 11: %d findings, want 4 (it always rewrites)", len(fs))
	}
}
