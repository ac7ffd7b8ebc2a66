package rollback

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// BanAlterPolicyCondition reports ALTER POLICY ... USING / WITH CHECK.
var BanAlterPolicyCondition = &rules.Rule{
	Code: "SR219", Name: "ban-alter-policy-condition",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "ALTER POLICY changes a USING or WITH CHECK condition",
		Why: "A row-level security policy's USING expression decides which rows a client sees and WITH CHECK which rows it may " +
			"write. Changing either changes the results and the write errors of code that did not change, and the previous " +
			"release gets the new condition after a rollback. Off by default. Renaming a policy and changing only its roles " +
			"(ban-alter-policy-roles) are not reported here; policies on tables created earlier in the same file are not reported.",
		Bad:  "ALTER POLICY owner_only ON accounts USING (owner_id = current_user_id());",
		Good: "ALTER POLICY owner_only ON accounts RENAME TO accounts_owner_only;",
	},
	Check: func(p *rules.Pass) {
		ap := p.Stmt.Node.GetAlterPolicyStmt()
		if ap == nil || (ap.GetQual() == nil && ap.GetWithCheck() == nil) {
			return
		}
		rel := ap.GetTable()
		if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
			return
		}
		if ap.GetQual() != nil {
			start, end := clauseRange(p.Stmt, "USING", "")
			p.Reportf(start, end, "changing the USING condition of policy %s on %s changes which rows existing clients see; "+
				"review it against every release that may run", rules.Quote(ap.GetPolicyName()), rules.RelName(rel))
		}
		if ap.GetWithCheck() != nil {
			start, end := clauseRange(p.Stmt, "WITH", "CHECK")
			p.Reportf(start, end, "changing the WITH CHECK condition of policy %s on %s changes which rows existing clients may write; "+
				"review it against every release that may run", rules.Quote(ap.GetPolicyName()), rules.RelName(rel))
		}
	},
}

// clauseRange returns the range of a clause that starts with the words a
// [b] and ends with a parenthesised expression, e.g. USING (...) or WITH
// CHECK (...); the statement when it is not found.
func clauseRange(s *source.Statement, a, b string) (int, int) {
	start := wordPairStart(s, a, b)
	if start < 0 {
		return s.Start, s.End
	}
	toks, f := s.Tokens(), s.File()
	depth := 0
	for i := s.TokenIndex(start); i < len(toks); i++ {
		if f.IsPunct(toks[i], '(') {
			depth++
		} else if f.IsPunct(toks[i], ')') {
			if depth--; depth == 0 {
				return start, toks[i].End
			}
		}
	}
	return start, s.End
}
