package engine

import (
	"sort"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
)

// emitter hands each file's findings to Options.Emit in path order (the
// order of Result.Findings) as soon as that file and every file before it
// are done, so a run keeps only the files that finished out of order.
type emitter struct {
	fn        func(res *Result, src *source.File, fs []Finding) error
	order     []string // the checked paths, sorted
	next      int      // order[next] is the first path not emitted
	done      map[string]*doneFile
	skipNotes map[*rules.Rule]bool // oneSkipNotePerRule across files
	// streaming is false while integrity findings may still join the
	// files' findings: everything waits for the end of the run.
	streaming bool
	err       error
}

// doneFile is a file checked but not yet emitted; src is nil for a path
// that gave no findings (unreadable, a schema dump).
type doneFile struct {
	src *source.File
	fs  []Finding
}

func (e *emitter) sortOrder() {
	sort.Strings(e.order)
	// A path given both inside a directory and by name is checked once.
	out := e.order[:0]
	for i, p := range e.order {
		if i == 0 || p != e.order[i-1] {
			out = append(out, p)
		}
	}
	e.order = out
}

// fileDone records a checked file's findings: in Result, or through the
// emitter. r.mu is held.
func (r *runner) fileDone(path string, src *source.File, fs []Finding, cfg *config.Config) {
	r.res.Files++
	r.res.Statements += len(src.Statements)
	r.res.configOf[path] = cfg
	if r.emit == nil || !r.emit.streaming {
		r.byFile[path] = fs
		r.res.Sources[path] = src
		return
	}
	r.emit.done[path] = &doneFile{src: src, fs: fs}
	r.emit.flush(r)
}

// skipped marks a path that gives no findings as done, for the emitter.
func (r *runner) skipped(checked bool, path string) {
	if r.emit == nil || !r.emit.streaming || !checked {
		return
	}
	r.mu.Lock()
	r.emit.done[path] = &doneFile{}
	r.emit.flush(r)
	r.mu.Unlock()
}

// flush emits the done files at the head of the order.
func (e *emitter) flush(r *runner) {
	for e.next < len(e.order) {
		path := e.order[e.next]
		d := e.done[path]
		if d == nil {
			return
		}
		delete(e.done, path)
		e.next++
		fs := oneSkipNotePerRule(d.fs, e.skipNotes)
		if len(fs) > 0 && e.err == nil {
			e.err = e.fn(r.res, d.src, fs)
		}
	}
}

// emitAll hands a run's assembled findings to the emitter, a file at a
// time: the path when integrity findings (which may name deleted files)
// had to wait for the end of the run.
func (e *emitter) emitAll(res *Result) error {
	fs := res.Findings
	for len(fs) > 0 {
		n := 1
		for n < len(fs) && fs[n].Path == fs[0].Path {
			n++
		}
		if err := e.fn(res, res.Sources[fs[0].Path], fs[:n]); err != nil {
			return err
		}
		fs = fs[n:]
	}
	res.Findings, res.Sources = nil, map[string]*source.File{}
	return nil
}
