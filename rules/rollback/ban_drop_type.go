package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

var dropTypeKinds = map[pg_query.ObjectType]string{
	pg_query.ObjectType_OBJECT_TYPE:     "type",
	pg_query.ObjectType_OBJECT_CAST:     "cast",
	pg_query.ObjectType_OBJECT_OPERATOR: "operator",
	pg_query.ObjectType_OBJECT_OPCLASS:  "operator class",
	pg_query.ObjectType_OBJECT_OPFAMILY: "operator family",
}

// BanDropType reports DROP TYPE, CAST, OPERATOR, OPERATOR CLASS and
// OPERATOR FAMILY.
var BanDropType = &rules.Rule{
	Code: "SR236", Name: "ban-drop-type",
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Dropping a type, cast, operator, operator class or operator family",
		Why: "Casts and parameters that name a dropped type fail with undefined_object (42704), expressions that use a dropped " +
			"cast or operator stop parsing, and CASCADE drops the columns of the type with their data. The previous release fails " +
			"the same way after a rollback. Release code that no longer uses it first, then drop it in a later migration. IF " +
			"EXISTS does not make it safer; types created or renamed to their name earlier in the same file are not reported (domains are " +
			"ban-drop-domain's).",
		Bad:  "DROP TYPE IF EXISTS order_status CASCADE;",
		Good: "CREATE TYPE order_status AS ENUM ('new', 'paid');\nDROP TYPE order_status;",
	},
	Check: func(p *rules.Pass) {
		checkDrop(p, dropTypeKinds, "release code that no longer uses it first, then drop it in a later migration")
	},
}
