package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/meta"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/source"
)

// This file is the engine's API for one document at a time — an editor
// buffer, saved or not — for the language server. Every function here reuses
// the helpers Check uses, so a document gets exactly the config, the catalog
// and the findings `sqlreview check DIR` reports for that file.

// configResolver finds and loads the config governing each file, caching
// per directory and per config file (a run resolves thousands of files
// against a handful of configs).
type configResolver struct {
	byDir  map[string]*config.Config
	byPath map[string]*config.Config
}

func newConfigResolver() *configResolver {
	return &configResolver{byDir: map[string]*config.Config{}, byPath: map[string]*config.Config{}}
}

// forFile returns the config governing file (nearest up the tree), or the
// defaults rooted at the working directory when there is none.
func (c *configResolver) forFile(file string) (*config.Config, error) {
	abs, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		abs = filepath.Dir(file)
	}
	if cfg, ok := c.byDir[abs]; ok {
		return cfg, nil
	}
	path, err := config.Find(abs)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	var cfg *config.Config
	if cc, ok := c.byPath[path]; ok {
		cfg = cc
	} else if path == "" {
		cfg = config.Default()
		cfg.Dir, _ = os.Getwd()
	} else if cfg, err = loadConfig(path); err != nil {
		return nil, err
	}
	c.byPath[path] = cfg
	c.byDir[abs] = cfg
	return cfg, nil
}

// ConfigFor returns the config Check uses for the file at path: the nearest
// .sqlreview.yaml (or .sqlreview.yml) up from it, validated, or the defaults
// when there is none. Errors wrap ErrUsage and name the config file.
func ConfigFor(path string) (*config.Config, error) {
	return newConfigResolver().forFile(path)
}

// replayFile applies the statements of an earlier migration to cat; broken
// statements change nothing.
func replayFile(cat *catalog.Catalog, f *source.File) {
	for _, st := range f.Statements {
		if st.Err == nil {
			applySafely(cat, st, f.Path)
		}
	}
}

// DirFiles returns the .sql files of path's directory in migration order,
// path included even when it is not on disk yet (an unsaved buffer). This is
// the set Check replays and checks for duplicate versions; paths are
// filepath.Join(dir, name), with path as given.
func DirFiles(path string) []string {
	return migfile.Sort(dirFiles(filepath.Dir(path), map[string]bool{path: true}))
}

// ReplayedBefore returns the files of ordered (DirFiles) whose statements
// form path's catalog: the versioned migrations before it, less those
// routed to another database than path's (db##version##kind##desc.sql). A
// file without a version is no migration: it sees every versioned file,
// and none sees it.
func ReplayedBefore(ordered []string, path string) []string {
	var out []string
	versioned := isVersioned(path)
	db := routedTo(path)
	for _, p := range ordered {
		if p == path && versioned {
			break
		}
		// A file routed to another database never runs where this one does.
		if other := routedTo(p); other != "" && other != db {
			continue
		}
		if p != path && isVersioned(p) {
			out = append(out, p)
		}
	}
	return out
}

// CatalogBefore builds the catalog the file at path is checked against:
// the versioned migrations before it in its directory, replayed in order.
// overlay holds the text of files that differ from disk (open editor
// buffers), by path as DirFiles spells it; unreadable files are skipped, as
// Check skips them. The result is the caller's: Lint modifies it, so clone a
// cached one first.
func CatalogBefore(path string, overlay map[string][]byte) *catalog.Catalog {
	return ReplayFiles(ReplayedBefore(DirFiles(path), path), overlay)
}

// ReplayFiles replays files, in the order given, into a new catalog; see
// CatalogBefore for overlay.
func ReplayFiles(files []string, overlay map[string][]byte) *catalog.Catalog {
	cat := catalog.New()
	ReplayInto(cat, files, overlay)
	return cat
}

// ReplayInto replays files into cat, in the order given: a caller holding
// the catalog before an earlier file resumes from there.
func ReplayInto(cat *catalog.Catalog, files []string, overlay map[string][]byte) {
	for _, p := range files {
		data, ok := overlay[p]
		if !ok {
			var err error
			if data, err = os.ReadFile(p); err != nil {
				continue
			}
		}
		if migfile.IsSchemaDumpFile(p, data) {
			continue // a schema dump is not a migration
		}
		replayFile(cat, source.Parse(p, data))
	}
}

// LintDocument lints f, the file at f.Path (saved or not), exactly as Check
// lints it when its directory is checked: cat must be the catalog
// CatalogBefore builds for it (LintDocument modifies it) and ordered the
// DirFiles of its directory, for the duplicate-version check.
func (l *Linter) LintDocument(f *source.File, cat *catalog.Catalog, ordered []string) []Finding {
	rel := relTo(l.Config, f.Path)
	fs := l.Lint(f, cat, rel)
	if !l.Enabled(meta.DuplicateVersion) {
		return fs
	}
	for _, group := range migfile.Duplicates(ordered) {
		for _, p := range group {
			if p == f.Path {
				fs = append(fs, duplicateFinding(l, f, group))
				SortFindings(fs)
				if !l.NoFingerprints {
					setFingerprints(l.Config, f, rel, fs)
				}
				return fs
			}
		}
	}
	return fs
}

// CheckDocument lints data as the file at path with everything resolved
// from disk (config, earlier migrations, with overlay replacing files whose
// buffers are open): the one-call form of ConfigFor, CatalogBefore and
// LintDocument, without their caching.
func CheckDocument(path string, data []byte, overlay map[string][]byte) ([]Finding, *source.File, error) {
	cfg, err := ConfigFor(path)
	if err != nil {
		return nil, nil, err
	}
	l, err := NewLinter(cfg, Overrides{})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	f := source.Parse(path, data)
	ordered := DirFiles(path)
	return l.LintDocument(f, ReplayFiles(ReplayedBefore(ordered, path), overlay), ordered), f, nil
}

// Included reports whether `sqlreview check` run in cfg's directory checks
// the file at path: its walk skips hidden directories, then applies
// files.include and files.exclude (a file outside the config's directory
// is in). The language server asks it, so that the editor shows nothing for
// a file the CLI skips.
func Included(cfg *config.Config, path string) bool {
	rel := relTo(cfg, path)
	if strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return true
	}
	dirs := strings.Split(rel, "/")
	for _, d := range dirs[:len(dirs)-1] {
		if strings.HasPrefix(d, ".") {
			return false
		}
	}
	return included(cfg, path)
}
