// Package notify fans a rollout's events out: recorded (through a
// Recorder, the state store), written as JSON lines and POSTed to webhooks
// with bounded retries, every text redacted first.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/sqlreview/sqlreview/internal/ctxtime"
	"github.com/sqlreview/sqlreview/internal/dburl"
	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
)

// Webhook delivery defaults: a rollout never waits more than
// webhookBudget on one delivery, whatever the endpoint does.
const (
	webhookAttempts   = 3
	webhookBackoff    = 200 * time.Millisecond // doubles per attempt
	webhookMaxBackoff = time.Second
	webhookAttemptTO  = 2 * time.Second
	webhookBudget     = 5 * time.Second
	// webhookCooldown: after a failed delivery the endpoint is skipped
	// for this long, so a hanging endpoint costs a rollout of hundreds of
	// events a few seconds, not a few seconds per event.
	webhookCooldown = 30 * time.Second
)

// Recorder records events: the state store, handed in so this package
// does not depend on it.
type Recorder interface {
	AddEvent(ctx context.Context, e event.Event) error
}

// Notifier fans events out to a Recorder, a JSON-lines writer and webhooks.
type Notifier struct {
	Recorder Recorder
	JSON     io.Writer
	Webhooks []string
	Red      *redact.Redactor
	// Warn receives webhook delivery problems (never fatal).
	Warn   io.Writer
	Client *http.Client
	// Attempts, Backoff and Budget override the delivery defaults (3
	// attempts, 200ms doubling up to 1s, 5s in all per delivery).
	Attempts int
	Backoff  time.Duration
	Budget   time.Duration
	mu       sync.Mutex
	hookMu   sync.Mutex
	downTill map[string]time.Time
}

// Emit records and sends e.
func (n *Notifier) Emit(ctx context.Context, e event.Event) {
	if n == nil {
		return
	}
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	e.Error = n.Red.Redact(e.Error)
	e.Detail = n.Red.Redact(e.Detail)
	if n.Recorder != nil {
		if err := n.Recorder.AddEvent(ctx, e); err != nil && n.Warn != nil {
			fmt.Fprintf(n.Warn, "sqlreview: warning: could not record event %s: %s\n", e.Kind, n.Red.Redact(err.Error()))
		}
	}
	b, _ := json.Marshal(e)
	n.mu.Lock()
	if n.JSON != nil {
		n.JSON.Write(append(b, '\n'))
	}
	n.mu.Unlock()
	for _, u := range n.Webhooks {
		n.deliver(ctx, u, e, b)
	}
}

// deliver POSTs one event to one webhook: up to Attempts tries with
// exponential backoff, all within Budget. A failure is recorded as a
// webhook-failed event (host only) and warned about, never returned.
func (n *Notifier) deliver(ctx context.Context, hook string, e event.Event, body []byte) {
	host := webhookHost(hook)
	n.hookMu.Lock()
	if t, ok := n.downTill[hook]; ok && time.Now().Before(t) {
		n.hookMu.Unlock()
		return
	}
	n.hookMu.Unlock()
	client := n.Client
	if client == nil {
		client = &http.Client{Timeout: webhookAttemptTO}
	}
	attempts, backoff, budget := n.Attempts, n.Backoff, n.Budget
	if attempts <= 0 {
		attempts = webhookAttempts
	}
	if backoff <= 0 {
		backoff = webhookBackoff
	}
	if budget <= 0 {
		budget = webhookBudget
	}
	// The budget bounds the delivery even when the rollout's ctx has no
	// deadline; cancelling the rollout cancels the delivery.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	var last string
	for i := 0; i < attempts; i++ {
		if i > 0 {
			wait := backoff << (i - 1)
			if wait > webhookMaxBackoff {
				wait = webhookMaxBackoff
			}
			if ctxtime.Sleep(dctx, wait) != nil {
				break
			}
		}
		actx, acancel := context.WithTimeout(dctx, webhookAttemptTO)
		status, err := post(actx, client, hook, body)
		acancel()
		if err == nil && status < 300 {
			n.hookMu.Lock()
			delete(n.downTill, hook)
			n.hookMu.Unlock()
			return
		}
		if err != nil {
			last = err.Error()
		} else {
			last = fmt.Sprintf("HTTP %d", status)
		}
		if err == nil && status >= 400 && status < 500 && status != http.StatusTooManyRequests && status != http.StatusRequestTimeout {
			break // the endpoint refuses this request; retrying will not help
		}
		if dctx.Err() != nil {
			break
		}
	}
	if dctx.Err() != nil && last == "" {
		last = "no answer within " + budget.String()
	}
	n.hookMu.Lock()
	if n.downTill == nil {
		n.downTill = map[string]time.Time{}
	}
	n.downTill[hook] = time.Now().Add(webhookCooldown)
	n.hookMu.Unlock()
	detail := n.Red.Redact(fmt.Sprintf("webhook %s: event %s not delivered after %d attempt(s): %s; events to it are skipped for %s",
		host, e.Kind, attempts, last, webhookCooldown))
	if n.Warn != nil {
		fmt.Fprintf(n.Warn, "sqlreview: warning: %s\n", detail)
	}
	f := event.Event{Kind: event.WebhookFailed, At: time.Now().UTC(), Release: e.Release, Digest: e.Digest, Env: e.Env,
		Target: e.Target, Owner: e.Owner, Detail: detail}
	if n.Recorder != nil {
		_ = n.Recorder.AddEvent(context.WithoutCancel(ctx), f)
	}
	if fb, err := json.Marshal(f); err == nil {
		n.mu.Lock()
		if n.JSON != nil {
			n.JSON.Write(append(fb, '\n'))
		}
		n.mu.Unlock()
	}
}

// post sends one attempt. Its error never quotes the URL (net/http's
// *url.Error does): only the underlying cause.
func post(ctx context.Context, client *http.Client, hook string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(body))
	if err != nil {
		return 0, errors.New("invalid webhook URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sqlreview")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if ctx.Err() != nil {
			return 0, errors.New("timed out")
		}
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// webhookHost is the host[:port] of a webhook URL: never its path, query
// or user info, which may carry a token.
func webhookHost(hook string) string {
	u, err := dburl.Webhook(hook)
	if err != nil {
		return "<invalid URL>"
	}
	return u.Host
}

// WithRedactor returns a notifier that sends where n does, redacting with
// red; n itself is left as it was.
func (n *Notifier) WithRedactor(red *redact.Redactor) *Notifier {
	return &Notifier{Recorder: n.Recorder, JSON: n.JSON, Webhooks: n.Webhooks, Red: red, Warn: n.Warn, Client: n.Client,
		Attempts: n.Attempts, Backoff: n.Backoff, Budget: n.Budget}
}
