package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropSchema reports DROP SCHEMA of a schema that existed before the file.
var BanDropSchema = &rules.Rule{
	Code: "SR208", Name: "ban-drop-schema",
	Aliases: []string{
		"banDropSchema", // postgres-language-server; Squawk uses the rule name
		"DS101",         // Atlas: schema dropped
	},
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Dropping a schema",
		Why: "DROP SCHEMA removes the schema and, with CASCADE, every table, view, function and type in it, with their data; " +
			"running code that uses any of them fails at once, and rolling the code back brings nothing back. Schemas created " +
			"earlier in the same file are not reported.",
		Bad:  "DROP SCHEMA reporting CASCADE;",
		Good: "CREATE SCHEMA scratch;\nDROP SCHEMA scratch;",
	},
	Check: func(p *rules.Pass) {
		ds := p.Stmt.Node.GetDropStmt()
		if ds == nil || ds.GetRemoveType() != pg_query.ObjectType_OBJECT_SCHEMA {
			return
		}
		for _, obj := range ds.GetObjects() {
			name := obj.GetString_().GetSval()
			if sc := p.Catalog.Schemas[name]; sc != nil && sc.Created.File == p.File.Path {
				continue
			}
			msg := "dropping schema %s destroys everything in it and breaks running code that uses it; stop using its objects first, then drop it in a later migration"
			if ds.GetBehavior() == pg_query.DropBehavior_DROP_CASCADE {
				msg = "dropping schema %s with CASCADE destroys every object in it and their data, and breaks running code that uses them; stop using its objects first, then drop it in a later migration"
			}
			p.Reportf(p.Stmt.Start, p.Stmt.End, msg, rules.Quote(name))
		}
	},
}
