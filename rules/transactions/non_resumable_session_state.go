package transactions

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// NonResumableSessionState reports, in a file the runner applies statement
// by statement, a statement whose session state a resumed run could not
// rebuild. The runner refuses such a file with the same message.
var NonResumableSessionState = &rules.Rule{
	Code: "SR303", Name: "non-resumable-session-state",
	Category: rules.Transactions, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Session state that an interrupted statement-by-statement run cannot rebuild",
		Why: "A file that runs statement by statement (it holds CREATE INDEX CONCURRENTLY, VACUUM or its own BEGIN/COMMIT, or says `-- sqlreview:txmode none`) records its progress after every statement, " +
			"and a run interrupted in the middle resumes in a new database session after the last completed statement. " +
			"The runner restores the settings, the role and the session user the interrupted session had, but a temporary table, a prepared statement, a cursor WITH HOLD or a LISTEN lives only in the session that made it: " +
			"the resumed run would go on without it. `sqlreview apply`, `plan` and `release create` refuse such a file; use a regular table dropped at the end of the file, " +
			"keep the temporary state inside one BEGIN ... COMMIT block of the file (a temporary table ON COMMIT DROP, a cursor without HOLD), or move the work to a file that runs in one transaction. " +
			"Only sqlreview's own runner resumes a file where it stopped, so the rule reports nothing when migrations.runner names another tool.",
		Bad:  "-- sqlreview:txmode none\nCREATE TEMP TABLE recent_users AS SELECT id FROM users WHERE created_at > now() - interval '1 day';\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nUPDATE users SET active = true WHERE id IN (SELECT id FROM recent_users);",
		Good: "-- sqlreview:txmode none\nCREATE TABLE recent_users AS SELECT id FROM users WHERE created_at > now() - interval '1 day';\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nUPDATE users SET active = true WHERE id IN (SELECT id FROM recent_users);\nDROP TABLE recent_users;",
	},
	Check: checkNonResumableSessionState,
}

type nonResumableKey struct{}

// nonResumableFindings maps each offending statement's index in the file
// to its message; empty unless the file runs statement by statement.
func nonResumableFindings(p *rules.Pass) map[int]string {
	return p.FileMemo(nonResumableKey{}, func() any {
		out := map[int]string{}
		var nodes []*pg_query.Node
		var index []int // the file's statement index of each node
		for _, s := range p.File.Statements {
			if s.Node == nil {
				// A syntax error hides no other finding: the file is
				// judged as if the broken statement were not there.
				continue
			}
			nodes = append(nodes, s.Node)
			index = append(index, s.Index)
		}
		directive := ""
		for _, c := range p.File.Comments {
			if name, value, ok := knowledge.Directive(p.File.TokenText(c)); ok && name == "txmode" {
				directive = value
			}
		}
		plan := knowledge.ClassifyTx(nodes, directive, p.PGVersion)
		if !plan.StatementByStatement() {
			return out
		}
		for _, n := range knowledge.NotResumableStatements(nodes) {
			out[index[n.Index]] = n.Message(plan.Reason)
		}
		return out
	}).(map[int]string)
}

func checkNonResumableSessionState(p *rules.Pass) {
	if p.Transactions().Runner != knowledge.RunnerSQLReview {
		return // only sqlreview's runner resumes a file where it stopped
	}
	if msg, ok := nonResumableFindings(p)[p.Stmt.Index]; ok {
		p.Reportf(p.Stmt.Start, p.Stmt.End, "%s", msg)
	}
}
