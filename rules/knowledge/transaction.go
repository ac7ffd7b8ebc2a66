package knowledge

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// OldestVersion is the oldest PostgreSQL major version sqlreview targets;
// version-dependent answers for "any supported version" use it.
const OldestVersion = 11

// MustRunOutsideTransaction reports whether PostgreSQL refuses to run the
// statement inside a transaction block (it calls PreventInTransactionBlock)
// on at least one supported version. It leans to "yes" where versions
// differ (ALTER TYPE ... ADD VALUE before 12), because running such a
// statement outside a transaction is always possible; use
// MustRunOutsideTransactionOn when the target version is known.
func MustRunOutsideTransaction(node *pg_query.Node) bool {
	return OutsideTransactionReason(node, OldestVersion) != ""
}

// MustRunOutsideTransactionOn is MustRunOutsideTransaction for one
// PostgreSQL major version.
func MustRunOutsideTransactionOn(node *pg_query.Node, pgVersion int) bool {
	return OutsideTransactionReason(node, pgVersion) != ""
}

// OutsideTransactionReason names the statement form that cannot run inside
// a transaction block on pgVersion ("CREATE INDEX CONCURRENTLY", "VACUUM",
// ...), for messages; "" when the statement may run in one. pgVersion 0
// means the newest version.
func OutsideTransactionReason(node *pg_query.Node, pgVersion int) string {
	switch n := node.GetNode().(type) {
	case *pg_query.Node_IndexStmt:
		if n.IndexStmt.GetConcurrent() {
			return "CREATE INDEX CONCURRENTLY"
		}
	case *pg_query.Node_DropStmt:
		if n.DropStmt.GetConcurrent() && n.DropStmt.GetRemoveType() == pg_query.ObjectType_OBJECT_INDEX {
			return "DROP INDEX CONCURRENTLY"
		}
	case *pg_query.Node_ReindexStmt:
		switch n.ReindexStmt.GetKind() {
		case pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
			return "REINDEX SCHEMA"
		case pg_query.ReindexObjectType_REINDEX_OBJECT_SYSTEM:
			return "REINDEX SYSTEM"
		case pg_query.ReindexObjectType_REINDEX_OBJECT_DATABASE:
			return "REINDEX DATABASE"
		}
		if HasOption(n.ReindexStmt.GetParams(), "concurrently") {
			return "REINDEX CONCURRENTLY"
		}
	case *pg_query.Node_VacuumStmt:
		if n.VacuumStmt.GetIsVacuumcmd() {
			return "VACUUM"
		}
	case *pg_query.Node_ClusterStmt:
		if n.ClusterStmt.GetRelation() == nil {
			return "CLUSTER without a table"
		}
	case *pg_query.Node_CreatedbStmt:
		return "CREATE DATABASE"
	case *pg_query.Node_DropdbStmt:
		return "DROP DATABASE"
	case *pg_query.Node_AlterDatabaseStmt:
		for _, o := range n.AlterDatabaseStmt.GetOptions() {
			if strings.EqualFold(o.GetDefElem().GetDefname(), "tablespace") {
				return "ALTER DATABASE ... SET TABLESPACE"
			}
		}
	case *pg_query.Node_CreateTableSpaceStmt:
		return "CREATE TABLESPACE"
	case *pg_query.Node_DropTableSpaceStmt:
		return "DROP TABLESPACE"
	case *pg_query.Node_AlterSystemStmt:
		return "ALTER SYSTEM"
	case *pg_query.Node_DiscardStmt:
		if n.DiscardStmt.GetTarget() == pg_query.DiscardMode_DISCARD_ALL {
			return "DISCARD ALL"
		}
	case *pg_query.Node_CreateSubscriptionStmt:
		// create_slot defaults to connect, which defaults to true.
		opts := n.CreateSubscriptionStmt.GetOptions()
		connect := optionBool(opts, "connect", true)
		if optionBool(opts, "create_slot", connect) {
			return "CREATE SUBSCRIPTION ... WITH (create_slot = true)"
		}
	case *pg_query.Node_DropSubscriptionStmt:
		// Only when the subscription has a replication slot, which the
		// statement alone does not tell; most do.
		return "DROP SUBSCRIPTION"
	case *pg_query.Node_AlterTableStmt:
		for _, c := range n.AlterTableStmt.GetCmds() {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() == pg_query.AlterTableType_AT_DetachPartition && cmd.GetDef().GetPartitionCmd().GetConcurrent() {
				return "DETACH PARTITION CONCURRENTLY"
			}
		}
	case *pg_query.Node_AlterEnumStmt:
		e := n.AlterEnumStmt
		if e.GetOldVal() == "" && e.GetNewVal() != "" && pgVersion != 0 && pgVersion < 12 {
			return "ALTER TYPE ... ADD VALUE (before PostgreSQL 12)"
		}
	}
	return ""
}

// HasOption reports whether a DefElem option list (REINDEX (CONCURRENTLY),
// VACUUM (FULL), ...) turns the named boolean option on.
func HasOption(opts []*pg_query.Node, name string) bool {
	return optionBool(opts, name, false)
}

// optionBool reads a boolean DefElem: absent → def; present without a value
// → true; otherwise the value's truth.
func optionBool(opts []*pg_query.Node, name string, def bool) bool {
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil || !strings.EqualFold(d.GetDefname(), name) {
			continue
		}
		arg := d.GetArg()
		if arg == nil {
			return true
		}
		switch a := arg.GetNode().(type) {
		case *pg_query.Node_Boolean:
			return a.Boolean.GetBoolval()
		case *pg_query.Node_Integer:
			return a.Integer.GetIval() != 0
		case *pg_query.Node_String_:
			switch strings.ToLower(a.String_.GetSval()) {
			case "false", "off", "no", "0":
				return false
			}
			return true
		case *pg_query.Node_AConst:
			if b := a.AConst.GetBoolval(); b != nil {
				return b.GetBoolval()
			}
			if i := a.AConst.GetIval(); i != nil {
				return i.GetIval() != 0
			}
			if s := a.AConst.GetSval(); s != nil {
				switch strings.ToLower(s.GetSval()) {
				case "false", "off", "no", "0":
					return false
				}
			}
			return true
		}
		return true
	}
	return def
}
