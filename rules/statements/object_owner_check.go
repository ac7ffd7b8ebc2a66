package statements

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// ObjectOwnerCheck checks that the objects a migration changes belong to
// the role that runs it.
var ObjectOwnerCheck = &rules.Rule{
	Code: "SR422", Name: "object-owner-check",
	Aliases: []string{
		"statement.object-owner-check", // Bytebase rule key
		"STATEMENT_OBJECT_OWNER_CHECK", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Info, Default: false,
	Doc: rules.Doc{
		Title: "Changing an object the migration role does not own (needs a live database)",
		Why: "ALTER, DROP, CREATE INDEX and CREATE TRIGGER fail with `must be owner` when the role that runs the migration does not own the table (directly, through membership of the owning role, or as a superuser), " +
			"and CREATE fails without the CREATE privilege on the schema (or, for CREATE SCHEMA, the database). " +
			"The owners and privileges recorded in the target database are compared with the migration role — the connection's role, or the one a SET ROLE earlier in the file switched to — before the file runs; " +
			"objects that pending migrations create are the migration role's own and are not asked about. " +
			"It needs --database-url; without one, the first schema change of each file gets an informational note that the check was skipped.",
		Bad:  "ALTER TABLE users ADD COLUMN plan text;",
		Good: "SELECT 1;",
	},
	Check: checkObjectOwner,
}

// roleKey memoizes the role a file's statements run as.
type roleKey struct{}

type roleState struct{ role string } // "" = the connection's role

func checkObjectOwner(p *rules.Pass) {
	st := p.FileMemo(roleKey{}, func() any { return &roleState{} }).(*roleState)
	if vs := p.Stmt.Node.GetVariableSetStmt(); vs != nil && strings.EqualFold(vs.GetName(), "role") {
		st.role = ""
		if vs.GetKind() == pg_query.VariableSetKind_VAR_SET_VALUE && len(vs.GetArgs()) > 0 {
			if r, ok := stringConst(vs.GetArgs()[0]); ok && !strings.EqualFold(r, "none") {
				st.role = r
			}
		}
		return
	}
	if !isDDL(p.Stmt.Node) {
		return
	}
	if !liveDatabase(p) {
		start, end := headRange(p.Stmt)
		noteOnce(p, start, end, "checking object owners")
		return
	}
	if dbDown(p) {
		return
	}
	role := st.role
	if role == "" {
		r, err := p.DB.CurrentRole()
		if err != nil {
			dbFailed(p, err)
			return
		}
		role = r
	}
	for _, t := range ownerTargets(p) {
		perm, err := p.DB.Permission(role, t.obj)
		if err != nil {
			dbFailed(p, err)
			return
		}
		if !perm.Found || perm.Allowed {
			continue
		}
		start, end := nameRange(p.Stmt, t.loc)
		if t.obj.Create {
			what := "schema " + rules.Quote(t.obj.Name)
			if t.obj.Kind == rules.DBDatabase {
				what = "the database"
				start, end = headRange(p.Stmt)
			}
			p.Reportf(start, end, "role %s has no CREATE privilege on %s (owned by %s); grant it, or run the migration as the owner",
				quoteLiteral(role), what, quoteLiteral(perm.Owner))
			continue
		}
		p.Reportf(start, end, "%s is owned by %s, but the migration runs as %s, which may not change it; run the migration as the owner (SET ROLE %s) or change the owner first",
			t.what, quoteLiteral(perm.Owner), quoteLiteral(role), rules.Quote(perm.Owner))
	}
}

// ownerTarget is an object a statement needs to own or create in.
type ownerTarget struct {
	obj  rules.DBObject
	what string // "table public.users", for messages
	loc  int32  // parse location of its name
}

// ownerTargets lists the objects whose ownership (or CREATE privilege) the
// statement needs. Relations created by pending migrations are left out.
func ownerTargets(p *rules.Pass) []ownerTarget {
	var out []ownerTarget
	rel := func(rv *pg_query.RangeVar) {
		if rv == nil || rv.GetRelname() == "" {
			return
		}
		if t := p.Catalog.Table(rv.GetSchemaname(), rv.GetRelname()); t != nil && t.Created.File != "" {
			return
		}
		out = append(out, ownerTarget{obj: rules.DBObject{Kind: rules.DBRelation, Schema: rv.GetSchemaname(), Name: rv.GetRelname()},
			what: "relation " + rules.RelName(rv), loc: rv.GetLocation()})
	}
	createIn := func(rv *pg_query.RangeVar) {
		schema := rv.GetSchemaname()
		if schema == "" && len(p.Catalog.SearchPath) > 0 {
			schema = p.Catalog.SearchPath[0]
		}
		if schema == "" {
			return
		}
		if s := p.Catalog.Schemas[schema]; s != nil && s.Created.File != "" {
			return
		}
		out = append(out, ownerTarget{obj: rules.DBObject{Kind: rules.DBSchema, Name: schema, Create: true}, loc: rv.GetLocation()})
	}
	switch n := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_AlterTableStmt:
		rel(n.AlterTableStmt.GetRelation())
	case *pg_query.Node_RenameStmt:
		rel(n.RenameStmt.GetRelation())
	case *pg_query.Node_IndexStmt:
		rel(n.IndexStmt.GetRelation())
	case *pg_query.Node_CreateTrigStmt:
		rel(n.CreateTrigStmt.GetRelation())
	case *pg_query.Node_DropStmt:
		switch n.DropStmt.GetRemoveType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
			pg_query.ObjectType_OBJECT_INDEX, pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
			for _, o := range n.DropStmt.GetObjects() {
				var parts []string
				for _, it := range o.GetList().GetItems() {
					parts = append(parts, it.GetString_().GetSval())
				}
				if len(parts) == 0 || len(parts) > 3 {
					continue
				}
				rv := &pg_query.RangeVar{Relname: parts[len(parts)-1], Location: -1}
				if len(parts) > 1 {
					rv.Schemaname = parts[len(parts)-2]
				}
				rv.Location = dropNameLoc(p, parts)
				rel(rv)
			}
		}
	case *pg_query.Node_CreateStmt:
		createIn(n.CreateStmt.GetRelation())
	case *pg_query.Node_ViewStmt:
		createIn(n.ViewStmt.GetView())
	case *pg_query.Node_CreateSeqStmt:
		createIn(n.CreateSeqStmt.GetSequence())
	case *pg_query.Node_CreateTableAsStmt:
		createIn(n.CreateTableAsStmt.GetInto().GetRel())
	case *pg_query.Node_CreateSchemaStmt:
		out = append(out, ownerTarget{obj: rules.DBObject{Kind: rules.DBDatabase, Create: true}, loc: -1})
	}
	return out
}

// dropNameLoc finds the statement-relative location of a dropped name (DROP
// carries no locations): the first token spelling its last part.
func dropNameLoc(p *rules.Pass, parts []string) int32 {
	last := parts[len(parts)-1]
	for _, t := range p.Stmt.Tokens() {
		txt := strings.Trim(p.File.Text[t.Start:t.End], `"`)
		if strings.EqualFold(txt, last) {
			start := t.Start
			if len(parts) > 1 {
				// Back up to the schema part: "schema"."name".
				if i := p.Stmt.TokenIndex(t.Start); i >= 2 {
					start = p.Stmt.Tokens()[i-2].Start
				}
			}
			return int32(start - p.Stmt.Start)
		}
	}
	return -1
}
