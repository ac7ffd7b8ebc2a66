package lsp

import (
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules/config"
)

// watchSettle is how long the disk must be quiet before a batch of changes
// is acted on. One save is several events (Emacs renames the old file to a
// backup, creates the new one, writes and chmods it; git checkout deletes
// and recreates files one by one): they become one reload.
const watchSettle = 75 * time.Millisecond

// diskWatcher is the server's own file watching, for clients that cannot
// register workspace/didChangeWatchedFiles (Neovim 0.7, Helix, eglot
// without file-notify support). It watches directories, not files: editors
// and git replace files, which ends a watch on the file itself. Changes go
// where the client's notifications go (filesChanged), so both reload the
// same way.
type diskWatcher struct {
	s *Server
	w *fsnotify.Watcher

	mu      sync.Mutex
	dirs    map[string]bool // watched directories
	docDirs map[string]bool // directories of documents already handled by watchAround
	pending map[string]protocol.FileChangeType
	timer   *time.Timer
	closed  bool
}

// watchDisk starts the server's own watcher on the workspace folders; the
// directories of documents are added as they open. Failure (no inotify
// watches left, say) is logged: the server works, without disk changes.
func (s *Server) watchDisk() {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		s.log.Printf("watching files on disk: %v (config and migration changes are seen after a restart)", err)
		return
	}
	dw := &diskWatcher{s: s, w: w, dirs: map[string]bool{}, docDirs: map[string]bool{}, pending: map[string]protocol.FileChangeType{}}
	s.mu.Lock()
	if s.disk != nil || s.shutdown {
		s.mu.Unlock()
		w.Close()
		return
	}
	s.disk = dw
	folders := append([]string(nil), s.folders...)
	var open []string
	for _, d := range s.docs {
		if d.path != "" {
			open = append(open, d.path)
		}
	}
	s.mu.Unlock()
	go dw.run()
	for _, f := range folders {
		dw.add(f)
	}
	for _, p := range open {
		s.watchAround(p)
	}
}

// stopWatching ends the server's own watcher, if it runs.
func (s *Server) stopWatching() {
	s.mu.Lock()
	dw := s.disk
	s.disk = nil
	s.mu.Unlock()
	if dw == nil {
		return
	}
	dw.mu.Lock()
	dw.closed = true
	if dw.timer != nil {
		dw.timer.Stop()
	}
	dw.mu.Unlock()
	dw.w.Close()
}

// watchAround watches what path's diagnostics depend on: its directory
// (the migrations replayed before it), the directories up to its workspace
// folder (where a new config would govern it) and the directory of the
// config in effect. It is cheap for a directory already handled, since it
// runs on every edit.
func (s *Server) watchAround(path string) {
	s.mu.Lock()
	dw := s.disk
	s.mu.Unlock()
	if dw == nil || path == "" {
		return
	}
	dir := filepath.Dir(path)
	dw.mu.Lock()
	seen := dw.docDirs[dir]
	dw.docDirs[dir] = true
	dw.mu.Unlock()
	if seen {
		return
	}
	dw.add(dir)
	if root := s.folderOf(path); root != "" {
		for d := filepath.Dir(dir); len(d) >= len(root) && d != filepath.Dir(d); d = filepath.Dir(d) {
			dw.add(d)
		}
	}
	// A broken config is found too, so that fixing it is seen.
	if cfg, err := config.Find(dir); err == nil && cfg != "" {
		dw.add(filepath.Dir(cfg))
	}
}

func (dw *diskWatcher) add(dir string) {
	dw.mu.Lock()
	defer dw.mu.Unlock()
	if dw.closed || dw.dirs[dir] {
		return
	}
	if err := dw.w.Add(dir); err != nil {
		dw.s.log.Printf("watching %s: %v", dir, err)
		return
	}
	dw.dirs[dir] = true
}

// run collects events until the watcher is closed.
func (dw *diskWatcher) run() {
	for {
		select {
		case ev, ok := <-dw.w.Events:
			if !ok {
				return
			}
			dw.record(ev)
		case err, ok := <-dw.w.Errors:
			if !ok {
				return
			}
			dw.s.log.Printf("watching files on disk: %v", err)
		}
	}
}

// record adds ev to the pending batch and restarts the settle timer.
func (dw *diskWatcher) record(ev fsnotify.Event) {
	kind, relevant := changeKind(ev)
	dw.mu.Lock()
	defer dw.mu.Unlock()
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// The kernel dropped the watch of a removed directory; a directory
		// created again in its place is watched when a document needs it.
		if dw.dirs[ev.Name] {
			delete(dw.dirs, ev.Name)
			delete(dw.docDirs, ev.Name)
		}
	}
	if !relevant || dw.closed {
		return
	}
	// A file created or deleted in the batch changes the directory's
	// listing, whatever else happened to it.
	if old, ok := dw.pending[ev.Name]; !ok || old == protocol.FileChangeTypeChanged {
		dw.pending[ev.Name] = kind
	}
	if dw.timer != nil {
		dw.timer.Stop()
	}
	dw.timer = time.AfterFunc(watchSettle, dw.flush)
}

// changeKind maps an event on a config or SQL file to the LSP change type;
// other files, and attribute-only changes, are not relevant.
func changeKind(ev fsnotify.Event) (protocol.FileChangeType, bool) {
	base := filepath.Base(ev.Name)
	isConfig := base == config.FileNames[0] || base == config.FileNames[1]
	if !isConfig && !isSQL(ev.Name) {
		return 0, false
	}
	switch {
	case ev.Has(fsnotify.Create):
		return protocol.FileChangeTypeCreated, true
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		return protocol.FileChangeTypeDeleted, true
	case ev.Has(fsnotify.Write):
		return protocol.FileChangeTypeChanged, true
	}
	return 0, false
}

func isSQL(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".sql")
}

// flush hands the settled batch to DidChangeWatchedFiles.
func (dw *diskWatcher) flush() {
	dw.mu.Lock()
	if dw.closed || len(dw.pending) == 0 {
		dw.mu.Unlock()
		return
	}
	changes := make([]protocol.FileEvent, 0, len(dw.pending))
	for path, kind := range dw.pending {
		changes = append(changes, protocol.FileEvent{URI: uri.File(path), Type: kind})
	}
	dw.pending = map[string]protocol.FileChangeType{}
	dw.mu.Unlock()
	// The batch has settled already: reload at once.
	dw.s.filesChanged(changes, dw.s.reloadAll)
}
