package safety

import (
	"github.com/sqlreview/sqlreview/rules"
)

// RequireEnumValueOrdering reports ALTER TYPE ... ADD VALUE without BEFORE
// or AFTER.
var RequireEnumValueOrdering = &rules.Rule{
	Code: "SR906", Name: "require-enum-value-ordering",
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ALTER TYPE ... ADD VALUE without BEFORE or AFTER",
		Why: "Enum values sort in the order they were declared, and ADD VALUE without BEFORE or AFTER appends the new value at " +
			"the end. Queries that compare enum values (status < 'approved', ORDER BY status) then place it after every " +
			"existing value, which is often not what the value means. Say where it goes. Off by default: it only matters for " +
			"enums whose order is used.",
		Bad:  "ALTER TYPE order_status ADD VALUE 'refunded';",
		Good: "ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';",
	},
	Check: func(p *rules.Pass) {
		ae := p.Stmt.Node.GetAlterEnumStmt()
		if ae == nil || ae.GetOldVal() != "" || ae.GetNewVal() == "" || ae.GetNewValNeighbor() != "" {
			return
		}
		var name string
		if tn := ae.GetTypeName(); len(tn) > 0 {
			name = tn[len(tn)-1].GetString_().GetSval()
		}
		p.Reportf(p.Stmt.Start, p.Stmt.End, "value %s is appended after every existing value of enum %s, which changes comparisons and ORDER BY; say where it goes with BEFORE or AFTER",
			rules.Quote(ae.GetNewVal()), rules.Quote(name))
	},
}
