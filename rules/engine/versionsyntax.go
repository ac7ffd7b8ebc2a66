package engine

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/source"
)

// newestGatedSyntax is the newest PostgreSQL version that introduced a
// construct syntaxSince knows: projects targeting it or later need no check.
const newestGatedSyntax = 15

// syntaxSince lists the constructs of s that the bundled parser accepts but
// servers older than the PostgreSQL version that introduced them reject
// (identity columns in 10, procedures and INCLUDE in 11, generated columns
// in 12, MERGE in 15, ...), each at the range of its introducing keywords.
// The engine reports those newer than postgres.version as syntax errors, as
// it does for PostgreSQL 18 syntax (Statement.NewerSyntax).
func syntaxSince(s *source.Statement) []source.NewerSyntax {
	g := &gate{s: s}
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		g.createTable(v.CreateStmt)
	case *pg_query.Node_AlterTableStmt:
		g.alterTable(v.AlterTableStmt)
	case *pg_query.Node_IndexStmt:
		if len(v.IndexStmt.GetIndexIncludingParams()) > 0 {
			g.add(11, "INCLUDE columns in indexes", s.Start, "include")
		}
		if v.IndexStmt.GetNullsNotDistinct() {
			g.add(15, "NULLS NOT DISTINCT unique indexes", s.Start, "nulls", "not", "distinct")
		}
	case *pg_query.Node_CallStmt:
		g.add(11, "procedures (CALL)", s.Start, "call")
	case *pg_query.Node_CreateFunctionStmt:
		if v.CreateFunctionStmt.GetIsProcedure() {
			g.add(11, "procedures (CREATE PROCEDURE)", s.Start, "procedure")
		}
	case *pg_query.Node_CreateStatsStmt:
		g.add(10, "extended statistics (CREATE STATISTICS)", s.Start, "statistics")
	case *pg_query.Node_CreatePublicationStmt:
		g.add(10, "publications (logical replication)", s.Start, "publication")
	case *pg_query.Node_CreateSubscriptionStmt:
		g.add(10, "subscriptions (logical replication)", s.Start, "subscription")
	case *pg_query.Node_AlterEnumStmt:
		if v.AlterEnumStmt.GetOldVal() != "" {
			g.add(10, "enum label renames (RENAME VALUE)", s.Start, "rename", "value")
		}
	case *pg_query.Node_ReindexStmt:
		if knowledge.HasOption(v.ReindexStmt.GetParams(), "concurrently") {
			g.add(12, "concurrent reindexes (REINDEX CONCURRENTLY)", s.Start, "concurrently")
		}
	case *pg_query.Node_CreateTrigStmt:
		if v.CreateTrigStmt.GetReplace() {
			g.add(14, "trigger replacements (CREATE OR REPLACE TRIGGER)", s.Start, "or", "replace")
		}
	case *pg_query.Node_MergeStmt:
		g.add(15, "MERGE statements", s.Start, "merge")
	case *pg_query.Node_DropdbStmt:
		if knowledge.HasOption(v.DropdbStmt.GetOptions(), "force") {
			g.add(13, "forced database drops (WITH (FORCE))", s.Start, "force")
		}
	}
	return g.out
}

// gate collects a statement's version-gated constructs, one finding per
// construct kind.
type gate struct {
	s    *source.Statement
	out  []source.NewerSyntax
	seen map[string]bool
}

// add records feature at the keywords words found at or after file offset
// from (the first word, then each following one that is there), or at the
// list item starting at from when the first word is not there.
func (g *gate) add(version int, feature string, from int, words ...string) {
	if g.seen[feature] {
		return
	}
	toks := g.s.Tokens()
	i := g.s.TokenIndex(from)
	for ; i >= 0 && i < len(toks) && !g.s.TokenIs(i, words[0]); i++ {
	}
	if i < 0 || i >= len(toks) {
		// No keyword to point at (SET INCREMENT BY of an identity): the
		// item that holds the construct.
		g.record(version, feature, from, g.s.ItemEnd(from))
		return
	}
	start, end := toks[i].Start, toks[i].End
	for _, w := range words[1:] {
		if !g.s.TokenIs(i+1, w) {
			break
		}
		i++
		end = toks[i].End
	}
	g.record(version, feature, start, end)
}

func (g *gate) record(version int, feature string, start, end int) {
	if g.seen == nil {
		g.seen = map[string]bool{}
	}
	g.seen[feature] = true
	g.out = append(g.out, source.NewerSyntax{Start: start, End: end, Version: version, Feature: feature})
}

func (g *gate) createTable(cs *pg_query.CreateStmt) {
	for _, el := range cs.GetTableElts() {
		if cd := el.GetColumnDef(); cd != nil {
			g.columnConstraints(cd)
		} else if con := el.GetConstraint(); con != nil {
			g.tableConstraint(con)
		}
	}
	if ps := cs.GetPartspec(); ps != nil {
		g.add(10, "partitioned tables", g.s.Abs(ps.GetLocation()), "partition", "by")
		if ps.GetStrategy() == pg_query.PartitionStrategy_PARTITION_STRATEGY_HASH {
			g.add(11, "hash partitions", g.s.Abs(ps.GetLocation()), "hash")
		}
	}
	if pb := cs.GetPartbound(); pb != nil {
		g.add(10, "partitioned tables", g.s.Start, "partition", "of")
		g.partitionBound(pb)
	}
	if cs.GetAccessMethod() != "" {
		g.add(12, "table access methods (USING)", g.s.Start, "using")
	}
}

func (g *gate) partitionBound(pb *pg_query.PartitionBoundSpec) {
	if pb.GetIsDefault() {
		g.add(11, "default partitions", g.s.Abs(pb.GetLocation()), "default")
	}
	if pb.GetStrategy() == "h" {
		g.add(11, "hash partitions", g.s.Abs(pb.GetLocation()), "with")
	}
}

// columnConstraints checks a column definition's identity and generation.
func (g *gate) columnConstraints(cd *pg_query.ColumnDef) {
	for _, c := range cd.GetConstraints() {
		con := c.GetConstraint()
		switch con.GetContype() {
		case pg_query.ConstrType_CONSTR_IDENTITY:
			g.add(10, "identity columns", g.s.Abs(con.GetLocation()), "generated")
		case pg_query.ConstrType_CONSTR_GENERATED:
			g.add(12, "generated columns", g.s.Abs(con.GetLocation()), "generated")
		}
	}
}

func (g *gate) tableConstraint(con *pg_query.Constraint) {
	if len(con.GetIncluding()) > 0 {
		g.add(11, "INCLUDE columns in indexes", g.s.Abs(con.GetLocation()), "include")
	}
	if con.GetNullsNotDistinct() {
		g.add(15, "NULLS NOT DISTINCT unique indexes", g.s.Abs(con.GetLocation()), "nulls", "not", "distinct")
	}
}

func (g *gate) alterTable(at *pg_query.AlterTableStmt) {
	cmds := at.GetCmds()
	starts := g.s.AlterCmdStarts(at.GetRelation(), len(cmds))
	for k, c := range cmds {
		cmd := c.GetAlterTableCmd()
		from := g.s.Start
		if starts != nil {
			from = starts[k]
		}
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddColumn:
			g.columnConstraints(cmd.GetDef().GetColumnDef())
		case pg_query.AlterTableType_AT_AddConstraint:
			g.tableConstraint(cmd.GetDef().GetConstraint())
		case pg_query.AlterTableType_AT_AddIdentity:
			g.add(10, "identity columns", from, "generated")
		case pg_query.AlterTableType_AT_SetIdentity:
			g.add(10, "identity columns", from, "set")
		case pg_query.AlterTableType_AT_DropIdentity:
			g.add(10, "identity columns", from, "drop", "identity")
		case pg_query.AlterTableType_AT_AttachPartition:
			if at.GetObjtype() == pg_query.ObjectType_OBJECT_INDEX {
				g.add(11, "partitioned indexes (ATTACH PARTITION)", from, "attach", "partition")
				continue
			}
			g.add(10, "partitioned tables", from, "attach", "partition")
			g.partitionBound(cmd.GetDef().GetPartitionCmd().GetBound())
		case pg_query.AlterTableType_AT_DetachPartition:
			g.add(10, "partitioned tables", from, "detach", "partition")
			if cmd.GetDef().GetPartitionCmd().GetConcurrent() {
				g.add(14, "concurrent partition detaches (DETACH PARTITION CONCURRENTLY)", from, "concurrently")
			}
		case pg_query.AlterTableType_AT_DetachPartitionFinalize:
			g.add(14, "concurrent partition detaches (DETACH PARTITION CONCURRENTLY)", from, "finalize")
		case pg_query.AlterTableType_AT_DropExpression:
			g.add(13, "generation removals (DROP EXPRESSION)", from, "drop", "expression")
		case pg_query.AlterTableType_AT_SetAccessMethod:
			g.add(15, "access method changes (SET ACCESS METHOD)", from, "set", "access", "method")
		}
	}
}
