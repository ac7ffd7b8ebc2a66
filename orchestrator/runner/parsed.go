package runner

import (
	"context"
	"strings"
	"sync"

	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
)

// ParsedFiles holds a release's files parsed once per server major
// version for all the targets of a rollout: the files are the release's
// stored content, identical for every target, and parsing them again per
// target was a visible part of the orchestrator's own CPU time.
type ParsedFiles struct {
	files   []migration.SourceFile
	mu      sync.Mutex
	byMajor map[int]*parsedFiles
}

type parsedFiles struct {
	once  sync.Once
	files []*migration.Migration
	err   error
}

// Loader returns the loader of Options.Migrations (nil without a cache).
func (p *ParsedFiles) Loader() func(int) ([]*migration.Migration, error) {
	if p == nil {
		return nil
	}
	return func(major int) ([]*migration.Migration, error) {
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
		f.once.Do(func() { f.files, f.err = migration.LoadFiles(p.files, major) })
		return f.files, f.err
	}
}

// NewParsedFiles caches the parse of files, once per server major version.
func NewParsedFiles(files []migration.SourceFile) *ParsedFiles {
	return &ParsedFiles{files: files}
}

// PlanWithoutReview is Plan without the review of the pending files: what
// a promotion check needs to know is only what is pending.
func (r *Runner) PlanWithoutReview(ctx context.Context) (*plan.Plan, error) {
	saved := r.opt.NoReview
	r.opt.NoReview = true
	defer func() { r.opt.NoReview = saved }()
	return r.Plan(ctx)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
