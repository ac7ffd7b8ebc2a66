// Package release builds a release (every migration file reviewed, then
// recorded with its content and digest) and verifies one read back: a
// release is immutable and content-addressed.
package release

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"os/user"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/integrity"
	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/risk"
)

// File is one migration of a release. Content is kept in the state
// store so a rollout applies exactly what was reviewed, whatever the
// checkout holds by then.
type File struct {
	Version string `json:"version"`
	Name    string `json:"name"`
	// Path is the file's path in the repository, relative to the config's
	// directory, for messages ("" in releases made before it was stored).
	Path    string `json:"path,omitempty"`
	SHA256  string `json:"sha256"`
	Content []byte `json:"-"`
}

// ReviewSummary is what the review of a release found.
type ReviewSummary struct {
	FailOn   string `json:"failOn"`
	Findings int    `json:"findings"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
	Infos    int    `json:"infos"`
	Blocking int    `json:"blocking"`
	// Policies are the reviews under the environments' own policies
	// (environments[].rules), one per distinct policy; an environment not
	// listed is reviewed under the top-level policy, the counts above.
	Policies []PolicyReview `json:"policies,omitempty"`
	// Risk is the release's risk in each environment of the config at
	// creation, by the state store's record of what each one already has.
	// It is shown, never trusted: the rollout gate computes it again.
	Risk map[string]risk.Assessment `json:"risk,omitempty"`
}

// PolicyReview is the review of a release under one environment policy.
type PolicyReview struct {
	// Environments share this policy, in the config's order.
	Environments []string      `json:"environments"`
	Review       ReviewSummary `json:"review"`
}

// ReviewFor is the recorded review under env's policy: its own policy's,
// else the top-level one.
func (rel *Release) ReviewFor(env string) ReviewSummary {
	for _, p := range rel.Review.Policies {
		if slices.Contains(p.Environments, env) {
			return p.Review
		}
	}
	top := rel.Review
	top.Policies = nil
	return top
}

// Release is an immutable, content-addressed set of migrations.
type Release struct {
	ID        string `json:"id"`
	Digest    string `json:"digest"`
	Files     []File `json:"files,omitempty"`
	FileCount int    `json:"fileCount,omitempty"`
	Commit    string `json:"commit"`
	// Dirty is set when git had uncommitted changes to the released
	// migration files (release create --allow-dirty): Commit lacks them.
	Dirty     bool          `json:"dirty"`
	Author    string        `json:"author"`
	CreatedAt time.Time     `json:"createdAt"`
	Review    ReviewSummary `json:"review"`
	// Policy is the config and allowed signers the release was created
	// from (nil for releases made without a config file or before they
	// were recorded).
	Policy *Policy `json:"policy,omitempty"`
}

// ErrTampered marks a release whose stored files fail their checks: the
// state store was modified outside sqlreview.
var ErrTampered = errors.New("the state store was modified")

// DefaultTemplate names releases.
const DefaultTemplate = "release_{date}-RC{n}"

// Digest is the sha256 over the ordered (version, name, sha256)
// triples: the same files give the same digest, any edit a new one.
func Digest(files []File) string {
	return digestWith(files, nil)
}

// digestWith is Digest extended with the release's policy (config and
// allowed signers); without one it is Digest.
func digestWith(files []File, p *Policy) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%s\x00%s\n", f.Version, f.Name, f.SHA256)
	}
	hashPolicy(h, p)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// ComputeDigest is the digest rel's content gives: its files and policy.
func (rel *Release) ComputeDigest() string { return digestWith(rel.Files, rel.Policy) }

// ID renders an id template: {date} (UTC, YYYYMMDD), {n} (1, 2, …
// until unused), {digest} (12 hex digits), {commit} (7 characters).
func ID(tmpl string, rel *Release, n int) string {
	if tmpl == "" {
		tmpl = DefaultTemplate
	}
	short := strings.TrimPrefix(rel.Digest, "sha256:")
	if len(short) > 12 {
		short = short[:12]
	}
	commit := rel.Commit
	if len(commit) > 7 {
		commit = commit[:7]
	}
	id := strings.NewReplacer("{date}", rel.CreatedAt.UTC().Format("20060102"), "{digest}", short, "{commit}", commit).Replace(tmpl)
	if strings.Contains(id, "{n}") {
		return strings.ReplaceAll(id, "{n}", fmt.Sprint(n))
	}
	if n > 1 {
		id += fmt.Sprintf("-%d", n)
	}
	return id
}

// Input is what Create reads.
type Input struct {
	Dir    string
	Config *config.Config
	// Template names the release ("" = DefaultTemplate).
	Template string
	// Author is recorded ("" = git's user.name, else the OS user).
	Author string
	// Now is the creation time (zero = time.Now()).
	Now time.Time
	// AllowDirty records a release of migration files git has uncommitted
	// changes to (as dirty) instead of refusing it.
	AllowDirty bool
	// Environments, when set, tells per environment which files of the
	// release would run there and on how many targets, for its risk
	// (ReviewSummary.Risk); the state store's record answers it.
	Environments func(rel *Release) (map[string]EnvContext, error)
}

// Outcome is the result of Create.
type Outcome struct {
	Release *Release
	// Created is false when a release with the same digest existed.
	Created bool
	// Findings are the review findings; Blocked refuses the release.
	Findings []engine.Finding
	Result   *engine.Result
	Blocked  bool
	// Policies are the reviews under environments' own policies, in the
	// order of Release.Review.Policies; such a review blocks rollouts to
	// its environments, not the release.
	Policies []PolicyOutcome
}

// PolicyOutcome is one environment policy's review of the files.
type PolicyOutcome struct {
	Environments []string
	Result       *engine.Result
	Summary      ReviewSummary
}

// Saver records releases: the state store, handed in so this package
// does not depend on it.
type Saver interface {
	// SaveRelease records rel unless a release with the same digest
	// exists, naming it newID(1), newID(2), ... until unused; it returns
	// the stored release and whether it was created.
	SaveRelease(ctx context.Context, rel *Release, newID func(n int) string) (*Release, bool, error)
	// NewestRolledOut is the newest release a rollout has reached (nil
	// when none).
	NewestRolledOut(ctx context.Context) (*Release, error)
	// Location names the store in messages, without a password.
	Location() string
}

// Create reviews every migration file of in.Dir with the engine (each
// file against the catalog of the files before it) and, unless a finding
// is at or above fail-on, records the release with st.
func Create(ctx context.Context, st Saver, in Input) (*Outcome, error) {
	cfg := in.Config
	if cfg == nil {
		cfg = config.Default()
	}
	// Each file is read once: the bytes parsed here are the ones the
	// review sees, the digest covers and the release stores.
	files, err := migration.ReadFiles(in.Dir)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s has no versioned migration files; nothing to release", in.Dir)
	}
	dirty, err := uncommittedMigrations(in.Dir)
	if err != nil {
		return nil, err
	}
	if len(dirty) > 0 && !in.AllowDirty {
		return nil, fmt.Errorf("%w: git has uncommitted changes to migration files under %s: %s; commit them, or pass --allow-dirty to record the release as dirty",
			ErrDirty, in.Dir, listSome(dirty, 3))
	}
	policy, err := readPolicy(cfg)
	if err != nil {
		return nil, err
	}
	dirtyPolicy := uncommittedPolicy(cfg, policy)
	if len(dirtyPolicy) > 0 && !in.AllowDirty {
		return nil, fmt.Errorf("%w: uncommitted changes to %s (a release records the config and the allowed signers as committed); commit them, or pass --allow-dirty to record the release as dirty",
			ErrDirty, listSome(dirtyPolicy, 3))
	}
	dirty = append(dirty, dirtyPolicy...)
	for _, f := range files {
		// The store refuses such names when it reads a release back, so a
		// release must never be made with one.
		if !validMigrationName(f.Name) {
			return nil, fmt.Errorf("%s: a release stores plain migration file names, without control characters; rename the file", f.Path)
		}
	}
	local, err := migration.LoadFiles(files, cfg.Postgres.Version)
	if err != nil {
		return nil, err
	}
	if err := checkAgainstRolledOut(ctx, st, cfg, in.Dir, files); err != nil {
		return nil, err
	}
	overlay := make(map[string][]byte, len(files))
	for _, f := range files {
		overlay[f.Path] = f.Data
	}
	// A release is rolled out by sqlreview: its files are reviewed under
	// sqlreview's transaction model, whatever migrations.runner says.
	opt := engine.Options{ConfigPath: cfg.Path, Overlay: overlay, Overrides: engine.Overrides{Runner: knowledge.RunnerSQLReview}}
	res, sum, err := review(in.Dir, opt, cfg.FailOn)
	if err != nil {
		return nil, err
	}
	out := &Outcome{Findings: res.Findings, Result: res}
	out.Blocked = sum.Blocking > 0
	if out.Blocked {
		return out, nil
	}
	if out.Policies, err = reviewPolicies(cfg, in.Dir, opt); err != nil {
		return nil, err
	}
	for _, p := range out.Policies {
		sum.Policies = append(sum.Policies, PolicyReview{Environments: p.Environments, Review: p.Summary})
	}
	rel := &Release{Review: sum, Author: in.Author, CreatedAt: in.Now}
	if rel.CreatedAt.IsZero() {
		rel.CreatedAt = time.Now()
	}
	rel.CreatedAt = rel.CreatedAt.UTC().Truncate(time.Millisecond)
	base := repositoryBase(cfg, in.Dir)
	byName := make(map[string]migration.SourceFile, len(files))
	for _, f := range files {
		byName[f.Name] = f
	}
	for _, m := range local {
		f := byName[m.Name]
		rel.Files = append(rel.Files, File{Version: m.Key, Name: m.Name, Path: repositoryPath(base, f.Path),
			SHA256: m.Checksum, Content: f.Data})
	}
	rel.Policy = policy
	rel.Digest = rel.ComputeDigest()
	if in.Environments != nil && len(cfg.Environments) > 0 {
		envs, err := in.Environments(rel)
		if err != nil {
			return nil, err
		}
		// From the release's content, as approve and status assess it.
		if len(envs) > 0 {
			if rel.Review.Risk, err = rel.Assess(cfg, envs); err != nil {
				return nil, err
			}
		}
	}
	rel.Commit = gitOutput(in.Dir, "rev-parse", "HEAD")
	rel.Dirty = len(dirty) > 0
	if rel.Author == "" {
		rel.Author = gitOutput(in.Dir, "config", "user.name")
	}
	if rel.Author == "" {
		if u, err := user.Current(); err == nil {
			rel.Author = u.Username
		}
	}
	// What a rollout refuses to read back is refused here too.
	if hasControl(rel.Author) {
		return nil, fmt.Errorf("author %q holds control characters; give a plain name with --author", rel.Author)
	}
	if hasControl(in.Template) {
		return nil, fmt.Errorf("release id template %q holds control characters; give a plain one with --id-template", in.Template)
	}
	saved, created, err := st.SaveRelease(ctx, rel, func(n int) string { return ID(in.Template, rel, n) })
	if err != nil {
		return nil, fmt.Errorf("state store %s: %w", st.Location(), err)
	}
	out.Release, out.Created = saved, created
	return out, nil
}

// review checks dir under opt's policy and counts the findings against
// failOn.
func review(dir string, opt engine.Options, failOn string) (*engine.Result, ReviewSummary, error) {
	res, err := engine.Check([]string{dir}, opt)
	if err != nil {
		return nil, ReviewSummary{}, err
	}
	if len(res.Errors) > 0 {
		return nil, ReviewSummary{}, fmt.Errorf("cannot read %v", res.Errors[0])
	}
	sum := ReviewSummary{FailOn: failOn}
	if sum.FailOn == "" {
		sum.FailOn = "error"
	}
	min, perr := rules.ParseSeverity(sum.FailOn)
	if perr != nil {
		min = rules.Error
	}
	for _, f := range res.Findings {
		if f.Suppressed {
			continue
		}
		sum.Findings++
		switch f.Severity {
		case rules.Error:
			sum.Errors++
		case rules.Warning:
			sum.Warnings++
		default:
			sum.Infos++
		}
		if sum.FailOn != "never" && f.Severity >= min {
			sum.Blocking++
		}
	}
	return res, sum, nil
}

// reviewPolicies reviews dir once per distinct environment policy
// (config.PolicyKey) other than the top-level one, which Create has
// reviewed already: environments with the same rules share one review.
func reviewPolicies(cfg *config.Config, dir string, opt engine.Options) ([]PolicyOutcome, error) {
	var out []PolicyOutcome
	byKey := map[string]int{}
	for _, e := range cfg.Environments {
		ec, err := cfg.ForEnvironment(e.Name)
		if err != nil {
			return nil, err
		}
		key := ec.PolicyKey()
		if key == "" {
			continue
		}
		if i, ok := byKey[key]; ok {
			out[i].Environments = append(out[i].Environments, e.Name)
			continue
		}
		o := opt
		o.Environment = e.Name
		res, sum, err := review(dir, o, cfg.FailOn)
		if err != nil {
			return nil, err
		}
		byKey[key] = len(out)
		out = append(out, PolicyOutcome{Environments: []string{e.Name}, Result: res, Summary: sum})
	}
	return out, nil
}

// ErrIntegrity marks a release refused because a migration a rollout has
// already taken was edited, renamed or deleted, or a new one sorts before
// the newest of them.
var ErrIntegrity = errors.New("release refused")

// checkAgainstRolledOut compares the files with those of the newest release
// a rollout has reached (see Saver.NewestRolledOut): the integrity rules of
// `check`, refused as one line naming the files by repository path. The
// stored release, not a git revision, is the base: it holds exactly what
// was applied, whatever the clone's depth or later rewrites of history. A
// release no target has started may still be replaced by an edited one.
func checkAgainstRolledOut(ctx context.Context, st Saver, cfg *config.Config, dir string, files []migration.SourceFile) error {
	prev, err := st.NewestRolledOut(ctx)
	if err != nil {
		return fmt.Errorf("state store %s: %w", st.Location(), err)
	}
	if prev == nil {
		return nil
	}
	cmp := &integrity.Comparison{Where: "rolled out with release " + prev.ID, AllowOutOfOrder: cfg.Migrations.OutOfOrder == "allow"}
	for _, f := range prev.Files {
		p := f.Path
		if p == "" {
			p = f.Name
		}
		cmp.Base = append(cmp.Base, integrity.File{Path: p, Name: f.Name, Version: versionOf(f), Checksum: f.SHA256})
	}
	base := repositoryBase(cfg, dir)
	for _, f := range files {
		p := repositoryPath(base, f.Path)
		if p == "" {
			p = f.Name
		}
		if cf, ok := integrity.NewFile(p, f.Data); ok {
			cmp.Current = append(cmp.Current, cf)
		}
	}
	problems := integrity.Compare(cmp, nil)
	if len(problems) == 0 {
		return nil
	}
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = p.Message
	}
	return fmt.Errorf("%w: %s", ErrIntegrity, strings.Join(msgs, "; "))
}

// versionOf is a stored file's version (Verify checked it matches the name).
func versionOf(f File) migfile.Version {
	v, _ := migfile.Parse(f.Name)
	return v
}

// Head is the commit of dir's git checkout ("" outside git).
func Head(dir string) string { return gitOutput(dir, "rev-parse", "HEAD") }

func gitOutput(dir string, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// repositoryBase is the directory release paths are relative to: the
// config's (where its globs resolve), else the git work tree of dir.
func repositoryBase(cfg *config.Config, dir string) string {
	if cfg.Dir != "" {
		return cfg.Dir
	}
	return gitOutput(dir, "rev-parse", "--show-toplevel")
}

// repositoryPath is path relative to base, slash-separated ("" when it
// is outside base: messages then use the file name).
func repositoryPath(base, path string) string {
	if base == "" {
		return ""
	}
	abs, err1 := filepath.Abs(path)
	absBase, err2 := filepath.Abs(base)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(absBase, abs)
	if err != nil || !validRepositoryPath(filepath.ToSlash(rel), filepath.Base(path)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// SourceFiles are the release's files for the runner; Verify has checked
// them. Messages name a file by its repository path, or by its name in
// releases made before paths were stored.
func (rel *Release) SourceFiles() []migration.SourceFile {
	out := make([]migration.SourceFile, len(rel.Files))
	for i, f := range rel.Files {
		p := f.Path
		if p == "" {
			p = f.Name
		}
		out[i] = migration.SourceFile{Name: f.Name, Path: p, Data: f.Content}
	}
	return out
}

// Verify checks a release read back from the state store before anything
// uses it: nothing there is trusted, since anyone with access to the file
// or database can edit it. Names must be plain migration file names (they
// name files and are printed), each content must hash to its recorded
// checksum, and the files to the release's digest.
func (rel *Release) Verify() error {
	tampered := func(format string, args ...any) error {
		return fmt.Errorf("release %s: %s; %w; create a new release", rel.ID, fmt.Sprintf(format, args...), ErrTampered)
	}
	if hasControl(rel.Commit) || hasControl(rel.Author) {
		return tampered("stored commit or author holds control characters")
	}
	seen := map[string]bool{}
	for _, f := range rel.Files {
		if !validMigrationName(f.Name) || seen[f.Name] {
			return tampered("stored file name %q is not a plain migration file name", f.Name)
		}
		seen[f.Name] = true
		if f.Path != "" && !validRepositoryPath(f.Path, f.Name) {
			return tampered("stored path %q of file %s is not a relative path in the repository", f.Path, f.Name)
		}
		if v, _ := migfile.Parse(f.Name); f.Version != migration.VersionKey(v) {
			return tampered("stored version %q of file %s does not match its name", f.Version, f.Name)
		}
		if migration.Checksum(f.Content) != f.SHA256 {
			return tampered("stored content does not match its digest (file %s)", f.Name)
		}
	}
	if p := rel.Policy; p != nil && (hasControl(p.ConfigPath) || hasControl(p.AllowedSignersPath) || strings.ContainsAny(p.ConfigPath, `/\`)) {
		return tampered("stored config or allowed-signers path holds control characters")
	}
	if len(rel.Files) == 0 || rel.ComputeDigest() != rel.Digest {
		if rel.Policy != nil {
			return tampered("stored files or recorded config do not match its digest")
		}
		return tampered("stored files do not match its digest")
	}
	return nil
}

// validMigrationName reports whether name is a plain file name (no
// directory, no "..", no control characters) that carries a migration
// version and ends in .sql.
func validMigrationName(name string) bool {
	if name == "" || strings.ContainsAny(name, `/\`) || strings.Contains(name, "..") || hasControl(name) {
		return false
	}
	_, ok := migfile.Parse(name)
	return ok && strings.EqualFold(filepath.Ext(name), ".sql")
}

// validRepositoryPath reports whether p is a clean relative slash path
// inside the repository that ends in the file's name.
func validRepositoryPath(p, name string) bool {
	if hasControl(p) || strings.Contains(p, `\`) || path.Clean(p) != p || path.IsAbs(p) || path.Base(p) != name {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." || part == "." || part == "" {
			return false
		}
	}
	return true
}

// hasControl reports control characters (C0, DEL, C1) or invalid UTF-8:
// text a terminal could misread.
func hasControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return true
		}
	}
	return false
}
