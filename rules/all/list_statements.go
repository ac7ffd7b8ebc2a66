package all

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/statements"
)

// statementRules is one category's list of rules, one per line.
var statementRules = []*rules.Rule{
	statements.NoSelectStar,
	statements.RequireWhereForSelect,
	statements.NoLeadingWildcardLike,
	statements.MaximumLimitValue,
	statements.DisallowCommit,
	statements.InsertMustSpecifyColumn,
	statements.InsertDisallowOrderByRand,
	statements.InsertRowLimit,
	statements.MergeAlterTable,
	statements.DisallowOnDeleteCascade,
	statements.DisallowRemoveTableCascade,
	statements.DisallowTruncate,
	statements.NonTransactional,
	statements.CheckSetRole,
	statements.CreateSpecifySchema,
	statements.WhereDisallowFunctions,
	statements.DisallowAddColumnWithDefault,
	statements.AddForeignKeyNotValid,
	statements.DisallowAddNotNull,
	statements.DMLDryRun,
	statements.AffectedRowLimit,
	statements.UnsupportedPsqlMetaCommand,
	statements.ObjectOwnerCheck,
	statements.PriorBackupCheck,
	statements.DynamicDDLNotReviewable,
}
