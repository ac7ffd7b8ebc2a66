package statements

import (
	"errors"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// Helpers of the rules that query the target database through Pass.DB
// (dml-dry-run, affected-row-limit, insert-row-limit, object-owner-check).
//
// The database holds the schema as it is now; the files being checked are
// pending. A statement that reads or writes a relation a pending statement
// created or changed (an earlier file of the run, or earlier in this file)
// cannot be planned there yet, so it is not asked about: the catalog marks
// such objects with their file (objects read from the database have none).

// pendingKey memoizes touchesPending per statement.
type pendingKey struct{}

// touchesPending reports whether the statement names a relation, or a
// column of one, that pending migrations created or changed.
func touchesPending(p *rules.Pass) bool {
	return p.StmtMemo(pendingKey{}, func() any {
		for _, n := range p.Nodes() {
			rv, ok := n.(*pg_query.RangeVar)
			if !ok {
				continue
			}
			t := p.Catalog.Table(rv.GetSchemaname(), rv.GetRelname())
			if t == nil {
				continue
			}
			if t.Created.File != "" {
				return true
			}
			for _, c := range t.Columns {
				if c.Created.File != "" {
					return true
				}
			}
			for _, c := range t.Constraints {
				if c.Created.File != "" {
					return true
				}
			}
		}
		return false
	}).(bool)
}

type dbErrKey struct{ rule string }

// dbFailed reports, once per file and rule, that the database could not be
// asked (a lost connection, a timeout): the check is incomplete, not passed.
func dbFailed(p *rules.Pass, err error) {
	done := p.FileMemo(dbErrKey{p.Rule.Name}, func() any { return new(bool) }).(*bool)
	if *done {
		return
	}
	*done = true
	start, end := headRange(p.Stmt)
	p.Reportf(start, end, "%s could not query the database (%s); the check was skipped for the rest of this file", p.Rule.Name, oneLine(err.Error()))
}

// dbDown reports whether dbFailed already gave up on this file.
func dbDown(p *rules.Pass) bool {
	v, ok := p.FileMemo(dbErrKey{p.Rule.Name}, func() any { return new(bool) }).(*bool)
	return ok && *v
}

// explain plans the current statement; rejected is set when PostgreSQL
// refused it (the dry run's finding), err when it could not be asked.
func explain(p *rules.Pass) (plan rules.Plan, rejected *rules.SQLError, err error) {
	plan, err = p.DB.Explain(p.Stmt.Text())
	if errors.As(err, &rejected) {
		return plan, rejected, nil
	}
	return plan, nil, err
}

// sqlErrorRange is the token PostgreSQL's error position points at, or the
// statement's first token.
func sqlErrorRange(p *rules.Pass, e *rules.SQLError) (int, int) {
	if e.Position <= 0 {
		return headRange(p.Stmt)
	}
	text := p.Stmt.Text()
	chars := 0
	for i := range text {
		chars++
		if chars == e.Position {
			off := p.Stmt.Start + i
			if ti := p.Stmt.TokenIndex(off); ti >= 0 {
				tok := p.Stmt.Tokens()[ti]
				return tok.Start, tok.End
			}
			break
		}
	}
	return headRange(p.Stmt)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
