package rollout

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/rules/config"
)

// TestGateComputesRiskFromTheTargets: the gate assesses the files pending
// on the targets, whatever the state store recorded. Here prod already has
// the table (applied outside a rollout, so the store does not know): the
// store's record sees the table created and dropped from in one release
// (low risk), the gate sees a DROP COLUMN of an existing table (high) and
// requires the high-risk flow.
func TestGateComputesRiskFromTheTargets(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Targets: targetList("prod", 1), Approval: config.Approval{
		High:    []config.ApprovalStep{{From: []string{"dana"}}, {From: []string{"olivia"}}},
		Default: []config.ApprovalStep{{From: []string{"dana"}}},
	}})
	// The hand-written approval rows stand for `sqlreview approve` in an
	// environment that accepts unsigned approvals.
	f.cfg.Signing.Unsigned = []string{"prod"}
	f.commitConfig(t)
	st := sqliteStore(t)
	files := map[string]string{"0001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, legacy text);\n"}
	if _, _, err := apply(t, f.urls["prod-1"], writeDir(t, files)); err != nil {
		t.Fatal(err)
	}
	files["0002_drop.sql"] = "-- sqlreview:ignore ban-drop-column -- unused\nALTER TABLE users DROP COLUMN legacy;\n"
	rel := mustRelease(t, st, writeDir(t, files), f.cfg)

	g, err := GateFor(context.Background(), st, f.cfg, rel, "prod", f.getenv)
	if err != nil || g.Risk.Phrase() != "low risk" {
		t.Fatalf("by the store's record: %q, %v", g.Risk.Phrase(), err)
	}
	approve := func(by string) {
		t.Helper()
		if err := st.Approve(context.Background(), store.Approval{Release: rel.ID, Env: "prod", By: by, Digest: rel.Digest, At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	approve("dana")
	_, _, err = f.rollout(t, st, rel.ID, "prod")
	want := "approval required: environment prod needs approvals of release " + rel.ID + " (high risk); still missing: step 2 of 2: 1 approval from olivia; " +
		"run `sqlreview approve --release " + rel.ID + " --env prod --by NAME` for each, then rerun"
	if !errors.Is(err, ErrApproval) || err.Error() != want {
		t.Fatalf("rollout with the low-risk flow's approval:\n%v\nwant\n%s", err, want)
	}
	_, out, err := f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.DryRun = true })
	if err != nil || !strings.HasPrefix(out, "dry run: prod: high risk: drop-existing-column (0002_drop.sql:2); approval still missing: step 2 of 2: 1 approval from olivia\n") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	approve("olivia")
	if res, _, err := f.rollout(t, st, rel.ID, "prod"); err != nil || !res.Done {
		t.Fatalf("rollout with the high-risk flow complete: %v", err)
	}
}

// TestGateReadsTableSizes: a table-rows-over rule holds by the target's
// statistics, read at the gate.
func TestGateReadsTableSizes(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Targets: targetList("prod", 1), Approval: config.Approval{
		High: []config.ApprovalStep{{From: []string{"dana"}}, {From: []string{"olivia"}}},
	}})
	f.cfg.Risk.Rules = []config.RiskRule{{Name: "big-table", Level: "high", When: config.RiskWhen{TableRowsOver: 1000}}}
	f.commitConfig(t)
	st := sqliteStore(t)
	files := map[string]string{"0001_events.sql": "CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz);\n"}
	if _, _, err := apply(t, f.urls["prod-1"], writeDir(t, files)); err != nil {
		t.Fatal(err)
	}
	c := connect(t, f.urls["prod-1"])
	if _, err := c.Exec(context.Background(), "INSERT INTO events SELECT g, now() FROM generate_series(1, 5000) g; ANALYZE events"); err != nil {
		t.Fatal(err)
	}
	files["0002_at.sql"] = "CREATE INDEX CONCURRENTLY events_at ON events (at);\n"
	rel := mustRelease(t, st, writeDir(t, files), f.cfg)
	_, out, err := f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.DryRun = true })
	if err != nil || !strings.HasPrefix(out, "dry run: prod: high risk: big-table (0002_at.sql:1); approval still missing: step 1 of 2: 1 approval from dana") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if _, err := c.Exec(context.Background(), "TRUNCATE events; ANALYZE events"); err != nil {
		t.Fatal(err)
	}
	if res, out, err := f.rollout(t, st, rel.ID, "prod"); err != nil || !res.Done {
		t.Fatalf("a low-risk release in an environment that gates only high risk: %v\n%s", err, out)
	}
}
