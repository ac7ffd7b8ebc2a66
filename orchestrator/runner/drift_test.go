package runner

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// TestDriftCheckAfterFailedFile: a run whose file fails still records the
// schema it left (the files before it are sqlreview's own changes), so
// the rerun is not refused as drift; a change made by hand after that is.
func TestDriftCheckAfterFailedFile(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int PRIMARY KEY);"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	writeDirFile(t, dir, "002_b.sql", "CREATE TABLE b (id int PRIMARY KEY);")
	writeDirFile(t, dir, "003_c.sql", "CREATE TABLE c (id int PRIMARY KEY);\nSELECT no_such_function();")
	if _, _, err := apply(t, url, dir); err == nil || !strings.Contains(err.Error(), "no_such_function") {
		t.Fatalf("apply with a failing 003: %v", err)
	}
	writeDirFile(t, dir, "003_c.sql", "CREATE TABLE c (id int PRIMARY KEY);")
	res, out, err := apply(t, url, dir)
	if err != nil || strings.Join(res.Applied, ",") != "3" || strings.Contains(out, "drift") {
		t.Fatalf("rerun after the failure: %v %v\n%s", res, err, out)
	}
	if _, err := connect(t, url).Exec(context.Background(), "ALTER TABLE b ADD COLUMN note text"); err != nil {
		t.Fatal(err)
	}
	writeDirFile(t, dir, "004_d.sql", "CREATE TABLE d (id int PRIMARY KEY);")
	res, _, err = apply(t, url, dir)
	var de *DriftError
	if !errors.As(err, &de) || !errors.Is(err, ErrDrift) || len(res.Applied) != 0 || DriftSummary(de.Removed, de.Added) != "1 changed" ||
		strings.Join(DriftLines(de.Removed, de.Added), "\n") != "~ CREATE TABLE public.b (\n  + note text" {
		t.Fatalf("apply after a change by hand: %v, applied %v", err, res.Applied)
	}
}

// TestDriftCheckAfterCutOffRun: when the last run passed its check and
// ended without recording the schema (killed), its partial changes cannot
// be told from a change by hand: the next run says so and proceeds.
func TestDriftCheckAfterCutOffRun(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int PRIMARY KEY);"})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	// What a run killed after its check leaves: its apply-start, a change.
	if _, err := connect(t, url).Exec(context.Background(), `INSERT INTO sqlreview.events (kind, detail, actor, host, tool_version)
VALUES ('apply-start', '{"pending": 1, "renewsSnapshot": true}', 'x', 'h', 'test'); CREATE TABLE half_done (id int)`); err != nil {
		t.Fatal(err)
	}
	writeDirFile(t, dir, "002_b.sql", "CREATE TABLE b (id int PRIMARY KEY);")
	res, out, err := apply(t, url, dir)
	r, _ := open(t, url, dir)
	if err != nil || len(res.Applied) != 1 || !strings.Contains(out, "sqlreview: warning: "+r.Target+": the last apply was cut off before it recorded the schema") {
		t.Fatalf("apply after a cut-off run: %v %v\n%s", res, err, out)
	}
	if removed, added, err := r.Drift(context.Background()); err != nil || len(removed)+len(added) != 0 {
		t.Fatalf("drift after the run that recorded the schema again: %v %v %v", removed, added, err)
	}
}
