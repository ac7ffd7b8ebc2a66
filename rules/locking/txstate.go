package locking

import (
	"github.com/sqlreview/sqlreview/rules"
)

// txGroup identifies the transaction the statement runs in (the runner's
// transaction model), or ok false when the statement commits on its own.
func txGroup(p *rules.Pass) (id int, ok bool) {
	g := p.Transactions().Group(p.Stmt.Index)
	return g, g >= 0
}

// txTracker follows, statement by statement, the relations locked in the
// current transaction. Passes see a file's statements in order; a pass that
// starts over (a new file, or a re-run) resets it.
type txTracker struct {
	last     int
	group    int
	inTx     bool
	locked   map[string]string // relation key -> the first statement's description
	order    []string
	reported bool
}

// track returns the tracker for key, moved to the current statement.
func track(p *rules.Pass, key any) *txTracker {
	t := p.FileMemo(key, func() any { return &txTracker{last: -1} }).(*txTracker)
	if p.Stmt.Index <= t.last {
		*t = txTracker{last: -1}
	}
	t.last = p.Stmt.Index
	g, ok := txGroup(p)
	if !ok || !t.inTx || g != t.group {
		// A statement outside a transaction starts afresh: the map is
		// cleared for reuse rather than made anew for every statement.
		clear(t.locked)
		t.order, t.reported = nil, false
	}
	t.group, t.inTx = g, ok
	return t
}

// lock records what k's lock is noted as, making the map at the first.
func (t *txTracker) lock(k, v string) {
	if t.locked == nil {
		t.locked = map[string]string{}
	}
	t.locked[k] = v
}

// relKey names a relation for tracking: the catalog's table, or for one it
// does not know the search path's, so that t and public.t are one key.
func relKey(p *rules.Pass, schema, name string) string {
	schema, name = p.Catalog.TableKey(schema, name)
	return schema + "." + name
}
