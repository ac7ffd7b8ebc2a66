package lsp

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/source"
)

// caches hold what linting a document needs besides its text; all of it is
// derived from disk and open buffers and dropped when they change.
type caches struct {
	mu      sync.Mutex
	configs map[string]cfgEntry            // by directory
	linters map[*config.Config]linterEntry // by config
	ordered map[string][]string            // DirFiles, by document path
	cats    map[string]*catalog.Catalog    // catalog before a file, by path
	gen     map[string]int                 // by directory: bumped on invalidation
	epoch   int                            // bumped by reloadAll
	reload  *time.Timer                    // a pending reloadSoon
	// sets is migrationSet by document path; setBuilds counts its builds
	// (each reads and parses the directory's migrations).
	sets      map[string]setEntry
	setBuilds int
}

type cfgEntry struct {
	cfg *config.Config
	err error
}

type linterEntry struct {
	l   *engine.Linter
	err error
}

func newCaches() *caches {
	return &caches{configs: map[string]cfgEntry{}, linters: map[*config.Config]linterEntry{},
		ordered: map[string][]string{}, cats: map[string]*catalog.Catalog{}, gen: map[string]int{}, sets: map[string]setEntry{}}
}

// setEntry is the parsed migrations a document's references search, as of
// its directory's generation.
type setEntry struct {
	gen   int
	files []*source.File
}

// configFor resolves path's config as `sqlreview check` does (nearest
// .sqlreview.yaml). Without one, the defaults are rooted at the workspace
// folder holding the file, where the CLI would run.
func (s *Server) configFor(path string) (*config.Config, error) {
	dir := filepath.Dir(path)
	c := s.caches
	c.mu.Lock()
	e, ok := c.configs[dir]
	epoch := c.epoch
	c.mu.Unlock()
	if ok {
		return e.cfg, e.err
	}
	cfg, err := engine.ConfigFor(path)
	if err == nil && cfg.Path == "" {
		if root := s.folderOf(path); root != "" {
			cfg.Dir = root
		}
	}
	c.mu.Lock()
	if c.epoch == epoch { // else a reload raced with the load: don't keep it
		c.configs[dir] = cfgEntry{cfg, err}
	}
	c.mu.Unlock()
	return cfg, err
}

// untitledLinter lints documents that are not files (untitled: buffers)
// with the config of the first workspace folder, as if the buffer were a
// file at its root; without a folder, with the defaults.
func (s *Server) untitledLinter() (*engine.Linter, error) {
	s.mu.Lock()
	var root string
	if len(s.folders) > 0 {
		root = s.folders[0]
	}
	s.mu.Unlock()
	cfg := defaultConfig
	if root != "" {
		var err error
		if cfg, err = s.configFor(filepath.Join(root, untitledName)); err != nil {
			return nil, err
		}
	}
	return s.linterFor(cfg)
}

// folderOf returns the workspace folder containing path (the deepest one:
// multi-root workspaces may nest).
func (s *Server) folderOf(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	best := ""
	for _, f := range s.folders {
		if (path == f || strings.HasPrefix(path, f+string(filepath.Separator))) && len(f) > len(best) {
			best = f
		}
	}
	return best
}

func (s *Server) linterFor(cfg *config.Config) (*engine.Linter, error) {
	c := s.caches
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.linters[cfg]; ok {
		return e.l, e.err
	}
	l, err := engine.NewLinter(cfg, engine.Overrides{})
	if l != nil {
		// Diagnostics carry no fingerprint: do not compute them.
		l.NoFingerprints = true
	}
	c.linters[cfg] = linterEntry{l, err}
	return l, err
}

// orderedFiles is engine.DirFiles(path), cached until a file of the
// directory is created or deleted.
func (s *Server) orderedFiles(path string) []string {
	c := s.caches
	c.mu.Lock()
	o, ok := c.ordered[path]
	c.mu.Unlock()
	if ok {
		return o
	}
	o = engine.DirFiles(path)
	c.mu.Lock()
	c.ordered[path] = o
	c.mu.Unlock()
	return o
}

// catalogBefore returns a private copy of the catalog path is checked
// against. The shared one is built once per file and directory generation
// from disk and the open buffers.
func (s *Server) catalogBefore(path string, ordered []string) *catalog.Catalog {
	dir := filepath.Dir(path)
	c := s.caches
	c.mu.Lock()
	cat, ok := c.cats[path]
	gen := c.gen[dir]
	c.mu.Unlock()
	if ok {
		return cat.Clone()
	}
	before := engine.ReplayedBefore(ordered, path)
	overlay := map[string][]byte{}
	s.mu.Lock()
	for _, d := range s.docs {
		if d.path != "" && filepath.Dir(d.path) == dir {
			overlay[d.path] = []byte(d.text)
		}
	}
	s.mu.Unlock()
	// Resume from the newest cached catalog of an earlier versioned file
	// (its catalog is the replay of the files before it), so opening the
	// files of a directory in order replays each file once.
	from := 0
	cat = nil
	c.mu.Lock()
	for i := len(before) - 1; i >= 0; i-- {
		if base, ok := c.cats[before[i]]; ok && isVersioned(before[i]) {
			cat, from = base.Clone(), i
			break
		}
	}
	c.mu.Unlock()
	if cat == nil {
		cat = catalog.New()
	}
	engine.ReplayInto(cat, before[from:], overlay)
	c.mu.Lock()
	if c.gen[dir] == gen {
		c.cats[path] = cat
	}
	c.mu.Unlock()
	return cat.Clone()
}

func isVersioned(path string) bool {
	_, ok := migfile.Parse(filepath.Base(path))
	return ok
}

// dependsOn reports whether target's catalog replays changed.
func dependsOn(target, changed string) bool {
	if target == changed || filepath.Dir(target) != filepath.Dir(changed) || !isVersioned(changed) {
		return false
	}
	return !isVersioned(target) || migfile.CompareNames(changed, target) < 0
}

// bufferChanged drops the catalogs built from the old text of path and
// re-lints the open documents that replay it. It also makes sure changes on
// disk around path are seen (a no-op once its directory is watched).
func (s *Server) bufferChanged(path string) {
	if path == "" {
		return
	}
	s.watchAround(path)
	s.invalidate(path, false)
}

// invalidate forgets what depends on path; listing also forgets the
// directory listing (a file was created or deleted).
func (s *Server) invalidate(path string, listing bool) {
	dir := filepath.Dir(path)
	c := s.caches
	c.mu.Lock()
	c.gen[dir]++
	for p := range c.cats {
		if dependsOn(p, path) || (listing && filepath.Dir(p) == dir) {
			delete(c.cats, p)
		}
	}
	if listing {
		for p := range c.ordered {
			if filepath.Dir(p) == dir {
				delete(c.ordered, p)
			}
		}
	}
	c.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, d := range s.docs {
		if d.path != "" && (dependsOn(d.path, path) || (listing && filepath.Dir(d.path) == dir && d.path != path)) {
			d.last, d.gen = nil, d.gen+1 // same text, different catalog
			s.scheduleLocked(key, d, s.debounce)
		}
	}
}

// reloadAll drops every cache and re-lints every open document: a config
// changed, and configs apply to whole trees.
func (s *Server) reloadAll() {
	c := s.caches
	c.mu.Lock()
	c.epoch++
	c.configs = map[string]cfgEntry{}
	c.linters = map[*config.Config]linterEntry{}
	c.ordered = map[string][]string{}
	c.cats = map[string]*catalog.Catalog{}
	c.sets = map[string]setEntry{}
	for d := range c.gen {
		c.gen[d]++
	}
	c.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, d := range s.docs {
		d.last, d.gen = nil, d.gen+1
		s.scheduleLocked(key, d, 0)
	}
}

// DidChangeWatchedFiles reloads configs and catalogs changed on disk. A
// client reports one save as several notifications (eglot: the rename to
// the backup, the new file, its write), so a config reload waits for them
// to settle.
func (s *Server) DidChangeWatchedFiles(ctx context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	s.filesChanged(p.Changes, s.reloadSoon)
	return nil
}

// filesChanged forgets what changes on disk made stale; reload is how a
// changed config reloads everything.
func (s *Server) filesChanged(changes []protocol.FileEvent, reload func()) {
	for _, ch := range changes {
		path := filePath(string(ch.URI))
		if path == "" {
			continue
		}
		base := filepath.Base(path)
		switch {
		case base == config.FileNames[0] || base == config.FileNames[1]:
			s.log.Printf("config %s changed: reloading", path)
			reload()
			return
		case strings.EqualFold(filepath.Ext(path), ".sql"):
			s.invalidate(path, ch.Type != protocol.FileChangeTypeChanged)
		}
	}
}

// reloadSoon runs reloadAll once no config event has arrived for
// watchSettle.
func (s *Server) reloadSoon() {
	c := s.caches
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reload != nil {
		c.reload.Stop()
	}
	c.reload = time.AfterFunc(watchSettle, s.reloadAll)
}

// DidChangeConfiguration reloads everything: the server has no settings of
// its own (the config file is the single source of truth, as for the CLI),
// so a notification means "something changed, look again".
func (s *Server) DidChangeConfiguration(ctx context.Context, p *protocol.DidChangeConfigurationParams) error {
	s.reloadAll()
	return nil
}

// DidChangeWorkspaceFolders tracks the roots of multi-root workspaces.
func (s *Server) DidChangeWorkspaceFolders(ctx context.Context, p *protocol.DidChangeWorkspaceFoldersParams) error {
	s.mu.Lock()
	for _, f := range p.Event.Removed {
		path := filePath(string(f.URI))
		for i, x := range s.folders {
			if x == path {
				s.folders = append(s.folders[:i], s.folders[i+1:]...)
				break
			}
		}
	}
	for _, f := range p.Event.Added {
		if path := filePath(string(f.URI)); path != "" {
			s.folders = append(s.folders, path)
		}
	}
	s.mu.Unlock()
	s.reloadAll()
	return nil
}
