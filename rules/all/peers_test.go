package all_test

import (
	"testing"

	"github.com/sqlreview/sqlreview/rules/all"
)

// squawkRules are Squawk's rule names (sbdchd/squawk docs/sidebars.js, the
// rules released through squawk 2.x), each of which must resolve.
var squawkRules = []string{
	"adding-field-with-default", "adding-foreign-key-constraint", "adding-not-nullable-field",
	"adding-required-field", "adding-serial-primary-key-field", "ban-alter-domain-with-add-constraint",
	"ban-char-field", "ban-concurrent-index-creation-in-transaction", "ban-create-domain-with-constraint",
	"ban-drop-column", "ban-drop-database", "ban-drop-not-null", "ban-drop-table", "ban-truncate-cascade",
	"ban-uncommitted-transaction", "changing-column-type", "constraint-missing-not-valid",
	"disallowed-unique-constraint", "prefer-big-int", "prefer-bigint-over-int", "prefer-bigint-over-smallint",
	"prefer-identity", "prefer-robust-stmts", "prefer-text-field", "prefer-timestamptz",
	"renaming-column", "renaming-table", "require-concurrent-index-creation", "require-concurrent-index-deletion",
	"transaction-nesting", "require-timeout-settings", "require-lock-timeout", "require-statement-timeout",
	"require-enum-value-ordering", "require-table-schema", "identifier-too-long",
	"require-concurrent-partition-detach", "require-concurrent-reindex", "prefer-repack",
	"ban-duplicate-column-assignments",
	// Squawk's syntax-error is our meta rule of the same name.
	"syntax-error",
	// Aliases Squawk accepts for the same rules.
	"prefer-timestamp-tz",
	// Rules added to Squawk's docs later that match one of ours.
	"ban-drop-schema", "ban-drop-trigger", "ban-disable-trigger", "ban-drop-constraint",
	// The application rollback compatibility family (docs/docs/application-rollback-compatibility.md).
	"ban-add-column", "ban-add-composite-attribute", "ban-add-enum-value", "ban-alter-database-options",
	"ban-alter-extension", "ban-alter-function-options", "ban-alter-generated-expression", "ban-alter-identity",
	"ban-alter-policy-condition", "ban-alter-policy-roles", "ban-alter-role-options", "ban-alter-row-level-security",
	"ban-alter-sequence-values", "ban-alter-system-options", "ban-alter-view-options", "ban-create-policy",
	"ban-detach-inheritance", "ban-drop-default", "ban-drop-domain", "ban-drop-extension", "ban-drop-function",
	"ban-drop-generated-expression", "ban-drop-index", "ban-drop-policy", "ban-drop-sequence", "ban-drop-type",
	"ban-drop-view", "ban-new-write-restriction", "ban-replace-view-function", "ban-replica-identity", "ban-revoke",
	"ban-set-default", "ban-set-schema", "renaming-object",
}

// pglsRules are postgres-language-server's safety rules
// (supabase-community/postgres-language-server docs/reference/rules.md, 52
// rules), each of which must resolve.
var pglsRules = []string{
	"addSerialColumn", "addingFieldWithDefault", "addingForeignKeyConstraint", "addingNotNullField",
	"addingPrimaryKeyConstraint", "addingRequiredField", "banAddExclusionConstraint", "banAlterEnumAddValue",
	"banAttachPartition", "banBlockingRefreshMatview", "banCharField", "banConcurrentIndexCreationInTransaction",
	"banCreateTrigger", "banDeleteWithoutWhere", "banDropColumn", "banDropDatabase", "banDropNotNull",
	"banDropSchema", "banDropTable", "banDropTrigger", "banEnableDisableTrigger",
	"banNotValidValidateSameTransaction", "banTruncate", "banTruncateCascade", "banUpdateWithoutWhere",
	"banVacuumFull", "changingColumnType", "constraintMissingNotValid", "creatingEnum",
	"disallowUniqueConstraint", "lockTimeoutWarning", "multipleAlterTable", "preferBigInt",
	"preferBigintOverInt", "preferBigintOverSmallint", "preferIdentity", "preferJsonb", "preferRobustStmts",
	"preferTextField", "preferTimestamptz", "renamingColumn", "renamingTable",
	"requireConcurrentDetachPartition", "requireConcurrentIndexCreation", "requireConcurrentIndexDeletion",
	"requireConcurrentReindex", "requireIdleInTransactionTimeout", "requireStatementTimeout",
	"runningStatementWhileHoldingAccessExclusive", "transactionNesting", "warnRefreshMatviewConcurrent",
	"warnWideLockWindow",
}

// pglsOldRules are earlier postgres-language-server names of the same rules
// (docs/reference/rules/*.md pages of earlier releases).
var pglsOldRules = []string{
	"avoidAddingExclusionConstraint", "avoidAlterEnumAddValue", "avoidAttachingPartition", "avoidCreateTrigger",
	"avoidEnableDisableTrigger", "avoidWideLockWindow", "concurrentRefreshMatviewLock",
	"requireConcurrentRefreshMatview", "requireSeparateConstraintValidation",
}

// atlasChecks are Atlas migration-lint analyzer codes (atlasgo.io/lint/analyzers)
// for PostgreSQL that one of our rules covers.
var atlasChecks = []string{
	"DS101", // schema dropped
	"DS102", // table dropped
	"DS103", // non-virtual column dropped
	"MF101", // unique index added to existing column
	"MF102", // non-unique index modified to unique
	"MF103", // non-nullable column added to an existing table
	"MF104", // nullable column modified to non-nullable
	"BC101", // table renamed
	"BC102", // column renamed
	"CD101", // foreign-key constraint dropped
	"PG101", // index created without CONCURRENTLY
	"PG102", // index dropped without CONCURRENTLY
}

func TestPeerNamesResolve(t *testing.T) {
	for _, list := range [][]string{squawkRules, pglsRules, pglsOldRules, atlasChecks} {
		for _, name := range list {
			if all.Lookup(name) == nil {
				t.Errorf("peer rule name %q resolves to no rule", name)
			}
		}
	}
	if len(pglsRules) != 52 {
		t.Errorf("postgres-language-server lists 52 safety rules, the test has %d", len(pglsRules))
	}
}

// TestPeerAliasSemantics: a peer's rule name resolves to the rule that
// reports what the peer's documentation says it reports, not to a rule that
// merely shares a word with it.
func TestPeerAliasSemantics(t *testing.T) {
	for alias, want := range map[string]string{
		// postgres-language-server (after pgfence): every ALTER TYPE ... ADD VALUE.
		"banAlterEnumAddValue":       "ban-add-enum-value",
		"avoidAlterEnumAddValue":     "ban-add-enum-value",
		"avoid-alter-enum-add-value": "ban-add-enum-value",
		"alter-enum-add-value":       "ban-add-enum-value",
		// Squawk: table names in CREATE and ALTER statements, not CREATE alone.
		"require-table-schema": "require-schema-qualified-name",
		// The concurrent-index rule keeps its own names only.
		"banConcurrentIndexCreationInTransaction": "ban-concurrent-index-creation-in-transaction",
	} {
		if r := all.Lookup(alias); r == nil || r.Name != want {
			got := "nothing"
			if r != nil {
				got = r.Name
			}
			t.Errorf("%s resolves to %s, want %s", alias, got, want)
		}
	}
}
