package dblock

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// One session holds the lock: a second Take waits, calls Waiting once
// with the holder, and gives up after Wait; a session of its own is
// closed on Release, which frees the lock for the second.
func TestTakeWaitsThenReportsHolder(t *testing.T) {
	url := pgtest.NewDB(t)
	ctx := context.Background()
	first, second := connect(t, url), connect(t, url)
	own := 0
	held, err := Take(ctx, Options{Schema: "sqlreview", Conn: first, Connect: func(ctx context.Context) (*pgx.Conn, error) {
		own++
		return pgx.Connect(ctx, url)
	}, Wait: time.Second})
	if err != nil || own != 1 || !held.Own() || held.Conn() == first {
		t.Fatalf("take: %v, own sessions %d", err, own)
	}
	var waiting []string
	_, err = Take(ctx, Options{Schema: "sqlreview", Conn: second, Wait: 300 * time.Millisecond, Waiting: func(h string) { waiting = append(waiting, h) }})
	var he *HeldError
	if !errors.As(err, &he) || he.Interrupted || he.Waited != 300*time.Millisecond || len(waiting) != 1 || !strings.HasPrefix(he.Holder, `"an unnamed application" (pid `) || session(waiting[0]) != session(he.Holder) {
		t.Fatalf("second take: %v, waiting %q", err, waiting)
	}
	// Another history schema has a lock of its own.
	other, err := Take(ctx, Options{Schema: "other", Conn: second, Wait: time.Second})
	if err != nil {
		t.Fatalf("other schema: %v", err)
	}
	other.Release()
	c := held.Conn()
	held.Release()
	if !c.IsClosed() || held.Conn() != nil {
		t.Fatalf("the lock's own session is still open")
	}
	again, err := Take(ctx, Options{Schema: "sqlreview", Conn: second, Wait: time.Second})
	if err != nil || again.Own() || again.Conn() != second {
		t.Fatalf("take after release: %v", err)
	}
	again.Release()
	if second.IsClosed() {
		t.Fatalf("Release closed the applying session")
	}
}

// A cancelled wait is reported as interrupted, naming the holder.
func TestTakeInterrupted(t *testing.T) {
	url := pgtest.NewDB(t)
	first, second := connect(t, url), connect(t, url)
	held, err := Take(context.Background(), Options{Schema: "s", Conn: first, Wait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Take(ctx, Options{Schema: "s", Conn: second, Wait: time.Minute, Waiting: func(string) { cancel() }})
	var he *HeldError
	if !errors.As(err, &he) || !he.Interrupted || !strings.HasPrefix(err.Error(), "interrupted while waiting for the migrator lock held by ") {
		t.Fatalf("err = %v", err)
	}
}

// session is a holder's description without its age, which grows.
func session(holder string) string {
	i := strings.Index(holder, ", connected ")
	if i < 0 {
		return holder
	}
	return holder[:i]
}
