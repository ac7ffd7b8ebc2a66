package orchestrator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// ReleaseFile is one migration of a release. Content is kept in the state
// store so a rollout applies exactly what was reviewed, whatever the
// checkout holds by then.
type ReleaseFile struct {
	Version string `json:"version"`
	Name    string `json:"name"`
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
}

// Release is an immutable, content-addressed set of migrations.
type Release struct {
	ID        string        `json:"id"`
	Digest    string        `json:"digest"`
	Files     []ReleaseFile `json:"files,omitempty"`
	FileCount int           `json:"fileCount,omitempty"`
	Commit    string        `json:"commit"`
	Author    string        `json:"author"`
	CreatedAt time.Time     `json:"createdAt"`
	Review    ReviewSummary `json:"review"`
}

// DefaultReleaseTemplate names releases.
const DefaultReleaseTemplate = "release_{date}-RC{n}"

// ReleaseDigest is the sha256 over the ordered (version, name, sha256)
// triples: the same files give the same digest, any edit a new one.
func ReleaseDigest(files []ReleaseFile) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%s\x00%s\n", f.Version, f.Name, f.SHA256)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// ReleaseID renders an id template: {date} (UTC, YYYYMMDD), {n} (1, 2, …
// until unused), {digest} (12 hex digits), {commit} (7 characters).
func ReleaseID(tmpl string, rel *Release, n int) string {
	if tmpl == "" {
		tmpl = DefaultReleaseTemplate
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

// ReleaseInput is what CreateRelease reads.
type ReleaseInput struct {
	Dir    string
	Config *config.Config
	// Template names the release ("" = DefaultReleaseTemplate).
	Template string
	// Author is recorded ("" = git's user.name, else the OS user).
	Author string
	// Now is the creation time (zero = time.Now()).
	Now time.Time
}

// ReleaseOutcome is the result of CreateRelease.
type ReleaseOutcome struct {
	Release *Release
	// Created is false when a release with the same digest existed.
	Created bool
	// Findings are the review findings; Blocked refuses the release.
	Findings []engine.Finding
	Result   *engine.Result
	Blocked  bool
}

// CreateRelease reviews every migration file of in.Dir with the engine
// (each file against the catalog of the files before it) and, unless a
// finding is at or above fail-on, records the release in the store.
func CreateRelease(ctx context.Context, st *Store, in ReleaseInput) (*ReleaseOutcome, error) {
	cfg := in.Config
	if cfg == nil {
		cfg = config.Default()
	}
	local, err := LoadDir(in.Dir, cfg.Postgres.Version)
	if err != nil {
		return nil, err
	}
	if len(local) == 0 {
		return nil, fmt.Errorf("%s has no versioned migration files; nothing to release", in.Dir)
	}
	opt := engine.Options{ConfigPath: cfg.Path}
	res, err := engine.Check([]string{in.Dir}, opt)
	if err != nil {
		return nil, err
	}
	out := &ReleaseOutcome{Findings: res.Findings, Result: res}
	sum := ReviewSummary{FailOn: cfg.FailOn}
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
	if len(res.Errors) > 0 {
		return nil, fmt.Errorf("cannot read %v", res.Errors[0])
	}
	out.Blocked = sum.Blocking > 0
	if out.Blocked {
		return out, nil
	}
	rel := &Release{Review: sum, Author: in.Author, CreatedAt: in.Now}
	if rel.CreatedAt.IsZero() {
		rel.CreatedAt = time.Now()
	}
	rel.CreatedAt = rel.CreatedAt.UTC().Truncate(time.Millisecond)
	for _, m := range local {
		data, err := os.ReadFile(m.Path)
		if err != nil {
			return nil, err
		}
		rel.Files = append(rel.Files, ReleaseFile{Version: m.Key, Name: m.Name, SHA256: m.Checksum, Content: data})
	}
	rel.Digest = ReleaseDigest(rel.Files)
	rel.Commit = gitOutput(in.Dir, "rev-parse", "HEAD")
	if rel.Author == "" {
		rel.Author = gitOutput(in.Dir, "config", "user.name")
	}
	if rel.Author == "" {
		if u, err := user.Current(); err == nil {
			rel.Author = u.Username
		}
	}
	saved, created, err := st.SaveRelease(ctx, rel, func(n int) string { return ReleaseID(in.Template, rel, n) })
	if err != nil {
		return nil, fmt.Errorf("state store %s: %w", st.Where, err)
	}
	out.Release, out.Created = saved, created
	return out, nil
}

func gitOutput(dir string, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// materialize writes the release's files into a new temporary directory
// for the runner; the caller removes it.
func (rel *Release) materialize() (string, error) {
	dir, err := os.MkdirTemp("", "sqlreview-release-")
	if err != nil {
		return "", err
	}
	for _, f := range rel.Files {
		if Checksum(f.Content) != f.SHA256 {
			os.RemoveAll(dir)
			return "", fmt.Errorf("release %s: stored content of %s does not match its checksum; the state store was edited", rel.ID, f.Name)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	if ReleaseDigest(rel.Files) != rel.Digest {
		os.RemoveAll(dir)
		return "", fmt.Errorf("release %s: files do not match the digest %s; the state store was edited", rel.ID, rel.Digest)
	}
	return dir, nil
}
