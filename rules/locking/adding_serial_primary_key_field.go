package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// AddingSerialPrimaryKeyField reports a primary key added to an existing
// table without USING INDEX.
var AddingSerialPrimaryKeyField = &rules.Rule{
	Code: "SR110", Name: "adding-serial-primary-key-field",
	Aliases:  []string{"addingPrimaryKeyConstraint"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "PRIMARY KEY added to an existing table without USING INDEX",
		Why: "ADD PRIMARY KEY builds a unique index, and sets its columns NOT NULL (a full scan), while holding an ACCESS " +
			"EXCLUSIVE lock on the table, so all reads and writes wait; a new serial or identity PRIMARY KEY column also " +
			"rewrites the table. Build the index with CREATE UNIQUE INDEX CONCURRENTLY first and attach it with ADD " +
			"CONSTRAINT ... PRIMARY KEY USING INDEX.",
		Bad: "ALTER TABLE events ADD PRIMARY KEY (id);",
		Good: "CREATE UNIQUE INDEX CONCURRENTLY events_pkey ON events (id);\n" +
			"ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;",
	},
	Check: checkAddingSerialPrimaryKeyField,
}

func checkAddingSerialPrimaryKeyField(p *rules.Pass) {
	checkIndexBackedConstraint(p, indexBackedConstraint{
		contype:      pg_query.ConstrType_CONSTR_PRIMARY,
		what:         "primary key",
		asColumn:     "PRIMARY KEY",
		columnAdvice: "add the column first, fill it, then ",
		advice:       "create a unique index with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX",
	})
}
