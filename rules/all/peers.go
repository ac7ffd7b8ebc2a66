package all

import "slices"

// PeerRule says which of our rules answers one or more rules of the peer
// linters, Squawk and postgres-language-server (PGLS). It is the one place
// that records the correspondence: a rule's Squawk and PGLS aliases must be
// exactly the names listed here (TestPeerTableMatchesAliases), and each name
// here was checked against what the peer's rule reports (its documentation,
// and squawk 2.66 / postgres-language-server 0.25.5 run on the rule's Bad
// example).
type PeerRule struct {
	// Ours is our rule; "" when no rule of ours covers the peer rules (Note
	// says why).
	Ours string
	// Also are further rules of ours the peer rule covers as well (Squawk's
	// require-timeout-settings asks for two timeouts); converting a peer's
	// configuration turns the peer rule on as all of them.
	Also []string
	// Squawk are Squawk rule names, current and deprecated.
	Squawk []string
	// PGLS are postgres-language-server names, current (0.26 and later) and
	// earlier (0.25 and before).
	PGLS []string
	// Other are names of other tools the rule follows.
	Other []string
	// Note says how the semantics differ, when they do.
	Note string
}

// PeerRules is the correspondence table; init --from-squawk and the alias
// test read it.
var PeerRules = []PeerRule{
	{Ours: "syntax-error", Squawk: []string{"syntax-error"}},
	{Ours: "require-concurrent-index-creation", Squawk: []string{"require-concurrent-index-creation"}, PGLS: []string{"requireConcurrentIndexCreation"}},
	{Ours: "require-concurrent-index-deletion", Squawk: []string{"require-concurrent-index-deletion"}, PGLS: []string{"requireConcurrentIndexDeletion"}},
	{Ours: "ban-concurrent-index-creation-in-transaction", Squawk: []string{"ban-concurrent-index-creation-in-transaction"}, PGLS: []string{"banConcurrentIndexCreationInTransaction"},
		Note: "the peers assume a transaction from --assume-in-transaction or a multi-statement file; ours reads migrations.runner"},
	{Ours: "adding-field-with-default", Squawk: []string{"adding-field-with-default"}, PGLS: []string{"addingFieldWithDefault", "addSerialColumn"},
		Note: "PGLS's addSerialColumn (serial and stored generated columns added to a table) is part of this rule"},
	{Ours: "adding-required-field", Squawk: []string{"adding-required-field"}, PGLS: []string{"addingRequiredField"}},
	{Ours: "adding-not-nullable-field", Squawk: []string{"adding-not-nullable-field"}, PGLS: []string{"addingNotNullField"}},
	{Ours: "adding-foreign-key-constraint", Squawk: []string{"adding-foreign-key-constraint"}, PGLS: []string{"addingForeignKeyConstraint"}},
	{Ours: "constraint-missing-not-valid", Squawk: []string{"constraint-missing-not-valid"},
		PGLS: []string{"constraintMissingNotValid", "banNotValidValidateSameTransaction", "requireSeparateConstraintValidation"},
		Note: "PGLS split the VALIDATE-in-the-same-transaction case into its own rule; Squawk and ours report both"},
	{Ours: "disallowed-unique-constraint", Squawk: []string{"disallowed-unique-constraint"}, PGLS: []string{"disallowUniqueConstraint"}},
	{Ours: "adding-serial-primary-key-field", Squawk: []string{"adding-serial-primary-key-field"}, PGLS: []string{"addingPrimaryKeyConstraint"}},
	{Ours: "changing-column-type", Squawk: []string{"changing-column-type"}, PGLS: []string{"changingColumnType"}},
	{Ours: "ban-alter-domain-with-add-constraint", Squawk: []string{"ban-alter-domain-with-add-constraint"}},
	{Ours: "require-lock-timeout", Also: []string{"require-statement-timeout"}, Squawk: []string{"require-lock-timeout", "require-timeout-settings"}, PGLS: []string{"lockTimeoutWarning"},
		Note: "Squawk's deprecated require-timeout-settings asks for both timeouts: a configuration naming it turns on both rules, a suppression naming it silences the lock_timeout finding"},
	{Ours: "require-statement-timeout", Squawk: []string{"require-statement-timeout"}, PGLS: []string{"requireStatementTimeout"}},
	{Ours: "require-idle-in-transaction-timeout", PGLS: []string{"requireIdleInTransactionTimeout"}},
	{Ours: "require-concurrent-partition-detach", Squawk: []string{"require-concurrent-partition-detach"}, PGLS: []string{"requireConcurrentDetachPartition"}},
	{Ours: "require-concurrent-reindex", Squawk: []string{"require-concurrent-reindex"}, PGLS: []string{"requireConcurrentReindex"}},
	{Ours: "ban-add-exclusion-constraint", PGLS: []string{"banAddExclusionConstraint", "avoidAddingExclusionConstraint"}},
	{Ours: "ban-attach-partition", PGLS: []string{"banAttachPartition", "avoidAttachingPartition"}},
	{Ours: "require-concurrent-refresh-matview", PGLS: []string{"banBlockingRefreshMatview", "requireConcurrentRefreshMatview"}},
	{Ours: "ban-create-trigger", PGLS: []string{"banCreateTrigger", "avoidCreateTrigger"}},
	{Ours: "ban-drop-trigger", Squawk: []string{"ban-drop-trigger"}, PGLS: []string{"banDropTrigger"}},
	{Ours: "ban-enable-disable-trigger", PGLS: []string{"banEnableDisableTrigger", "avoidEnableDisableTrigger"}},
	{Ours: "ban-vacuum-full", Squawk: []string{"prefer-repack"}, PGLS: []string{"banVacuumFull"},
		Note: "Squawk's prefer-repack reports VACUUM FULL and CLUSTER only for PostgreSQL 19 and later (where REPACK exists); ours on every version"},
	{Ours: "running-statement-while-holding-access-exclusive", PGLS: []string{"runningStatementWhileHoldingAccessExclusive"}},
	{Ours: "warn-refresh-matview-concurrent", PGLS: []string{"warnRefreshMatviewConcurrent", "concurrentRefreshMatviewLock"}},
	{Ours: "warn-wide-lock-window", PGLS: []string{"warnWideLockWindow", "avoidWideLockWindow"}},
	{Ours: "multiple-alter-table", PGLS: []string{"multipleAlterTable"}},
	{Ours: "ban-drop-column", Squawk: []string{"ban-drop-column"}, PGLS: []string{"banDropColumn"}},
	{Ours: "ban-drop-table", Squawk: []string{"ban-drop-table"}, PGLS: []string{"banDropTable"}},
	{Ours: "ban-drop-database", Squawk: []string{"ban-drop-database"}, PGLS: []string{"banDropDatabase"}},
	{Ours: "renaming-column", Squawk: []string{"renaming-column"}, PGLS: []string{"renamingColumn"}},
	{Ours: "renaming-table", Squawk: []string{"renaming-table"}, PGLS: []string{"renamingTable"}},
	{Ours: "ban-drop-not-null", Squawk: []string{"ban-drop-not-null"}, PGLS: []string{"banDropNotNull"}},
	{Ours: "ban-truncate-cascade", Squawk: []string{"ban-truncate-cascade"}, PGLS: []string{"banTruncateCascade"}},
	{Ours: "ban-drop-schema", Squawk: []string{"ban-drop-schema"}, PGLS: []string{"banDropSchema"}},
	{Ours: "ban-truncate", PGLS: []string{"banTruncate"}},
	{Ours: "ban-drop-constraint", Squawk: []string{"ban-drop-constraint"}},
	// Squawk's application rollback compatibility family (2.68), one rule each.
	{Ours: "ban-add-column", Squawk: []string{"ban-add-column"}},
	{Ours: "ban-add-composite-attribute", Squawk: []string{"ban-add-composite-attribute"}},
	{Ours: "ban-add-enum-value", Squawk: []string{"ban-add-enum-value"}, PGLS: []string{"banAlterEnumAddValue", "avoidAlterEnumAddValue"}, Other: []string{"alter-enum-add-value"},
		Note: "Other: pgfence, which PGLS's rule follows"},
	{Ours: "ban-alter-database-options", Squawk: []string{"ban-alter-database-options"}},
	{Ours: "ban-alter-extension", Squawk: []string{"ban-alter-extension"}},
	{Ours: "ban-alter-function-options", Squawk: []string{"ban-alter-function-options"}},
	{Ours: "ban-alter-generated-expression", Squawk: []string{"ban-alter-generated-expression"}},
	{Ours: "ban-alter-identity", Squawk: []string{"ban-alter-identity"}},
	{Ours: "ban-alter-policy-condition", Squawk: []string{"ban-alter-policy-condition"}},
	{Ours: "ban-alter-policy-roles", Squawk: []string{"ban-alter-policy-roles"}},
	{Ours: "ban-alter-role-options", Squawk: []string{"ban-alter-role-options"}},
	{Ours: "ban-alter-row-level-security", Squawk: []string{"ban-alter-row-level-security"}},
	{Ours: "ban-alter-sequence-values", Squawk: []string{"ban-alter-sequence-values"}},
	{Ours: "ban-alter-system-options", Squawk: []string{"ban-alter-system-options"}},
	{Ours: "ban-alter-view-options", Squawk: []string{"ban-alter-view-options"}},
	{Ours: "ban-create-policy", Squawk: []string{"ban-create-policy"}},
	{Ours: "ban-detach-inheritance", Squawk: []string{"ban-detach-inheritance"}},
	{Ours: "ban-drop-default", Squawk: []string{"ban-drop-default"}},
	{Ours: "ban-drop-domain", Squawk: []string{"ban-drop-domain"}},
	{Ours: "ban-drop-extension", Squawk: []string{"ban-drop-extension"}},
	{Ours: "ban-drop-function", Squawk: []string{"ban-drop-function"}},
	{Ours: "ban-drop-generated-expression", Squawk: []string{"ban-drop-generated-expression"}},
	{Ours: "ban-drop-index", Squawk: []string{"ban-drop-index"}},
	{Ours: "ban-drop-policy", Squawk: []string{"ban-drop-policy"}},
	{Ours: "ban-drop-sequence", Squawk: []string{"ban-drop-sequence"}},
	{Ours: "ban-drop-type", Squawk: []string{"ban-drop-type"}},
	{Ours: "ban-drop-view", Squawk: []string{"ban-drop-view"}},
	{Ours: "ban-new-write-restriction", Squawk: []string{"ban-new-write-restriction"}},
	{Ours: "ban-replace-view-function", Squawk: []string{"ban-replace-view-function"}},
	{Ours: "ban-replica-identity", Squawk: []string{"ban-replica-identity"}},
	{Ours: "ban-revoke", Squawk: []string{"ban-revoke"}},
	{Ours: "ban-set-default", Squawk: []string{"ban-set-default"}},
	{Ours: "ban-set-schema", Squawk: []string{"ban-set-schema"}},
	{Ours: "renaming-object", Squawk: []string{"renaming-object"}},
	{Squawk: []string{"ban-disable-trigger"},
		Note: "not covered as one rule: Squawk reports disabling a trigger or a rule and changing row level security enforcement, " +
			"as a change of behaviour clients cannot see; ours splits it: ban-enable-disable-trigger (DISABLE TRIGGER, for its lock) " +
			"and ban-alter-row-level-security; DISABLE RULE is not reported"},
	{Ours: "ban-uncommitted-transaction", Squawk: []string{"ban-uncommitted-transaction"}},
	{Ours: "transaction-nesting", Squawk: []string{"transaction-nesting"}, PGLS: []string{"transactionNesting"}},
	{Ours: "require-where-for-update-delete", PGLS: []string{"banUpdateWithoutWhere", "banDeleteWithoutWhere"}},
	{Ours: "require-schema-qualified-name", Squawk: []string{"require-table-schema"}},
	{Ours: "prefer-bigint-over-int", Squawk: []string{"prefer-bigint-over-int", "prefer-bigint-over-smallint", "prefer-big-int"},
		PGLS: []string{"preferBigintOverInt", "preferBigintOverSmallint", "preferBigInt"},
		Note: "one rule for int and smallint; Squawk's prefer-big-int is deprecated (not accepted by squawk 2.66)"},
	{Ours: "prefer-timestamptz", Squawk: []string{"prefer-timestamptz", "prefer-timestamp-tz"}, PGLS: []string{"preferTimestamptz"}},
	{Ours: "ban-char-field", Squawk: []string{"ban-char-field"}, PGLS: []string{"banCharField"}},
	{Ours: "prefer-identity", Squawk: []string{"prefer-identity"}, PGLS: []string{"preferIdentity"}},
	{Ours: "prefer-text-field", Squawk: []string{"prefer-text-field"}, PGLS: []string{"preferTextField"}},
	{Ours: "prefer-jsonb", PGLS: []string{"preferJsonb"}},
	{Ours: "creating-enum", PGLS: []string{"creatingEnum"}},
	{Ours: "ban-create-domain-with-constraint", Squawk: []string{"ban-create-domain-with-constraint"}},
	{Ours: "prefer-robust-stmts", Squawk: []string{"prefer-robust-stmts"}, PGLS: []string{"preferRobustStmts"}},
	{Ours: "identifier-too-long", Squawk: []string{"identifier-too-long"}},
	{Ours: "ban-duplicate-column-assignments", Squawk: []string{"ban-duplicate-column-assignments"}},
	{Ours: "require-enum-value-ordering", Squawk: []string{"require-enum-value-ordering"}},
}

// Peer returns the table's entry for a Squawk, PGLS or other peer rule name,
// or nil.
func Peer(name string) *PeerRule {
	for i, p := range PeerRules {
		for _, n := range slices.Concat(p.Squawk, p.PGLS, p.Other) {
			if key(n) == key(name) {
				return &PeerRules[i]
			}
		}
	}
	return nil
}

// PeerExpansion returns, for a Squawk rule name that covers several of our
// rules, all of them (nil otherwise).
func PeerExpansion(squawkName string) []string {
	if p := Peer(squawkName); p != nil && len(p.Also) > 0 {
		return append([]string{p.Ours}, p.Also...)
	}
	return nil
}
