package rollout

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sqlreview/sqlreview/rules/config"
)

// TestRolloutDrivesProgress runs a rollout with a recording Progress
// (cmd/internal/progressbar draws the same calls on a terminal): Start
// counts this process's targets, already finished ones included, each
// target's line is written with its Step, and Finish comes last.
func TestRolloutDrivesProgress(t *testing.T) {
	f := newFleet(t, config.Environment{Name: "prod", Concurrency: 2, Targets: targetList("p", 3)})
	st := sqliteStore(t)
	rel := mustRelease(t, st, writeDir(t, releaseFiles), f.cfg)
	rec := &recordingProgress{}
	res, _, err := f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.Out, o.Progress = rec, rec })
	if err != nil || !res.Done {
		t.Fatalf("rollout: %v %+v", err, res)
	}
	calls := rec.list()
	if len(calls) != 8 || calls[0] != "start prod 0/3" || calls[7] != "finish" {
		t.Fatalf("calls %q", calls)
	}
	for i := 1; i < 7; i += 2 {
		if calls[i] != "step succeeded" || !strings.HasPrefix(calls[i+1], "line prod/p-") || !strings.Contains(calls[i+1], ": succeeded (3 applied, ") {
			t.Errorf("calls %d-%d: %q %q", i, i+1, calls[i], calls[i+1])
		}
	}
	// A rerun: everything is already done, the bar starts full.
	rec = &recordingProgress{}
	if _, _, err := f.rollout(t, st, rel.ID, "prod", func(o *Options) { o.Out, o.Progress = rec, rec }); err != nil {
		t.Fatal(err)
	}
	if calls := rec.list(); fmt.Sprint(calls) != "[start prod 3/3 finish]" {
		t.Errorf("rerun calls %q", calls)
	}
}

// recordingProgress records the Progress calls and the lines written
// to it, in order.
type recordingProgress struct {
	mu    sync.Mutex
	calls []string
}

func (r *recordingProgress) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, s)
}

func (r *recordingProgress) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

func (r *recordingProgress) Start(env string, total, done int) {
	r.add(fmt.Sprintf("start %s %d/%d", env, done, total))
}
func (r *recordingProgress) Step(status string) { r.add("step " + status) }
func (r *recordingProgress) Finish()            { r.add("finish") }
func (r *recordingProgress) Write(p []byte) (int, error) {
	for _, l := range strings.Split(strings.TrimSuffix(string(p), "\n"), "\n") {
		r.add("line " + l)
	}
	return len(p), nil
}
