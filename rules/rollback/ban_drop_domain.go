package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropDomain reports DROP DOMAIN.
var BanDropDomain = &rules.Rule{
	Code: "SR229", Name: "ban-drop-domain",
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Dropping a domain",
		Why: "Casts to the domain and parameters declared with it fail with undefined_object (42704) in code that still uses " +
			"it, and CASCADE drops the columns of that domain with their data. Move the code to another type first, then drop the " +
			"domain in a later migration. IF EXISTS does not make it safer; domains created earlier in the same file are not " +
			"reported.",
		Bad:  "DROP DOMAIN IF EXISTS email_address CASCADE;",
		Good: "CREATE DOMAIN email_address AS text;\nDROP DOMAIN email_address;",
	},
	Check: func(p *rules.Pass) {
		checkDrop(p, map[pg_query.ObjectType]string{pg_query.ObjectType_OBJECT_DOMAIN: "domain"},
			"move clients to another type first, then drop it in a later migration")
	},
}
