package locking

import (
	"github.com/sqlreview/sqlreview/rules"
)

// txGroup identifies the transaction the statement runs in: the index of
// the BEGIN that opened it, -1 for a file that runs as one transaction, or
// ok false when the statement commits on its own.
func txGroup(p *rules.Pass) (id int, ok bool) {
	if p.Tx.Depth > 0 && p.Tx.Open != nil {
		return p.Tx.Open.Index, true
	}
	if p.Tx.Depth == 0 && wholeFileTx(p) {
		return -1, true
	}
	return 0, false
}

// wholeFileTx reports whether the file, having no transaction statements
// and nothing that must run outside one, runs as one transaction.
func wholeFileTx(p *rules.Pass) bool {
	return sameTransactionFile(p)
}

// sameTransactionFile answers through sameTransaction's memo: with Depth 0,
// sameTransaction(p, -1) is exactly "the file runs as one transaction".
func sameTransactionFile(p *rules.Pass) bool {
	tx := p.Tx
	p.Tx = rules.TxState{}
	defer func() { p.Tx = tx }()
	return sameTransaction(p, -1)
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
		t.locked, t.order, t.reported = map[string]string{}, nil, false
	}
	t.group, t.inTx = g, ok
	return t
}

// relKey names a relation for tracking: the catalog's table, or for one it
// does not know the search path's, so that t and public.t are one key.
func relKey(p *rules.Pass, schema, name string) string {
	schema, name = p.Catalog.TableKey(schema, name)
	return schema + "." + name
}
