package source

import (
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// StmtCache remembers parse results by statement text, so that re-parsing
// an edited file (the language server does it on every keystroke) only runs
// the parser on the statements that changed. Parse trees are shared between
// the files parsed with one cache: they must be treated as read-only, as
// rules and the catalog already do. Safe for concurrent use.
type StmtCache struct {
	mu sync.Mutex
	// Two generations bound memory without bookkeeping per entry: lookups
	// promote from old to cur; when cur is full, old is dropped.
	cur, old map[string]cachedStmt
	limit    int
}

type cachedStmt struct {
	node *pg_query.Node
	// rel is Statement.Start - Statement.base: tree locations count from
	// that far before the statement.
	rel int
	// errMsg, errOff and errEnd describe a syntax error, offsets relative
	// to the statement start.
	err            bool
	errMsg         string
	errOff, errEnd int
	// newer is Statement.NewerSyntax with offsets relative to the
	// statement start.
	newer []NewerSyntax
}

// NewStmtCache returns a cache holding about limit statements (at most
// twice that).
func NewStmtCache(limit int) *StmtCache {
	return &StmtCache{cur: map[string]cachedStmt{}, old: map[string]cachedStmt{}, limit: limit}
}

// ParseCached is Parse with the statements found in cache taken from it and
// the others added to it.
func ParseCached(path string, data []byte, cache *StmtCache) *File { return parse(path, data, cache) }

// fill sets s from the cache; false on a miss.
func (c *StmtCache) fill(s *Statement) bool {
	if c == nil || s.hasMeta() {
		return false
	}
	key := s.parseInput()
	c.mu.Lock()
	e, ok := c.cur[key]
	if !ok {
		if e, ok = c.old[key]; ok {
			c.put(key, e)
		}
	}
	c.mu.Unlock()
	if !ok {
		return false
	}
	if e.err {
		s.Err = &SyntaxError{Message: e.errMsg, Offset: s.Start + e.errOff, End: s.Start + e.errEnd}
		s.base = s.Start
		return true
	}
	s.Node, s.base = e.node, s.Start-e.rel
	s.NewerSyntax = shiftNewer(e.newer, s.Start)
	return true
}

// store adds the freshly parsed statements.
func (c *StmtCache) store(stmts []*Statement) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range stmts {
		if s.hasMeta() {
			continue
		}
		key := s.parseInput()
		switch {
		case s.Err != nil:
			c.put(key, cachedStmt{err: true, errMsg: s.Err.Message, errOff: s.Err.Offset - s.Start, errEnd: s.Err.End - s.Start})
		case s.Node != nil:
			c.put(key, cachedStmt{node: s.Node, rel: s.Start - s.base, newer: shiftNewer(s.NewerSyntax, -s.Start)})
		}
	}
}

func (c *StmtCache) put(key string, e cachedStmt) {
	if len(c.cur) >= c.limit {
		c.old, c.cur = c.cur, map[string]cachedStmt{}
	}
	c.cur[key] = e
}

// shiftNewer returns a copy of ns with every range moved by delta.
func shiftNewer(ns []NewerSyntax, delta int) []NewerSyntax {
	if len(ns) == 0 {
		return nil
	}
	out := make([]NewerSyntax, len(ns))
	for i, n := range ns {
		n.Start += delta
		n.End += delta
		out[i] = n
	}
	return out
}
