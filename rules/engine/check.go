package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/meta"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/risk"
	"github.com/sqlreview/sqlreview/rules/source"
	"github.com/sqlreview/sqlreview/rules/statements"
)

// StdinPath is the path findings carry for SQL read from standard input.
const StdinPath = "<stdin>"

// Options control a Check run.
type Options struct {
	// ConfigPath is an explicit config file (--config); "" means the nearest
	// .sqlreview.yaml up from each file.
	ConfigPath string
	Overrides  Overrides
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Jobs bounds parallel parsing; 0 means GOMAXPROCS.
	Jobs int
	// KeepTrees keeps parse trees in Result.Files (they are dropped by
	// default once a file is checked, to bound memory).
	KeepTrees bool
	// Only, if set, limits linting to the files it accepts (absolute
	// paths), e.g. the files a pull request changed. Directories are still
	// walked with the config's include/exclude, and the catalog still
	// replays every earlier migration.
	Only func(absPath string) bool
	// DatabaseURL, if set, is the database the files will run against
	// (check --database-url): its schema replaces the replay and rules may
	// query it read-only. See sources.go.
	DatabaseURL string
	// Overlay holds the content of files already read, by path as Check
	// spells it (filepath.Join(dir, name) for a file of a directory
	// given): those are checked and replayed from memory, so a caller
	// that stores or runs the bytes has them reviewed exactly.
	Overlay map[string][]byte
	// Base, if set, is what the checked migration directories are compared
	// with for integrity findings (an applied file edited, renamed or
	// deleted; a new file sorting before the newest applied one); with
	// DatabaseURL they are also compared with the target's history. See
	// integrity.go.
	Base BaseSource
	// RepoRoot is the repository root integrity messages name files
	// relative to ("" = the working directory).
	RepoRoot string
	// Environment, if set, reviews under that environment's policy
	// (config.ForEnvironment: its rules added to the top-level ones), as
	// release create and rollout will for it (check --env).
	Environment string
	// Emit, if set, receives each checked file's findings in the order
	// Result.Findings would hold them (src is the file, for positions),
	// as soon as they and every earlier file's are final; the run then
	// keeps neither the findings nor the sources, so its memory does not
	// grow with the number of findings. res is the run's Result so far
	// (Blocks works for the findings given). An error from Emit is
	// returned by Check after the run.
	Emit func(res *Result, src *source.File, fs []Finding) error
}

// Result is the outcome of a Check run.
type Result struct {
	Findings   []Finding
	Files      int // files checked
	Statements int // statements checked
	// Sources holds each checked file (text and positions) by path, for
	// code frames.
	Sources map[string]*source.File
	// Errors are files that could not be read; their names and causes.
	Errors []error
	// Empty are the directory arguments that held no .sql file to check
	// (none at all, or none the config's files.include selects).
	Empty []string
	// Warnings are problems that did not stop the check (a schema file
	// with syntax errors), one line each, for standard error.
	Warnings []string
	// Risk is the risk of the checked files per environment, when the
	// caller computed it (package risk; `check` does for configs with
	// environments); reports show it.
	Risk []risk.EnvAssessment
	// Linters holds the linter used per config path ("" = defaults).
	Linters  map[string]*Linter
	configOf map[string]*config.Config
}

// FailOn returns the fail-on threshold of the config governing path
// ("error" when unknown).
func (r *Result) FailOn(path string) string {
	if c := r.configOf[path]; c != nil && c.FailOn != "" {
		return c.FailOn
	}
	return "error"
}

// Blocks reports whether f fails the merge gate: it is unsuppressed and at
// or above the threshold, flagFailOn (--fail-on) or else the fail-on of the
// config governing its file; "never" blocks nothing. The gate, and every
// report that tells blocking findings from the others, ask this.
func (r *Result) Blocks(f *Finding, flagFailOn string) bool {
	if f.Suppressed {
		return false
	}
	threshold := flagFailOn
	if threshold == "" {
		threshold = r.FailOn(f.Path)
	}
	if threshold == "never" {
		return false
	}
	min, err := rules.ParseSeverity(threshold)
	if err != nil {
		min = rules.Error
	}
	return f.Severity >= min
}

// ErrUsage marks errors caused by bad arguments or configuration.
var ErrUsage = errors.New("usage")

type target struct {
	path     string // as shown in findings
	dir      string // directory whose earlier files form the catalog
	explicit bool
}

// Check lints paths: files, directories (every .sql file below them) or "-"
// for standard input. Each file is checked against the catalog built from
// the migrations before it in its directory. The error is non-nil only for
// problems that stop the whole run (a bad config, a missing path); unreadable
// files are listed in Result.Errors and the others are still checked.
func Check(paths []string, opts Options) (*Result, error) {
	r := &runner{opts: opts, byFile: map[string][]Finding{}, res: &Result{Sources: map[string]*source.File{}, Linters: map[string]*Linter{}, configOf: map[string]*config.Config{}},
		cfgs: newConfigResolver()}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no paths given; try `sqlreview check migrations/`", ErrUsage)
	}
	if opts.Emit != nil {
		r.emit = &emitter{fn: opts.Emit, done: map[string]*doneFile{}, skipNotes: map[*rules.Rule]bool{},
			// Integrity findings join files' findings after the run: with
			// them possible, findings wait for the end.
			streaming: opts.Base == nil && opts.DatabaseURL == ""}
	}
	if opts.ConfigPath != "" {
		cfg, err := loadConfig(opts.ConfigPath)
		if err != nil {
			return nil, err
		}
		r.explicitCfg = cfg
	}
	if opts.DatabaseURL != "" {
		live, err := openLive(opts.DatabaseURL)
		if err != nil {
			return nil, err
		}
		defer live.close()
		r.live = live
	}
	var targets []target
	var roots []string // directory arguments
	var stdin *source.File
	for _, p := range paths {
		if p == "-" {
			if stdin != nil {
				return nil, fmt.Errorf("%w: check: - (standard input) is given twice; it can be read once", ErrUsage)
			}
			if opts.Stdin == nil {
				return nil, fmt.Errorf("%w: \"-\" given but no standard input", ErrUsage)
			}
			data, err := io.ReadAll(opts.Stdin)
			if err != nil {
				return nil, fmt.Errorf("reading standard input: %v", err)
			}
			stdin = source.Parse(StdinPath, data)
			if r.emit != nil {
				r.emit.order = append(r.emit.order, StdinPath)
			}
			continue
		}
		st, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s: no such file or directory; check the path", ErrUsage, p)
		}
		if err != nil {
			// The real cause (a symlink loop, a permission, a file
			// where a directory should be), naming the path as given.
			return nil, fmt.Errorf("%s: %v", p, unwrapPathErr(err))
		}
		if !st.IsDir() {
			targets = append(targets, target{path: p, dir: filepath.Dir(p), explicit: true})
			continue
		}
		found, err := r.walk(p)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			r.res.Empty = append(r.res.Empty, p)
		}
		targets = append(targets, found...)
		roots = append(roots, p)
	}
	walked := append([]target(nil), targets...)
	if opts.Only != nil {
		kept := targets[:0]
		for _, t := range targets {
			if abs, err := filepath.Abs(t.path); err == nil && opts.Only(abs) {
				kept = append(kept, t)
			}
		}
		targets = kept
	}
	if r.emit != nil {
		for _, t := range targets {
			r.emit.order = append(r.emit.order, t.path)
		}
		r.emit.sortOrder()
	}
	if stdin != nil {
		cwd, _ := os.Getwd()
		cfg, err := r.configFor(filepath.Join(cwd, "stdin.sql"))
		if err != nil {
			return nil, err
		}
		l, err := r.linter(cfg)
		if err != nil {
			return nil, err
		}
		seed, err := r.seedFor(cfg)
		if err != nil {
			return nil, err
		}
		fs := l.Lint(stdin, seed, "stdin.sql")
		dropTrees(stdin, opts.KeepTrees)
		r.mu.Lock()
		r.fileDone(StdinPath, stdin, fs, cfg)
		r.mu.Unlock()
	}
	if err := r.run(targets); err != nil {
		return nil, err
	}
	if err := r.checkIntegrity(roots, walked); err != nil {
		return nil, err
	}
	if r.emit != nil && r.emit.streaming {
		return r.res, r.emit.err
	}
	// Each file's findings are sorted already; in path order they are the
	// whole result sorted (SortFindings compares paths first).
	checked := make([]string, 0, len(r.byFile))
	n := 0
	for path, fs := range r.byFile {
		checked = append(checked, path)
		n += len(fs)
	}
	sort.Strings(checked)
	r.res.Findings = make([]Finding, 0, n)
	for _, path := range checked {
		r.res.Findings = append(r.res.Findings, r.byFile[path]...)
	}
	r.res.Findings = oneSkipNotePerRule(r.res.Findings, map[*rules.Rule]bool{})
	if r.emit != nil {
		return r.res, r.emit.emitAll(r.res)
	}
	return r.res, nil
}

// oneSkipNotePerRule keeps, of the notes that a rule needing a live
// database was skipped (one per file), the first of each rule: a run over
// thousands of files says it once, not once per file. seen holds the rules
// whose note was kept already (earlier files' findings, when streaming).
func oneSkipNotePerRule(fs []Finding, seen map[*rules.Rule]bool) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if !f.Suppressed && strings.HasSuffix(f.Message, statements.NeedsDatabaseNote) {
			if seen[f.Rule] {
				continue
			}
			seen[f.Rule] = true
		}
		out = append(out, f)
	}
	return out
}

type runner struct {
	opts        Options
	res         *Result
	byFile      map[string][]Finding // sorted findings of each checked file
	explicitCfg *config.Config
	cfgs        *configResolver
	mu          sync.Mutex
	live        *liveSource            // --database-url, or nil
	seeds       map[string]*schemaSeed // lint.catalog files by path
	envCfgs     map[*config.Config]*config.Config
	emit        *emitter // Options.Emit, or nil
}

func loadConfig(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if err := ValidateConfig(cfg); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	return cfg, nil
}

// configFor returns the config governing file: --config, else the nearest
// .sqlreview.yaml up the tree.
func (r *runner) configFor(file string) (*config.Config, error) {
	if r.explicitCfg != nil {
		return r.forEnvironment(r.explicitCfg)
	}
	cfg, err := r.cfgs.forFile(file)
	if err != nil {
		return nil, err
	}
	return r.forEnvironment(cfg)
}

// forEnvironment is cfg under Options.Environment's policy, made once per
// config so every file it governs shares one linter.
func (r *runner) forEnvironment(cfg *config.Config) (*config.Config, error) {
	if r.opts.Environment == "" {
		return cfg, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.envCfgs[cfg]; ok {
		return c, nil
	}
	c, err := cfg.ForEnvironment(r.opts.Environment)
	if err != nil {
		return nil, fmt.Errorf("%w: --env: %v", ErrUsage, err)
	}
	if r.envCfgs == nil {
		r.envCfgs = map[*config.Config]*config.Config{}
	}
	r.envCfgs[cfg] = c
	return c, nil
}

func (r *runner) linter(cfg *config.Config) (*Linter, error) {
	if l, ok := r.res.Linters[cfg.Path]; ok {
		return l, nil
	}
	l, err := NewLinter(cfg, r.opts.Overrides)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if r.live != nil {
		l.DB = r.live.db
	}
	// The runner spreads files over its workers, not a file's rules over
	// two replays (lintSplit): it has no use for the rules' timed costs,
	// whose clock reads were 2% of a check of every rule.
	l.costs = nil
	r.res.Linters[cfg.Path] = l
	return l, nil
}

// relTo returns path relative to the config's directory, slash-separated.
func relTo(cfg *config.Config, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	dir := cfg.Dir
	if dir == "" {
		dir, _ = os.Getwd()
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// walk lists the .sql files below dir that the governing config includes.
func (r *runner) walk(dir string) ([]target, error) {
	var out []target
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			r.res.Errors = append(r.res.Errors, fmt.Errorf("%s: %v", p, unwrapPathErr(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.EqualFold(filepath.Ext(p), ".sql") {
			return nil
		}
		cfg, err := r.configFor(p)
		if err != nil {
			return err
		}
		// include/exclude globs are relative to the config's directory; a
		// file outside it was asked for by naming its directory, so it is in.
		if rel := relTo(cfg, p); !strings.HasPrefix(rel, "../") && !filepath.IsAbs(rel) && !cfg.Matches(rel) {
			return nil
		}
		out = append(out, target{path: p, dir: filepath.Dir(p)})
		return nil
	})
	return out, err
}

// parsed is a file being parsed by the worker pool.
type parsed struct {
	path string
	done chan struct{}
	file *source.File
	err  error
	// For a file to lint: its config, linter and active rules, resolved
	// before parsing starts, and the findings of its schema-free rules,
	// which the parse worker computes right after parsing.
	cfg    *config.Config
	linter *Linter
	active []*rules.Rule
	free   []rawFinding
	facts  *rules.FileFacts // shared by the schema-free rules and the replay
	// dump marks a schema dump (migfile.SchemaDumpHeader): it describes a
	// database, so it is neither checked nor replayed.
	dump bool
	// maxSize is files.max-size of the governing config: a larger file
	// is not read (source.Oversized).
	maxSize   int64
	oversized bool
}

// run parses every needed file in parallel, then per directory replays the
// files in migration order, linting the targets.
func (r *runner) run(targets []target) error {
	byDir := map[string]map[string]bool{}
	var dirs []string
	for _, t := range targets {
		if byDir[t.dir] == nil {
			byDir[t.dir] = map[string]bool{}
			dirs = append(dirs, t.dir)
		}
		byDir[t.dir][t.path] = true
	}
	sort.Strings(dirs)
	type plan struct {
		dir   string
		files []*parsed
		lint  map[string]bool
		dups  map[string][]string
		seed  *catalog.Catalog
	}
	var plans []*plan
	var queue []*parsed
	for _, dir := range dirs {
		lint := byDir[dir]
		all := dirFiles(dir, lint)
		// Versioned migrations replay in version order; files without a
		// version (seeds, scratch files, test scripts) are no migrations:
		// each is checked against the schema of all the versioned files and
		// changes nothing for the others. Migrations after the last one
		// checked need not be read at all.
		ordered := migfile.Sort(all)
		last := -1
		for i, p := range ordered {
			if !isVersioned(p) {
				if lint[p] {
					last = len(ordered) - 1
				}
				continue
			}
			if lint[p] {
				last = i
			}
		}
		kept := ordered[:0:0]
		for _, p := range ordered[:last+1] {
			if isVersioned(p) || lint[p] {
				kept = append(kept, p)
			}
		}
		ordered = kept
		pl := &plan{dir: dir, lint: lint, dups: map[string][]string{}}
		for _, group := range migfile.Duplicates(ordered) {
			for _, p := range group {
				pl.dups[p] = group
			}
		}
		for _, p := range ordered {
			pf := &parsed{path: p, done: make(chan struct{})}
			pl.files = append(pl.files, pf)
			queue = append(queue, pf)
		}
		plans = append(plans, pl)
	}
	// Linters are resolved up front so config errors stop the run before
	// any output, and so the parse workers can run each file's schema-free
	// rules as soon as it is parsed.
	for _, pl := range plans {
		for _, pf := range pl.files {
			cfg, err := r.configFor(pf.path)
			if err != nil {
				return err
			}
			pf.maxSize = cfg.Files.MaxBytes()
			if !pl.lint[pf.path] {
				continue
			}
			l, err := r.linter(cfg)
			if err != nil {
				return err
			}
			pf.cfg, pf.linter, pf.active = cfg, l, l.active(relTo(cfg, pf.path))
		}
	}
	jobs := r.opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	work := make(chan *parsed)
	var wg sync.WaitGroup
	for i := 0; i < jobs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pf := range work {
				data, ok := r.opts.Overlay[pf.path]
				var err error
				if !ok {
					data, err = readUpTo(pf.path, pf.maxSize)
				}
				var tooBig *oversizeError
				if errors.As(err, &tooBig) || int64(len(data)) > pf.maxSize {
					size := int64(len(data))
					if tooBig != nil {
						size = tooBig.size
					}
					pf.file, pf.oversized = source.Oversized(pf.path, size, pf.maxSize), true
					if pf.linter != nil {
						pf.facts = &rules.FileFacts{}
						pf.free = pf.linter.lintSchemaFree(pf.file, pf.active, pf.facts)
					}
				} else if err != nil {
					pf.err = err
				} else if migfile.IsSchemaDumpFile(pf.path, data) {
					pf.dump = true
				} else {
					pf.file = source.Parse(pf.path, data)
					if pf.linter != nil {
						pf.facts = &rules.FileFacts{}
						pf.free = pf.linter.lintSchemaFree(pf.file, pf.active, pf.facts)
					}
				}
				close(pf.done)
			}
		}()
	}
	// Files are parsed at most inFlight ahead of the replay: each holds
	// its trees until its findings are done (see release), so memory is
	// bounded by a few files, not by the run.
	inFlight := make(chan struct{}, filesInFlight(jobs))
	release := func(pf *parsed) {
		pf.file = nil
		<-inFlight
	}
	go func() {
		for _, pf := range queue {
			inFlight <- struct{}{}
			work <- pf
		}
		close(work)
	}()
	for _, pl := range plans {
		for _, pf := range pl.files {
			if pf.cfg == nil || pl.seed != nil {
				continue
			}
			var err error
			if pl.seed, err = r.seedFor(pf.cfg); err != nil {
				for _, pf := range queue {
					<-pf.done
					release(pf)
				}
				return err
			}
		}
	}
	var dirWG, finWG sync.WaitGroup
	finishing := make(chan struct{}, jobs)
	for _, pl := range plans {
		dirWG.Add(1)
		go func() {
			defer dirWG.Done()
			base := pl.seed
			if base == nil {
				base = catalog.New()
			}
			cats := &routedCatalogs{base: base}
			for _, pf := range pl.files {
				<-pf.done
				if pf.dump {
					r.skipped(pl.lint[pf.path], pf.path)
					release(pf)
					continue
				}
				if pf.err != nil {
					if pl.lint[pf.path] {
						r.addError(fmt.Errorf("%s: cannot read: %v", pf.path, unwrapPathErr(pf.err)))
					}
					r.skipped(pl.lint[pf.path], pf.path)
					release(pf)
					continue
				}
				if !pl.lint[pf.path] {
					if pf.oversized && r.live == nil {
						r.addWarning(fmt.Sprintf("%s: %s; the files after it are checked without its changes", pf.path, pf.file.Problem.Message))
					}
					// With a live database the files not checked are
					// taken as applied: they are in its schema already.
					if r.live == nil {
						replayFile(cats.forFile(pf.path), pf.file)
						cats.alsoIntoDatabases(pf.path, pf.file)
					}
					release(pf)
					continue
				}
				cfg, l := pf.cfg, pf.linter
				fileCat := cats.forFile(pf.path)
				if !isVersioned(pf.path) {
					fileCat = fileCat.Clone()
				}
				done := l.replayed(pf.file, fileCat, relTo(cfg, pf.path), pf.active, pf.facts, pf.free)
				if isVersioned(pf.path) {
					cats.alsoIntoDatabases(pf.path, pf.file)
				}
				pf.free = nil
				// The rest needs no catalog: it runs beside the replay of
				// the next files.
				finishing <- struct{}{}
				finWG.Add(1)
				go func() {
					defer func() { <-finishing; finWG.Done() }()
					fs := done.finish()
					if group := pl.dups[pf.path]; len(group) > 0 && l.Enabled(meta.DuplicateVersion) {
						fs = append(fs, duplicateFinding(l, pf.file, group))
						SortFindings(fs)
						setFingerprints(cfg, pf.file, relTo(cfg, pf.path), fs)
					}
					dropTrees(pf.file, r.opts.KeepTrees)
					r.mu.Lock()
					r.fileDone(pf.path, pf.file, fs, cfg)
					r.mu.Unlock()
					release(pf)
				}()
			}
		}()
	}
	dirWG.Wait()
	finWG.Wait()
	wg.Wait()
	sort.Slice(r.res.Errors, func(i, j int) bool { return r.res.Errors[i].Error() < r.res.Errors[j].Error() })
	return nil
}

// routedCatalogs are the catalogs of one directory's replay when its files
// are routed to databases (Bytebase's db##version##kind##desc.sql): each
// routed file runs on its database only, so it sees the unrouted files
// before it and its own database's, never another database's tables.
type routedCatalogs struct {
	base *catalog.Catalog            // the unrouted files
	byDB map[string]*catalog.Catalog // per database: base plus its files
}

// forFile is the catalog the file at path is checked against and
// replayed into; a database's catalog starts as a copy of base.
func (rc *routedCatalogs) forFile(path string) *catalog.Catalog {
	db := routedTo(path)
	if db == "" {
		return rc.base
	}
	if rc.byDB == nil {
		rc.byDB = map[string]*catalog.Catalog{}
	}
	c := rc.byDB[db]
	if c == nil {
		c = rc.base.Clone()
		rc.byDB[db] = c
	}
	return c
}

// alsoIntoDatabases replays an unrouted file, which runs on every
// database, into each database's catalog too (base has it already).
func (rc *routedCatalogs) alsoIntoDatabases(path string, f *source.File) {
	if routedTo(path) != "" {
		return
	}
	for _, c := range rc.byDB {
		replayFile(c, f)
	}
}

// routedTo is the database a migration file's name routes it to ("" for
// a file that runs on every database).
func routedTo(path string) string {
	v, _ := migfile.Parse(filepath.Base(path))
	return v.Database
}

// isVersioned reports whether the file name carries a migration version.
func isVersioned(path string) bool {
	_, ok := migfile.Parse(filepath.Base(path))
	return ok
}

// filesInFlight bounds the files parsed but not yet done with: enough
// for every parse worker to have one file ahead of the replay and one
// being finished beside it, few enough that the run's memory does not grow
// with its size.
func filesInFlight(jobs int) int {
	return 2*jobs + 2
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (r *runner) addWarning(w string) {
	r.mu.Lock()
	r.res.Warnings = append(r.res.Warnings, w)
	r.mu.Unlock()
}

// oversizeError is a file over files.max-size, found while reading it.
type oversizeError struct{ size int64 }

func (e *oversizeError) Error() string { return fmt.Sprintf("%d bytes, over files.max-size", e.size) }

// readUpTo reads the file at path unless it is larger than limit bytes
// (an *oversizeError then, with its size): a file over the limit is never
// loaded whole, even one that grows while it is read.
func readUpTo(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, &oversizeError{size: st.Size()}
	}
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, &oversizeError{size: int64(buf.Len())}
	}
	return buf.Bytes(), nil
}

func (r *runner) addError(err error) {
	r.mu.Lock()
	r.res.Errors = append(r.res.Errors, err)
	r.mu.Unlock()
}

// dirFiles lists the .sql files directly in dir (the replay set), plus the
// explicit targets in it.
func dirFiles(dir string, lint map[string]bool) []string {
	seen := map[string]bool{}
	var out []string
	entries, err := os.ReadDir(dir)
	if err == nil {
		for _, e := range entries {
			if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".sql") {
				continue
			}
			p := filepath.Join(dir, e.Name())
			seen[p] = true
			out = append(out, p)
		}
	}
	for p := range lint {
		if !seen[p] {
			// An explicit path spelled differently (./a.sql, a/../a.sql):
			// replace its plain spelling so it is not replayed twice.
			clean := filepath.Join(dir, filepath.Base(p))
			for i, q := range out {
				if q == clean {
					out = append(out[:i], out[i+1:]...)
					break
				}
			}
			out = append(out, p)
		}
	}
	return out
}

func duplicateFinding(l *Linter, f *source.File, group []string) Finding {
	var others []string
	for _, p := range group {
		if p != f.Path {
			others = append(others, filepath.Base(p))
		}
	}
	return Finding{
		Path: f.Path, Rule: meta.DuplicateVersion, Severity: l.Severity(meta.DuplicateVersion),
		Message: fmt.Sprintf("migration version is also used by %s; give each file its own version", strings.Join(others, ", ")),
		Start:   source.Position{Line: 1, Column: 1}, End: source.Position{Line: 1, Column: 1}, stmt: -1,
	}
}

func dropTrees(f *source.File, keep bool) {
	if keep {
		return
	}
	f.ReleaseAnalysis()
}
