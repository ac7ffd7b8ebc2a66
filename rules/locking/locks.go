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

// lockedRel is a relation that existed before the file and that a statement
// locks in a mode that blocks the application.
type lockedRel struct {
	rv    *pg_query.RangeVar
	level lockLevel
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
	switch v := n.GetNode().(type) {
	case *pg_query.Node_AlterTableStmt:
		if l := alterTableLock(v.AlterTableStmt, p.PGVersion); l != noLock {
			add(v.AlterTableStmt.GetRelation(), l)
		}
	case *pg_query.Node_IndexStmt:
		if !v.IndexStmt.GetConcurrent() {
			add(v.IndexStmt.GetRelation(), shareLock)
		}
	case *pg_query.Node_DropStmt:
		ds := v.DropStmt
		switch ds.GetRemoveType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_VIEW:
			for _, obj := range ds.GetObjects() {
				add(rangeVarOf(obj), accessExclusive)
			}
		case pg_query.ObjectType_OBJECT_INDEX:
			if ds.GetConcurrent() {
				return nil
			}
			for _, obj := range ds.GetObjects() {
				parts := nameParts(obj)
				if len(parts) == 0 {
					continue
				}
				schema := ""
				if len(parts) > 1 {
					schema = parts[len(parts)-2]
				}
				if ix := p.Catalog.Index(schema, parts[len(parts)-1]); ix != nil {
					add(&pg_query.RangeVar{Schemaname: ix.Schema, Relname: ix.Table, Inh: true}, accessExclusive)
				}
			}
		case pg_query.ObjectType_OBJECT_TRIGGER, pg_query.ObjectType_OBJECT_RULE, pg_query.ObjectType_OBJECT_POLICY:
			for _, obj := range ds.GetObjects() {
				if parts := nameParts(obj); len(parts) >= 2 {
					rv := &pg_query.RangeVar{Relname: parts[len(parts)-2], Inh: true}
					if len(parts) >= 3 {
						rv.Schemaname = parts[len(parts)-3]
					}
					add(rv, accessExclusive)
				}
			}
		}
	case *pg_query.Node_TruncateStmt:
		for _, r := range v.TruncateStmt.GetRelations() {
			add(r.GetRangeVar(), accessExclusive)
		}
	case *pg_query.Node_VacuumStmt:
		if v.VacuumStmt.GetIsVacuumcmd() && knowledge.HasOption(v.VacuumStmt.GetOptions(), "full") {
			for _, r := range v.VacuumStmt.GetRels() {
				add(r.GetVacuumRelation().GetRelation(), accessExclusive)
			}
		}
	case *pg_query.Node_ClusterStmt:
		add(v.ClusterStmt.GetRelation(), accessExclusive)
	case *pg_query.Node_ReindexStmt:
		if !knowledge.HasOption(v.ReindexStmt.GetParams(), "concurrently") {
			switch v.ReindexStmt.GetKind() {
			case pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE:
				add(v.ReindexStmt.GetRelation(), shareLock)
			case pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX:
				rv := v.ReindexStmt.GetRelation()
				if ix := p.Catalog.Index(rv.GetSchemaname(), rv.GetRelname()); ix != nil {
					add(&pg_query.RangeVar{Schemaname: ix.Schema, Relname: ix.Table, Inh: true}, shareLock)
				}
			}
		}
	case *pg_query.Node_RefreshMatViewStmt:
		if v.RefreshMatViewStmt.GetConcurrent() {
			add(v.RefreshMatViewStmt.GetRelation(), shareLock)
		} else {
			add(v.RefreshMatViewStmt.GetRelation(), accessExclusive)
		}
	case *pg_query.Node_CreateTrigStmt:
		add(v.CreateTrigStmt.GetRelation(), shareLock)
	case *pg_query.Node_CreatePolicyStmt:
		add(v.CreatePolicyStmt.GetTable(), accessExclusive)
	case *pg_query.Node_AlterPolicyStmt:
		add(v.AlterPolicyStmt.GetTable(), accessExclusive)
	case *pg_query.Node_RuleStmt:
		add(v.RuleStmt.GetRelation(), accessExclusive)
	case *pg_query.Node_ViewStmt:
		// CREATE OR REPLACE of a view the replay knows replaces it under an
		// ACCESS EXCLUSIVE lock; of an unknown one it most likely creates it.
		if rv := v.ViewStmt.GetView(); v.ViewStmt.GetReplace() && p.Catalog.Table(rv.GetSchemaname(), rv.GetRelname()) != nil {
			add(rv, accessExclusive)
		}
	case *pg_query.Node_RenameStmt:
		switch v.RenameStmt.GetRenameType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_COLUMN, pg_query.ObjectType_OBJECT_TABCONSTRAINT,
			pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_VIEW:
			add(v.RenameStmt.GetRelation(), accessExclusive)
		}
	case *pg_query.Node_LockStmt:
		l := noLock
		switch m := v.LockStmt.GetMode(); {
		case m >= 8 || m == 0: // ACCESS EXCLUSIVE (the default)
			l = accessExclusive
		case m >= 5: // SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE
			l = shareLock
		}
		if l != noLock {
			for _, r := range v.LockStmt.GetRelations() {
				add(r.GetRangeVar(), l)
			}
		}
	}
	return out
}

// alterTableLock returns the strongest lock an ALTER TABLE takes.
func alterTableLock(at *pg_query.AlterTableStmt, pgVersion int) lockLevel {
	switch at.GetObjtype() {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
	default:
		return noLock
	}
	level := noLock
	for _, c := range at.GetCmds() {
		cmd := c.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		l := accessExclusive
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_ValidateConstraint, pg_query.AlterTableType_AT_SetStatistics,
			pg_query.AlterTableType_AT_ClusterOn, pg_query.AlterTableType_AT_DropCluster,
			pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions:
			l = noLock // SHARE UPDATE EXCLUSIVE: reads and writes continue
		case pg_query.AlterTableType_AT_AttachPartition:
			if pgVersion >= 12 {
				l = noLock
			}
		case pg_query.AlterTableType_AT_DetachPartition:
			if cmd.GetDef().GetPartitionCmd().GetConcurrent() {
				l = noLock
			}
		case pg_query.AlterTableType_AT_EnableTrig, pg_query.AlterTableType_AT_DisableTrig,
			pg_query.AlterTableType_AT_EnableTrigAll, pg_query.AlterTableType_AT_DisableTrigAll,
			pg_query.AlterTableType_AT_EnableTrigUser, pg_query.AlterTableType_AT_DisableTrigUser,
			pg_query.AlterTableType_AT_EnableAlwaysTrig, pg_query.AlterTableType_AT_EnableReplicaTrig:
			l = shareLock
		case pg_query.AlterTableType_AT_AddConstraint:
			if cmd.GetDef().GetConstraint().GetContype() == pg_query.ConstrType_CONSTR_FOREIGN {
				l = shareLock
			}
		}
		if l > level {
			level = l
		}
	}
	return level
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
	line := p.File.Position(toks[0].Start).Line
	end := toks[0].End
	for _, t := range toks[1:] {
		if p.File.Position(t.Start).Line != line {
			break
		}
		if t.Kind != source.LineComment && t.Kind != source.BlockComment {
			end = t.End
		}
	}
	return toks[0].Start, end
}
