package rollout

import (
	"context"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// TestRolloutRetargetedTarget: a target whose URL now leads to another
// database is applied there on a rerun, not skipped as already succeeded
// under its config name; the others are left alone.
func TestRolloutRetargetedTarget(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Targets: targetList("prod", 2)})
	st := sqliteStore(t)
	rel := mustRelease(t, st, writeDir(t, releaseFiles), f.cfg)
	if res, _, err := f.rollout(t, st, rel.ID, "prod"); err != nil || !res.Done {
		t.Fatalf("first rollout: %v %+v", err, res)
	}
	runs, err := st.Targets(context.Background(), rel.ID, "prod")
	if err != nil {
		t.Fatal(err)
	}
	var sysID string
	if err := connect(t, f.urls["prod-1"]).QueryRow(context.Background(), `SELECT system_identifier::text FROM pg_control_system()`).Scan(&sysID); err != nil {
		t.Fatal(err)
	}
	if want := (targets.Identity{SystemID: sysID, Database: dbName(t, f.urls["prod-1"])}); runs[0].Identity != want {
		t.Fatalf("recorded identity of prod-1 = %+v, want %+v", runs[0].Identity, want)
	}

	// prod-1's variable now leads to a fresh database.
	moved := pgtest.NewDB(t)
	f.vars["PROD_1_URL"] = moved
	f.urls["prod-1-moved"] = moved
	res, out, err := f.rollout(t, st, rel.ID, "prod")
	if err != nil || !res.Done {
		t.Fatalf("rerun: %v %+v\n%s", err, res, out)
	}
	want := "target prod-1 now points at a different database (system id " + sysID + ", db " + dbName(t, moved) + ") than when release " + rel.ID + " was applied; applying there\n"
	if !strings.Contains(out, want) {
		t.Errorf("rerun output lacks %q:\n%s", want, out)
	}
	wantEvent := `"kind":"target.retargeted"`
	if !strings.Contains(out, wantEvent) || !strings.Contains(out, `"detail":"was system id `+sysID+`, db `+dbName(t, f.urls["prod-1"])+`, now system id `+sysID+`, db `+dbName(t, moved)+`"`) {
		t.Errorf("rerun events lack the retarget of prod-1:\n%s", out)
	}
	if got := historyCount(t, moved); got != 3 {
		t.Errorf("the new database of prod-1 has %d history rows, want 3", got)
	}
	for _, r := range res.Targets {
		wantStatus, wantAttempts := store.TargetSucceeded, 1
		if r.Target == "prod-1" {
			wantAttempts = 2
		}
		if r.Status != wantStatus || r.Attempts != wantAttempts {
			t.Errorf("%s: %s after %d attempts, want %s after %d", r.Target, r.Status, r.Attempts, wantStatus, wantAttempts)
		}
		if r.Target == "prod-1" && r.Identity.Database != dbName(t, moved) {
			t.Errorf("prod-1 identity after the rerun = %+v", r.Identity)
		}
	}
	// A third run has nothing to notice.
	_, out, err = f.rollout(t, st, rel.ID, "prod")
	if err != nil || strings.Contains(out, "different database") {
		t.Errorf("third run: %v\n%s", err, out)
	}
	f.assertNoSecrets(t, "output", out)
	f.assertNoSecrets(t, "state store", storeDump(t, st))
}

func historyCount(t *testing.T, dbURL string) int {
	t.Helper()
	var n int
	err := connect(t, dbURL).QueryRow(context.Background(), `SELECT count(*) FROM sqlreview.history WHERE status = 'applied'`).Scan(&n)
	if err != nil {
		return 0
	}
	return n
}
