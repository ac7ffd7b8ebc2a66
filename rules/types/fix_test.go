package types_test

import (
	"sort"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
	"github.com/sqlreview/sqlreview/rules/types"
)

// applyFixes lints sql with rule r alone and applies every fix, reporting
// whether all of them were marked safe.
func applyFixes(t *testing.T, r *rules.Rule, sql string) (string, bool) {
	t.Helper()
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{r.Name}
	l, err := engine.NewLinter(cfg, engine.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	var edits []rules.Edit
	safe := true
	for _, fd := range l.Lint(source.ParseText("fix.sql", sql), catalog.New(), "fix.sql") {
		if fd.Rule != r {
			continue
		}
		if fd.Fix == nil {
			t.Fatalf("finding without fix: %s", fd.Message)
		}
		safe = safe && fd.Fix.Safe
		edits = append(edits, fd.Fix.Edits...)
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start > edits[j].Start })
	for _, e := range edits {
		sql = sql[:e.Start] + e.NewText + sql[e.End:]
	}
	return sql, safe
}

func TestFixes(t *testing.T) {
	for _, tc := range []struct {
		rule     *rules.Rule
		in, out  string
		wantSafe bool
	}{
		{types.PreferBigintOverInt,
			"CREATE TABLE t (id serial PRIMARY KEY, a int NOT NULL, b pg_catalog.int4, c smallint[] DEFAULT '{}', d integer ARRAY[3], e smallserial);",
			"CREATE TABLE t (id bigserial PRIMARY KEY, a bigint NOT NULL, b bigint, c bigint[] DEFAULT '{}', d bigint ARRAY[3], e bigserial);",
			true},
		{types.PreferBigintOverInt,
			"ALTER TABLE t ADD COLUMN n int4 DEFAULT 0;",
			"ALTER TABLE t ADD COLUMN n bigint DEFAULT 0;",
			true},
		{types.PreferBigintOverInt,
			"ALTER TABLE t ALTER COLUMN n TYPE integer USING n::integer;",
			"ALTER TABLE t ALTER COLUMN n TYPE bigint USING n::integer;",
			false},
		{types.PreferTimestamptz,
			"CREATE TABLE t (a timestamp, b TIMESTAMP(3) WITHOUT TIME ZONE NOT NULL, c timestamp without time zone[], d timestamp(6)[] DEFAULT '{}', e pg_catalog.timestamp);",
			"CREATE TABLE t (a timestamptz, b timestamptz(3) NOT NULL, c timestamptz[], d timestamptz(6)[] DEFAULT '{}', e timestamptz);",
			true},
		{types.PreferTimestamptz,
			"CREATE TABLE t (id bigint);\nALTER TABLE t ALTER COLUMN id TYPE timestamp USING to_timestamp(id);",
			"CREATE TABLE t (id bigint);\nALTER TABLE t ALTER COLUMN id TYPE timestamptz USING to_timestamp(id);",
			true},
		{types.PreferTimestamptz,
			"ALTER TABLE t ALTER COLUMN at TYPE timestamp;",
			"ALTER TABLE t ALTER COLUMN at TYPE timestamptz;",
			false},
	} {
		got, safe := applyFixes(t, tc.rule, tc.in)
		if got != tc.out {
			t.Errorf("%s fix of\n  %s\ngives\n  %s\nwant\n  %s", tc.rule.Name, tc.in, got, tc.out)
		}
		if safe != tc.wantSafe {
			t.Errorf("%s fix of %s: safe=%v, want %v", tc.rule.Name, tc.in, safe, tc.wantSafe)
		}
		for _, s := range source.ParseText("out.sql", got).Statements {
			if s.Err != nil {
				t.Errorf("fixed SQL does not parse: %s: %s", got, s.Err.Message)
			}
		}
		if again, _ := applyFixes(t, tc.rule, got); again != got {
			t.Errorf("%s: fixed SQL still triggers the rule: %s", tc.rule.Name, got)
		}
	}
}
