package all_test

import (
	"regexp"
	"slices"
	"sort"
	"strings"
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
	// Rules added to Squawk's docs later (2.68).
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

// TestPeerNamesResolve: every rule the peers document is in the
// correspondence table, and resolves to the table's rule, or to nothing when
// the table says no rule of ours covers it.
func TestPeerNamesResolve(t *testing.T) {
	inTable := map[string]string{} // peer name -> our rule ("" = not covered)
	for _, p := range all.PeerRules {
		for _, n := range peerNames(p) {
			inTable[n] = p.Ours
		}
	}
	for _, list := range [][]string{squawkRules, pglsRules, pglsOldRules} {
		for _, name := range list {
			ours, ok := inTable[name]
			if !ok {
				t.Errorf("peer rule %q is not in all.PeerRules: map it to a rule or list it as not covered, with the reason", name)
				continue
			}
			got := ""
			if r := all.Lookup(name); r != nil {
				got = r.Name
			}
			if got != ours {
				t.Errorf("peer rule %q resolves to %q, the table says %q", name, got, ours)
			}
		}
	}
	for _, name := range atlasChecks {
		if all.Lookup(name) == nil {
			t.Errorf("peer rule name %q resolves to no rule", name)
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
		// Squawk's ban-disable-trigger is about clients (triggers, rules and
		// row level security), not the lock ban-enable-disable-trigger reports.
		"ban-disable-trigger": "",
		// Not postgres-language-server rules: camelCase spellings resolve
		// without an alias, but none is claimed as a peer's name.
		"identifierTooLong":      "identifier-too-long",
		"avoid-wide-lock-window": "warn-wide-lock-window",
	} {
		got := ""
		if r := all.Lookup(alias); r != nil {
			got = r.Name
		}
		if got != want {
			t.Errorf("%s resolves to %q, want %q", alias, got, want)
		}
	}
}

func peerNames(p all.PeerRule) []string {
	return slices.Concat(p.Squawk, p.PGLS, p.Other)
}

// bytebaseOrAtlas are the alias spellings of the other peers: Bytebase keys
// (dotted, or SCREAMING_SNAKE enums) and Atlas analyzer codes.
var bytebaseOrAtlas = regexp.MustCompile(`\.|^[A-Z0-9_]+$`)

// TestPeerTableMatchesAliases: the Squawk and postgres-language-server
// aliases in rule metadata are exactly the names all.PeerRules gives the rule
// (other than the rule's own name), so neither can claim a peer rule the
// other does not.
func TestPeerTableMatchesAliases(t *testing.T) {
	fromTable := map[string][]string{}
	seen := map[string]bool{}
	for _, p := range all.PeerRules {
		for _, r := range append([]string{p.Ours}, p.Also...) {
			if r != "" && (all.Lookup(r) == nil || all.Lookup(r).Name != r) {
				t.Errorf("all.PeerRules names %q, which is not a rule", r)
			}
		}
		if p.Ours == "" && p.Note == "" {
			t.Errorf("%v: a peer rule no rule covers needs the reason in Note", peerNames(p))
		}
		for _, n := range peerNames(p) {
			if seen[n] {
				t.Errorf("all.PeerRules lists %q twice", n)
			}
			seen[n] = true
			if p.Ours != "" && !strings.EqualFold(strings.ReplaceAll(n, "_", "-"), p.Ours) {
				fromTable[p.Ours] = append(fromTable[p.Ours], n)
			}
		}
	}
	for _, r := range all.Rules() {
		var fromMeta []string
		for _, a := range r.Aliases {
			if !bytebaseOrAtlas.MatchString(a) {
				fromMeta = append(fromMeta, a)
			}
		}
		want := fromTable[r.Name]
		sort.Strings(fromMeta)
		sort.Strings(want)
		if !slices.Equal(fromMeta, want) {
			t.Errorf("%s: Squawk/PGLS aliases in its metadata %q, in all.PeerRules %q", r.Name, fromMeta, want)
		}
	}
}
