package rollback

import (
	"strings"

	"github.com/sqlreview/sqlreview/rules"
)

// BanSetSchema reports ALTER ... SET SCHEMA.
var BanSetSchema = &rules.Rule{
	Code: "SR243", Name: "ban-set-schema",
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Moving an object to another schema",
		Why: "SET SCHEMA moves a table, view, sequence, function, procedure, type, domain, extension or other object out of the " +
			"schema clients name it by: schema-qualified names stop resolving, and so do unqualified ones when the new schema is " +
			"not on the client's search_path, with relation or function does not exist errors, the previous release's too after " +
			"a rollback. Expose the object under both names (a view or wrapper) or update the clients first. Objects created " +
			"earlier in the same file are not reported.",
		Bad:  "ALTER TABLE orders SET SCHEMA archive;",
		Good: "CREATE TABLE staging_orders (id bigint);\nALTER TABLE staging_orders SET SCHEMA archive;",
	},
	Check: func(p *rules.Pass) {
		as := p.Stmt.Node.GetAlterObjectSchemaStmt()
		if as == nil || newObject(p, as.GetObjectType(), as.GetObject(), as.GetRelation()) {
			return
		}
		start := wordPairStart(p.Stmt, "SET", "SCHEMA")
		if start < 0 {
			start = p.Stmt.Start
		}
		kind := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(as.GetObjectType().String(), "OBJECT_"), "_", " "))
		p.Reportf(start, p.Stmt.End, "moving this %s to schema %s breaks clients that still name it by its old schema; "+
			"update them first", kind, rules.Quote(as.GetNewschema()))
	},
}
