package integrity

import "github.com/sqlreview/sqlreview/rules"

// RenamedMigration is an applied file under a new name or version.
var RenamedMigration = &rules.Rule{
	Code: "SR008", Name: "renamed-applied-migration", Category: rules.Meta, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "A migration already merged or applied was renamed",
		Why: "The history records each applied file by version and name. Under a new version the runner takes the file as " +
			"pending and runs it a second time; under a new name the history no longer names a file of the directory. " +
			"Keep the name it was applied with.",
		Bad:  "-- main: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- pull request: migrations/002_create_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);",
		Good: "-- main: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- pull request: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);",
	},
}

func checkRenamed(c *Comparison) {
	for i := range c.Current {
		f := &c.Current[i]
		if b := c.renamedFrom[f]; b != nil {
			c.report(RenamedMigration, f, "%s was renamed from %s, which is already %s as version %s; "+
				"under a new version it would run again: rename it back", f.Path, b.Path, c.Where, b.Version.Raw)
			continue
		}
		if b := c.applied(f); b != nil && b.Name != f.Name {
			c.report(RenamedMigration, f, "%s was renamed from %s, which is already %s; rename it back "+
				"(the history records the name it was applied with)", f.Path, b.Path, c.Where)
		}
	}
}
