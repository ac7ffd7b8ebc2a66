package knowledge

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// LockMode is a PostgreSQL table lock mode; the order is the documentation's
// "Explicit Locking" table, weakest first, so a greater mode conflicts with
// at least what a smaller one does.
type LockMode int

// Table lock modes.
const (
	NoLock LockMode = iota
	AccessShare
	RowShare
	RowExclusive
	ShareUpdateExclusive
	Share
	ShareRowExclusive
	Exclusive
	AccessExclusive
)

var lockNames = [...]string{"", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
	"SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

// String is the mode as PostgreSQL names it ("" for NoLock).
func (m LockMode) String() string {
	if m < 0 || int(m) >= len(lockNames) {
		return ""
	}
	return lockNames[m]
}

// BlocksWrites reports whether the mode conflicts with ROW EXCLUSIVE, the
// lock of INSERT, UPDATE and DELETE: SHARE and stronger.
func (m LockMode) BlocksWrites() bool { return m >= Share }

// StatementLock is the strongest table lock the statement takes on an
// existing relation it names: the one fact the plan output and the locking
// rules both read. NoLock when it takes none worth showing (on objects it
// creates, or none at all). ALTER TABLE takes the strongest lock any of its
// subcommands needs.
func StatementLock(n *pg_query.Node, pgVersion int) LockMode {
	switch s := n.GetNode().(type) {
	case *pg_query.Node_IndexStmt:
		if s.IndexStmt.GetConcurrent() {
			return ShareUpdateExclusive
		}
		return Share
	case *pg_query.Node_AlterTableStmt:
		level := NoLock
		for _, c := range s.AlterTableStmt.GetCmds() {
			level = max(level, AlterTableCmdLock(c.GetAlterTableCmd(), pgVersion))
		}
		return level
	case *pg_query.Node_DropStmt:
		if s.DropStmt.GetConcurrent() {
			return ShareUpdateExclusive
		}
		return AccessExclusive
	case *pg_query.Node_RenameStmt, *pg_query.Node_TruncateStmt, *pg_query.Node_ClusterStmt:
		return AccessExclusive
	case *pg_query.Node_RefreshMatViewStmt:
		if s.RefreshMatViewStmt.GetConcurrent() {
			return Exclusive
		}
		return AccessExclusive
	case *pg_query.Node_VacuumStmt:
		if s.VacuumStmt.GetIsVacuumcmd() && HasOption(s.VacuumStmt.GetOptions(), "full") {
			return AccessExclusive
		}
		return ShareUpdateExclusive
	case *pg_query.Node_ReindexStmt:
		if HasOption(s.ReindexStmt.GetParams(), "concurrently") {
			return ShareUpdateExclusive
		}
		return Share
	case *pg_query.Node_CreateTrigStmt:
		return ShareRowExclusive
	case *pg_query.Node_CreatePolicyStmt, *pg_query.Node_AlterPolicyStmt, *pg_query.Node_RuleStmt:
		return AccessExclusive
	case *pg_query.Node_ViewStmt:
		// CREATE OR REPLACE of an existing view replaces it under ACCESS
		// EXCLUSIVE; a new view locks nothing anyone waits on.
		if s.ViewStmt.GetReplace() {
			return AccessExclusive
		}
	case *pg_query.Node_LockStmt:
		return lockStmtMode(s.LockStmt.GetMode())
	case *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt, *pg_query.Node_MergeStmt:
		return RowExclusive
	case *pg_query.Node_SelectStmt:
		return AccessShare
	case *pg_query.Node_CommentStmt:
		return ShareUpdateExclusive
	case *pg_query.Node_CreateStmt:
		// A foreign key locks the referenced table.
		for _, e := range s.CreateStmt.GetTableElts() {
			if hasForeignKey(e) {
				return ShareRowExclusive
			}
		}
	}
	return NoLock
}

// lockStmtMode maps LOCK's mode (1 = ACCESS SHARE ... 8 = ACCESS
// EXCLUSIVE, 0 = not given, which means ACCESS EXCLUSIVE).
func lockStmtMode(mode int32) LockMode {
	if mode <= 0 || mode >= int32(AccessExclusive) {
		return AccessExclusive
	}
	return LockMode(mode)
}

// AlterTableCmdLock is the table lock one ALTER TABLE subcommand takes.
func AlterTableCmdLock(c *pg_query.AlterTableCmd, pgVersion int) LockMode {
	switch c.GetSubtype() {
	case pg_query.AlterTableType_AT_ValidateConstraint, pg_query.AlterTableType_AT_SetStatistics,
		pg_query.AlterTableType_AT_ClusterOn, pg_query.AlterTableType_AT_DropCluster,
		pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions:
		return ShareUpdateExclusive
	case pg_query.AlterTableType_AT_AttachPartition:
		// PostgreSQL 12 made ATTACH PARTITION take SHARE UPDATE EXCLUSIVE
		// on the parent.
		if pgVersion >= 12 {
			return ShareUpdateExclusive
		}
	case pg_query.AlterTableType_AT_DetachPartition:
		if c.GetDef().GetPartitionCmd().GetConcurrent() {
			return ShareUpdateExclusive
		}
	case pg_query.AlterTableType_AT_AddConstraint:
		if c.GetDef().GetConstraint().GetContype() == pg_query.ConstrType_CONSTR_FOREIGN {
			return ShareRowExclusive
		}
	case pg_query.AlterTableType_AT_EnableTrig, pg_query.AlterTableType_AT_DisableTrig,
		pg_query.AlterTableType_AT_EnableTrigAll, pg_query.AlterTableType_AT_DisableTrigAll,
		pg_query.AlterTableType_AT_EnableTrigUser, pg_query.AlterTableType_AT_DisableTrigUser,
		pg_query.AlterTableType_AT_EnableAlwaysTrig, pg_query.AlterTableType_AT_EnableReplicaTrig:
		return ShareRowExclusive
	}
	return AccessExclusive
}

func hasForeignKey(e *pg_query.Node) bool {
	if c := e.GetConstraint(); c != nil && c.GetContype() == pg_query.ConstrType_CONSTR_FOREIGN {
		return true
	}
	for _, c := range e.GetColumnDef().GetConstraints() {
		if c.GetConstraint().GetContype() == pg_query.ConstrType_CONSTR_FOREIGN {
			return true
		}
	}
	return false
}
