package orchestrator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Rollout event kinds.
const (
	EventReleaseCreated = "release.created"
	EventApprovalNeeded = "approval.needed"
	EventApprovalGiven  = "approval.given"
	EventStageStarted   = "stage.started"
	EventStageFinished  = "stage.finished"
	EventTargetStarted  = "target.started"
	EventTargetFinished = "target.finished"
	EventFailure        = "failure"
	EventRefused        = "rollout.refused"
)

// RolloutEvent is one JSON event: stored, printed with --events-json and
// POSTed to the webhooks. Text fields pass through the redactor first.
type RolloutEvent struct {
	Kind    string    `json:"kind"`
	At      time.Time `json:"at"`
	Release string    `json:"release,omitempty"`
	Digest  string    `json:"digest,omitempty"`
	Env     string    `json:"env,omitempty"`
	Target  string    `json:"target,omitempty"`
	Status  string    `json:"status,omitempty"`
	Applied int       `json:"applied,omitempty"`
	Error   string    `json:"error,omitempty"`
	// Counts per status, on stage events.
	Counts map[string]int `json:"counts,omitempty"`
	By     string         `json:"by,omitempty"`
	Owner  string         `json:"owner,omitempty"`
	Detail string         `json:"detail,omitempty"`
}

// Notifier fans events out to the store, a JSON-lines writer and webhooks.
type Notifier struct {
	Store    *Store
	JSON     io.Writer
	Webhooks []string
	Red      *Redactor
	// Warn receives webhook delivery problems (never fatal).
	Warn   io.Writer
	Client *http.Client
	mu     sync.Mutex
}

// Emit records and sends e.
func (n *Notifier) Emit(ctx context.Context, e RolloutEvent) {
	if n == nil {
		return
	}
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	e.Error = n.Red.Redact(e.Error)
	e.Detail = n.Red.Redact(e.Detail)
	if n.Store != nil {
		if err := n.Store.AddEvent(ctx, e); err != nil && n.Warn != nil {
			fmt.Fprintf(n.Warn, "sqlreview: warning: could not record event %s: %s\n", e.Kind, n.Red.Redact(err.Error()))
		}
	}
	b, _ := json.Marshal(e)
	n.mu.Lock()
	if n.JSON != nil {
		n.JSON.Write(append(b, '\n'))
	}
	n.mu.Unlock()
	client := n.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	for _, url := range n.Webhooks {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
		if err != nil {
			continue
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "sqlreview")
		resp, err := client.Do(req)
		if err != nil {
			if n.Warn != nil {
				fmt.Fprintf(n.Warn, "sqlreview: warning: webhook %d: %s\n", 1, n.Red.Redact(err.Error()))
			}
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 300 && n.Warn != nil {
			fmt.Fprintf(n.Warn, "sqlreview: warning: webhook answered %s to %s\n", resp.Status, e.Kind)
		}
	}
}
