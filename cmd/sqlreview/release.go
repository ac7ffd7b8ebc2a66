package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/sqlreview/sqlreview/cmd/internal/progressbar"
	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/internal/buildinfo"
	"github.com/sqlreview/sqlreview/internal/dburl"
	"github.com/sqlreview/sqlreview/orchestrator/approval"
	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/notify"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/rollout"
	"github.com/sqlreview/sqlreview/orchestrator/signing"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/risk"
)

// stateArgs are the flags of the release commands.
type stateArgs struct {
	configPath, format, stateURL, dir string
}

func (a *stateArgs) register(fs *flag.FlagSet) {
	fs.StringVar(&a.configPath, "config", "", "`FILE`: config file (default: the nearest .sqlreview.yaml)")
	fs.StringVar(&a.format, "format", "text", "`FORMAT`: output format: text or json")
	fs.StringVar(&a.stateURL, "state-url", "", "`URL`: state store (default: state.url, else .sqlreview/state.db next to the config)")
}

// parseState parses a release command's flags; fs comes from its
// new*Flags constructor, which registered a's flags.
func parseState(name string, args []string, a *stateArgs, fs *flag.FlagSet, positional int) ([]string, error) {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > positional {
		return nil, usagef("%s: unexpected argument %q; run `sqlreview %s --help`", name, pos[positional], name)
	}
	if a.format != "text" && a.format != "json" {
		return nil, usagef("%s: --format %q: use text or json", name, a.format)
	}
	return pos, nil
}

// openState loads the config and opens the state store.
func openState(ctx context.Context, a *stateArgs) (*config.Config, *store.Store, error) {
	d := dbArgs{configPath: a.configPath, dir: a.dir}
	cfg, err := loadDBConfig(&d)
	if err != nil {
		return nil, nil, err
	}
	a.dir = d.dir
	url := a.stateURL
	if url == "" {
		url = cfg.State.URL
	}
	url, missing := targets.ExpandVars(url, os.Getenv)
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("state.url needs %s; set it in the environment", strings.Join(missing, ", "))
	}
	base := cfg.Dir
	if base == "" {
		base, _ = os.Getwd()
	}
	st, err := store.Open(ctx, url, base)
	if err != nil {
		return nil, nil, err
	}
	return cfg, st, nil
}

// releaseCmd is a parsed `sqlreview release SUB` command line.
type releaseCmd struct {
	a            stateArgs
	sub          string
	pos          []string
	tmpl, author string
	allowDirty   bool
	env, target  string
	sql          bool
}

// newReleaseFlags returns the flag set of `release sub` (create, list,
// show) and the values it fills.
func newReleaseFlags(sub string) (*flag.FlagSet, *releaseCmd) {
	c := &releaseCmd{sub: sub}
	fs := newFlagSet("release "+sub, nil)
	c.a.register(fs)
	if sub == "create" {
		fs.StringVar(&c.tmpl, "id-template", "", "`TEMPLATE`: release id template: {date}, {n}, {digest}, {commit} (default "+release.DefaultTemplate+")")
		fs.StringVar(&c.author, "author", "", "`NAME`: author recorded with the release (default: git user.name)")
		fs.BoolVar(&c.allowDirty, "allow-dirty", false, "release migration files that git has uncommitted changes to, recording the release as dirty")
	}
	if sub == "show" {
		fs.StringVar(&c.env, "env", "", "`E`: read which files are new from the live history of this environment's targets (default: the state store's record, for every environment)")
		fs.BoolVar(&c.sql, "sql", false, "print the SQL of the files that are new somewhere")
	}
	if sub == "diff" {
		fs.StringVar(&c.env, "env", "", "`E`: environment to preview the schema change on")
		fs.StringVar(&c.target, "target", "", "`T`: target of --env to preview on (default: its first)")
	}
	return fs, c
}

// parseReleaseArgs parses `release SUB [flags]` (args start with SUB).
func parseReleaseArgs(args []string) (*flag.FlagSet, *releaseCmd, error) {
	if len(args) == 0 {
		return nil, nil, usagef("release: give create, list, show ID or diff ID; run `sqlreview release --help`")
	}
	sub := args[0]
	switch sub {
	case "create", "list", "show", "diff":
	default:
		return nil, nil, usagef("release: unknown subcommand %q; use create, list, show ID or diff ID", sub)
	}
	fs, c := newReleaseFlags(sub)
	max := map[string]int{"create": 1, "list": 0, "show": 1, "diff": 1}[sub]
	pos, err := parseState("release "+sub, args[1:], &c.a, fs, max)
	c.pos = pos
	return fs, c, err
}

func cmdRelease(args []string, stdout, stderr io.Writer) (int, error) {
	_, c, err := parseReleaseArgs(args)
	if err != nil {
		return exitError, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if c.sub == "create" && len(c.pos) == 1 {
		c.a.dir = c.pos[0]
	}
	cfg, st, err := openState(ctx, &c.a)
	if err != nil {
		return exitError, err
	}
	defer st.Close()
	switch c.sub {
	case "create":
		return releaseCreate(ctx, c, cfg, st, stdout, stderr)
	case "list":
		return releaseList(ctx, c, st, stdout)
	case "diff":
		return releaseDiff(ctx, c, cfg, st, stdout, stderr)
	default:
		return releaseShow(ctx, c, cfg, st, stdout)
	}
}

func releaseCreate(ctx context.Context, c *releaseCmd, cfg *config.Config, st *store.Store, stdout, stderr io.Writer) (int, error) {
	a := c.a
	envs := func(rel *release.Release) (map[string]release.EnvContext, error) {
		ec, err := rollout.RecordedContext(ctx, st, cfg, cfg.Environments, rel, os.Getenv)
		if err != nil {
			// The risk shown at creation is informative (the gate computes
			// its own): a targets-from list this job cannot run does not
			// stop the release.
			fmt.Fprintf(stderr, "sqlreview: warning: the release's risk per environment is not recorded: %s\n", oneLine(err.Error()))
			return nil, nil
		}
		return ec, nil
	}
	out, err := release.Create(ctx, st, release.Input{Dir: a.dir, Config: cfg, Template: c.tmpl, Author: c.author, AllowDirty: c.allowDirty,
		Environments: envs})
	if errors.Is(err, release.ErrIntegrity) {
		fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(err.Error()))
		return exitFindings, nil
	}
	if err != nil {
		return exitError, err
	}
	if out.Blocked {
		if a.format == "text" {
			_ = report.Text(stdout, out.Result, report.Options{Version: buildinfo.Version(), Root: repoRoot(), Failed: true})
		}
		fmt.Fprintf(stderr, "sqlreview: release refused: findings at or above fail-on (%s); fix or suppress them, then run `sqlreview release create` again\n", cfg.FailOn)
		return exitFindings, nil
	}
	rel := out.Release
	notifyFor(cfg, st, stderr).Emit(ctx, event.Event{Kind: event.ReleaseCreated, Release: rel.ID, Digest: rel.Digest,
		Detail: map[bool]string{true: "created", false: "existing"}[out.Created]})
	if a.format == "json" {
		return exitOK, writeJSON(stdout, map[string]any{"id": rel.ID, "digest": rel.Digest, "files": rel.Files, "commit": rel.Commit,
			"dirty": rel.Dirty, "author": rel.Author, "createdAt": rel.CreatedAt, "review": rel.Review, "created": out.Created, "policy": rel.Policy})
	}
	verb := "created"
	if !out.Created {
		verb = "unchanged: same content as"
	}
	fmt.Fprintf(stdout, "release %s %s (%d files, %s, commit %s)\n", verb, rel.ID, len(rel.Files), rel.Digest, commitText(rel))
	writePolicyReviews(stdout, out)
	writeRisks(stdout, cfg, rel.Review.Risk)
	return exitOK, nil
}

// writePolicyReviews prints the review under each environment policy
// (environments[].rules) and the findings of those that refuse a rollout
// to their environments.
func writePolicyReviews(w io.Writer, out *release.Outcome) {
	for _, p := range out.Policies {
		fmt.Fprintf(w, "review under the policy of %s: %s\n", report.Escape(strings.Join(p.Environments, ", ")), policyText(p.Summary))
		if p.Summary.Blocking > 0 {
			_ = report.Text(w, p.Result, report.Options{Version: buildinfo.Version(), Root: repoRoot()})
		}
	}
}

// commitText is the release's commit as printed: "dirty" when its files
// were not all committed, since the commit then lacks some of them.
func commitText(rel *release.Release) string {
	if rel.Dirty {
		return orDash(rel.Commit) + ", dirty"
	}
	return orDash(rel.Commit)
}

func releaseList(ctx context.Context, c *releaseCmd, st *store.Store, stdout io.Writer) (int, error) {
	rels, err := st.Releases(ctx)
	if err != nil {
		return exitError, err
	}
	if c.a.format == "json" {
		if rels == nil {
			rels = []*release.Release{}
		}
		return exitOK, writeJSON(stdout, map[string]any{"releases": rels})
	}
	for _, r := range rels {
		dirty := ""
		if r.Dirty {
			dirty = "  dirty"
		}
		fmt.Fprintf(stdout, "%-28s %s  %3d files  %s  %s%s\n", r.ID, r.CreatedAt.Format(time.RFC3339), r.FileCount, shortDigest(r.Digest), orDash(r.Author), dirty)
	}
	return exitOK, nil
}

func notifyFor(cfg *config.Config, st *store.Store, warn io.Writer) *notify.Notifier {
	var hooks []string
	for _, h := range cfg.Notify.Webhooks {
		u, _ := targets.ExpandVars(h, os.Getenv)
		hooks = append(hooks, u)
	}
	red := redact.New("")
	for _, h := range hooks {
		red.Add(h)
		for _, s := range dburl.WebhookSecrets(h) {
			red.Add(s)
		}
	}
	return &notify.Notifier{Recorder: st, Webhooks: hooks, Warn: warn, Red: red}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func shortDigest(d string) string {
	d = strings.TrimPrefix(d, "sha256:")
	if len(d) > 12 {
		return d[:12]
	}
	return d
}

// rolloutCmd is a parsed `sqlreview rollout` command line.
type rolloutCmd struct {
	a                                stateArgs
	release, env, shard, writeSchema string
	dry, eventsJSON, noReview        bool
	lockWait                         time.Duration
	si, sn                           int
}

// newRolloutFlags returns the rollout flag set and the values it fills.
func newRolloutFlags() (*flag.FlagSet, *rolloutCmd) {
	c := &rolloutCmd{}
	fs := newFlagSet("rollout", nil)
	c.a.register(fs)
	fs.StringVar(&c.release, "release", "", "`ID`: release id (see 'sqlreview release list')")
	fs.StringVar(&c.env, "env", "", "`E`: environment to roll out to")
	fs.StringVar(&c.shard, "shard", "", "`i/N`: this job's deterministic part of the stage")
	fs.BoolVar(&c.dry, "dry-run", false, "show what each target would apply; change nothing")
	fs.BoolVar(&c.eventsJSON, "events-json", false, "print JSON events, one per line, on standard output")
	fs.StringVar(&c.writeSchema, "write-schema", "", "after the stage succeeds, write the schema dump (SQL) to `PATH`: a template with {env}, {target}, {db} (e.g. migrations/.{db}##LATEST.sql), or a directory for <env>.sql")
	fs.BoolVar(&c.noReview, "no-review", false, "skip each target's live-schema review")
	fs.DurationVar(&c.lockWait, "lock-wait", 10*time.Minute, "how long to wait for another migrator on a target")
	return fs, c
}

// parseRolloutArgs parses and checks a rollout command line.
func parseRolloutArgs(args []string) (*flag.FlagSet, *rolloutCmd, error) {
	fs, c := newRolloutFlags()
	if _, err := parseState("rollout", args, &c.a, fs, 0); err != nil {
		return fs, nil, err
	}
	if c.release == "" || c.env == "" {
		return fs, nil, usagef("rollout: give --release ID and --env E")
	}
	c.si, c.sn = 1, 1
	if c.shard != "" {
		if _, err := fmt.Sscanf(c.shard, "%d/%d", &c.si, &c.sn); err != nil || c.sn < 1 || c.si < 1 || c.si > c.sn {
			return fs, nil, usagef("rollout: --shard %q: use i/N with 1 ≤ i ≤ N", c.shard)
		}
	}
	if err := rollout.CheckSchemaPath(c.writeSchema); err != nil {
		return fs, nil, usagef("rollout: %v", err)
	}
	return fs, c, nil
}

func cmdRollout(args []string, stdout, stderr io.Writer) (int, error) {
	_, c, err := parseRolloutArgs(args)
	if err != nil {
		return exitError, err
	}
	a, release, env, dry, eventsJSON, writeSchema, noReview, lockWait := c.a, &c.release, &c.env, &c.dry, &c.eventsJSON, &c.writeSchema, &c.noReview, &c.lockWait
	si, sn := c.si, c.sn
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	cfg, st, err := openState(ctx, &a)
	if err != nil {
		return exitError, err
	}
	defer st.Close()
	n := notifyFor(cfg, st, stderr)
	progress := stderr
	if *eventsJSON {
		n.JSON = stdout
	} else if a.format == "text" {
		progress = stdout
	}
	// A progress bar only on a terminal, never with --events-json or
	// NO_COLOR: plain lines otherwise.
	var bar rollout.Progress
	if a.format == "text" && !*eventsJSON && !*dry && isTerminal(stdout) && os.Getenv("NO_COLOR") == "" {
		pb := progressbar.New(stdout)
		progress, bar = pb, pb
	}
	// Progress lines carry file and target names: escaped on the way out.
	out, warn := report.NewTextGuard(progress), report.NewTextGuard(stderr)
	res, err := rollout.Run(ctx, rollout.Options{Config: cfg, Store: st, Release: *release, Env: *env, Shard: si, Shards: sn,
		DryRun: *dry, NoReview: *noReview, Out: out, Progress: bar, Warn: warn, Notify: n, Version: buildinfo.Version(), WriteSchema: *writeSchema, LockWait: *lockWait})
	out.Close()
	warn.Close()
	if res != nil && res.Change != nil && a.format == "text" && !*eventsJSON {
		writeSchemaChange(stdout, res.Release, res.Change)
	}
	if res != nil && a.format == "json" && !*eventsJSON {
		_ = writeJSON(stdout, res)
	}
	if err != nil {
		// A rollout that ran and failed is exit 1; one that could not
		// start for a mistake on the command line (an unknown release or
		// environment) is exit 2, as in every command.
		code := exitFindings
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, targets.ErrSelection) {
			code = exitError
		}
		fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(n.Red.Redact(err.Error())))
		return code, nil
	}
	if a.format == "text" && !*eventsJSON && !*dry {
		if res.Done {
			fmt.Fprintf(stdout, "%s: release %s rolled out to all %d targets\n", *env, res.Release, len(res.Targets))
		} else {
			fmt.Fprintf(stdout, "%s: release %s not complete: %s\n", *env, res.Release, res.Stopped)
		}
	}
	if !res.Done && !*dry && res.Stopped != "" && !strings.Contains(res.Stopped, "other") {
		return exitFindings, nil
	}
	return exitOK, nil
}

// approveCmd is a parsed `sqlreview approve` command line.
type approveCmd struct {
	a                         stateArgs
	release, env, by, comment string
	key                       string
	rollout                   bool
}

// newApproveFlags returns the approve flag set and the values it fills.
func newApproveFlags() (*flag.FlagSet, *approveCmd) {
	c := &approveCmd{}
	fs := newFlagSet("approve", nil)
	c.a.register(fs)
	fs.StringVar(&c.release, "release", "", "`ID`: release id")
	fs.StringVar(&c.env, "env", "", "`E`: environment")
	fs.StringVar(&c.by, "by", "", "`NAME`: who approves: a principal of the release's allowed-signers file")
	fs.StringVar(&c.comment, "comment", "", "`TEXT`: why")
	fs.StringVar(&c.key, "key", "", "SSH key that signs: a private key `FILE`, or a public key whose private half is in ssh-agent (default: the agent's key the allowed signers list for --by)")
	fs.BoolVar(&c.rollout, "rollout", false, "confirm a manual rollout (environments[].rollout: manual) instead of approving")
	return fs, c
}

// parseApproveArgs parses and checks an approve command line.
func parseApproveArgs(args []string) (*flag.FlagSet, *approveCmd, error) {
	fs, c := newApproveFlags()
	if _, err := parseState("approve", args, &c.a, fs, 0); err != nil {
		return fs, nil, err
	}
	if c.release == "" || c.env == "" || c.by == "" {
		return fs, nil, usagef("approve: give --release ID, --env E and --by NAME")
	}
	return fs, c, nil
}

func cmdApprove(args []string, stdout, stderr io.Writer) (int, error) {
	_, c, err := parseApproveArgs(args)
	if err != nil {
		return exitError, err
	}
	ctx := context.Background()
	cfg, st, err := openState(ctx, &c.a)
	if err != nil {
		return exitError, err
	}
	defer st.Close()
	rel, err := st.Release(ctx, c.release)
	if err != nil {
		return exitError, err
	}
	if c.rollout {
		ap, code, err := recordStatement(ctx, c, cfg, st, rel, stdout, stderr)
		if err == nil && code == exitOK && c.a.format == "json" {
			err = writeJSON(stdout, ap)
		}
		return code, err
	}
	g, err := rollout.GateFor(ctx, st, cfg, rel, c.env, os.Getenv)
	if err != nil {
		return exitError, err
	}
	if msg, nothing := nothingToApprove(g, rel.ID, c.by); nothing {
		for _, line := range strings.Split(msg, "\n") {
			fmt.Fprintln(stdout, report.Escape(line))
		}
		return exitOK, nil
	}
	if err := approval.Admit(g.Progress, rel.ID, rel.Author, c.by); err != nil {
		fmt.Fprintf(stderr, "sqlreview: approve: %s\n", report.Escape(err.Error()))
		return exitFindings, nil
	}
	ap, code, err := recordStatement(ctx, c, cfg, st, rel, stdout, stderr)
	if err != nil || code != exitOK {
		return code, err
	}
	g = g.With(ap)
	if c.a.format == "json" {
		return exitOK, writeJSON(stdout, map[string]any{"approval": ap, "risk": g.Risk, "flow": g.Progress})
	}
	fmt.Fprintf(stdout, "%s: %s; approval %s\n", c.env, report.Escape(g.Risk.Phrase()), report.Escape(g.Progress.Summary()))
	return exitOK, nil
}

// recordStatement signs (where the release's config requires it), checks
// and records an approval or a rollout confirmation, and says so in the
// text format.
func recordStatement(ctx context.Context, c *approveCmd, cfg *config.Config, st *store.Store, rel *release.Release, stdout, stderr io.Writer) (store.Approval, int, error) {
	ap, err := rollout.Record(ctx, st, rollout.Statement{Release: rel, Env: c.env, By: c.by, Comment: c.comment, Rollout: c.rollout,
		Key: signing.KeySource{Path: c.key, AgentSocket: os.Getenv("SSH_AUTH_SOCK")}})
	if errors.Is(err, rollout.ErrRefused) {
		fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(report.Escape(err.Error())))
		return ap, exitFindings, nil
	}
	if err != nil {
		return ap, exitError, err
	}
	kind, verb := event.ApprovalGiven, "approved"
	if c.rollout {
		kind, verb = event.RolloutConfirmed, "confirmed the rollout of"
	}
	notifyFor(cfg, st, stderr).Emit(ctx, event.Event{Kind: kind, Release: rel.ID, Digest: rel.Digest, Env: c.env, By: c.by, Detail: c.comment})
	if c.a.format != "json" {
		signed := "unsigned"
		if ap.Signature != "" {
			signed = "signed"
		}
		fmt.Fprintf(stdout, "%s %s for %s by %s (digest %s, %s)\n", verb, rel.ID, c.env, report.Escape(c.by), shortDigest(rel.Digest), signed)
	}
	return ap, exitOK, nil
}

// nothingToApprove says why an approval would change nothing: the
// environment has no gate, the release's risk needs none there, or by's
// approval already counts.
func nothingToApprove(g rollout.Gate, release, by string) (string, bool) {
	p := g.Progress
	switch {
	case !p.Flow.Gated:
		return fmt.Sprintf("environment %s has no approval gate; nothing to approve, nothing recorded", g.Env), true
	case len(p.Steps) == 0:
		return fmt.Sprintf("release %s is %s risk in %s, which needs no approval there; nothing recorded", release, g.Risk.Level, g.Env), true
	}
	if p.Done {
		return fmt.Sprintf("release %s needs no more approvals for %s: %s; nothing recorded", release, g.Env, p.Summary()), true
	}
	if i, ok := p.Counted(by); ok {
		return fmt.Sprintf("%s has already approved release %s for %s (step %d of %d); nothing changed\n%s: approval %s",
			by, release, g.Env, i+1, len(p.Steps), g.Env, p.Summary()), true
	}
	return "", false
}

// statusTarget is one line of status.
type statusTarget struct {
	rollout.TargetStatus
	// DriftAccepted is the newest `drift accept` of the target, if any.
	DriftAccepted *driftAcceptedStatus `json:"driftAccepted,omitempty"`
}

type statusEnv struct {
	Name     string          `json:"name"`
	Approval string          `json:"approval"`
	Approved []string        `json:"approvedBy"`
	Status   string          `json:"status"`
	Risk     risk.Assessment `json:"risk"`
	// Flow is the approval flow at the release's risk and who counted in
	// it.
	Flow    approval.Progress `json:"approvalFlow"`
	Targets []statusTarget    `json:"targets"`
}

// statusCmd is a parsed `sqlreview status` command line.
type statusCmd struct {
	a       stateArgs
	release string
}

// newStatusFlags returns the status flag set and the values it fills.
func newStatusFlags() (*flag.FlagSet, *statusCmd) {
	c := &statusCmd{}
	fs := newFlagSet("status", nil)
	c.a.register(fs)
	fs.StringVar(&c.release, "release", "", "`ID`: release id (default: the newest of the checkout's commit, else the newest rolled out anywhere, else the newest)")
	return fs, c
}

// parseStatusArgs parses a status command line.
func parseStatusArgs(args []string) (*flag.FlagSet, *statusCmd, error) {
	fs, c := newStatusFlags()
	_, err := parseState("status", args, &c.a, fs, 0)
	return fs, c, err
}

func cmdStatus(args []string, stdout, stderr io.Writer) (int, error) {
	_, c, err := parseStatusArgs(args)
	if err != nil {
		return exitError, err
	}
	a, release := c.a, &c.release
	ctx := context.Background()
	cfg, st, err := openState(ctx, &a)
	if err != nil {
		return exitError, err
	}
	defer st.Close()
	id := *release
	if id == "" {
		if id, err = store.CurrentRelease(ctx, st, cfg.Dir); err != nil {
			return exitError, err
		}
	}
	rel, err := st.Release(ctx, id)
	if err != nil {
		return exitError, err
	}
	stages, err := rollout.Status(ctx, st, cfg, rel, os.Getenv)
	if err != nil {
		return exitError, err
	}
	drifts := acceptedDrifts(ctx, st)
	var envs []statusEnv
	for _, e := range stages {
		se := statusEnv{Name: e.Name, Approval: e.Approval, Approved: e.Approved, Status: e.Status, Targets: []statusTarget{},
			Risk: e.Gate.Risk, Flow: e.Gate.Progress}
		for _, t := range e.Targets {
			se.Targets = append(se.Targets, statusTarget{TargetStatus: t, DriftAccepted: drifts[e.Name+"\x00"+t.Name]})
		}
		envs = append(envs, se)
	}
	if a.format == "json" {
		if envs == nil {
			envs = []statusEnv{}
		}
		return exitOK, writeJSON(stdout, map[string]any{"release": rel.ID, "digest": rel.Digest, "environments": envs})
	}
	esc := report.Escape
	fmt.Fprintf(stdout, "release %s (%s)\n", esc(rel.ID), shortDigest(rel.Digest))
	for _, e := range envs {
		fmt.Fprintf(stdout, "%s: %s (%s)\n", report.EscapeLineStart(e.Name), e.Status, esc(e.Risk.Phrase()))
		writeFlow(stdout, "  ", e.Flow)
		for _, t := range e.Targets {
			fmt.Fprintf(stdout, "  %-24s %-10s", esc(t.Name), t.Status)
			if t.Error != "" {
				fmt.Fprintf(stdout, " %s", oneLine(t.Error))
			}
			writeAcceptedDrift(stdout, t.DriftAccepted)
			fmt.Fprintln(stdout)
		}
	}
	return exitOK, nil
}

// writeRisks prints a release's risk per environment above low, in the
// config's order, one line each (release show and status show every
// level).
func writeRisks(w io.Writer, cfg *config.Config, risks map[string]risk.Assessment) {
	for _, e := range cfg.Environments {
		if a, ok := risks[e.Name]; ok && a.Level > risk.Low {
			fmt.Fprintf(w, "  %s: %s\n", report.Escape(e.Name), report.Escape(a.Phrase()))
		}
	}
}

// writeFlow prints an environment's approval flow and where its approvals
// stand, under the environment's line; nothing for an environment
// without a gate.
func writeFlow(w io.Writer, indent string, p approval.Progress) {
	if !p.Flow.Gated {
		return
	}
	esc := report.Escape
	fmt.Fprintf(w, "%sflow: %s\n", indent, esc(p.FlowText()))
	if len(p.Steps) == 0 {
		return
	}
	fmt.Fprintf(w, "%sapproval: %s", indent, esc(p.Summary()))
	if who := p.Approvers(); !p.Done && who != "" {
		fmt.Fprintf(w, "; approved so far: %s", esc(who))
	}
	fmt.Fprintln(w)
}

// historyEnv prints the change history across the targets of an
// environment (history --env E [--target T]) in one table with a target
// column; a target that cannot be read is reported and the others are
// still shown (exit 2).
func historyEnv(a *dbArgs, stdout, stderr io.Writer) (int, error) {
	ctx := context.Background()
	cfg, ts, err := selectTargets("history", a)
	if err != nil {
		return exitError, err
	}
	// Commits come from the state store when it is reachable.
	commits := map[string]string{}
	sa := stateArgs{configPath: a.configPath}
	if _, st, err := openState(ctx, &sa); err == nil {
		if rels, err := st.Releases(ctx); err == nil {
			for _, r := range rels {
				commits[r.ID] = r.Commit
			}
		}
		st.Close()
	}
	type entry struct {
		Target string `json:"target"`
		history.Row
		Commit string `json:"commit,omitempty"`
	}
	entries := []entry{}
	red := redact.New("")
	code := exitOK
	for _, t := range ts {
		red.Add(t.URL)
		rows, err := historyRows(ctx, a, cfg, t)
		if err != nil {
			fmt.Fprintf(stderr, "sqlreview: target %s: %s\n", t.Name, oneLine(err.Error()))
			code = exitError
			continue
		}
		for _, row := range rows {
			entries = append(entries, entry{Target: t.Name, Row: row, Commit: commits[row.ReleaseID]})
		}
	}
	if a.format == "json" {
		return code, writeJSON(stdout, map[string]any{"env": a.env, "history": entries})
	}
	fmt.Fprintf(stdout, "%-16s %-22s %-9s %-24s %-20s %-16s %9s %-8s %-4s %s\n", "TARGET", "VERSION", "STATUS", "RELEASE", "FINISHED (UTC)", "BY", "DURATION", "COMMIT", "KIND", "NAME")
	for _, e := range entries {
		fin, dur := "-", "-"
		if e.FinishedAt != nil {
			fin = e.FinishedAt.UTC().Format("2006-01-02 15:04:05")
		}
		if e.DurationMS != nil {
			dur = (time.Duration(*e.DurationMS) * time.Millisecond).String()
		}
		esc := report.Escape
		fmt.Fprintf(stdout, "%-16s %-22s %-9s %-24s %-20s %-16s %9s %-8s %-4s %s\n", report.EscapeLineStart(e.Target), esc(e.Version), esc(e.Status), esc(orDash(e.ReleaseID)), fin,
			esc(e.AppliedBy), dur, esc(orDash(short7(e.Commit))), esc(orDash(e.Kind)), esc(e.Name))
		if e.Error != "" {
			fmt.Fprintf(stdout, "    error: %s\n", oneLine(red.Redact(e.Error)))
		}
	}
	return code, nil
}

// historyRows reads the history of one target; the error is redacted.
func historyRows(ctx context.Context, a *dbArgs, cfg *config.Config, t targets.Target) ([]history.Row, error) {
	r, err := openRunner(ctx, a, cfg, t, io.Discard, io.Discard)
	if err != nil {
		return nil, redact.New(t.URL).RedactErr(err)
	}
	defer r.Close()
	rows, _, err := r.History(ctx)
	return rows, redact.New(t.URL).RedactErr(err)
}

func short7(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

var _ = filepath.Join
