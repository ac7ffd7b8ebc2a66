package orchestrator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sqlreview/sqlreview/rules/config"
)

// ResolvedTarget is one database of an environment. URL holds secrets: it
// is used to connect and never printed, stored or sent.
type ResolvedTarget struct {
	Name string
	URL  string
	Ord  int
	// Missing names the unset variables of the URL ("" = resolved).
	Missing string
}

var varRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// ExpandVars replaces ${VAR} from getenv and returns the unset names.
func ExpandVars(s string, getenv func(string) string) (string, []string) {
	var missing []string
	out := varRef.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		v := getenv(name)
		if v == "" {
			missing = append(missing, name)
		}
		return v
	})
	return out, missing
}

// FindEnv returns the index of the environment named env.
func FindEnv(cfg *config.Config, env string) (int, error) {
	var names []string
	for i, e := range cfg.Environments {
		if e.Name == env {
			return i, nil
		}
		names = append(names, e.Name)
	}
	if len(names) == 0 {
		return -1, fmt.Errorf("no environments are configured; add `environments:` to .sqlreview.yaml")
	}
	return -1, fmt.Errorf("unknown environment %q; configured: %s", env, strings.Join(names, ", "))
}

// ResolveTargets lists the targets of an environment: its targets, then
// those of targets-from (a JSON list of {name, url} printed by a command
// or held in a file, both relative to the config's directory), with
// ${VAR} expanded. Unset variables are reported in Missing, not as errors,
// so status can list names without secrets.
func ResolveTargets(cfg *config.Config, e config.Environment, getenv func(string) string) ([]ResolvedTarget, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	list := append([]config.Target(nil), e.Targets...)
	if tf := e.TargetsFrom; tf != nil {
		var data []byte
		var err error
		if tf.Command != "" {
			cmd := exec.Command("sh", "-c", tf.Command)
			cmd.Dir = cfg.Dir
			cmd.Stderr = io.Discard
			data, err = cmd.Output()
			if err != nil {
				return nil, fmt.Errorf("environment %s: targets-from command %q failed: %v", e.Name, tf.Command, err)
			}
		}
		if tf.File != "" {
			p := tf.File
			if !filepath.IsAbs(p) && cfg.Dir != "" {
				p = filepath.Join(cfg.Dir, p)
			}
			fdata, ferr := os.ReadFile(p)
			if ferr != nil {
				return nil, fmt.Errorf("environment %s: targets-from file: %v", e.Name, ferr)
			}
			if tf.Command == "" {
				data = fdata
			} else {
				var a, b []config.Target
				if json.Unmarshal(data, &a) == nil && json.Unmarshal(fdata, &b) == nil {
					data, _ = json.Marshal(append(a, b...))
				}
			}
		}
		var more []struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		}
		if err := json.Unmarshal(data, &more); err != nil {
			// The output may hold URLs: never quote it.
			return nil, fmt.Errorf("environment %s: targets-from must give a JSON list of {\"name\", \"url\"}: %s", e.Name, strings.SplitN(err.Error(), ":", 2)[0])
		}
		for _, m := range more {
			list = append(list, config.Target{Name: m.Name, URL: m.URL})
		}
	}
	seen := map[string]bool{}
	var out []ResolvedTarget
	for i, t := range list {
		if t.Name == "" {
			return nil, fmt.Errorf("environment %s: target %d has no name", e.Name, i+1)
		}
		if seen[t.Name] {
			return nil, fmt.Errorf("environment %s: target %q is listed twice", e.Name, t.Name)
		}
		seen[t.Name] = true
		u, missing := ExpandVars(t.URL, getenv)
		rt := ResolvedTarget{Name: t.Name, URL: u, Ord: i}
		if len(missing) > 0 {
			rt.Missing = strings.Join(missing, ", ")
		} else if u == "" {
			rt.Missing = "url"
		}
		out = append(out, rt)
	}
	return out, nil
}

// InShard reports whether a target belongs to shard i of n (1-based): a
// hash of the name, so a shard keeps its targets when others are added.
func InShard(name string, i, n int) bool {
	if n <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32()%uint32(n)) == i-1
}

// RolloutOptions configure one rollout of a release to an environment.
type RolloutOptions struct {
	Config  *config.Config
	Store   *Store
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
	Notify   *Notifier
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

	parsed *parsedRelease
}

// RolloutResult is what a rollout did.
type RolloutResult struct {
	Release string      `json:"release"`
	Digest  string      `json:"digest"`
	Env     string      `json:"env"`
	DryRun  bool        `json:"dryRun,omitempty"`
	Targets []TargetRun `json:"targets"`
	// Done is true when every target of the stage succeeded or was
	// already applied.
	Done bool `json:"done"`
	// Stopped names why the stage stopped early ("" = it did not).
	Stopped string `json:"stopped,omitempty"`
	// Pending lists, for a dry run, the files each target would apply.
	Pending map[string][]string `json:"pending,omitempty"`
	// Change is, for a dry run, the schema change the pending files make
	// on the first target of this shard that has some (see PreviewChange).
	Change *SchemaChange `json:"schemaChange,omitempty"`
}

// Refusal errors.
var (
	ErrPromotion = errors.New("earlier environment not done")
	ErrApproval  = errors.New("approval required")
	ErrStage     = errors.New("stage failed")
)

// Rollout applies a release to every target of an environment.
func Rollout(ctx context.Context, o RolloutOptions) (*RolloutResult, error) {
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
	cfg := o.Config
	idx, err := FindEnv(cfg, o.Env)
	if err != nil {
		return nil, err
	}
	env := cfg.Environments[idx]
	// The store verifies the release (names, content against the digest)
	// before anything reads its files; they are run from memory, so no
	// rollout, dry or refused, writes a file.
	rel, err := o.Store.Release(ctx, o.Release)
	if err != nil {
		return nil, err
	}
	o.parsed = &parsedRelease{files: rel.sourceFiles()}
	// A file apply would refuse (content that would be skipped, a psql
	// meta-command that changes what runs, a statement too deep for the
	// parser, state a resume cannot rebuild) stops the rollout here, before
	// any target is touched, not once per target. None of these depends on
	// the server's version; the parse is cached for targets of this one.
	if _, err := o.parsed.get()(cfg.Postgres.Version); err != nil {
		return nil, fmt.Errorf("release %s: %w", rel.ID, err)
	}
	targets, err := ResolveTargets(cfg, env, o.Getenv)
	if err != nil {
		return nil, err
	}
	red := NewRedactor("")
	for _, t := range targets {
		addURLSecrets(red, t.URL)
	}
	if o.Notify == nil {
		o.Notify = &Notifier{Store: o.Store}
	}
	if o.Notify.Red != nil {
		for _, s := range o.Notify.Red.secrets {
			red.Add(s)
		}
	}
	o.Notify.Red = red
	emit := func(e RolloutEvent) {
		e.Release, e.Digest, e.Env, e.Owner = rel.ID, rel.Digest, o.Env, o.Owner
		if o.DryRun {
			return
		}
		o.Notify.Emit(ctx, e)
	}
	res := &RolloutResult{Release: rel.ID, Digest: rel.Digest, Env: o.Env, DryRun: o.DryRun}
	if len(targets) == 0 {
		return nil, fmt.Errorf("environment %s has no targets; add targets or targets-from", o.Env)
	}
	for _, t := range targets {
		if t.Missing != "" && InShard(t.Name, o.Shard, o.Shards) {
			return nil, fmt.Errorf("environment %s, target %s: the URL needs %s; set it in the environment of this job", o.Env, t.Name, t.Missing)
		}
	}

	// Promotion order: every earlier stage must have every file of this
	// release applied, by the targets' own history.
	for _, prev := range cfg.Environments[:idx] {
		if err := o.checkStage(ctx, rel, prev, red); err != nil {
			emit(RolloutEvent{Kind: EventRefused, Error: err.Error()})
			return nil, err
		}
	}
	if env.Approval == "required" {
		apps, err := o.Store.Approvals(ctx, rel.ID, o.Env)
		if err != nil {
			return nil, err
		}
		ok := false
		for _, a := range apps {
			if a.Digest == rel.Digest {
				ok = true
			}
		}
		if !ok && !o.DryRun {
			emit(RolloutEvent{Kind: EventApprovalNeeded})
			return nil, fmt.Errorf("%w: environment %s needs an approval of release %s; run `sqlreview approve --release %s --env %s --by NAME`, then rerun",
				ErrApproval, o.Env, rel.ID, rel.ID, o.Env)
		}
		if !ok {
			fmt.Fprintf(o.Out, "dry run: %s needs an approval of %s before a real rollout\n", o.Env, rel.ID)
		}
	}

	var mine []ResolvedTarget
	for _, t := range targets {
		if InShard(t.Name, o.Shard, o.Shards) {
			mine = append(mine, t)
		}
	}
	canaryN := env.Canary
	if canaryN > len(targets) {
		canaryN = len(targets)
	}
	canary := map[string]bool{}
	for _, t := range targets[:canaryN] {
		canary[t.Name] = true
	}
	byName := map[string]ResolvedTarget{}
	for _, t := range targets {
		byName[t.Name] = t
	}

	if o.DryRun {
		res.Pending = map[string][]string{}
		for _, t := range mine {
			r, err := o.open(ctx, t, rel.ID)
			if err != nil {
				return nil, err
			}
			p, err := r.Plan(ctx)
			r.Close()
			if err != nil {
				return nil, red.RedactErr(fmt.Errorf("target %s: %w", t.Name, err))
			}
			names := []string{}
			for _, pf := range p.Pending {
				names = append(names, pf.Name)
			}
			res.Pending[t.Name] = names
			fmt.Fprintf(o.Out, "%s/%s: %d to apply %v\n", o.Env, t.Name, len(names), names)
		}
		res.Change = o.previewFirst(ctx, rel, mine, res.Pending, red)
		return res, nil
	}

	names, ords := make([]string, len(targets)), make([]int, len(targets))
	for i, t := range targets {
		names[i], ords[i] = t.Name, t.Ord
	}
	var mineNames, canaryMine, restMine []string
	var mineOrds []int
	for _, t := range mine {
		mineNames = append(mineNames, t.Name)
		mineOrds = append(mineOrds, t.Ord)
		if canary[t.Name] {
			canaryMine = append(canaryMine, t.Name)
		} else {
			restMine = append(restMine, t.Name)
		}
	}
	// Register every target of the stage (status lists them all); a rerun
	// retries this shard's failures.
	if err := o.Store.RegisterTargets(ctx, rel.ID, o.Env, names, ords, false); err != nil {
		return nil, err
	}
	if err := o.Store.RegisterTargets(ctx, rel.ID, o.Env, mineNames, mineOrds, true); err != nil {
		return nil, err
	}
	if err := o.reopenRetargeted(ctx, rel, mine, red, emit); err != nil {
		return nil, red.RedactErr(err)
	}
	emit(RolloutEvent{Kind: EventStageStarted, Detail: fmt.Sprintf("%d targets, %d in this process's shard", len(targets), len(mine))})
	if o.Progress != nil {
		done := 0
		if runs, err := o.Store.Targets(ctx, rel.ID, o.Env); err == nil {
			in := map[string]bool{}
			for _, n := range mineNames {
				in[n] = true
			}
			for _, r := range runs {
				if in[r.Target] && (r.Status == TargetSucceeded || r.Status == TargetSkipped) {
					done++
				}
			}
		}
		o.Progress.Start(o.Env, len(mine), done)
		defer o.Progress.Finish()
	}

	budgetLeft := func() (bool, error) {
		failed, err := o.Store.Failed(ctx, rel.ID, o.Env)
		if err != nil {
			return false, err
		}
		return failed <= env.MaxFailures, nil
	}
	var stopMu sync.Mutex
	stop := func(why string) {
		stopMu.Lock()
		if res.Stopped == "" {
			res.Stopped = why
		}
		stopMu.Unlock()
	}
	stopped := func() bool { stopMu.Lock(); defer stopMu.Unlock(); return res.Stopped != "" }

	worker := func(candidates []string) error {
		for !stopped() {
			if ctx.Err() != nil {
				stop("interrupted")
				return ctx.Err()
			}
			ok, err := budgetLeft()
			if err != nil {
				return err
			}
			if !ok {
				stop(fmt.Sprintf("failures exceed max-failures (%d)", env.MaxFailures))
				return nil
			}
			name, got, err := o.Store.Claim(ctx, rel.ID, o.Env, candidates, o.Owner, o.Lease)
			if err != nil {
				return err
			}
			if !got {
				// Nothing claimable. Targets another process is running
				// (or a killed one still holds until its lease expires)
				// are waited for, so a rerun finishes the stage.
				wait, err := o.othersRunning(ctx, rel.ID, candidates)
				if err != nil || !wait {
					return err
				}
				select {
				case <-ctx.Done():
				case <-time.After(o.pollInterval()):
				}
				continue
			}
			o.applyTarget(ctx, rel, byName[name], red, emit)
		}
		return nil
	}

	// Canary targets first, alone; every process waits for them.
	if len(canaryMine) > 0 {
		if err := worker(canaryMine); err != nil {
			return nil, err
		}
	}
	if canaryN > 0 && !stopped() {
		if err := o.waitFor(ctx, rel.ID, targets[:canaryN], func(why string) { stop(why) }); err != nil {
			return nil, err
		}
	}
	if !stopped() {
		n := env.Concurrency
		if n <= 0 {
			n = 1
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := worker(restMine); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil && !errors.Is(err, context.Canceled) {
				return nil, red.RedactErr(err)
			}
		}
	}

	runs, err := o.Store.Targets(ctx, rel.ID, o.Env)
	if err != nil {
		return nil, err
	}
	res.Targets = runs
	counts := map[string]int{}
	for _, r := range runs {
		counts[r.Status]++
	}
	res.Done = counts[TargetSucceeded]+counts[TargetSkipped] == len(runs)
	if !res.Done && res.Stopped == "" {
		if counts[TargetPending]+counts[TargetRunning] > 0 && len(mine) < len(targets) {
			res.Stopped = "other shards or processes have targets left"
		} else if counts[TargetFailed] > 0 {
			res.Stopped = fmt.Sprintf("%d target(s) failed (within max-failures %d)", counts[TargetFailed], env.MaxFailures)
		} else if counts[TargetRunning] > 0 {
			res.Stopped = "other processes are still applying"
		}
	}
	emit(RolloutEvent{Kind: EventStageFinished, Counts: counts, Status: map[bool]string{true: "succeeded", false: "incomplete"}[res.Done], Detail: res.Stopped})
	if res.Done && o.WriteSchema != "" {
		if err := o.writeSchemas(ctx, targets, rel.ID); err != nil {
			return res, err
		}
	}
	if counts[TargetFailed] > 0 {
		var failed []string
		for _, r := range runs {
			if r.Status == TargetFailed {
				failed = append(failed, r.Target)
			}
		}
		return res, fmt.Errorf("%w: %s: %d of %d targets failed (%s); fix the cause and rerun the same command to resume",
			ErrStage, o.Env, len(failed), len(runs), strings.Join(failed, ", "))
	}
	return res, nil
}

// previewFirst previews the schema change on the first of ts with
// pending files; a preview that cannot be made is a warning, since the dry
// run itself succeeded.
func (o *RolloutOptions) previewFirst(ctx context.Context, rel *Release, ts []ResolvedTarget, pending map[string][]string, red *Redactor) *SchemaChange {
	for _, t := range ts {
		if len(pending[t.Name]) == 0 {
			continue
		}
		change, err := PreviewChange(ctx, PreviewOptions{Config: o.Config, Release: rel, Env: o.Env, Target: t, Warn: o.Warn, Version: o.Version, parsed: o.parsed})
		if err != nil {
			fmt.Fprintf(o.Warn, "sqlreview: warning: schema change not shown: %s\n", firstLine(red.Redact(err.Error())))
			return nil
		}
		return change
	}
	return nil
}

func (o *RolloutOptions) open(ctx context.Context, t ResolvedTarget, release string) (*Runner, error) {
	r, err := Open(ctx, Options{DatabaseURL: t.URL, Config: o.Config, NoReview: o.NoReview, Warn: o.Warn,
		Actor: o.Actor, ToolVersion: o.Version, ReleaseID: release, LockWait: o.LockWait, RetryBase: o.RetryBase,
		Migrations: o.parsed.get()})
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", t.Name, NewRedactor(t.URL).RedactErr(err))
	}
	return r, nil
}

// parsedRelease holds the release's files parsed once per server major
// version for all the targets of a rollout: the files are the release's
// stored content, identical for every target, and parsing them again per
// target was a visible part of the orchestrator's own CPU time.
type parsedRelease struct {
	files   []SourceFile
	mu      sync.Mutex
	byMajor map[int]*parsedFiles
}

type parsedFiles struct {
	once  sync.Once
	files []*Migration
	err   error
}

// get returns the loader a Runner uses (nil without a cache).
func (p *parsedRelease) get() func(int) ([]*Migration, error) {
	if p == nil {
		return nil
	}
	return func(major int) ([]*Migration, error) {
		p.mu.Lock()
		if p.byMajor == nil {
			p.byMajor = map[int]*parsedFiles{}
		}
		f := p.byMajor[major]
		if f == nil {
			f = &parsedFiles{}
			p.byMajor[major] = f
		}
		p.mu.Unlock()
		f.once.Do(func() { f.files, f.err = LoadFiles(p.files, major) })
		return f.files, f.err
	}
}

// applyTarget runs one claimed target, renewing its lease meanwhile.
func (o *RolloutOptions) applyTarget(ctx context.Context, rel *Release, t ResolvedTarget, red *Redactor, emit func(RolloutEvent)) {
	start := time.Now()
	emit(RolloutEvent{Kind: EventTargetStarted, Target: t.Name})
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
	status, applied, errText := TargetFailed, 0, ""
	var id Identity
	r, err := o.open(ctx, t, rel.ID)
	if err == nil {
		id = o.identity(ctx, r, t)
		var ar *Result
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
		status = TargetSkipped
	} else {
		status = TargetSucceeded
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
	var drift *DriftError
	if errors.As(err, &drift) {
		line += "\n" + strings.Join(DriftLines(drift.Removed, drift.Added), "\n")
	}
	io.WriteString(o.Out, line+"\n")
	emit(RolloutEvent{Kind: EventTargetFinished, Target: t.Name, Status: status, Applied: applied, Error: errText})
	if status == TargetFailed {
		emit(RolloutEvent{Kind: EventFailure, Target: t.Name, Error: errText})
	}
}

// identity reads which database t is; unknown (zero, with a warning) when
// the server does not say, so the target is recorded as before.
func (o *RolloutOptions) identity(ctx context.Context, r *Runner, t ResolvedTarget) Identity {
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
func (o *RolloutOptions) reopenRetargeted(ctx context.Context, rel *Release, mine []ResolvedTarget, red *Redactor, emit func(RolloutEvent)) error {
	runs, err := o.Store.Targets(ctx, rel.ID, o.Env)
	if err != nil {
		return err
	}
	byName := map[string]TargetRun{}
	for _, r := range runs {
		byName[r.Target] = r
	}
	for _, t := range mine {
		run := byName[t.Name]
		if (run.Status != TargetSucceeded && run.Status != TargetSkipped) || run.Identity.IsZero() {
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
			emit(RolloutEvent{Kind: EventTargetRetargeted, Target: t.Name, Detail: fmt.Sprintf("was %s, now %s", run.Identity, now)})
		}
	}
	return nil
}

// othersRunning reports whether a target of names is running under
// another owner: alive (its lease is renewed) or killed (its lease will
// expire and the target becomes claimable).
func (o *RolloutOptions) othersRunning(ctx context.Context, release string, names []string) (bool, error) {
	runs, err := o.Store.Targets(ctx, release, o.Env)
	if err != nil {
		return false, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, r := range runs {
		if want[r.Target] && r.Status == TargetRunning && r.Owner != o.Owner {
			return true, nil
		}
	}
	return false, nil
}

// pollInterval is how often a waiting worker looks for claimable targets.
func (o *RolloutOptions) pollInterval() time.Duration {
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
func (o *RolloutOptions) waitFor(ctx context.Context, release string, ts []ResolvedTarget, stop func(string)) error {
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
			case TargetFailed:
				stop(fmt.Sprintf("canary %s failed", r.Target))
				return nil
			case TargetSucceeded, TargetSkipped:
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

// checkStage refuses when a target of an earlier stage lacks a file of the
// release. The target's history decides; a target whose URL cannot be
// resolved in this job falls back to the state store's record.
func (o *RolloutOptions) checkStage(ctx context.Context, rel *Release, e config.Environment, red *Redactor) error {
	ts, err := ResolveTargets(o.Config, e, o.Getenv)
	if err != nil {
		return err
	}
	runs, err := o.Store.Targets(ctx, rel.ID, e.Name)
	if err != nil {
		return err
	}
	stored := map[string]string{}
	for _, r := range runs {
		stored[r.Target] = r.Status
	}
	fix := fmt.Sprintf("run `sqlreview rollout --release %s --env %s` first", rel.ID, e.Name)
	var problems []string
	for _, t := range ts {
		addURLSecrets(red, t.URL)
		if t.Missing != "" {
			if s := stored[t.Name]; s != TargetSucceeded && s != TargetSkipped {
				problems = append(problems, fmt.Sprintf("%s has not succeeded (state: %s; its URL needs %s, so its history was not read)", t.Name, orNone(s), t.Missing))
			} else {
				fmt.Fprintf(o.Warn, "sqlreview: warning: %s/%s: %s is not set here; trusting the state store that it succeeded\n", e.Name, t.Name, t.Missing)
			}
			continue
		}
		r, err := o.open(ctx, t, rel.ID)
		if err != nil {
			return fmt.Errorf("%w: cannot read the history of %s/%s: %v; %s", ErrPromotion, e.Name, t.Name, red.Redact(err.Error()), fix)
		}
		p, err := r.planNoReview(ctx)
		r.Close()
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", t.Name, red.Redact(err.Error())))
			continue
		}
		if len(p.Pending) > 0 {
			var names []string
			for _, pf := range p.Pending {
				names = append(names, pf.Name)
			}
			problems = append(problems, fmt.Sprintf("%s lacks %s", t.Name, strings.Join(names, ", ")))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("%w: environment %s has not fully succeeded with release %s (%s); %s", ErrPromotion, e.Name, rel.ID, strings.Join(problems, "; "), fix)
	}
	return nil
}

func (r *Runner) planNoReview(ctx context.Context) (*Plan, error) {
	saved := r.opt.NoReview
	r.opt.NoReview = true
	defer func() { r.opt.NoReview = saved }()
	return r.Plan(ctx)
}

func orNone(s string) string {
	if s == "" {
		return "never run"
	}
	return s
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func addURLSecrets(red *Redactor, u string) {
	if u == "" {
		return
	}
	for _, s := range NewRedactor(u).secrets {
		red.Add(s)
	}
}
