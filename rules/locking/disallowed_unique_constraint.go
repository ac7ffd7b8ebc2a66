package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DisallowedUniqueConstraint reports a UNIQUE constraint added to an existing
// table without USING INDEX.
var DisallowedUniqueConstraint = &rules.Rule{
	Code: "SR109", Name: "disallowed-unique-constraint",
	Aliases:  []string{"disallowUniqueConstraint"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "UNIQUE constraint added without USING INDEX",
		Why: "ADD CONSTRAINT ... UNIQUE (or a new column declared UNIQUE) builds the unique index while holding an ACCESS " +
			"EXCLUSIVE lock on the table, so all reads and writes wait for the whole build. Build the index with CREATE " +
			"UNIQUE INDEX CONCURRENTLY first, then attach it with ADD CONSTRAINT ... UNIQUE USING INDEX, which is instant.",
		Bad: "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
		Good: "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n" +
			"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
	},
	Check: checkDisallowedUniqueConstraint,
}

func checkDisallowedUniqueConstraint(p *rules.Pass) {
	checkIndexBackedConstraint(p, indexBackedConstraint{
		contype:      pg_query.ConstrType_CONSTR_UNIQUE,
		what:         "UNIQUE constraint",
		asColumn:     "UNIQUE",
		columnAdvice: "add the column without UNIQUE, then ",
		advice:       "create the index with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX",
	})
}
