package schema_test

import (
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// TestPrimaryKeyAdvice checks that a table whose unique index could be
// promoted is told so, and that other tables get the generic advice.
func TestPrimaryKeyAdvice(t *testing.T) {
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{"require-primary-key"}
	l, err := engine.NewLinter(cfg, engine.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	sql := `CREATE TABLE "_AToB" ("A" text NOT NULL, "B" text NOT NULL);
CREATE UNIQUE INDEX "_AToB_AB_unique" ON "_AToB" ("A", "B");
CREATE TABLE nullable (a text, b text NOT NULL);
CREATE UNIQUE INDEX nullable_a_b ON nullable (a, b);
CREATE TABLE partial (a text NOT NULL);
CREATE UNIQUE INDEX partial_a ON partial (a) WHERE a <> '';
CREATE TABLE expr (a text NOT NULL);
CREATE UNIQUE INDEX expr_lower_a ON expr (lower(a));
`
	want := map[string]string{
		`"_AToB"`:  `its unique index "_AToB_AB_unique" on NOT NULL columns can become one: ALTER TABLE "_AToB" ADD PRIMARY KEY USING INDEX "_AToB_AB_unique"`,
		`nullable`: "add one (for example id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)",
		`partial`:  "add one (for example",
		`expr`:     "add one (for example",
	}
	fs := l.Lint(source.ParseText("m.sql", sql), catalog.New(), "m.sql")
	if len(fs) != len(want) {
		t.Fatalf("%d findings, want %d", len(fs), len(want))
	}
	for _, f := range fs {
		name := sql[f.StartOffset:f.EndOffset]
		if w, ok := want[name]; !ok || !strings.Contains(f.Message, w) {
			t.Errorf("finding on %s: %q, want it to contain %q", name, f.Message, w)
		}
	}
}
