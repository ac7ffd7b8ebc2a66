package types

import (
	"github.com/sqlreview/sqlreview/rules"
)

// CreatingEnum reports CREATE TYPE ... AS ENUM.
var CreatingEnum = &rules.Rule{
	Code: "SR607", Name: "creating-enum",
	Aliases:  []string{"creatingEnum"}, // postgres-language-server
	Category: rules.Types, Severity: rules.Info, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "CREATE TYPE ... AS ENUM",
		Why: "Enum values can be added but not removed or renamed cheaply: dropping a value means creating a new type and " +
			"rewriting every column that uses it, and before PostgreSQL 12 adding one cannot run in a transaction block. A text " +
			"column with a CHECK constraint, or a lookup table with a foreign key, can change with a migration that does not " +
			"block. Off by default: enums are compact and self-documenting for value sets that really are fixed.",
		Bad:  "CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');",
		Good: "CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped')));",
	},
	Check: func(p *rules.Pass) {
		ce := p.Stmt.Node.GetCreateEnumStmt()
		if ce == nil {
			return
		}
		var parts []string
		for _, n := range ce.GetTypeName() {
			parts = append(parts, n.GetString_().GetSval())
		}
		name := ""
		if len(parts) > 0 {
			name = parts[len(parts)-1]
		}
		end := p.Stmt.End
		if i := p.Stmt.WordIndex("ENUM", 12); i >= 0 {
			end = p.Stmt.Tokens()[i].End
		}
		p.Reportf(p.Stmt.Start, end, "enum type %s cannot drop or rename values without rewriting every column using it; consider text with a CHECK constraint or a lookup table", rules.Quote(name))
	},
}
