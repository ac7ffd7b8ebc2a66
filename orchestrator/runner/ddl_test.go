package runner

import (
	"context"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/history"
)

// The history setup is skipped when current, and runs again when the
// append-only trigger was dropped.
func TestHistorySetupSkippedWhenCurrent(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"V1__a.sql": "CREATE TABLE a (id int);\n"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	c := connect(t, url)
	ctx := context.Background()
	if !history.Current(ctx, c, "sqlreview") {
		t.Fatal("history not current after apply")
	}
	if _, err := c.Exec(ctx, `DROP TRIGGER events_append_only ON sqlreview.events`); err != nil {
		t.Fatal(err)
	}
	if history.Current(ctx, c, "sqlreview") {
		t.Fatal("history current without the append-only trigger")
	}
	dir2 := writeDir(t, map[string]string{"V1__a.sql": "CREATE TABLE a (id int);\n", "V2__b.sql": "CREATE TABLE b (id int);\n"})
	if _, _, err := apply(t, url, dir2); err != nil {
		t.Fatal(err)
	}
	if !history.Current(ctx, c, "sqlreview") {
		t.Fatal("setup did not restore the trigger")
	}
	if _, err := c.Exec(ctx, `DELETE FROM sqlreview.events`); err == nil {
		t.Fatal("event log is not append-only")
	}
}
