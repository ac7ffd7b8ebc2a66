package migration

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Table lock levels, weakest first, as PostgreSQL names them.
const (
	LockNone                 = ""
	LockAccessShare          = "ACCESS SHARE"
	LockRowExclusive         = "ROW EXCLUSIVE"
	LockShareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
	LockShare                = "SHARE"
	LockShareRowExclusive    = "SHARE ROW EXCLUSIVE"
	LockAccessExclusive      = "ACCESS EXCLUSIVE"
)

// LockLevel is the strongest table lock the statement takes on an existing
// relation, for plan output ("" when it takes none worth showing, e.g. on
// objects it creates). It follows the PostgreSQL documentation's "Explicit
// Locking" table; ALTER TABLE takes the strongest lock any of its
// subcommands needs.
func LockLevel(n *pg_query.Node) string {
	switch s := n.GetNode().(type) {
	case *pg_query.Node_IndexStmt:
		if s.IndexStmt.GetConcurrent() {
			return LockShareUpdateExclusive
		}
		return LockShare
	case *pg_query.Node_AlterTableStmt:
		level := LockShareUpdateExclusive
		for _, c := range s.AlterTableStmt.GetCmds() {
			if l := alterCmdLock(c.GetAlterTableCmd()); rank(l) > rank(level) {
				level = l
			}
		}
		return level
	case *pg_query.Node_DropStmt:
		if s.DropStmt.GetConcurrent() {
			return LockShareUpdateExclusive
		}
		return LockAccessExclusive
	case *pg_query.Node_RenameStmt, *pg_query.Node_TruncateStmt, *pg_query.Node_ClusterStmt,
		*pg_query.Node_RefreshMatViewStmt:
		if r := n.GetRefreshMatViewStmt(); r != nil && r.GetConcurrent() {
			return LockExclusive
		}
		return LockAccessExclusive
	case *pg_query.Node_VacuumStmt:
		if s.VacuumStmt.GetIsVacuumcmd() {
			for _, o := range s.VacuumStmt.GetOptions() {
				if o.GetDefElem().GetDefname() == "full" {
					return LockAccessExclusive
				}
			}
		}
		return LockShareUpdateExclusive
	case *pg_query.Node_ReindexStmt:
		for _, o := range s.ReindexStmt.GetParams() {
			if o.GetDefElem().GetDefname() == "concurrently" {
				return LockShareUpdateExclusive
			}
		}
		return LockShare
	case *pg_query.Node_CreateTrigStmt:
		return LockShareRowExclusive
	case *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt, *pg_query.Node_MergeStmt:
		return LockRowExclusive
	case *pg_query.Node_SelectStmt:
		return LockAccessShare
	case *pg_query.Node_CommentStmt:
		return LockShareUpdateExclusive
	case *pg_query.Node_CreateStmt:
		// A foreign key locks the referenced table.
		for _, e := range s.CreateStmt.GetTableElts() {
			if hasFK(e) {
				return LockShareRowExclusive
			}
		}
	}
	return LockNone
}

// LockExclusive is taken by REFRESH MATERIALIZED VIEW CONCURRENTLY.
const LockExclusive = "EXCLUSIVE"

func rank(l string) int {
	switch l {
	case LockAccessShare:
		return 1
	case LockRowExclusive:
		return 3
	case LockShareUpdateExclusive:
		return 4
	case LockShare:
		return 5
	case LockShareRowExclusive:
		return 6
	case LockExclusive:
		return 7
	case LockAccessExclusive:
		return 8
	}
	return 0
}

func hasFK(e *pg_query.Node) bool {
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

func alterCmdLock(c *pg_query.AlterTableCmd) string {
	switch c.GetSubtype() {
	case pg_query.AlterTableType_AT_ValidateConstraint, pg_query.AlterTableType_AT_SetStatistics,
		pg_query.AlterTableType_AT_ClusterOn, pg_query.AlterTableType_AT_DropCluster,
		pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions,
		pg_query.AlterTableType_AT_AttachPartition:
		return LockShareUpdateExclusive
	case pg_query.AlterTableType_AT_AddConstraint:
		if con := c.GetDef().GetConstraint(); con != nil && con.GetContype() == pg_query.ConstrType_CONSTR_FOREIGN {
			return LockShareRowExclusive
		}
	case pg_query.AlterTableType_AT_EnableTrig, pg_query.AlterTableType_AT_DisableTrig,
		pg_query.AlterTableType_AT_EnableTrigAll, pg_query.AlterTableType_AT_DisableTrigAll,
		pg_query.AlterTableType_AT_EnableTrigUser, pg_query.AlterTableType_AT_DisableTrigUser:
		return LockShareRowExclusive
	}
	return LockAccessExclusive
}
