package notify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/store"
)

func webhookStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func webhookFailures(t *testing.T, st *store.Store) []event.Event {
	t.Helper()
	evs, err := st.Events(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []event.Event
	for _, e := range evs {
		if e.Kind == event.WebhookFailed {
			out = append(out, e)
		}
	}
	return out
}

// Two 500s, then 200: the event arrives once, no failure is recorded.
func TestWebhookRetriesThenDelivers(t *testing.T) {
	var calls, delivered atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		delivered.Add(1)
	}))
	defer srv.Close()
	st := webhookStore(t)
	n := &Notifier{Recorder: st, Webhooks: []string{srv.URL + "/hook?token=s3cr3t"}, Red: redact.New(""), Backoff: time.Millisecond}
	n.Emit(context.Background(), event.Event{Kind: event.StageStarted, Release: "r1", Env: "prod"})
	if calls.Load() != 3 || delivered.Load() != 1 {
		t.Fatalf("calls %d, delivered %d; want 3 and 1", calls.Load(), delivered.Load())
	}
	if f := webhookFailures(t, st); len(f) != 0 {
		t.Fatalf("failure recorded for a delivered event: %+v", f)
	}
}

// Always 500: three attempts, then one webhook-failed event naming the host
// only, never the path or the query's token; Emit returns no error.
func TestWebhookAlwaysFailingRecordsOneEvent(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	st := webhookStore(t)
	var warn strings.Builder
	hook := srv.URL + "/services/T000/B000/tokenpath?token=s3cr3t"
	n := &Notifier{Recorder: st, Webhooks: []string{hook}, Red: redact.New(""), Warn: &warn, Backoff: time.Millisecond}
	n.Emit(context.Background(), event.Event{Kind: event.TargetFinished, Release: "r1", Env: "prod", Target: "t1"})
	if calls.Load() != 3 {
		t.Fatalf("calls %d, want 3", calls.Load())
	}
	f := webhookFailures(t, st)
	if len(f) != 1 {
		t.Fatalf("webhook-failed events: %d, want 1: %+v", len(f), f)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, s := range []string{f[0].Detail, warn.String()} {
		if !strings.Contains(s, host) || !strings.Contains(s, "HTTP 500") {
			t.Errorf("want the host and the status in %q", s)
		}
		for _, secret := range []string{"s3cr3t", "tokenpath", "/services", "?"} {
			if strings.Contains(s, secret) {
				t.Errorf("%q leaks %q", s, secret)
			}
		}
	}
	if f[0].Release != "r1" || f[0].Env != "prod" || f[0].Target != "t1" {
		t.Errorf("failure event lacks its context: %+v", f[0])
	}
	// The endpoint is skipped while it cools down: no new attempts, no
	// new failure events, no waiting.
	n.Emit(context.Background(), event.Event{Kind: event.TargetFinished, Release: "r1", Env: "prod", Target: "t2"})
	if calls.Load() != 3 || len(webhookFailures(t, st)) != 1 {
		t.Fatalf("after a failure: calls %d, failures %d; want 3 and 1", calls.Load(), len(webhookFailures(t, st)))
	}
}

// A hanging endpoint costs a bounded wait, and the failure is recorded.
func TestWebhookHangingEndpointBoundedWait(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	st := webhookStore(t)
	n := &Notifier{Recorder: st, Webhooks: []string{srv.URL + "/x?token=s3cr3t"}, Red: redact.New(""), Budget: 600 * time.Millisecond, Backoff: 10 * time.Millisecond}
	start := time.Now()
	n.Emit(context.Background(), event.Event{Kind: event.StageFinished, Release: "r1", Env: "prod"})
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Emit waited %s on a hanging webhook", d)
	}
	f := webhookFailures(t, st)
	if len(f) != 1 || strings.Contains(f[0].Detail, "s3cr3t") {
		t.Fatalf("want one redacted webhook-failed event, got %+v", f)
	}

	// With the default budget too: never more than a few seconds.
	n2 := &Notifier{Recorder: st, Webhooks: []string{srv.URL + "/y"}, Red: redact.New("")}
	start = time.Now()
	n2.Emit(context.Background(), event.Event{Kind: event.StageFinished, Release: "r2", Env: "prod"})
	if d := time.Since(start); d > webhookBudget+time.Second {
		t.Fatalf("Emit waited %s with the default budget", d)
	}
}
