package engine

import (
	"fmt"
	"slices"

	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/meta"
	"github.com/sqlreview/sqlreview/rules/source"
)

// newerSyntaxFindings reports the constructs of s that the target
// PostgreSQL version (postgres.version) does not accept yet, such as
// PostgreSQL 18's NOT NULL table constraints for a PostgreSQL 16 project, or
// a procedure for a PostgreSQL 10 one (syntaxSince).
// The parser understood them, but the server will reject the statement, so
// they are syntax errors at the construct's exact range.
func (l *Linter) newerSyntaxFindings(s *source.Statement) []rawFinding {
	newer := s.NewerSyntax
	if l.PGVersion < newestGatedSyntax {
		newer = append(slices.Clip(newer), syntaxSince(s)...)
	}
	var raw []rawFinding
	for _, n := range newer {
		if n.Version <= l.PGVersion {
			continue
		}
		msg := fmt.Sprintf("%s need PostgreSQL %d; this project targets PostgreSQL %s (postgres.version)", n.Feature, n.Version, config.PostgresVersionName(l.PGVersion))
		raw = append(raw, rawFinding{rule: meta.SyntaxError, start: n.Start, end: n.End, msg: msg, stmt: s.Index})
	}
	return raw
}
