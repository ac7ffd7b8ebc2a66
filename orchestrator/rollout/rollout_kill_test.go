package rollout

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/store"
)

// killFiles make a release whose second file sleeps on the targets whose
// database sets sqlreview.slow (seconds), so one target can be slow.
var killFiles = map[string]string{
	"0001_log.sql":  "CREATE TABLE log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int NOT NULL);\nINSERT INTO log (n) VALUES (1);\n",
	"0002_slow.sql": "INSERT INTO log (n) VALUES (2);\nSELECT pg_sleep(coalesce(nullif(current_setting('sqlreview.slow', true), ''), '0')::float8);\nINSERT INTO log (n) VALUES (3);\n",
	"0003_more.sql": "INSERT INTO log (n) VALUES (4);\n",
}

func dbName(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(p.Path, "/")
}

// TestRolloutKill9MidStageRerun SIGKILLs a CLI rollout (shared Postgres
// store, lease 2s from rollout.lease) while it applies the slow target of
// a five-target stage, then reruns it: the rerun applies the pending
// targets, waits for the dead process's lease to expire, takes the slow
// target over and finishes the stage. Every target has every file applied
// exactly once, by its own history, event log and data.
func TestRolloutKill9MidStageRerun(t *testing.T) {
	dir := t.TempDir()
	mig := filepath.Join(dir, "migrations")
	os.MkdirAll(mig, 0o755)
	for name, body := range killFiles {
		os.WriteFile(filepath.Join(mig, name), []byte(body), 0o644)
	}
	const n, slow = 5, "k-2"
	var tl []string
	env := []string{}
	urls := map[string]string{}
	stateURL := pgtest.NewDB(t)
	env = append(env, "STATE_URL="+stateURL)
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("k-%d", i)
		urls[name] = pgtest.NewDB(t)
		v := fmt.Sprintf("K%d_URL", i)
		env = append(env, v+"="+urls[name])
		tl = append(tl, fmt.Sprintf(`{name: %s, url: "${%s}"}`, name, v))
	}
	cfg := fmt.Sprintf(`migrations: {dir: migrations}
state: {url: "${STATE_URL}"}
rollout: {lease: 2s}
environments:
  - name: prod
    concurrency: 1
    targets: [%s]
`, strings.Join(tl, ", "))
	os.WriteFile(filepath.Join(dir, ".sqlreview.yaml"), []byte(cfg), 0o644)
	conf := "--config=" + filepath.Join(dir, ".sqlreview.yaml")
	admin := connect(t, urls["k-1"])
	if _, err := admin.Exec(context.Background(), fmt.Sprintf(`ALTER DATABASE %q SET sqlreview.slow = '3'`, dbName(t, urls[slow]))); err != nil {
		t.Fatal(err)
	}

	r := runCLI(t, env, "release", "create", "--format", "json", conf)
	if r.Code != 0 {
		t.Fatalf("release create: %d %s %s", r.Code, r.Stdout, r.Stderr)
	}
	id := between(r.Stdout, `"id": "`, `"`)

	cmd := exec.Command(cli(t), "rollout", "--release", id, "--env", "prod", "--no-review", conf)
	cmd.Env = append(os.Environ(), env...)
	var out1 bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out1, &out1
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if len(queryStrings(t, admin, `SELECT pid::text FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`, dbName(t, urls[slow]))) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("rollout never reached the slow target:\n%s", out1.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	killedAt := time.Now()

	st := pgStore(t, stateURL)
	before := map[string]store.TargetRun{}
	runs, err := st.Targets(context.Background(), id, "prod")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		before[r.Target] = r
	}
	if before["k-1"].Status != store.TargetSucceeded || before[slow].Status != store.TargetRunning || before["k-3"].Status != store.TargetPending || before["k-5"].Status != store.TargetPending {
		t.Fatalf("after kill: %+v", runs)
	}
	var leaseUntil int64
	if err := storeDB(t, st).QueryRow(`SELECT lease_until FROM sqlreview_targets WHERE release_id = $1 AND target = $2`, id, slow).Scan(&leaseUntil); err != nil {
		t.Fatal(err)
	}
	if d := time.UnixMilli(leaseUntil).Sub(killedAt); d <= 0 || d > 2*time.Second {
		t.Fatalf("the killed run's lease runs %s past the kill, want (0, 2s]", d)
	}

	// Rerun at once: the lease is still held by the dead process.
	r = runCLI(t, env, "rollout", "--release", id, "--env", "prod", "--no-review", conf)
	if r.Code != 0 || !strings.Contains(r.Stdout, "prod: release "+id+" rolled out to all 5 targets") {
		t.Fatalf("rerun: %d\n%s%s\nkilled run:\n%s", r.Code, r.Stdout, r.Stderr, out1.String())
	}
	runs, err = st.Targets(context.Background(), id, "prod")
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range runs {
		// The takeover applies what the killed run had not committed:
		// 0001 was, 0002 was rolled back with the dead session.
		wantAttempts, wantApplied, wantOwner := 1, 3, before[tr.Target].Owner
		if tr.Target != "k-1" {
			wantOwner = "" // the rerun's
		}
		if tr.Target == slow {
			wantAttempts, wantApplied = 2, 2
			if tr.StartedAt == nil || tr.StartedAt.Before(time.UnixMilli(leaseUntil)) {
				t.Errorf("%s was taken over at %v, before the lease expired at %v", slow, tr.StartedAt, time.UnixMilli(leaseUntil))
			}
			if tr.Owner == before[slow].Owner {
				t.Errorf("%s still owned by the killed process", slow)
			}
		}
		if tr.Status != store.TargetSucceeded || tr.Attempts != wantAttempts || tr.Applied != wantApplied {
			t.Errorf("%s: %s, %d attempts, %d applied", tr.Target, tr.Status, tr.Attempts, tr.Applied)
		}
		if wantOwner != "" && tr.Owner != wantOwner {
			t.Errorf("%s: owner %s, want %s (not reapplied)", tr.Target, tr.Owner, wantOwner)
		}
	}
	for name, u := range urls {
		c := connect(t, u)
		if got := strings.Join(queryStrings(t, c, `SELECT n::text FROM log ORDER BY id`), ","); got != "1,2,3,4" {
			t.Errorf("%s: log = %s (a statement ran twice or not at all)", name, got)
		}
		if got := strings.Join(queryStrings(t, c, `SELECT version || ':' || status FROM sqlreview.history ORDER BY version`), " "); got != "1:applied 2:applied 3:applied" {
			t.Errorf("%s: history = %s", name, got)
		}
		if got := strings.Join(queryStrings(t, c, `SELECT version || '×' || count(*) FROM sqlreview.events WHERE kind = 'file-applied' GROUP BY version ORDER BY version`), " "); got != "1×1 2×1 3×1" {
			t.Errorf("%s: file-applied events = %s", name, got)
		}
		want := 1
		if name == slow {
			want = 2 // the killed run and the takeover
		}
		if got := applyStarts(t, u); got != want {
			t.Errorf("%s: %d apply runs, want %d", name, got, want)
		}
	}
	if strings.Contains(r.Stdout+r.Stderr+out1.String(), pgtest.Password) {
		t.Error("output contains the password")
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return s
}
