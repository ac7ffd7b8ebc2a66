package rollout

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/notify"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// Options configure one rollout of a release to an environment.
type Options struct {
	Config  *config.Config
	Store   *store.Store
	Release string
	Env     string
	// Shard and Shards split the stage (1-based; Shards 0 or 1 = all).
	Shard, Shards int
	DryRun        bool
	NoReview      bool
	// Owner names this process in leases ("" = host:pid).
	Owner string
	// Lease is how long a claim lasts without renewal (0 = 30s).
	Lease  time.Duration
	Getenv func(string) string
	Out    io.Writer // progress lines
	// Progress, when set, follows this process's targets (a terminal's
	// progress bar); nil = lines only.
	Progress Progress
	Warn     io.Writer
	Notify   *notify.Notifier
	Actor    string
	Version  string
	// WriteSchema, when set and the stage fully succeeded, is where the
	// schema dump goes: a path template with {env}, {target} and {db} (one
	// file per target when it names either), or a directory that receives
	// <env>.sql, the dump of the stage's first target. See writeschema.go.
	WriteSchema string
	// LockWait bounds the wait for a target's migrator lock (0 = 10m).
	LockWait time.Duration
	// RetryBase is the runner's first lock-timeout backoff (0 = default).
	RetryBase time.Duration

	parsed *runner.ParsedFiles
}

// Result is what a rollout did.
type Result struct {
	Release string            `json:"release"`
	Digest  string            `json:"digest"`
	Env     string            `json:"env"`
	DryRun  bool              `json:"dryRun,omitempty"`
	Targets []store.TargetRun `json:"targets"`
	// Done is true when every target of the stage succeeded or was
	// already applied.
	Done bool `json:"done"`
	// Stopped names why the stage stopped early ("" = it did not).
	Stopped string `json:"stopped,omitempty"`
	// Pending lists, for a dry run, the files each target would apply.
	Pending map[string][]string `json:"pending,omitempty"`
	// Routed lists, for a dry run, the files of each target routed to
	// another database (db##version##kind##desc.sql).
	Routed map[string][]string `json:"routed,omitempty"`
	// Change is, for a dry run, the schema change the pending files make
	// on the first target of this shard that has some (see PreviewChange).
	Change *runner.SchemaChange `json:"schemaChange,omitempty"`
}

// Refusal errors.
var (
	ErrPromotion = errors.New("earlier environment not done")
	ErrApproval  = errors.New("approval required")
	ErrPolicy    = errors.New("refused by the environment's review policy")
	ErrRouting   = plan.ErrRouting
	// ErrConfirmation refuses a manual stage nobody allowed has confirmed.
	ErrConfirmation = errors.New("rollout confirmation required")
	ErrStage        = errors.New("stage failed")
)

// Run applies a release to every target of an environment: each stage
// below is one step of it, in the order a reader needs them.
func Run(ctx context.Context, opts Options) (*Result, error) {
	o := opts.withDefaults()
	r, err := o.prepare(ctx)
	if err != nil {
		return nil, err
	}
	res, err := r.stage(ctx)
	// The caller's notifier does not know the targets' secrets: errors
	// leave redacted with the rollout's own redactor.
	return res, r.red.RedactErr(err)
}

// stage runs the stage once prepared: refusals first, then the dry run or
// the real thing.
func (r *prepared) stage(ctx context.Context) (*Result, error) {
	if err := r.gate(ctx); err != nil {
		return nil, err
	}
	if r.DryRun {
		return r.dryRun(ctx)
	}
	if err := r.register(ctx); err != nil {
		return nil, err
	}
	if r.Progress != nil {
		defer r.Progress.Finish()
	}
	if err := r.run(ctx); err != nil {
		return nil, err
	}
	return r.finish(ctx)
}

// withDefaults returns a copy of o with every unset option filled in. The
// caller's notifier is never changed: prepare builds the rollout's own.
func (o Options) withDefaults() *Options {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Warn == nil {
		o.Warn = io.Discard
	}
	if o.Lease == 0 && o.Config != nil {
		// rollout.lease; the config validator has checked it.
		o.Lease, _ = time.ParseDuration(o.Config.Rollout.Lease)
	}
	if o.Lease <= 0 {
		o.Lease = 30 * time.Second
	}
	if o.Owner == "" {
		h, _ := os.Hostname()
		o.Owner = fmt.Sprintf("%s:%d", h, os.Getpid())
	}
	return &o
}

// prepared is one rollout ready to run: the options with defaults, the
// environment, the verified release and the stage's targets.
type prepared struct {
	*Options
	envIdx  int
	env     config.Environment
	rel     *release.Release
	targets []targets.Target
	byName  map[string]targets.Target
	sel     stageTargets
	red     *redact.Redactor
	notify  *notify.Notifier
	emit    func(event.Event)
	res     *Result
	stop    stopper
}

// prepare finds the environment, loads the verified release, parses its
// files once, resolves the targets and builds the redactor and emitter.
func (o *Options) prepare(ctx context.Context) (*prepared, error) {
	r := &prepared{Options: o}
	var err error
	if r.envIdx, err = targets.FindEnv(o.Config, o.Env); err != nil {
		return nil, err
	}
	r.env = o.Config.Environments[r.envIdx]
	// Every target's review runs under the environment's policy; o is
	// this rollout's copy of the caller's options.
	if o.Config, err = o.Config.ForEnvironment(o.Env); err != nil {
		return nil, err
	}
	// The store verifies the release (names, content against the digest)
	// before anything reads its files; they are run from memory, so no
	// rollout, dry or refused, writes a file.
	if r.rel, err = o.Store.Release(ctx, o.Release); err != nil {
		return nil, err
	}
	o.parsed = runner.NewParsedFiles(r.rel.SourceFiles())
	// A file apply would refuse (content that would be skipped, a psql
	// meta-command that changes what runs, a statement too deep for the
	// parser, state a resume cannot rebuild) stops the rollout here, before
	// any target is touched, not once per target. None of these depends on
	// the server's version; the parse is cached for targets of this one.
	if _, err := o.parsed.Loader()(o.Config.Postgres.Version); err != nil {
		return nil, fmt.Errorf("release %s: %w", r.rel.ID, err)
	}
	if r.targets, err = targets.Resolve(o.Config, r.env, o.Getenv); err != nil {
		return nil, err
	}
	r.red = redact.New("")
	for _, t := range r.targets {
		addURLSecrets(r.red, t.URL)
	}
	r.notify = o.rolloutNotifier(r.red)
	r.emit = func(e event.Event) {
		e.Release, e.Digest, e.Env, e.Owner = r.rel.ID, r.rel.Digest, o.Env, o.Owner
		if o.DryRun {
			return
		}
		r.notify.Emit(ctx, e)
	}
	r.res = &Result{Release: r.rel.ID, Digest: r.rel.Digest, Env: o.Env, DryRun: o.DryRun}
	if len(r.targets) == 0 {
		return nil, fmt.Errorf("environment %s has no targets; add targets or targets-from", o.Env)
	}
	r.sel = selectTargets(r.targets, r.env.Canary, o.Shard, o.Shards)
	for _, t := range r.sel.mine {
		if t.Missing != "" {
			return nil, fmt.Errorf("environment %s, target %s: the URL needs %s; set it in the environment of this job", o.Env, t.Name, t.Missing)
		}
	}
	r.byName = map[string]targets.Target{}
	for _, t := range r.targets {
		r.byName[t.Name] = t
	}
	return r, nil
}

// rolloutNotifier is the notifier of one rollout: the caller's (or one
// that records in the store), redacting the caller's secrets and red's.
func (o *Options) rolloutNotifier(red *redact.Redactor) *notify.Notifier {
	n := o.Notify
	if n == nil {
		n = &notify.Notifier{Recorder: o.Store}
	}
	red.AddFrom(n.Red)
	return n.WithRedactor(red)
}

// dryRun plans each target of this shard and previews the schema change;
// nothing is registered, emitted or applied.
func (r *prepared) dryRun(ctx context.Context) (*Result, error) {
	res := r.res
	res.Pending = map[string][]string{}
	for _, t := range r.sel.mine {
		run, err := r.open(ctx, t, r.rel.ID)
		if err != nil {
			return nil, err
		}
		p, err := run.Plan(ctx)
		run.Close()
		if err != nil {
			return nil, r.red.RedactErr(fmt.Errorf("target %s: %w", t.Name, err))
		}
		names := []string{}
		for _, pf := range p.Pending {
			names = append(names, pf.Name)
		}
		res.Pending[t.Name] = names
		fmt.Fprintf(r.Out, "%s/%s: %d to apply %v\n", r.Env, t.Name, len(names), names)
		for _, a := range p.Routed {
			if res.Routed == nil {
				res.Routed = map[string][]string{}
			}
			res.Routed[t.Name] = append(res.Routed[t.Name], a.Name)
			fmt.Fprintf(r.Out, "%s/%s: skips %s: routed to database %s (this is %s)\n", r.Env, t.Name, a.Name, a.Database, p.Database)
		}
	}
	res.Change = r.previewFirst(ctx, r.rel, r.sel.mine, res.Pending, r.red)
	return res, nil
}

// register records every target of the stage (status lists them all; a
// rerun retries this shard's failures), reopens retargeted ones, announces
// the stage and starts the progress bar.
func (r *prepared) register(ctx context.Context) error {
	names, ords := targetNames(r.targets)
	if err := r.Store.RegisterTargets(ctx, r.rel.ID, r.Env, names, ords, false); err != nil {
		return err
	}
	mineNames, mineOrds := targetNames(r.sel.mine)
	if err := r.Store.RegisterTargets(ctx, r.rel.ID, r.Env, mineNames, mineOrds, true); err != nil {
		return err
	}
	if err := r.reopenRetargeted(ctx, r.rel, r.sel.mine, r.red, r.emit); err != nil {
		return r.red.RedactErr(err)
	}
	r.emit(event.Event{Kind: event.StageStarted, Detail: fmt.Sprintf("%d targets, %d in this process's shard", len(r.targets), len(r.sel.mine))})
	if r.Progress != nil {
		r.Progress.Start(r.Env, len(r.sel.mine), r.alreadyDone(ctx, mineNames))
	}
	return nil
}

// alreadyDone counts the targets of names that a previous run finished.
func (r *prepared) alreadyDone(ctx context.Context, names []string) int {
	runs, err := r.Store.Targets(ctx, r.rel.ID, r.Env)
	if err != nil {
		return 0
	}
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	done := 0
	for _, run := range runs {
		if in[run.Target] && (run.Status == store.TargetSucceeded || run.Status == store.TargetSkipped) {
			done++
		}
	}
	return done
}

func targetNames(ts []targets.Target) ([]string, []int) {
	var names []string
	var ords []int
	for _, t := range ts {
		names = append(names, t.Name)
		ords = append(ords, t.Ord)
	}
	return names, ords
}

// run applies this shard's canaries alone, waits for every canary of the
// stage (other processes may run them), then the rest with the
// environment's concurrency.
func (r *prepared) run(ctx context.Context) error {
	if len(r.sel.canaryMine) > 0 {
		if err := r.work(ctx, r.sel.canaryMine); err != nil {
			return err
		}
	}
	if len(r.sel.canaries) > 0 && !r.stop.stopped() {
		if err := r.waitFor(ctx, r.rel.ID, r.sel.canaries, r.stop.stop); err != nil {
			return err
		}
	}
	if r.stop.stopped() {
		return nil
	}
	n := max(r.env.Concurrency, 1)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.work(ctx, r.sel.restMine); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return r.red.RedactErr(err)
		}
	}
	return nil
}

// work is one worker: it claims and applies targets of candidates until
// none is left, the failure budget is spent or the stage is stopped.
func (r *prepared) work(ctx context.Context, candidates []string) error {
	for !r.stop.stopped() {
		if ctx.Err() != nil {
			r.stop.stop("interrupted")
			return ctx.Err()
		}
		failed, err := r.Store.Failed(ctx, r.rel.ID, r.Env)
		if err != nil {
			return err
		}
		if failed > r.env.MaxFailures {
			r.stop.stop(fmt.Sprintf("failures exceed max-failures (%d)", r.env.MaxFailures))
			return nil
		}
		name, got, err := r.Store.Claim(ctx, r.rel.ID, r.Env, candidates, r.Owner, r.Lease)
		if err != nil {
			return err
		}
		if !got {
			// Nothing claimable. Targets another process is running
			// (or a killed one still holds until its lease expires)
			// are waited for, so a rerun finishes the stage.
			wait, err := r.othersRunning(ctx, r.rel.ID, candidates)
			if err != nil || !wait {
				return err
			}
			select {
			case <-ctx.Done():
			case <-time.After(r.pollInterval()):
			}
			continue
		}
		r.applyTarget(ctx, r.rel, r.byName[name], r.red, r.emit)
	}
	return nil
}

// stopper records why a stage stopped early; the first reason wins and
// every worker sees it.
type stopper struct {
	mu  sync.Mutex
	why string
}

func (s *stopper) stop(why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.why == "" {
		s.why = why
	}
}

func (s *stopper) stopped() bool { return s.reason() != "" }

func (s *stopper) reason() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.why
}

// finish reads the stage's outcome from the store, says why it is not
// done, announces it, writes the schema dumps of a finished stage and
// fails when a target failed.
func (r *prepared) finish(ctx context.Context) (*Result, error) {
	res := r.res
	res.Stopped = r.stop.reason()
	runs, err := r.Store.Targets(ctx, r.rel.ID, r.Env)
	if err != nil {
		return nil, err
	}
	res.Targets = runs
	counts := map[string]int{}
	for _, run := range runs {
		counts[run.Status]++
	}
	res.Done = counts[store.TargetSucceeded]+counts[store.TargetSkipped] == len(runs)
	if !res.Done && res.Stopped == "" {
		res.Stopped = r.whyIncomplete(counts)
	}
	r.emit(event.Event{Kind: event.StageFinished, Counts: counts, Status: map[bool]string{true: "succeeded", false: "incomplete"}[res.Done], Detail: res.Stopped})
	if res.Done && r.WriteSchema != "" {
		if err := r.writeSchemas(ctx, r.targets, r.rel.ID); err != nil {
			return res, err
		}
	}
	if counts[store.TargetFailed] > 0 {
		var failed []string
		for _, run := range runs {
			if run.Status == store.TargetFailed {
				failed = append(failed, run.Target)
			}
		}
		return res, fmt.Errorf("%w: %s: %d of %d targets failed (%s); fix the cause and rerun the same command to resume",
			ErrStage, r.Env, len(failed), len(runs), strings.Join(failed, ", "))
	}
	return res, nil
}

// whyIncomplete explains an unfinished stage that no worker stopped.
func (r *prepared) whyIncomplete(counts map[string]int) string {
	switch {
	case counts[store.TargetPending]+counts[store.TargetRunning] > 0 && len(r.sel.mine) < len(r.targets):
		return "other shards or processes have targets left"
	case counts[store.TargetFailed] > 0:
		return fmt.Sprintf("%d target(s) failed (within max-failures %d)", counts[store.TargetFailed], r.env.MaxFailures)
	case counts[store.TargetRunning] > 0:
		return "other processes are still applying"
	}
	return ""
}

// stageTargets is which targets of a stage one process runs.
type stageTargets struct {
	// mine are the targets of this process's shard, in stage order.
	mine []targets.Target
	// canaries are the stage's first Canary targets, whatever their
	// shard: every process waits for them.
	canaries []targets.Target
	// canaryMine and restMine split mine's names into canaries and the rest.
	canaryMine, restMine []string
}

// selectTargets picks the targets of shard of shards (1-based; shards 0
// or 1 = all) and the stage's canaries. It is pure: the same targets and
// numbers give the same selection in every process.
func selectTargets(all []targets.Target, canary, shard, shards int) stageTargets {
	n := min(max(canary, 0), len(all))
	s := stageTargets{canaries: all[:n]}
	isCanary := map[string]bool{}
	for _, t := range s.canaries {
		isCanary[t.Name] = true
	}
	for _, t := range all {
		if !targets.InShard(t.Name, shard, shards) {
			continue
		}
		s.mine = append(s.mine, t)
		if isCanary[t.Name] {
			s.canaryMine = append(s.canaryMine, t.Name)
		} else {
			s.restMine = append(s.restMine, t.Name)
		}
	}
	return s
}

// previewFirst previews the schema change on the first of ts with
// pending files; a preview that cannot be made is a warning, since the dry
// run itself succeeded.
func (o *Options) previewFirst(ctx context.Context, rel *release.Release, ts []targets.Target, pending map[string][]string, red *redact.Redactor) *runner.SchemaChange {
	for _, t := range ts {
		if len(pending[t.Name]) == 0 {
			continue
		}
		change, err := runner.PreviewChange(ctx, runner.PreviewOptions{Config: o.Config, Release: rel, Env: o.Env, Target: t, Warn: o.Warn, Version: o.Version, Parsed: o.parsed})
		if err != nil {
			fmt.Fprintf(o.Warn, "sqlreview: warning: schema change not shown: %s\n", firstLine(red.Redact(err.Error())))
			return nil
		}
		return change
	}
	return nil
}

func (o *Options) open(ctx context.Context, t targets.Target, release string) (*runner.Runner, error) {
	r, err := runner.Open(ctx, runner.Options{DatabaseURL: t.URL, RouteDatabase: t.Database, Config: o.Config, NoReview: o.NoReview, Warn: o.Warn,
		Actor: o.Actor, ToolVersion: o.Version, ReleaseID: release, LockWait: o.LockWait, RetryBase: o.RetryBase,
		Migrations: o.parsed.Loader()})
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", t.Name, redact.New(t.URL).RedactErr(err))
	}
	return r, nil
}

// applyTarget runs one claimed target, renewing its lease meanwhile.
func (o *Options) applyTarget(ctx context.Context, rel *release.Release, t targets.Target, red *redact.Redactor, emit func(event.Event)) {
	start := time.Now()
	emit(event.Event{Kind: event.TargetStarted, Target: t.Name})
	hb, cancel := context.WithCancel(ctx)
	go func() {
		tick := time.NewTicker(o.Lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-hb.Done():
				return
			case <-tick.C:
				_, _ = o.Store.Renew(context.Background(), rel.ID, o.Env, t.Name, o.Owner, o.Lease)
			}
		}
	}()
	status, applied, errText := store.TargetFailed, 0, ""
	var id targets.Identity
	r, err := o.open(ctx, t, rel.ID)
	if err == nil {
		id = o.identity(ctx, r, t)
		var ar *runner.Result
		ar, err = r.Apply(ctx)
		r.Close()
		if ar != nil {
			applied = len(ar.Applied)
		}
	}
	cancel()
	if err != nil {
		errText = red.Redact(err.Error())
	} else if applied == 0 {
		status = store.TargetSkipped
	} else {
		status = store.TargetSucceeded
	}
	// The outcome is recorded even when ctx was cancelled.
	if ferr := o.Store.Finish(context.Background(), rel.ID, o.Env, t.Name, o.Owner, status, applied, errText, id); ferr != nil {
		fmt.Fprintf(o.Warn, "sqlreview: warning: could not record %s: %s\n", t.Name, red.Redact(ferr.Error()))
	}
	if o.Progress != nil {
		o.Progress.Step(status)
	}
	// One write per line: workers share Out.
	line := fmt.Sprintf("%s/%s: %s (%d applied, %s)", o.Env, t.Name, status, applied, time.Since(start).Round(time.Millisecond))
	if errText != "" {
		line += ": " + firstLine(errText)
	}
	var drift *runner.DriftError
	if errors.As(err, &drift) {
		line += "\n" + strings.Join(runner.DriftLines(drift.Removed, drift.Added), "\n")
	}
	io.WriteString(o.Out, line+"\n")
	emit(event.Event{Kind: event.TargetFinished, Target: t.Name, Status: status, Applied: applied, Error: errText})
	if status == store.TargetFailed {
		emit(event.Event{Kind: event.Failure, Target: t.Name, Error: errText})
	}
}

// identity reads which database t is; unknown (zero, with a warning) when
// the server does not say, so the target is recorded as before.
func (o *Options) identity(ctx context.Context, r *runner.Runner, t targets.Target) targets.Identity {
	id, err := r.Identity(ctx)
	if err != nil {
		fmt.Fprintf(o.Warn, "sqlreview: warning: %s/%s: %s\n", o.Env, t.Name, firstLine(err.Error()))
	}
	return id
}

// reopenRetargeted makes pending again the finished targets of mine that
// now point at another database than the one the release was applied to
// (a target's URL changed in the config or its variables): the store
// names targets by their config name, and without this check the new
// database would be skipped as already done. A target that cannot be
// reached is left as recorded, with a warning.
func (o *Options) reopenRetargeted(ctx context.Context, rel *release.Release, mine []targets.Target, red *redact.Redactor, emit func(event.Event)) error {
	runs, err := o.Store.Targets(ctx, rel.ID, o.Env)
	if err != nil {
		return err
	}
	byName := map[string]store.TargetRun{}
	for _, r := range runs {
		byName[r.Target] = r
	}
	for _, t := range mine {
		run := byName[t.Name]
		if (run.Status != store.TargetSucceeded && run.Status != store.TargetSkipped) || run.Identity.IsZero() {
			continue
		}
		r, err := o.open(ctx, t, rel.ID)
		if err != nil {
			fmt.Fprintf(o.Warn, "sqlreview: warning: %s/%s: cannot check which database it is (%s); trusting the state store that release %s is applied\n",
				o.Env, t.Name, firstLine(red.Redact(err.Error())), rel.ID)
			continue
		}
		now, err := r.Identity(ctx)
		r.Close()
		if err != nil || now == run.Identity || (now.SystemID == "" && now.Database == run.Identity.Database) {
			continue
		}
		reopened, err := o.Store.Reopen(ctx, rel.ID, o.Env, t.Name, run.Identity)
		if err != nil {
			return err
		}
		if reopened {
			fmt.Fprintf(o.Out, "target %s now points at a different database (%s) than when release %s was applied; applying there\n", t.Name, now, rel.ID)
			emit(event.Event{Kind: event.TargetRetargeted, Target: t.Name, Detail: fmt.Sprintf("was %s, now %s", run.Identity, now)})
		}
	}
	return nil
}

// othersRunning reports whether a target of names is running under
// another owner: alive (its lease is renewed) or killed (its lease will
// expire and the target becomes claimable).
func (o *Options) othersRunning(ctx context.Context, release string, names []string) (bool, error) {
	runs, err := o.Store.Targets(ctx, release, o.Env)
	if err != nil {
		return false, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, r := range runs {
		if want[r.Target] && r.Status == store.TargetRunning && r.Owner != o.Owner {
			return true, nil
		}
	}
	return false, nil
}

// pollInterval is how often a waiting worker looks for claimable targets.
func (o *Options) pollInterval() time.Duration {
	d := o.Lease / 4
	if d > time.Second {
		d = time.Second
	}
	if d < 50*time.Millisecond {
		d = 50 * time.Millisecond
	}
	return d
}

// waitFor waits until the given targets are finished in the store (other
// processes may be applying them); a failed one stops the stage.
func (o *Options) waitFor(ctx context.Context, release string, ts []targets.Target, stop func(string)) error {
	want := map[string]bool{}
	for _, t := range ts {
		want[t.Name] = true
	}
	for {
		runs, err := o.Store.Targets(ctx, release, o.Env)
		if err != nil {
			return err
		}
		left := 0
		for _, r := range runs {
			if !want[r.Target] {
				continue
			}
			switch r.Status {
			case store.TargetFailed:
				stop(fmt.Sprintf("canary %s failed", r.Target))
				return nil
			case store.TargetSucceeded, store.TargetSkipped:
			default:
				left++
			}
		}
		if left == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func addURLSecrets(red *redact.Redactor, u string) {
	if u == "" {
		return
	}
	red.AddFrom(redact.New(u))
}
