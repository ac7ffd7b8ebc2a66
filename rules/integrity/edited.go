package integrity

import "github.com/sqlreview/sqlreview/rules"

// EditedMigration is a file whose content differs from the applied one of
// its version.
var EditedMigration = &rules.Rule{
	Code: "SR007", Name: "edited-applied-migration", Category: rules.Meta, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "A migration already merged or applied was edited",
		Why: "Databases that ran the file keep its old content; the runner refuses the edited file at rollout (checksum mismatch), " +
			"and a fresh database would get a schema the others never had. Checked against the base revision " +
			"(`check --new-from-rev`, the GitHub action), the target's history (`check --database-url`) and the previous " +
			"release (`release create`). Put the change in a new migration instead.",
		Bad:  "-- main: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- pull request: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY, email text);",
		Good: "-- main: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- pull request: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- pull request: migrations/002_users_email.sql\nALTER TABLE users ADD COLUMN email text;",
	},
}

func checkEdited(c *Comparison) {
	for i := range c.Current {
		f := &c.Current[i]
		b := c.applied(f)
		if b == nil || b.Name != f.Name || b.Checksum == "" || b.Checksum == f.Checksum {
			continue
		}
		c.report(EditedMigration, f, "%s was edited, but version %s is already %s with other content; "+
			"revert the edit and put the change in a new migration", f.Path, f.Version.Raw, c.Where)
	}
}
