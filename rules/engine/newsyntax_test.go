package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
)

// TestNewerSyntaxByVersion: PostgreSQL 18's NOT NULL table constraints are
// a syntax-error finding, at the construct's exact range, for every older
// target, and the statement is skipped as for a syntax error; on
// PostgreSQL 18 the rules check it.
func TestNewerSyntaxByVersion(t *testing.T) {
	sql := "ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a, ADD COLUMN b int;\n"
	start := strings.Index(sql, "CONSTRAINT")
	end := strings.Index(sql, ", ADD COLUMN")
	for _, v := range []int{0, 11, 17, 18} {
		l, err := NewLinter(config.Default(), Overrides{PGVersion: v})
		if err != nil {
			t.Fatal(err)
		}
		cat := catalog.New()
		cat.ApplyFile(source.ParseText("0.sql", "CREATE TABLE t (a int);"))
		var got []string
		for _, f := range l.Lint(source.ParseText("m.sql", sql), cat, "m.sql") {
			got = append(got, fmt.Sprintf("%s %d-%d %s", f.Rule.Name, f.StartOffset, f.EndOffset, f.Message))
		}
		target := v
		if v == 0 {
			target = 16 // the default
		}
		want := []string{fmt.Sprintf("syntax-error %d-%d NOT NULL table constraints need PostgreSQL 18; this project targets PostgreSQL %d (postgres.version)", start, end, target)}
		if target == 18 {
			want = []string{fmt.Sprintf(`constraint-missing-not-valid %d-%d adding NOT NULL constraint "t_a_nn" on column "a" of table "t" scans every row while holding an ACCESS EXCLUSIVE lock; add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction, which then marks the column NOT NULL`, strings.Index(sql, "ADD"), end),
				// A tree location after the rewritten construct: exact.
				fmt.Sprintf(`prefer-bigint-over-int %d-%d column "b" is int, which overflows at 2147483647; use bigint so the column never has to be widened by a table rewrite`, strings.Index(sql, "int"), strings.Index(sql, "int")+3)}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("version %d:\n got %q\nwant %q", v, got, want)
		}
	}
}
