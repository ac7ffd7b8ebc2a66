package locking_test

import (
	"sort"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// lint runs one rule over sql against an empty catalog.
func lint(t *testing.T, rule, sql string) []engine.Finding {
	t.Helper()
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{rule}
	l, err := engine.NewLinter(cfg, engine.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	return l.Lint(source.ParseText("fix.sql", sql), catalog.New(), "fix.sql")
}

// apply applies a fix's edits to text, last edit first.
func apply(text string, fix *rules.Fix) string {
	edits := append([]rules.Edit(nil), fix.Edits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start > edits[j].Start })
	for _, e := range edits {
		text = text[:e.Start] + e.NewText + text[e.End:]
	}
	return text
}

// TestFixes checks that each fix produces the expected SQL, that the result
// parses, and that the rule no longer reports it.
func TestFixes(t *testing.T) {
	tests := []struct {
		rule, sql, want string
		safe            bool
	}{
		{"require-concurrent-index-creation",
			"CREATE INDEX i ON t (a);",
			"DROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (a);", true},
		{"require-concurrent-index-creation",
			"CREATE UNIQUE INDEX IF NOT EXISTS i ON app.t (a) WHERE a > 0;",
			"DROP INDEX CONCURRENTLY IF EXISTS app.i;\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON app.t (a) WHERE a > 0;", true},
		{"require-concurrent-index-creation",
			"BEGIN;\ncreate index on t (a);\nCOMMIT;",
			"BEGIN;\ncreate index CONCURRENTLY on t (a);\nCOMMIT;", false},
		// goose runs the file in a transaction, which CONCURRENTLY refuses.
		{"require-concurrent-index-creation",
			"-- +goose Up\nCREATE INDEX i ON t (a);",
			"-- +goose Up\nDROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (a);", false},
		{"require-concurrent-index-deletion",
			"-- +goose Up\nDROP INDEX i;",
			"-- +goose Up\nDROP INDEX CONCURRENTLY i;", false},
		{"require-concurrent-index-deletion",
			"-- +goose Up\n-- +goose NO TRANSACTION\nDROP INDEX i;",
			"-- +goose Up\n-- +goose NO TRANSACTION\nDROP INDEX CONCURRENTLY IF EXISTS i;", true},
		{"require-concurrent-index-deletion",
			"DROP INDEX IF EXISTS app.i;",
			"DROP INDEX CONCURRENTLY IF EXISTS app.i;", true},
		{"require-concurrent-index-deletion",
			"DROP INDEX i RESTRICT;",
			"DROP INDEX CONCURRENTLY IF EXISTS i RESTRICT;", true},
		{"require-concurrent-index-deletion",
			"BEGIN;\nDROP INDEX i;\nCOMMIT;",
			"BEGIN;\nDROP INDEX CONCURRENTLY i;\nCOMMIT;", false},
		{"constraint-missing-not-valid",
			"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0), ADD COLUMN b int;",
			"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID, ADD COLUMN b int;\n-- sqlreview: in a later migration: ALTER TABLE t VALIDATE CONSTRAINT c;", false},
		// The file runs statement by statement: VALIDATE commits on its own.
		{"constraint-missing-not-valid",
			"CREATE INDEX CONCURRENTLY i ON u (a);\nALTER TABLE app.\"T\" ADD CONSTRAINT \"Pos\" CHECK (a > 0); -- keep\nSELECT 1;",
			"CREATE INDEX CONCURRENTLY i ON u (a);\nALTER TABLE app.\"T\" ADD CONSTRAINT \"Pos\" CHECK (a > 0) NOT VALID; -- keep\nALTER TABLE app.\"T\" VALIDATE CONSTRAINT \"Pos\";\nSELECT 1;", false},
		// ... but not inside BEGIN ... COMMIT; and code after the ';' on the
		// same line moves to the next line.
		{"constraint-missing-not-valid",
			"BEGIN; ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0); COMMIT;",
			"BEGIN; ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\n-- sqlreview: in a later migration: ALTER TABLE t VALIDATE CONSTRAINT c;\n COMMIT;", false},
		// Unnamed: NOT VALID only (its generated name is PostgreSQL's choice).
		{"constraint-missing-not-valid",
			"ALTER TABLE t ADD CHECK (a > 0);",
			"ALTER TABLE t ADD CHECK (a > 0) NOT VALID;", false},
		// No semicolon: NOT VALID only.
		{"constraint-missing-not-valid",
			"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
			"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID", false},
		{"adding-foreign-key-constraint",
			"ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u (id) ON DELETE CASCADE;",
			"ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u (id) ON DELETE CASCADE NOT VALID;", false},
		{"adding-foreign-key-constraint",
			"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) DEFERRABLE;",
			"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) DEFERRABLE NOT VALID;\n-- sqlreview: in a later migration: ALTER TABLE t VALIDATE CONSTRAINT fk;", false},
		{"adding-foreign-key-constraint",
			"VACUUM u;\r\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);\r\n",
			"VACUUM u;\r\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID;\r\nALTER TABLE t VALIDATE CONSTRAINT fk;\r\n", false},
	}
	for _, tt := range tests {
		fs := lint(t, tt.rule, tt.sql)
		if len(fs) != 1 || fs[0].Fix == nil {
			t.Errorf("%s: %q: want one finding with a fix, got %d", tt.rule, tt.sql, len(fs))
			continue
		}
		if fs[0].Fix.Safe != tt.safe {
			t.Errorf("%s: %q: fix Safe = %v, want %v", tt.rule, tt.sql, fs[0].Fix.Safe, tt.safe)
		}
		got := apply(tt.sql, fs[0].Fix)
		if got != tt.want {
			t.Errorf("%s: fix of %q\n got %q\nwant %q", tt.rule, tt.sql, got, tt.want)
			continue
		}
		for _, s := range source.ParseText("fixed.sql", got).Statements {
			if s.Err != nil {
				t.Errorf("%s: fixed SQL %q does not parse: %s", tt.rule, got, s.Err.Message)
			}
		}
		if again := lint(t, tt.rule, got); len(again) != 0 {
			t.Errorf("%s: fixed SQL %q still reported: %s", tt.rule, got, again[0].Message)
		}
	}
}

// TestNoFix checks the cases where a fix would be wrong.
func TestNoFix(t *testing.T) {
	tests := []struct{ rule, sql string }{
		{"require-concurrent-index-deletion", "DROP INDEX a, b;"},      // CONCURRENTLY drops one index
		{"require-concurrent-index-deletion", "DROP INDEX a CASCADE;"}, // and refuses CASCADE
		{"adding-foreign-key-constraint", "ALTER TABLE t ADD COLUMN a int DEFAULT 0 REFERENCES u (id);"},
	}
	for _, tt := range tests {
		fs := lint(t, tt.rule, tt.sql)
		if len(fs) != 1 {
			t.Errorf("%s: %q: want one finding, got %d", tt.rule, tt.sql, len(fs))
			continue
		}
		if fs[0].Fix != nil {
			t.Errorf("%s: %q: unexpected fix %+v", tt.rule, tt.sql, fs[0].Fix)
		}
	}
}

// TestConcurrentlyFixLeavesNothing: outside a transaction block, the
// CONCURRENTLY fixes produce the form no default rule flags (before,
// prefer-robust-stmts flagged the fixed statement and needed a second fix).
func TestConcurrentlyFixLeavesNothing(t *testing.T) {
	cfg := config.Default()
	l, err := engine.NewLinter(cfg, engine.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.New()
	pre := "CREATE TABLE t (id bigint PRIMARY KEY, a text);\nCREATE INDEX t_a_idx ON t (a);\n"
	for _, f := range l.Lint(source.ParseText("0.sql", pre), cat, "0.sql") {
		t.Logf("setup: %s", f.Rule.Name)
	}
	for _, sql := range []string{"CREATE INDEX t_a2_idx ON t (a);\n", "DROP INDEX t_a_idx;\n"} {
		fs := l.Lint(source.ParseText("1.sql", sql), cat.Clone(), "1.sql")
		if len(fs) != 1 || fs[0].Fix == nil {
			t.Fatalf("%q: want one finding with a fix, got %d", sql, len(fs))
		}
		fixed := apply(sql, fs[0].Fix)
		for _, f := range l.Lint(source.ParseText("1.sql", fixed), cat.Clone(), "1.sql") {
			t.Errorf("%q fixed to %q: still %s: %s", sql, fixed, f.Rule.Name, f.Message)
		}
	}
}
