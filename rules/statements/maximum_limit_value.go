package statements

import (
	"math"
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// MaximumLimitValue caps the row count of LIMIT and FETCH FIRST.
var MaximumLimitValue = &rules.Rule{
	Code: "SR424", Name: "maximum-limit-value",
	Aliases: []string{
		"statement.maximum-limit-value", // Bytebase rule key
		"STATEMENT_MAXIMUM_LIMIT_VALUE", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "LIMIT above the allowed maximum",
		Why: "A query that may return more rows than the application can hold at once (or than a page should show) puts load on the " +
			"database and the client; a policy caps LIMIT and FETCH FIRST at `number` rows (default 1000) and asks for paging " +
			"instead. Every SELECT is checked, sub-queries, set operations and views included; a LIMIT that is no constant (a " +
			"parameter, an expression, LIMIT ALL) is not.",
		Bad:  "SELECT id, name FROM users ORDER BY id LIMIT 50000;",
		Good: "SELECT id, name FROM users WHERE id > $1 ORDER BY id LIMIT 500;",
	},
	Settings: map[string]any{"number": 1000},
	Check:    checkMaximumLimitValue,
}

func checkMaximumLimitValue(p *rules.Pass) {
	max := p.Int("number")
	if max <= 0 || !mayHoldSelect(p.Stmt.Node) {
		return
	}
	for _, m := range p.Nodes() {
		sel, ok := m.(*pg_query.SelectStmt)
		if !ok || sel.GetLimitCount() == nil {
			continue
		}
		c := sel.GetLimitCount().GetAConst()
		if c == nil || c.GetIsnull() {
			continue
		}
		var n float64
		switch {
		case c.GetIval() != nil:
			n = float64(c.GetIval().GetIval())
		case c.GetFval() != nil:
			f, err := strconv.ParseFloat(c.GetFval().GetFval(), 64)
			if err != nil {
				continue
			}
			n = f
		default:
			continue
		}
		if n <= float64(max) {
			continue
		}
		start := p.Stmt.Abs(c.GetLocation())
		p.Reportf(start, tokenEnd(p, start), "LIMIT %s exceeds the %d rows this project allows in one query; page through the rows with a LIMIT of at most %d",
			formatCount(n), max, max)
	}
}

// mayHoldSelect reports whether a statement can contain a SELECT: the
// query statements, and those that name a query to run later (PREPARE,
// DECLARE, CREATE RULE, a function body in SQL). Walking the tree of every other statement for one
// would cost more than all its other checks.
func mayHoldSelect(n *pg_query.Node) bool {
	if isQuery(n) {
		return true
	}
	switch n.GetNode().(type) {
	case *pg_query.Node_PrepareStmt, *pg_query.Node_DeclareCursorStmt, *pg_query.Node_RuleStmt, *pg_query.Node_CreateFunctionStmt:
		return true
	}
	return false
}

// formatCount prints a row count as written when it is whole.
func formatCount(n float64) string {
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return strconv.FormatInt(int64(n), 10)
	}
	return strconv.FormatFloat(n, 'g', -1, 64)
}
