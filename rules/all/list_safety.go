package all

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/compat"
	"github.com/sqlreview/sqlreview/rules/locking"
	"github.com/sqlreview/sqlreview/rules/safety"
	"github.com/sqlreview/sqlreview/rules/types"
)

// safetyRules are the Squawk, postgres-language-server and Atlas rules that
// the foundation set did not cover, one per line.
var safetyRules = []*rules.Rule{
	locking.BanAlterDomainWithAddConstraint,
	locking.RequireLockTimeout,
	locking.RequireStatementTimeout,
	locking.RequireIdleInTransactionTimeout,
	locking.RequireConcurrentPartitionDetach,
	locking.RequireConcurrentReindex,
	locking.BanAddExclusionConstraint,
	locking.BanAttachPartition,
	locking.RequireConcurrentRefreshMatview,
	locking.BanCreateTrigger,
	locking.BanDropTrigger,
	locking.BanEnableDisableTrigger,
	locking.BanVacuumFull,
	locking.RunningStatementWhileHoldingAccessExclusive,
	locking.ExpensiveStatementHoldingAccessExclusive,
	locking.WarnRefreshMatviewConcurrent,
	locking.WarnWideLockWindow,
	locking.MultipleAlterTable,
	compat.BanDropNotNull,
	compat.BanTruncateCascade,
	compat.BanDropSchema,
	compat.BanTruncate,
	compat.BanDropConstraint,
	types.BanCharField,
	types.PreferIdentity,
	types.PreferTextField,
	types.PreferJsonb,
	types.CreatingEnum,
	types.BanCreateDomainWithConstraint,
	safety.PreferRobustStmts,
	safety.IdentifierTooLong,
	safety.BanDuplicateColumnAssignments,
	safety.AddingUniqueOnExistingData,
	safety.RequireEnumValueOrdering,
	safety.BanSystemCatalogWrite,
	safety.IfNotExistsKeepsOtherDefinition,
}
