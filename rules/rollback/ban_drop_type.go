package rollback

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
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
			"ban-drop-domain's), nor a type the replay knows whose last columns were dropped earlier in the same file: PostgreSQL refuses the drop while a column uses it, " +
			"and the finding that mattered was the drop of that column or table.",
		Bad:  "DROP TYPE IF EXISTS order_status CASCADE;",
		Good: "CREATE TYPE order_status AS ENUM ('new', 'paid');\nCREATE TABLE orders (id bigint PRIMARY KEY, status order_status);\n-- the type's last column goes first (ban-drop-column's finding)\nALTER TABLE orders DROP COLUMN status;\nDROP TYPE order_status;",
	},
	Check: func(p *rules.Pass) {
		noteDroppedUses(p)
		checkDropExcept(p, dropTypeKinds, "release code that no longer uses it first, then drop it in a later migration", func(obj *pg_query.Node) bool {
			return p.Stmt.Node.GetDropStmt().GetRemoveType() == pg_query.ObjectType_OBJECT_TYPE && lastUseDropped(p, obj)
		})
	},
}

type droppedUsesKey struct{}

// droppedUses maps a type name to true once the file dropped a column of
// that type (or a table holding one).
func droppedUses(p *rules.Pass) map[string]bool {
	return p.FileMemo(droppedUsesKey{}, func() any { return map[string]bool{} }).(map[string]bool)
}

// noteDroppedUses records the types of the columns the statement drops,
// read from the catalog before the statement.
func noteDroppedUses(p *rules.Pass) {
	note := func(t *catalog.Table, col string) {
		if t == nil {
			return
		}
		for _, c := range t.Columns {
			if col == "" || c.Name == col {
				droppedUses(p)[baseTypeName(c.Type)] = true
			}
		}
	}
	switch n := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_AlterTableStmt:
		rel := n.AlterTableStmt.GetRelation()
		for _, c := range n.AlterTableStmt.GetCmds() {
			if cmd := c.GetAlterTableCmd(); cmd.GetSubtype() == pg_query.AlterTableType_AT_DropColumn {
				note(p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname()), cmd.GetName())
			}
		}
	case *pg_query.Node_DropStmt:
		if n.DropStmt.GetRemoveType() == pg_query.ObjectType_OBJECT_TABLE {
			for _, obj := range n.DropStmt.GetObjects() {
				schema, name := qualName(objectNames(obj))
				note(p.Catalog.Table(schema, name), "")
			}
		}
	}
}

// baseTypeName is a column type's name without schema and array brackets.
func baseTypeName(typ string) string {
	typ = strings.TrimSuffix(typ, "[]")
	if i := strings.LastIndexByte(typ, '.'); i >= 0 {
		typ = typ[i+1:]
	}
	return typ
}

// lastUseDropped reports whether obj names a type the replay knows whose
// columns this file dropped earlier, with no column of a known table
// using it any more: the finding that mattered was the column's (ORMs
// drop an enum right after the columns of that type).
func lastUseDropped(p *rules.Pass, obj *pg_query.Node) bool {
	schema, name := qualName(objectNames(obj))
	if p.Catalog.Type(schema, name) == nil || !droppedUses(p)[name] {
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
