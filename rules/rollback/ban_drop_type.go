package rollback

import (
	"strings"

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
			"ban-drop-domain's), nor a type the replay knows that no column uses any more (its last columns or tables were dropped earlier, which was the finding that mattered): " +
			"PostgreSQL refuses the drop while a column, function or view uses it. A type the replay does not know, or one a column still uses (CASCADE drops the column), is reported.",
		Bad:  "DROP TYPE IF EXISTS order_status CASCADE;",
		Good: "CREATE TYPE order_status AS ENUM ('new', 'paid');\nCREATE TABLE orders (id bigint PRIMARY KEY, status order_status);\n-- the type's last column goes first (ban-drop-column's finding)\nALTER TABLE orders DROP COLUMN status;\nDROP TYPE order_status;",
	},
	Check: func(p *rules.Pass) {
		checkDropExcept(p, dropTypeKinds, "release code that no longer uses it first, then drop it in a later migration", func(obj *pg_query.Node) bool {
			return p.Stmt.Node.GetDropStmt().GetRemoveType() == pg_query.ObjectType_OBJECT_TYPE && unusedType(p, obj)
		})
	},
}

// baseTypeName is a column type's name without schema and array brackets.
func baseTypeName(typ string) string {
	typ = strings.TrimSuffix(typ, "[]")
	if i := strings.LastIndexByte(typ, '.'); i >= 0 {
		typ = typ[i+1:]
	}
	return typ
}

// unusedType reports whether obj names a type the replay knows that no
// column of a table or view the replay knows uses any more: its last use
// was dropped earlier (that drop was the finding that mattered), as ORMs
// drop an enum after the columns of that type. PostgreSQL refuses the drop
// while a column, function or view still uses the type.
func unusedType(p *rules.Pass, obj *pg_query.Node) bool {
	schema, name := qualName(objectNames(obj))
	if p.Catalog.Type(schema, name) == nil {
		return false
	}
	for _, sc := range p.Catalog.Schemas {
		for _, t := range sc.Tables {
			for _, c := range t.Columns {
				if baseTypeName(c.Type) == name {
					return false
				}
			}
		}
	}
	return true
}
