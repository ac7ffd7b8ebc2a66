package engine

// Integrity findings: each checked migration directory compared with the
// migrations already merged (Options.Base, the files at a base revision)
// or applied (--database-url: the target's history table). See
// rules/integrity for the rules and the comparison.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/integrity"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/source"
)

// BaseSource is where the migrations of a base come from (for example the
// files at a git revision).
type BaseSource interface {
	// Where completes "already …" in messages ("merged at main (merge
	// base 3f2a1c0)").
	Where() string
	// Dirs lists the directories (absolute, symlinks resolved) at or below
	// root where the base holds versioned .sql files, so a directory whose
	// files were all deleted is compared too.
	Dirs(root string) ([]string, error)
	// Files returns the base's versioned .sql files directly in dir
	// (absolute, symlinks resolved), with repository paths.
	Files(dir string) ([]integrity.File, error)
}

// integrityDir is one directory to compare: as findings spell it, and the
// files the walk included there today (by absolute, resolved path).
type integrityDir struct {
	spelled string
	files   map[string]string // resolved absolute path -> path as spelled
}

// checkIntegrity compares the migration directories (see
// isMigrationsDir) among those of the walked targets (before Options.Only:
// an unchanged file still counts as present) and of the base below each
// directory argument.
func (r *runner) checkIntegrity(roots []string, walked []target) error {
	if r.opts.Base == nil && r.live == nil {
		return nil
	}
	dirs := map[string]*integrityDir{}
	dirOf := func(resolvedDir, spelled string) *integrityDir {
		d := dirs[resolvedDir]
		if d == nil {
			d = &integrityDir{spelled: spelled, files: map[string]string{}}
			dirs[resolvedDir] = d
		}
		return d
	}
	for _, t := range walked {
		abs := resolvedAbs(t.path)
		dirOf(filepath.Dir(abs), t.dir).files[abs] = t.path
	}
	if r.opts.Base != nil {
		for _, root := range roots {
			resolvedRoot := resolvedAbs(root)
			found, err := r.opts.Base.Dirs(resolvedRoot)
			if err != nil {
				return err
			}
			for _, d := range found {
				rel, err := filepath.Rel(resolvedRoot, d)
				if err != nil {
					continue
				}
				dirOf(d, filepath.Join(root, rel))
			}
		}
	}
	named := map[string]bool{}
	for _, root := range roots {
		named[resolvedAbs(root)] = true
	}
	for _, t := range walked {
		if t.explicit {
			named[filepath.Dir(resolvedAbs(t.path))] = true
		}
	}
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		ok, err := r.isMigrationsDir(d, dirs[d], named)
		if err != nil {
			return err
		}
		if ok {
			names = append(names, d)
		}
	}
	sort.Strings(names)
	if r.opts.Base != nil {
		for _, d := range names {
			base, err := r.opts.Base.Files(d)
			if err != nil {
				return err
			}
			if err := r.compareDir(d, dirs[d], r.opts.Base.Where(), base); err != nil {
				return err
			}
		}
	}
	if r.live != nil {
		return r.compareHistory(names, dirs)
	}
	return nil
}

// isMigrationsDir reports whether d holds migrations to compare: it is the
// config's migrations.dir, or was named on the command line (a directory
// argument, or the directory of a file argument). Other directories below
// an argument (test fixtures, seeds) may hold versioned-looking names that
// no rollout applies.
func (r *runner) isMigrationsDir(resolved string, d *integrityDir, named map[string]bool) (bool, error) {
	if named[resolved] {
		return true, nil
	}
	cfg, err := r.configFor(filepath.Join(d.spelled, "migration.sql"))
	if err != nil {
		return false, err
	}
	migDir := migrationsDir(cfg)
	return migDir != "" && resolvedAbs(migDir) == resolved, nil
}

// compareDir reports the integrity problems of one directory against base.
func (r *runner) compareDir(resolvedDir string, d *integrityDir, where string, base []integrity.File) error {
	if len(base) == 0 {
		return nil
	}
	cfg, err := r.configFor(filepath.Join(d.spelled, "migration.sql"))
	if err != nil {
		return err
	}
	l, err := r.linter(cfg)
	if err != nil {
		return err
	}
	kept := base[:0:0]
	for _, f := range base {
		if included(cfg, filepath.Join(d.spelled, f.Name)) {
			kept = append(kept, f)
		}
	}
	cmp := &integrity.Comparison{Where: where, Base: kept, Current: r.currentFiles(cfg, d), AllowOutOfOrder: cfg.Migrations.OutOfOrder == "allow"}
	for _, p := range integrity.Compare(cmp, l.Enabled) {
		abs := filepath.Join(resolvedDir, p.File.Name)
		path, ok := d.files[abs]
		if !ok {
			path = filepath.Join(d.spelled, p.File.Name)
		}
		r.addIntegrityFinding(path, p)
	}
	return nil
}

// currentFiles reads the versioned .sql files directly in d — all of
// them, as apply reads the directory, less those the config's
// include/exclude leave out — and the targets given in it explicitly.
func (r *runner) currentFiles(cfg *config.Config, d *integrityDir) []integrity.File {
	explicit := map[string]bool{}
	for _, spelled := range d.files {
		explicit[spelled] = true
	}
	var out []integrity.File
	for _, spelled := range dirFiles(d.spelled, explicit) {
		if !isVersioned(spelled) || (!explicit[spelled] && !included(cfg, spelled)) {
			continue
		}
		data, ok := r.opts.Overlay[spelled]
		if !ok {
			var err error
			if data, err = os.ReadFile(spelled); err != nil {
				r.addError(fmt.Errorf("%s: cannot read: %v", spelled, unwrapPathErr(err)))
				continue
			}
		}
		if f, ok := integrity.NewFile(r.repoPath(spelled), data); ok {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// included applies the config's include/exclude globs as the walk does: a
// file outside the config's directory is in.
func included(cfg *config.Config, path string) bool {
	rel := relTo(cfg, path)
	return strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) || cfg.Matches(rel)
}

// addIntegrityFinding adds a problem as a finding on path, line 1, under
// the config governing path (enabled, severity, exclusions).
func (r *runner) addIntegrityFinding(path string, p integrity.Problem) {
	cfg, err := r.configFor(path)
	if err != nil {
		return
	}
	l, err := r.linter(cfg)
	if err != nil {
		return
	}
	rel := relTo(cfg, path)
	if !l.Enabled(p.Rule) || l.Config.Excluded(rel, p.Rule.Name, all.Resolve) {
		return
	}
	fd := Finding{Path: path, Rule: p.Rule, Severity: l.Severity(p.Rule), Message: p.Message,
		Start: source.Position{Line: 1, Column: 1}, End: source.Position{Line: 1, Column: 1}, stmt: -1}
	r.mu.Lock()
	defer r.mu.Unlock()
	fs := append(r.byFile[path], fd)
	SortFindings(fs)
	src := r.res.Sources[path]
	if src == nil {
		// A deleted file has no source: its findings hash their messages.
		src = &source.File{Path: path}
	}
	setFingerprints(cfg, src, rel, fs)
	for i := range fs {
		if isIntegrityRule(fs[i].Rule) {
			// Messages name the merge base, which moves with every push: a
			// baseline entry must outlive it.
			fs[i].Fingerprint = stableFingerprint(fingerprintPath(cfg, rel), fs[i].Rule.Name)
		}
	}
	r.byFile[path] = fs
	if r.res.configOf[path] == nil {
		r.res.configOf[path] = cfg
	}
}

// repoPath is path relative to the repository root (Options.RepoRoot, else
// the working directory), slash-separated: how messages name files.
func (r *runner) repoPath(path string) string {
	root := r.opts.RepoRoot
	if root == "" {
		root, _ = os.Getwd()
	}
	rel, err := filepath.Rel(resolvedAbs(root), resolvedAbs(path))
	if err != nil || !filepath.IsLocal(rel) {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// resolvedAbs is the absolute path with symlinks resolved where it exists
// (a deleted file keeps its name below its resolved directory).
func resolvedAbs(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if res, err := filepath.EvalSymlinks(abs); err == nil {
		return res
	}
	if dir := filepath.Dir(abs); dir != abs {
		return filepath.Join(resolvedAbs(dir), filepath.Base(abs))
	}
	return abs
}

// compareHistory compares the migrations directory with the target's
// history: the config's migrations.dir when it is among the compared
// directories, else the only compared directory that holds versioned files.
func (r *runner) compareHistory(names []string, dirs map[string]*integrityDir) error {
	var chosen string
	var versioned []string
	for _, d := range names {
		cfg, err := r.configFor(filepath.Join(dirs[d].spelled, "migration.sql"))
		if err != nil {
			return err
		}
		if migDir := migrationsDir(cfg); migDir != "" && resolvedAbs(migDir) == d {
			chosen = d
			break
		}
		for _, p := range dirs[d].files {
			if isVersioned(p) {
				versioned = append(versioned, d)
				break
			}
		}
	}
	if chosen == "" && len(versioned) == 1 {
		chosen = versioned[0]
	}
	if chosen == "" {
		return nil
	}
	d := dirs[chosen]
	cfg, err := r.configFor(filepath.Join(d.spelled, "migration.sql"))
	if err != nil {
		return err
	}
	base, err := r.live.history(cfg.Migrations.HistorySchema, r.repoPath(d.spelled))
	if err != nil {
		// A review role may lack access to the history: the schema checks
		// still hold, so this is a warning, not a failed run.
		r.res.Warnings = append(r.res.Warnings, err.Error()+"; the files were not compared with the applied ones")
		return nil
	}
	return r.compareDir(chosen, d, "applied in the target database", base)
}

// migrationsDir is the config's migrations.dir as a path ("" if unset).
func migrationsDir(cfg *config.Config) string {
	dir := cfg.Migrations.Dir
	if dir == "" || filepath.IsAbs(dir) || cfg.Dir == "" {
		return dir
	}
	return filepath.Join(cfg.Dir, dir)
}

// history reads the target's history table (none yet: no rows) as base
// files in the repository directory repoDir: applied versions with their
// checksums, and baseline entries. Failed and running rows are not
// applied files; rows whose checksum algorithm is another one are compared
// by name and version only.
func (l *liveSource) history(schema, repoDir string) ([]integrity.File, error) {
	ctx, cancel := context.WithTimeout(context.Background(), ConnectTimeout)
	defer cancel()
	table := pgx.Identifier{schema, "history"}.Sanitize()
	var exists bool
	if err := l.conn.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists); err != nil || !exists {
		return nil, l.historyErr(err)
	}
	rows, err := l.conn.Query(ctx, `SELECT version, name, checksum, checksum_algorithm, status FROM `+table)
	if err != nil {
		return nil, l.historyErr(err)
	}
	defer rows.Close()
	var out []integrity.File
	for rows.Next() {
		var version, name, checksum, algorithm, status string
		if err := rows.Scan(&version, &name, &checksum, &algorithm, &status); err != nil {
			return nil, l.historyErr(err)
		}
		if status != "applied" && status != "baseline" {
			continue
		}
		v, ok := migfile.Parse(name)
		if !ok || v.Key() != version {
			v = migfile.Version{Parts: strings.Split(version, "."), Raw: version}
		}
		f := integrity.File{Path: pathJoin(repoDir, name), Name: name, Version: v, Baseline: status == "baseline"}
		if algorithm == migfile.ChecksumAlgorithm && !f.Baseline {
			f.Checksum = checksum
		}
		out = append(out, f)
	}
	return out, l.historyErr(rows.Err())
}

func (l *liveSource) historyErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("--database-url: cannot read the migration history: %s", strings.Join(strings.Fields(err.Error()), " "))
}

func pathJoin(dir, name string) string {
	if dir == "" || dir == "." {
		return name
	}
	return strings.TrimSuffix(dir, "/") + "/" + name
}

func isIntegrityRule(r *rules.Rule) bool {
	for _, x := range integrity.All {
		if x == r {
			return true
		}
	}
	return false
}

// stableFingerprint identifies a file-level finding by the file's path
// (relative to the config's directory) and the rule.
func stableFingerprint(relPath, rule string) string {
	sum := sha256.Sum256([]byte(relPath + "\x00" + rule + "\x00file"))
	return hex.EncodeToString(sum[:16])
}
