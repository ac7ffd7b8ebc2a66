package all

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/locking"
)

// lockingRules are the rules about locks and table rewrites.
var lockingRules = []*rules.Rule{
	locking.RequireConcurrentIndexCreation,
	locking.RequireConcurrentIndexDeletion,
	locking.BanConcurrentIndexCreationInTransaction,
	locking.AddingFieldWithDefault,
	locking.AddingRequiredField,
	locking.AddingNotNullableField,
	locking.AddingForeignKeyConstraint,
	locking.ConstraintMissingNotValid,
	locking.DisallowedUniqueConstraint,
	locking.AddingSerialPrimaryKeyField,
	locking.ChangingColumnType,
}
