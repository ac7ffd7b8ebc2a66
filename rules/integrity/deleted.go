package integrity

import "github.com/sqlreview/sqlreview/rules"

// DeletedMigration is an applied file that is gone.
var DeletedMigration = &rules.Rule{
	Code: "SR009", Name: "deleted-applied-migration", Category: rules.Meta, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "A migration already merged or applied was deleted",
		Why: "Databases that ran the file keep its changes, but a fresh database built from the directory no longer gets " +
			"them, and the history names a file that does not exist. Restore the file; to undo its change, add a new migration. " +
			"The finding is on the deleted file's path, line 1.",
		Bad:  "-- main: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- main: migrations/002_audit.sql\nCREATE TABLE audit (id bigint PRIMARY KEY);\n-- pull request: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);",
		Good: "-- main: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- main: migrations/002_audit.sql\nCREATE TABLE audit (id bigint PRIMARY KEY);\n-- pull request: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- pull request: migrations/002_audit.sql\nCREATE TABLE audit (id bigint PRIMARY KEY);\n-- pull request: migrations/003_drop_audit.sql\nDROP TABLE audit;",
	},
}

func checkDeleted(c *Comparison) {
	for i := range c.Base {
		b := &c.Base[i]
		if b.Baseline || c.currentByKey[b.Version.Key()] != nil || c.renamedTo[b] != nil {
			continue
		}
		c.report(DeletedMigration, b, "%s was deleted, but it is already %s; restore it, "+
			"and undo its change in a new migration if needed", b.Path, c.Where)
	}
}
