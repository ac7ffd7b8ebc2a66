package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// namedObject is an object name a statement of the file gives: by CREATE
// or by RENAME ... TO.
type namedObject struct {
	kind  pg_query.ObjectType
	name  string // unqualified, as PostgreSQL folds it
	stmt  int    // statement index
	isNew bool   // true for RENAME TO, false for CREATE
}

type namesKey struct{}

// fileNames lists the names the file's statements give to types, domains,
// views, materialized views, functions, procedures, sequences and indexes,
// in order. A name given in the file is the
// file's own: dropping "status_old" after renaming a type to it, or
// renaming a type away and another to its name (the swap ORMs write to
// change an enum), breaks no client.
func fileNames(p *rules.Pass) []namedObject {
	return p.FileMemo(namesKey{}, func() any {
		var out []namedObject
		for _, s := range p.File.Statements {
			if s.Node == nil {
				continue
			}
			add := func(kind pg_query.ObjectType, name string, renamed bool) {
				if name != "" {
					out = append(out, namedObject{kind: kind, name: name, stmt: s.Index, isNew: renamed})
				}
			}
			switch n := s.Node.GetNode().(type) {
			case *pg_query.Node_RenameStmt:
				rs := n.RenameStmt
				kind := sameNamespace(rs.GetRenameType())
				if rs.GetSubname() == "" || kind == pg_query.ObjectType_OBJECT_SCHEMA {
					add(kind, rs.GetNewname(), true)
				}
			case *pg_query.Node_CreateEnumStmt:
				_, name := qualName(n.CreateEnumStmt.GetTypeName())
				add(pg_query.ObjectType_OBJECT_TYPE, name, false)
			case *pg_query.Node_CompositeTypeStmt:
				add(pg_query.ObjectType_OBJECT_TYPE, n.CompositeTypeStmt.GetTypevar().GetRelname(), false)
			case *pg_query.Node_CreateRangeStmt:
				_, name := qualName(n.CreateRangeStmt.GetTypeName())
				add(pg_query.ObjectType_OBJECT_TYPE, name, false)
			case *pg_query.Node_CreateDomainStmt:
				_, name := qualName(n.CreateDomainStmt.GetDomainname())
				add(pg_query.ObjectType_OBJECT_TYPE, name, false)
			case *pg_query.Node_ViewStmt:
				add(pg_query.ObjectType_OBJECT_VIEW, n.ViewStmt.GetView().GetRelname(), false)
			case *pg_query.Node_CreateTableAsStmt:
				if n.CreateTableAsStmt.GetObjtype() == pg_query.ObjectType_OBJECT_MATVIEW {
					add(pg_query.ObjectType_OBJECT_MATVIEW, n.CreateTableAsStmt.GetInto().GetRel().GetRelname(), false)
				}
			case *pg_query.Node_CreateFunctionStmt:
				kind := pg_query.ObjectType_OBJECT_FUNCTION
				if n.CreateFunctionStmt.GetIsProcedure() {
					kind = pg_query.ObjectType_OBJECT_PROCEDURE
				}
				_, name := qualName(n.CreateFunctionStmt.GetFuncname())
				add(kind, name, false)
			case *pg_query.Node_CreateSeqStmt:
				add(pg_query.ObjectType_OBJECT_SEQUENCE, n.CreateSeqStmt.GetSequence().GetRelname(), false)
			case *pg_query.Node_IndexStmt:
				add(pg_query.ObjectType_OBJECT_INDEX, n.IndexStmt.GetIdxname(), false)
			}
		}
		return out
	}).([]namedObject)
}

// sameNamespace maps object kinds that share PostgreSQL's type namespace.
func sameNamespace(k pg_query.ObjectType) pg_query.ObjectType {
	if k == pg_query.ObjectType_OBJECT_DOMAIN {
		return pg_query.ObjectType_OBJECT_TYPE
	}
	return k
}

// renamedHereBefore reports whether an earlier statement of the file
// renamed an object of kind to name.
func renamedHereBefore(p *rules.Pass, kind pg_query.ObjectType, name string) bool {
	kind = sameNamespace(kind)
	for _, o := range fileNames(p) {
		if o.stmt >= p.Stmt.Index {
			break
		}
		if o.isNew && o.kind == kind && o.name == name {
			return true
		}
	}
	return false
}

// nameTakenLater reports whether a later statement of the file gives name
// to another object of kind (by CREATE or RENAME TO).
func nameTakenLater(p *rules.Pass, kind pg_query.ObjectType, name string) bool {
	kind = sameNamespace(kind)
	for _, o := range fileNames(p) {
		if o.stmt > p.Stmt.Index && o.kind == kind && o.name == name {
			return true
		}
	}
	return false
}

type defaultsKey struct{}

// defaultSetLater reports whether a later statement of the file sets a
// default on column col of the table named rel again (ORMs drop a default
// around a type change and set it back afterwards).
func defaultSetLater(p *rules.Pass, rel *pg_query.RangeVar, col string) bool {
	type setDefault struct {
		schema, table, col string
		stmt               int
	}
	sets := p.FileMemo(defaultsKey{}, func() any {
		var out []setDefault
		for _, s := range p.File.Statements {
			at := s.Node.GetAlterTableStmt()
			if at == nil {
				continue
			}
			for _, c := range at.GetCmds() {
				cmd := c.GetAlterTableCmd()
				if cmd.GetSubtype() == pg_query.AlterTableType_AT_ColumnDefault && cmd.GetDef() != nil {
					out = append(out, setDefault{at.GetRelation().GetSchemaname(), at.GetRelation().GetRelname(), cmd.GetName(), s.Index})
				}
			}
		}
		return out
	}).([]setDefault)
	for _, s := range sets {
		if s.stmt > p.Stmt.Index && s.table == rel.GetRelname() && s.col == col && (s.schema == rel.GetSchemaname() || s.schema == "" || rel.GetSchemaname() == "") {
			return true
		}
	}
	return false
}
