package engine

import (
	"testing"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
)

// TestRunnerOverride: sqlreview's own apply and release review files under
// its transaction model (Overrides.Runner), whatever migrations.runner says;
// check follows the config.
func TestRunnerOverride(t *testing.T) {
	cfg := config.Default()
	cfg.Migrations.Runner = "goose"
	// A file of two statements: goose wraps it, sqlreview runs it
	// statement by statement because of CONCURRENTLY.
	sql := "CREATE TABLE invoices (id bigint PRIMARY KEY);\nCREATE INDEX CONCURRENTLY invoices_id_idx ON invoices (id);\n"
	for _, tt := range []struct {
		override string
		want     int
	}{{"", 1}, {"sqlreview", 0}} {
		l, err := NewLinter(cfg, Overrides{Runner: tt.override})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range l.Lint(source.ParseText("m/001_x.sql", sql), catalog.New(), "001_x.sql") {
			if f.Rule.Name == "ban-concurrent-index-creation-in-transaction" {
				n++
			}
		}
		if n != tt.want {
			t.Errorf("override %q: %d ban-concurrent-index-creation-in-transaction findings, want %d", tt.override, n, tt.want)
		}
	}
}
