package statements

import (
	"github.com/sqlreview/sqlreview/rules"
)

// ObjectOwnerCheck checks that the objects a migration changes belong to
// the role that runs it.
var ObjectOwnerCheck = &rules.Rule{
	Code: "SR422", Name: "object-owner-check",
	Aliases: []string{
		"statement.object-owner-check", // Bytebase rule key
		"STATEMENT_OBJECT_OWNER_CHECK", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Info, Default: false,
	Doc: rules.Doc{
		Title: "Changing an object the migration role does not own (needs a live database)",
		Why: "ALTER, DROP, and CREATE in a schema fail with `must be owner` when the role that runs the migration does not own the object (or the schema): " +
			"the owners recorded in the target database's catalog are compared with the migration role before the file runs. " +
			"It needs --database-url; without one, the first schema change of each file gets an informational note that the check was skipped.",
		Bad:  "ALTER TABLE users ADD COLUMN plan text;",
		Good: "SELECT 1;",
	},
	Check: checkObjectOwner,
}

func checkObjectOwner(p *rules.Pass) {
	if !isDDL(p.Stmt.Node) || liveDatabase(p) {
		return
	}
	start, end := headRange(p.Stmt)
	noteOnce(p, start, end, "checking object owners")
}
