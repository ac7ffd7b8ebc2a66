package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/source"
)

// lockLevel orders the table lock modes that matter to the application.
type lockLevel int

const (
	noLock          lockLevel = iota
	shareLock                 // SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE: blocks writes
	accessExclusive           // ACCESS EXCLUSIVE: blocks reads and writes
)

// levelOf sorts a PostgreSQL lock mode into the levels that matter to the
// application.
func levelOf(m knowledge.LockMode) lockLevel {
	switch {
	case m == knowledge.AccessExclusive:
		return accessExclusive
	case m.BlocksWrites():
		return shareLock
	}
	return noLock
}

// lockedRel is a relation that existed before the file and that a statement
// locks in a mode that blocks the application.
type lockedRel struct {
	rv    *pg_query.RangeVar // nil when only its index is known (index)
	index *pg_query.RangeVar // the index an index statement names, when the catalog does not know it
	level lockLevel
}

// name is the locked relation for messages: the table, or "the table of
// index X" for an index the replay never saw.
func (l lockedRel) name() string {
	if l.rv == nil {
		return "the table of index " + rules.RelName(l.index)
	}
	return rules.RelName(l.rv)
}

// blockingLocks returns the relations existing before this file that the
// statement locks in a mode blocking writes (or reads and writes). Tables
// created earlier in the same file are left out: no one else waits on them.
func blockingLocks(p *rules.Pass) []lockedRel {
	var out []lockedRel
	add := func(rv *pg_query.RangeVar, l lockLevel) {
		if rv == nil || rv.GetRelname() == "" || rv.GetRelpersistence() == "t" || p.IsNewTable(rv.GetSchemaname(), rv.GetRelname()) {
			return
		}
		out = append(out, lockedRel{rv: rv, level: l})
	}
	n := p.Stmt.Node
	// The mode comes from knowledge.StatementLock, the table plan output
	// reads too; this function only says which existing relations get it.
	level := levelOf(knowledge.StatementLock(n, p.PGVersion))
	if level == noLock {
		return nil
	}
	switch v := n.GetNode().(type) {
	case *pg_query.Node_AlterTableStmt:
		if alterLocksTable(v.AlterTableStmt) {
			add(v.AlterTableStmt.GetRelation(), level)
		}
	case *pg_query.Node_IndexStmt:
		add(v.IndexStmt.GetRelation(), level)
	case *pg_query.Node_DropStmt:
		ds := v.DropStmt
		switch ds.GetRemoveType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_VIEW:
			for _, obj := range ds.GetObjects() {
				add(rangeVarOf(obj), level)
			}
		case pg_query.ObjectType_OBJECT_INDEX:
			for _, obj := range ds.GetObjects() {
				parts := nameParts(obj)
				if len(parts) == 0 {
					continue
				}
				ix := &pg_query.RangeVar{Relname: parts[len(parts)-1]}
				if len(parts) > 1 {
					ix.Schemaname = parts[len(parts)-2]
				}
				out = append(out, indexTableLock(p, ix, level, add)...)
			}
		case pg_query.ObjectType_OBJECT_TRIGGER, pg_query.ObjectType_OBJECT_RULE, pg_query.ObjectType_OBJECT_POLICY:
			for _, obj := range ds.GetObjects() {
				if parts := nameParts(obj); len(parts) >= 2 {
					rv := &pg_query.RangeVar{Relname: parts[len(parts)-2], Inh: true}
					if len(parts) >= 3 {
						rv.Schemaname = parts[len(parts)-3]
					}
					add(rv, level)
				}
			}
		}
	case *pg_query.Node_TruncateStmt:
		for _, r := range v.TruncateStmt.GetRelations() {
			add(r.GetRangeVar(), level)
		}
	case *pg_query.Node_VacuumStmt:
		for _, r := range v.VacuumStmt.GetRels() {
			add(r.GetVacuumRelation().GetRelation(), level)
		}
	case *pg_query.Node_ClusterStmt:
		add(v.ClusterStmt.GetRelation(), level)
	case *pg_query.Node_ReindexStmt:
		switch v.ReindexStmt.GetKind() {
		case pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE:
			add(v.ReindexStmt.GetRelation(), level)
		case pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX:
			out = append(out, indexTableLock(p, v.ReindexStmt.GetRelation(), level, add)...)
		}
	case *pg_query.Node_RefreshMatViewStmt:
		add(v.RefreshMatViewStmt.GetRelation(), level)
	case *pg_query.Node_CreateTrigStmt:
		add(v.CreateTrigStmt.GetRelation(), level)
	case *pg_query.Node_CreatePolicyStmt:
		add(v.CreatePolicyStmt.GetTable(), level)
	case *pg_query.Node_AlterPolicyStmt:
		add(v.AlterPolicyStmt.GetTable(), level)
	case *pg_query.Node_RuleStmt:
		add(v.RuleStmt.GetRelation(), level)
	case *pg_query.Node_ViewStmt:
		// CREATE OR REPLACE of a view the replay knows replaces it under an
		// ACCESS EXCLUSIVE lock; of an unknown one it most likely creates it.
		if rv := v.ViewStmt.GetView(); v.ViewStmt.GetReplace() && p.Catalog.Table(rv.GetSchemaname(), rv.GetRelname()) != nil {
			add(rv, level)
		}
	case *pg_query.Node_RenameStmt:
		switch v.RenameStmt.GetRenameType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_COLUMN, pg_query.ObjectType_OBJECT_TABCONSTRAINT,
			pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_VIEW:
			add(v.RenameStmt.GetRelation(), level)
		}
	case *pg_query.Node_LockStmt:
		for _, r := range v.LockStmt.GetRelations() {
			add(r.GetRangeVar(), level)
		}
	}
	return out
}

// indexTableLock locks the table of index ix: through add when the catalog
// knows the index, else it returns the lock on the unknown table of an index
// that existed before the replay (an index this file created is known).
func indexTableLock(p *rules.Pass, ix *pg_query.RangeVar, l lockLevel, add func(*pg_query.RangeVar, lockLevel)) []lockedRel {
	if ix == nil || ix.GetRelname() == "" {
		return nil
	}
	if known := p.Catalog.Index(ix.GetSchemaname(), ix.GetRelname()); known != nil && !known.Placeholder {
		add(&pg_query.RangeVar{Schemaname: known.Schema, Relname: known.Table, Inh: true}, l)
		return nil
	}
	return []lockedRel{{index: ix, level: l}}
}

// alterLocksTable reports whether an ALTER TABLE statement changes a table
// the application reads (not ALTER INDEX, VIEW, SEQUENCE or TYPE, which
// share its parse tree).
func alterLocksTable(at *pg_query.AlterTableStmt) bool {
	switch at.GetObjtype() {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		return true
	}
	return false
}

// nameParts returns the parts of a dotted name in a DROP's object list.
func nameParts(obj *pg_query.Node) []string {
	var parts []string
	for _, it := range obj.GetList().GetItems() {
		parts = append(parts, it.GetString_().GetSval())
	}
	if s := obj.GetString_(); s != nil {
		parts = append(parts, s.GetSval())
	}
	return parts
}

// rangeVarOf turns a DROP object name into a RangeVar.
func rangeVarOf(obj *pg_query.Node) *pg_query.RangeVar {
	parts := nameParts(obj)
	if len(parts) == 0 {
		return nil
	}
	rv := &pg_query.RangeVar{Relname: parts[len(parts)-1], Inh: true}
	if len(parts) > 1 {
		rv.Schemaname = parts[len(parts)-2]
	}
	return rv
}

// lockName names a lock level for messages.
func (l lockLevel) String() string {
	if l == accessExclusive {
		return "an ACCESS EXCLUSIVE lock"
	}
	return "a lock that blocks writes"
}

// stmtHead returns the range of the statement's first line: from its first
// token through the last token that starts on that line. Findings about a
// statement as a whole point there.
func stmtHead(p *rules.Pass) (int, int) {
	s := p.Stmt
	toks := s.Tokens()
	if len(toks) == 0 {
		return s.Start, s.End
	}
	// The next line's first offset, looked up once, not each token's line.
	nextLine := p.File.Lines().LineStart(p.File.Position(toks[0].Start).Line)
	end := toks[0].End
	for _, t := range toks[1:] {
		if t.Start >= nextLine {
			break
		}
		if t.Kind != source.LineComment && t.Kind != source.BlockComment {
			end = t.End
		}
	}
	return toks[0].Start, end
}
