package all

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/compat"
	"github.com/sqlreview/sqlreview/rules/schema"
	"github.com/sqlreview/sqlreview/rules/statements"
	"github.com/sqlreview/sqlreview/rules/transactions"
	"github.com/sqlreview/sqlreview/rules/types"
)

// otherRules are the compatibility, transaction, statement, schema and type rules.
var otherRules = []*rules.Rule{
	compat.BanDropColumn,
	compat.BanDropTable,
	compat.BanDropDatabase,
	compat.RenamingColumn,
	compat.RenamingTable,
	transactions.BanUncommittedTransaction,
	transactions.TransactionNesting,
	transactions.NonResumableSessionState,
	statements.RequireWhereForUpdateDelete,
	schema.RequirePrimaryKey,
	types.PreferBigintOverInt,
	types.PreferTimestamptz,
}
