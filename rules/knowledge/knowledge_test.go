package knowledge_test

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/source"
)

func TestVolatility(t *testing.T) {
	tests := []struct {
		name            string
		volatile, known bool
	}{
		{"random", true, true},
		{"gen_random_uuid", true, true},
		{"uuid_generate_v4", true, true},
		{"public.uuid_generate_v4", true, true},
		{"nextval", true, true},
		{"clock_timestamp()", true, true},
		{"now", false, true},
		{"pg_catalog.now", false, true},
		{"NOW()", false, true},
		{"current_timestamp", false, true},
		{"current_date", false, true},
		{"statement_timestamp", false, true},
		{"transaction_timestamp", false, true},
		{"lower", false, true},
		{"my_func", true, false},
		{"app.random", true, false}, // another schema's random() is not the built-in
	}
	for _, tt := range tests {
		v, k := knowledge.Volatility(tt.name)
		if v != tt.volatile || k != tt.known {
			t.Errorf("Volatility(%q) = %v, %v; want %v, %v", tt.name, v, k, tt.volatile, tt.known)
		}
	}
}

// defaultExpr parses "ALTER TABLE t ADD COLUMN c int DEFAULT <expr>" and
// returns the default's raw expression.
func defaultExpr(t *testing.T, expr string) *pg_query.Node {
	t.Helper()
	f := source.ParseText("t.sql", "ALTER TABLE t ADD COLUMN c int DEFAULT "+expr)
	if len(f.Statements) != 1 || f.Statements[0].Node == nil {
		t.Fatalf("cannot parse default %q", expr)
	}
	col := f.Statements[0].Node.GetAlterTableStmt().GetCmds()[0].GetAlterTableCmd().GetDef().GetColumnDef()
	for _, c := range col.GetConstraints() {
		if c.GetConstraint().GetContype() == pg_query.ConstrType_CONSTR_DEFAULT {
			return c.GetConstraint().GetRawExpr()
		}
	}
	t.Fatalf("no default in %q", expr)
	return nil
}

func TestExprVolatile(t *testing.T) {
	tests := []struct {
		expr     string
		volatile bool
		fn       string
		known    bool
	}{
		{"1", false, "", true},
		{"'x'", false, "", true},
		{"'{}'::jsonb", false, "", true},
		{"-1", false, "", true},
		{"NULL", false, "", true},
		{"now()", false, "", true},
		{"CURRENT_TIMESTAMP", false, "", true},
		{"current_date", false, "", true},
		{"current_user", false, "", true},
		{"lower('X') || 'y'", false, "", true},
		{"now() + interval '1 day'", false, "", true},
		{"gen_random_uuid()", true, "gen_random_uuid", true},
		{"random() * 10", true, "random", true},
		{"floor(random() * 10)::int", true, "random", true},
		{"nextval('s'::regclass)", true, "nextval", true},
		{"pg_catalog.clock_timestamp()", true, "pg_catalog.clock_timestamp", true},
		{"make_slug('a')", true, "make_slug", false},
		// No built-in now() or gen_random_uuid() takes arguments: these name
		// other functions, of unknown volatility.
		{"now(1)", true, "now", false},
		{"pg_catalog.now(0)", true, "pg_catalog.now", false},
		{"gen_random_uuid(4)", true, "gen_random_uuid", false},
		// A known volatile call outranks an unknown one.
		{"coalesce(my_func(), random())", true, "random", true},
		{"(SELECT 1)", true, "", false},
	}
	for _, tt := range tests {
		got := knowledge.ExprVolatile(defaultExpr(t, tt.expr))
		want := knowledge.ExprVolatility{Volatile: tt.volatile, Func: tt.fn, Known: tt.known}
		if got != want {
			t.Errorf("ExprVolatile(%s) = %+v; want %+v", tt.expr, got, want)
		}
	}
	if got := knowledge.ExprVolatile(nil); got.Volatile || !got.Known {
		t.Errorf("ExprVolatile(nil) = %+v; want not volatile", got)
	}
}

func TestOutsideTransaction(t *testing.T) {
	tests := []struct {
		sql     string
		version int
		reason  string
	}{
		{"CREATE INDEX CONCURRENTLY i ON t (a)", 16, "CREATE INDEX CONCURRENTLY"},
		{"CREATE INDEX i ON t (a)", 16, ""},
		{"DROP INDEX CONCURRENTLY i", 16, "DROP INDEX CONCURRENTLY"},
		{"DROP INDEX i", 16, ""},
		{"DROP TABLE t", 16, ""},
		{"REINDEX TABLE CONCURRENTLY t", 16, "REINDEX CONCURRENTLY"},
		{"REINDEX (CONCURRENTLY) INDEX i", 16, "REINDEX CONCURRENTLY"},
		{"REINDEX (CONCURRENTLY false) INDEX i", 16, ""},
		{"REINDEX INDEX i", 16, ""},
		{"REINDEX SCHEMA app", 16, "REINDEX SCHEMA"},
		{"REINDEX DATABASE db", 16, "REINDEX DATABASE"},
		{"VACUUM t", 16, "VACUUM"},
		{"VACUUM (FULL, ANALYZE) t", 16, "VACUUM"},
		{"ANALYZE t", 16, ""},
		{"CLUSTER", 16, "CLUSTER without a table"},
		{"CLUSTER t USING i", 16, ""},
		{"CREATE DATABASE d", 16, "CREATE DATABASE"},
		{"DROP DATABASE IF EXISTS d", 16, "DROP DATABASE"},
		{"ALTER DATABASE d SET TABLESPACE fast", 16, "ALTER DATABASE ... SET TABLESPACE"},
		{"ALTER DATABASE d SET work_mem = '1MB'", 16, ""},
		{"CREATE TABLESPACE fast LOCATION '/x'", 16, "CREATE TABLESPACE"},
		{"ALTER SYSTEM SET work_mem = '1MB'", 16, "ALTER SYSTEM"},
		{"DISCARD ALL", 16, "DISCARD ALL"},
		{"DISCARD PLANS", 16, ""},
		{"CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", 16, "CREATE SUBSCRIPTION ... WITH (create_slot = true)"},
		{"CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (create_slot = false)", 16, ""},
		{"CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (connect = false)", 16, ""},
		{"ALTER TABLE p DETACH PARTITION c CONCURRENTLY", 16, "DETACH PARTITION CONCURRENTLY"},
		{"ALTER TABLE p DETACH PARTITION c", 16, ""},
		{"ALTER TYPE mood ADD VALUE 'meh'", 11, "ALTER TYPE ... ADD VALUE (before PostgreSQL 12)"},
		{"ALTER TYPE mood ADD VALUE 'meh'", 12, ""},
		{"ALTER TYPE mood ADD VALUE 'meh'", 0, ""},
		{"ALTER TYPE mood RENAME VALUE 'a' TO 'b'", 11, ""},
		{"SELECT 1", 16, ""},
	}
	for _, tt := range tests {
		f := source.ParseText("t.sql", tt.sql)
		if len(f.Statements) != 1 || f.Statements[0].Node == nil {
			t.Fatalf("cannot parse %q", tt.sql)
		}
		n := f.Statements[0].Node
		if got := knowledge.OutsideTransactionReason(n, tt.version); got != tt.reason {
			t.Errorf("OutsideTransactionReason(%q, %d) = %q; want %q", tt.sql, tt.version, got, tt.reason)
		}
		if got := knowledge.MustRunOutsideTransactionOn(n, tt.version); got != (tt.reason != "") {
			t.Errorf("MustRunOutsideTransactionOn(%q, %d) = %v", tt.sql, tt.version, got)
		}
	}
	// The version-free form leans to "yes": ADD VALUE must run outside on 11.
	f := source.ParseText("t.sql", "ALTER TYPE mood ADD VALUE 'meh'")
	if !knowledge.MustRunOutsideTransaction(f.Statements[0].Node) {
		t.Error("MustRunOutsideTransaction(ALTER TYPE ... ADD VALUE) = false; want true (PostgreSQL 11)")
	}
	if knowledge.MustRunOutsideTransaction(nil) {
		t.Error("MustRunOutsideTransaction(nil) = true")
	}
}

func TestTypeChangeRewrites(t *testing.T) {
	tests := []struct {
		from, to string
		rewrite  bool
	}{
		{"int4", "int4", false},
		{"int4", "int8", true},
		{"int8", "int4", true},
		{"varchar(10)", "varchar(20)", false},
		{"varchar(10)", "varchar(10)", false},
		{"varchar(20)", "varchar(10)", true},
		{"varchar(10)", "varchar", false},
		{"varchar", "varchar(10)", true},
		{"varchar(10)", "text", false},
		{"varchar", "text", false},
		{"text", "varchar", false},
		{"text", "varchar(100)", true},
		{"character varying(10)", "text", false},
		{"numeric(10,2)", "numeric(12,2)", false},
		{"numeric(10,2)", "numeric(8,2)", true},
		{"numeric(10,2)", "numeric(12,4)", true},
		{"numeric(10,2)", "numeric", false},
		{"numeric(8)", "numeric(10)", false},
		{"numeric(8)", "numeric(10,0)", false},
		{"numeric", "numeric(10,2)", true},
		{"decimal(8,2)", "numeric(9,2)", false},
		{"cidr", "inet", false},
		{"inet", "cidr", true},
		{"varbit(8)", "varbit(16)", false},
		{"timestamp(3)", "timestamp(6)", false},
		{"timestamp(3)", "timestamp", false},
		{"timestamp", "timestamp(3)", true},
		{"timestamp", "timestamptz", true},
		{"bpchar(5)", "bpchar(10)", true},
		{"text", "int4", true},
		{"varchar(10)[]", "varchar(20)[]", true},
		{"", "int4", true},
		{"numeric(x)", "numeric(10)", true},
	}
	for _, tt := range tests {
		if got := knowledge.TypeChangeRewrites(tt.from, tt.to); got != tt.rewrite {
			t.Errorf("TypeChangeRewrites(%q, %q) = %v; want %v", tt.from, tt.to, got, tt.rewrite)
		}
	}
}

func TestRewriteSkippedInUTC(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"timestamp", "timestamptz", true},
		{"timestamptz", "timestamp", true},
		{"timestamp(3)", "timestamptz(3)", true},
		{"timestamp(3)", "timestamptz", true},
		{"timestamp(6)", "timestamptz(3)", false},
		{"timestamp without time zone", "timestamp with time zone", true},
		{"timestamp", "timestamp", false},
		{"int4", "timestamptz", false},
		{"timestamp[]", "timestamptz[]", false},
	}
	for _, tt := range tests {
		if got := knowledge.RewriteSkippedInUTC(tt.from, tt.to); got != tt.want {
			t.Errorf("RewriteSkippedInUTC(%q, %q) = %v; want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestSQLTypeName(t *testing.T) {
	for in, want := range map[string]string{
		"int4": "integer", "int8[]": "bigint[]", "bpchar(26)": "character(26)", "varchar(36)": "character varying(36)",
		"timestamptz": "timestamptz", "text": "text", "app.status": "app.status", "TaskStatus_new": "TaskStatus_new",
	} {
		if got := knowledge.SQLTypeName(in); got != want {
			t.Errorf("SQLTypeName(%q) = %q; want %q", in, got, want)
		}
	}
}
