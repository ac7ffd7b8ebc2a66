package runner

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/dblock"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
)

// lockOnThisSession fails the migration unless the applying session itself
// holds the migrator lock; lockElsewhere fails it unless another session
// does. Both also count the runner's sessions on the database.
const (
	lockOnThisSession = `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) THEN
    RAISE EXCEPTION 'the applying session does not hold the migrator lock';
  END IF;
  IF (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sqlreview' AND datname = current_database()) <> 1 THEN
    RAISE EXCEPTION 'the runner has more than one session';
  END IF;
END $$;`
	lockElsewhere = `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) THEN
    RAISE EXCEPTION 'no other session holds the migrator lock';
  END IF;
END $$;`
)

// lockFree reports whether another session can take the migrator lock now.
func lockFree(t *testing.T, url string) bool {
	t.Helper()
	r, _ := open(t, url, t.TempDir())
	k1, k2 := dblock.Keys(r.schema)
	c := connect(t, url)
	var ok bool
	if err := c.QueryRow(context.Background(), `SELECT pg_try_advisory_lock($1, $2)`, k1, k2).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	if ok {
		c.Exec(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, k1, k2)
	}
	return ok
}

func TestLockHeldByApplyingSession(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_a.sql":     "CREATE TABLE a (id int);\n" + lockOnThisSession,
		"002_none.sql":  "-- sqlreview:txmode none\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n" + lockOnThisSession,
		"003_after.sql": lockOnThisSession,
	})
	r, _ := open(t, url, dir)
	res, err := r.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Applied) != 3 {
		t.Fatalf("applied %v", res.Applied)
	}
	// Released at the end, on a session that stays usable.
	if !lockFree(t, url) {
		t.Fatal("the migrator lock is still held after apply")
	}
	if _, _, err := r.History(context.Background()); err != nil {
		t.Fatalf("the runner's session after apply: %v", err)
	}
}

func TestLockReleasedAfterFailedFile(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_bad.sql": "CREATE TABLE a (id int);\nSELECT 1/0;"})
	r, _ := open(t, url, dir)
	if _, err := r.Apply(context.Background()); err == nil || !strings.Contains(err.Error(), "division by zero") {
		t.Fatalf("err = %v", err)
	}
	if !lockFree(t, url) {
		t.Fatal("the migrator lock is still held after a failed apply")
	}
}

func TestLockOwnSessionWhenFileDiscardsAll(t *testing.T) {
	url := pgtest.NewDB(t)
	// DISCARD ALL would release a lock held by the applying session: the
	// lock must then be on a session of its own, and still held after it.
	dir := writeDir(t, map[string]string{
		"001_a.sql":       "CREATE TABLE a (id int);",
		"002_discard.sql": "-- sqlreview:txmode none\nDISCARD ALL;\n" + lockElsewhere,
	})
	if _, _, err := apply(t, url, dir); err != nil {
		t.Fatal(err)
	}
	c := connect(t, url)
	if kinds := eventKinds(t, c); count(kinds, "file-applied:2") != 1 {
		t.Fatalf("events: %v", kinds)
	}
	if !lockFree(t, url) {
		t.Fatal("the migrator lock is still held after apply")
	}
}

func TestReleasesSessionLocks(t *testing.T) {
	for sql, want := range map[string]bool{
		"DISCARD ALL;":                     true,
		"discard all;":                     true,
		"DISCARD PLANS;":                   false,
		"DISCARD TEMP;":                    false,
		"SELECT pg_advisory_unlock_all();": true,
		"SELECT PG_ADVISORY_UNLOCK(1, 2);": true,
		"DO $$ BEGIN PERFORM pg_advisory_unlock_shared(7); END $$;": true,
		"SELECT pg_advisory_lock(1);":                               false,
		"CREATE TABLE unlock_all (id int);":                         false,
	} {
		m, err := migration.Load("001_x.sql", []byte(sql), 15)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if got := releasesSessionLocks(m.Statements[0]); got != want {
			t.Errorf("releasesSessionLocks(%q) = %v, want %v", sql, got, want)
		}
	}
}

func TestLockRetakenAfterLostSession(t *testing.T) {
	url := pgtest.NewDB(t)
	// The applying session is terminated mid-file: the lock went with it,
	// so the failure is recorded only after the runner takes the lock
	// again on its new session, which it then releases.
	dir := writeDir(t, map[string]string{
		"001_a.sql":    "CREATE TABLE a (id int);",
		"002_kill.sql": "-- sqlreview:txmode none\nINSERT INTO a VALUES (1);\nSELECT pg_terminate_backend(pg_backend_pid());\nINSERT INTO a VALUES (2);",
	})
	_, _, err := apply(t, url, dir)
	if err == nil || !strings.Contains(err.Error(), "1 of 3 statements are applied") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "not recorded") || strings.Contains(err.Error(), "recording the failure also failed") {
		t.Fatalf("the failure was not recorded: %v", err)
	}
	c := connect(t, url)
	var status string
	var applied int
	if err := c.QueryRow(context.Background(), `SELECT status, statements_applied FROM sqlreview.history WHERE version = '2'`).Scan(&status, &applied); err != nil {
		t.Fatal(err)
	}
	if status != history.StatusFailed || applied != 1 {
		t.Fatalf("history of 002: %s, %d applied", status, applied)
	}
	if kinds := eventKinds(t, c); count(kinds, "file-failed:2") != 1 {
		t.Fatalf("events: %v", kinds)
	}
	if !lockFree(t, url) {
		t.Fatal("the migrator lock is still held after the failure")
	}
}

func TestLostSessionDoesNotWriteWhenLockTaken(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_a.sql":    "CREATE TABLE a (id int);",
		"002_slow.sql": "-- sqlreview:txmode none\nINSERT INTO a VALUES (1);\nSELECT pg_sleep(60);\nINSERT INTO a VALUES (2);",
	})
	r, _ := open(t, url, dir)
	k1, k2 := dblock.Keys(r.schema)
	other := connect(t, url)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := r.Apply(ctx)
		done <- err
	}()
	// Once the file sleeps, its session is terminated and this session
	// queues for the lock at once: it gets the lock the moment the killed
	// session releases it, long before the runner has reconnected.
	var pid int
	for deadline := time.Now().Add(20 * time.Second); ; {
		err := other.QueryRow(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = 'sqlreview' AND query LIKE 'SELECT pg_sleep(60)%'`).Scan(&pid)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the file never started sleeping")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := other.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(ctx, `SELECT pg_advisory_lock($1, $2)`, k1, k2); err != nil {
		t.Fatal(err)
	}
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "another migrator holds the lock now, so this failure was not recorded") {
		t.Fatalf("err = %v", err)
	}
	// The progress of the interrupted run stays as it was: one statement
	// done, the row still running; no failure was written without the lock.
	var status string
	var applied int
	if err := other.QueryRow(ctx, `SELECT status, statements_applied FROM sqlreview.history WHERE version = '2'`).Scan(&status, &applied); err != nil {
		t.Fatal(err)
	}
	if status != history.StatusRunning || applied != 1 {
		t.Fatalf("history of 002: %s, %d applied", status, applied)
	}
	if kinds := eventKinds(t, other); count(kinds, "file-failed:2") != 0 {
		t.Fatalf("a failure was recorded without the lock: %v", kinds)
	}
}
