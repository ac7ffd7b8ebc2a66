package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropSequence reports DROP SEQUENCE of an existing sequence.
var BanDropSequence = &rules.Rule{
	Code: "SR235", Name: "ban-drop-sequence",
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Dropping a sequence",
		Why: "Code that calls nextval(), currval() or setval() on the sequence fails once it is gone, the previous release too " +
			"after a rollback, and CASCADE also drops the column defaults that use it, so inserts that relied on them fail or " +
			"store NULL. Move the clients to another sequence first, then drop it in a later migration. IF EXISTS does not make " +
			"it safer; sequences created earlier in the same file are not reported.",
		Bad:  "DROP SEQUENCE IF EXISTS invoice_numbers CASCADE;",
		Good: "CREATE SEQUENCE invoice_numbers;\nDROP SEQUENCE invoice_numbers;",
	},
	Check: func(p *rules.Pass) {
		checkDrop(p, map[pg_query.ObjectType]string{pg_query.ObjectType_OBJECT_SEQUENCE: "sequence"},
			"move clients to another sequence first, then drop it in a later migration")
	},
}
