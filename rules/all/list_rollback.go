package all

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/rollback"
)

// rollbackRules are the application rollback compatibility rules (Squawk's
// family of the same names), one per line.
var rollbackRules = []*rules.Rule{
	rollback.BanAddColumn,
	rollback.BanAddCompositeAttribute,
	rollback.BanAddEnumValue,
	rollback.BanAlterDatabaseOptions,
	rollback.BanAlterExtension,
	rollback.BanAlterFunctionOptions,
	rollback.BanAlterGeneratedExpression,
	rollback.BanAlterIdentity,
	rollback.BanAlterPolicyCondition,
	rollback.BanAlterPolicyRoles,
	rollback.BanAlterRoleOptions,
	rollback.BanAlterRowLevelSecurity,
	rollback.BanAlterSequenceValues,
	rollback.BanAlterSystemOptions,
	rollback.BanAlterViewOptions,
	rollback.BanCreatePolicy,
	rollback.BanDetachInheritance,
	rollback.BanDropDefault,
	rollback.BanDropDomain,
	rollback.BanDropExtension,
	rollback.BanDropFunction,
	rollback.BanDropGeneratedExpression,
	rollback.BanDropIndex,
	rollback.BanDropPolicy,
	rollback.BanDropSequence,
	rollback.BanDropType,
	rollback.BanDropView,
	rollback.BanNewWriteRestriction,
	rollback.BanReplaceViewFunction,
	rollback.BanReplicaIdentity,
	rollback.BanRevoke,
	rollback.BanSetDefault,
	rollback.BanSetSchema,
	rollback.RenamingObject,
}
