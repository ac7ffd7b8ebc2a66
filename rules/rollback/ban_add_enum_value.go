package rollback

import (
	"github.com/sqlreview/sqlreview/rules"
)

// BanAddEnumValue reports ALTER TYPE ... ADD VALUE on an existing enum.
var BanAddEnumValue = &rules.Rule{
	Code: "SR213", Name: "ban-add-enum-value",
	// postgres-language-server's banAlterEnumAddValue (and pgfence's
	// alter-enum-add-value, which it follows) reports ALTER TYPE ... ADD
	// VALUE, as this rule does.
	Aliases:  []string{"banAlterEnumAddValue", "avoidAlterEnumAddValue", "alter-enum-add-value"},
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Adding a value to an existing enum",
		Why: "Once the new release writes the new label, every reader of the column gets it, and the previous release, after a " +
			"rollback, reads rows holding a value its code has no case for (an enum decoder that rejects it, a switch that falls " +
			"through). Adding the value is safe only when the old code tolerates unknown labels. Off by default; this is about " +
			"what clients read, not about locks or transactions. Enums created earlier in the same file are not reported.",
		Bad:  "ALTER TYPE mood ADD VALUE 'happy';",
		Good: "CREATE TYPE mood AS ENUM ('sad');\nALTER TYPE mood ADD VALUE 'happy';",
	},
	Check: func(p *rules.Pass) {
		ae := p.Stmt.Node.GetAlterEnumStmt()
		if ae == nil || ae.GetOldVal() != "" {
			return // RENAME VALUE is renaming-object's
		}
		schema, name := qualName(ae.GetTypeName())
		if newType(p, schema, name) {
			return
		}
		start, end := tailFrom(p.Stmt, p.Stmt.NameEnd(2))
		p.Reportf(start, end, "adding value %s to enum %s lets rows reach clients that do not know the label, the previous release "+
			"included after a rollback; release code that handles it first", rules.Quote(ae.GetNewVal()), rules.Qualified(schema, name))
	},
}
