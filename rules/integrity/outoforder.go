package integrity

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// OutOfOrderMigration is a new file that sorts before the newest applied
// version.
var OutOfOrderMigration = &rules.Rule{
	Code: "SR010", Name: "out-of-order-migration", Category: rules.Meta, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "A new migration sorts before the newest applied one",
		Why: "Databases that are ahead would run it after newer migrations, in an order no test database saw; the runner " +
			"refuses it unless `migrations.out-of-order: allow` is set in .sqlreview.yaml, which also turns this rule's check off. " +
			"Give the file a version after the newest one.",
		Bad:  "-- main: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- main: migrations/003_orders.sql\nCREATE TABLE orders (id bigint PRIMARY KEY);\n-- pull request: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- pull request: migrations/002_audit.sql\nCREATE TABLE audit (id bigint PRIMARY KEY);\n-- pull request: migrations/003_orders.sql\nCREATE TABLE orders (id bigint PRIMARY KEY);",
		Good: "-- main: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- main: migrations/003_orders.sql\nCREATE TABLE orders (id bigint PRIMARY KEY);\n-- pull request: migrations/001_users.sql\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- pull request: migrations/003_orders.sql\nCREATE TABLE orders (id bigint PRIMARY KEY);\n-- pull request: migrations/004_audit.sql\nCREATE TABLE audit (id bigint PRIMARY KEY);",
	},
}

func checkOutOfOrder(c *Comparison) {
	if c.AllowOutOfOrder {
		return
	}
	for i := range c.Current {
		f := &c.Current[i]
		if c.baseByKey[f.Version.Key()] != nil || c.renamedFrom[f] != nil {
			continue
		}
		newest := c.newestRoutedWith(f)
		if newest == nil || migfile.Compare(f.Version, newest.Version) >= 0 {
			continue
		}
		c.report(OutOfOrderMigration, f, "%s (version %s) sorts before %s, the newest version already %s; give it a newer version, "+
			"or set `migrations.out-of-order: allow` in .sqlreview.yaml", f.Path, f.Version.Raw, newest.Version.Raw, c.Where)
	}
}

// newestRoutedWith is the newest base file that runs on a database f runs
// on. A routed file (db##version##kind##desc.sql) runs only on targets of
// its database, so a newer file of another database never makes it
// out of order: each database has its own history, as in Bytebase. Files
// without a database run everywhere and are compared with all.
func (c *Comparison) newestRoutedWith(f *File) *File {
	var newest *File
	for i := range c.Base {
		b := &c.Base[i]
		if a, d := b.Version.Database, f.Version.Database; a != "" && d != "" && a != d {
			continue
		}
		if newest == nil || migfile.Compare(b.Version, newest.Version) > 0 {
			newest = b
		}
	}
	return newest
}
