// Package presets holds the named rule sets a config may start from
// besides recommended, all and none: Bytebase's two built-in SQL review
// templates for PostgreSQL. A preset is data — Bytebase rule types, levels
// and payloads, transcribed from the templates — resolved through the
// rule registry's aliases, so a preset names exactly the rules, severities
// and settings a Bytebase user had.
package presets

import (
	"fmt"
	"sort"

	"github.com/sqlreview/sqlreview/rules"
)

// Preset is a named rule set: the rules it turns on, each with its
// severity and settings (only the ones the template sets; the others keep
// the rule's defaults), and the template rules it leaves out, with why.
type Preset struct {
	Name        string
	Template    string // the Bytebase template id it transcribes
	Description string
	Rules       []RuleConfig
	Skipped     []Skip
}

// Skip is a template rule a preset does not carry.
type Skip struct {
	Type   string
	Reason string
}

// Get returns the preset of that name, or nil.
func Get(name string) *Preset { return byName[name] }

// Names lists the presets, sorted.
func Names() []string {
	out := make([]string, 0, len(byName))
	for n := range byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// unsupported are the PostgreSQL template rules no sqlreview rule
// implements, with the reason. The presets skip them; a test fails when a
// template rule neither resolves nor is listed here.
var unsupported = map[string]string{}

// mysqlOnlyPayload are template rules whose payload holds only MySQL
// values, meaningless on PostgreSQL (utf8mb4 is no PostgreSQL encoding,
// utf8mb4_0900_ai_ci no PostgreSQL collation): the presets keep the rule
// and drop the payload, so the rule runs with its PostgreSQL defaults.
var mysqlOnlyPayload = map[string]string{
	"SYSTEM_CHARSET_ALLOWLIST":   "the template allows only utf8mb4, a MySQL character set; sqlreview's default list (UTF8) is used",
	"SYSTEM_COLLATION_ALLOWLIST": "the template allows only utf8mb4_0900_ai_ci, a MySQL collation; sqlreview's default list (C, POSIX) is used",
}

// MySQLOnlyNote says why a template rule's payload was dropped, or "".
func MySQLOnlyNote(bytebaseType string) string { return mysqlOnlyPayload[bytebaseType] }

var byName = map[string]*Preset{}

func init() {
	for _, p := range []struct {
		name, template, desc string
		list                 []BytebaseRule
	}{
		{"bytebase-basic", "bb.sql-review.dev",
			"Bytebase's development-environment SQL review template for PostgreSQL: mostly warnings", devTemplate},
		{"bytebase-advanced", "bb.sql-review.prod",
			"Bytebase's production-environment SQL review template for PostgreSQL: more rules, mostly errors", prodTemplate},
	} {
		byName[p.name] = build(p.name, p.template, p.desc, p.list)
	}
}

func build(name, template, desc string, list []BytebaseRule) *Preset {
	p := &Preset{Name: name, Template: template, Description: desc}
	seen := map[*rules.Rule]bool{}
	for _, br := range list {
		if why, ok := unsupported[br.Type]; ok {
			p.Skipped = append(p.Skipped, Skip{br.Type, why})
			continue
		}
		if _, ok := mysqlOnlyPayload[br.Type]; ok {
			br.Payload = nil
		}
		rc, notes, err := ConvertBytebase(br)
		if err != nil {
			p.Skipped = append(p.Skipped, Skip{br.Type, err.Error()})
			continue
		}
		if len(notes) > 0 || seen[rc.Rule] {
			// A test keeps the templates clean; never apply half a rule.
			p.Skipped = append(p.Skipped, Skip{br.Type, fmt.Sprintf("does not convert cleanly: %v", notes)})
			continue
		}
		seen[rc.Rule] = true
		p.Rules = append(p.Rules, rc)
	}
	return p
}

// The templates below are the PostgreSQL rules (engine: POSTGRES) of
// Bytebase's frontend/src/types/sql-review.dev.yaml and sql-review.prod.yaml,
// in their order, with their levels and payloads.

type payload = map[string]any

const (
	errorLevel   = "ERROR"
	warningLevel = "WARNING"
)

var namingTemplates = struct{ table, column, uk, pk, idx, fk string }{
	table:  "^[a-z]+(_[a-z]+)*$",
	column: "^[a-z]+(_[a-z]+)*$",
	uk:     "^$|^uk_{{table}}_{{column_list}}$",
	pk:     "^$|^pk_{{table}}_{{column_list}}$",
	idx:    "^$|^idx_{{table}}_{{column_list}}$",
	fk:     "^$|^fk_{{referencing_table}}_{{referencing_column}}_{{referenced_table}}_{{referenced_column}}$",
}

var requiredColumns = []any{"id", "created_ts", "updated_ts", "creator_id", "updater_id"}

// devTemplate is bb.sql-review.dev for POSTGRES.
var devTemplate = []BytebaseRule{
	{"TABLE_REQUIRE_PK", errorLevel, nil},
	{"TABLE_NO_FOREIGN_KEY", warningLevel, nil},
	{"TABLE_DROP_NAMING_CONVENTION", errorLevel, payload{"format": "_del$"}},
	{"TABLE_DISALLOW_PARTITION", errorLevel, nil},
	{"STATEMENT_SELECT_NO_SELECT_ALL", warningLevel, nil},
	{"STATEMENT_WHERE_REQUIRE_SELECT", warningLevel, nil},
	{"STATEMENT_WHERE_REQUIRE_UPDATE_DELETE", warningLevel, nil},
	{"STATEMENT_WHERE_NO_LEADING_WILDCARD_LIKE", warningLevel, nil},
	{"STATEMENT_DISALLOW_COMMIT", warningLevel, nil},
	{"STATEMENT_DISALLOW_ON_DEL_CASCADE", errorLevel, nil},
	{"STATEMENT_DISALLOW_RM_TBL_CASCADE", errorLevel, nil},
	{"STATEMENT_MERGE_ALTER_TABLE", warningLevel, nil},
	{"STATEMENT_INSERT_MUST_SPECIFY_COLUMN", warningLevel, nil},
	{"STATEMENT_INSERT_DISALLOW_ORDER_BY_RAND", warningLevel, nil},
	{"STATEMENT_INSERT_ROW_LIMIT", warningLevel, payload{"number": 1000}},
	{"STATEMENT_AFFECTED_ROW_LIMIT", warningLevel, payload{"number": 1000}},
	{"STATEMENT_DML_DRY_RUN", errorLevel, nil},
	{"STATEMENT_DISALLOW_ADD_COLUMN_WITH_DEFAULT", warningLevel, nil},
	{"STATEMENT_ADD_CHECK_NOT_VALID", warningLevel, nil},
	{"STATEMENT_DISALLOW_ADD_NOT_NULL", warningLevel, nil},
	{"STATEMENT_CREATE_SPECIFY_SCHEMA", warningLevel, nil},
	{"STATEMENT_CHECK_SET_ROLE_VARIABLE", warningLevel, nil},
	{"STATEMENT_MAXIMUM_LIMIT_VALUE", warningLevel, payload{"number": 1000}},
	{"NAMING_FULLY_QUALIFIED", warningLevel, nil},
	{"NAMING_TABLE", warningLevel, payload{"format": namingTemplates.table, "maxLength": 63}},
	{"NAMING_COLUMN", warningLevel, payload{"format": namingTemplates.column, "maxLength": 63}},
	{"NAMING_INDEX_UK", warningLevel, payload{"format": namingTemplates.uk, "maxLength": 63}},
	{"NAMING_INDEX_PK", warningLevel, payload{"format": namingTemplates.pk, "maxLength": 63}},
	{"NAMING_INDEX_IDX", warningLevel, payload{"format": namingTemplates.idx, "maxLength": 63}},
	{"NAMING_INDEX_FK", warningLevel, payload{"format": namingTemplates.fk, "maxLength": 63}},
	{"COLUMN_REQUIRED", warningLevel, payload{"list": requiredColumns}},
	{"COLUMN_TYPE_DISALLOW_LIST", warningLevel, payload{"list": []any{"JSON"}}},
	{"COLUMN_NO_NULL", warningLevel, nil},
	{"COLUMN_DISALLOW_CHANGE_TYPE", errorLevel, nil},
	{"COLUMN_MAXIMUM_CHARACTER_LENGTH", warningLevel, payload{"number": 20}},
	{"COLUMN_REQUIRE_DEFAULT", warningLevel, nil},
	{"COLUMN_DEFAULT_DISALLOW_VOLATILE", warningLevel, nil},
	{"SCHEMA_BACKWARD_COMPATIBILITY", warningLevel, nil},
	{"INDEX_NO_DUPLICATE_COLUMN", errorLevel, nil},
	{"INDEX_KEY_NUMBER_LIMIT", warningLevel, payload{"number": 5}},
	{"INDEX_TOTAL_NUMBER_LIMIT", warningLevel, payload{"number": 5}},
	{"INDEX_PRIMARY_KEY_TYPE_ALLOWLIST", errorLevel, payload{"list": []any{"SERIAL", "BIGSERIAL", "INT", "BIGINT"}}},
	{"INDEX_CREATE_CONCURRENTLY", warningLevel, nil},
	{"SYSTEM_CHARSET_ALLOWLIST", warningLevel, payload{"list": []any{"utf8mb4"}}},
	{"SYSTEM_COLLATION_ALLOWLIST", warningLevel, payload{"list": []any{"utf8mb4_0900_ai_ci"}}},
	{"SYSTEM_COMMENT_LENGTH", warningLevel, payload{"number": 64}},
	{"STATEMENT_OBJECT_OWNER_CHECK", warningLevel, nil},
}

// prodTemplate is bb.sql-review.prod for POSTGRES.
var prodTemplate = []BytebaseRule{
	{"TABLE_REQUIRE_PK", errorLevel, nil},
	{"TABLE_NO_FOREIGN_KEY", errorLevel, nil},
	{"TABLE_DROP_NAMING_CONVENTION", errorLevel, payload{"format": "_del$"}},
	{"TABLE_DISALLOW_PARTITION", errorLevel, nil},
	{"TABLE_COMMENT", errorLevel, payload{"required": true, "maxLength": 64}},
	{"STATEMENT_SELECT_NO_SELECT_ALL", errorLevel, nil},
	{"STATEMENT_WHERE_REQUIRE_SELECT", errorLevel, nil},
	{"STATEMENT_WHERE_REQUIRE_UPDATE_DELETE", errorLevel, nil},
	{"STATEMENT_WHERE_NO_LEADING_WILDCARD_LIKE", errorLevel, nil},
	{"STATEMENT_DISALLOW_COMMIT", errorLevel, nil},
	{"STATEMENT_DISALLOW_ON_DEL_CASCADE", errorLevel, nil},
	{"STATEMENT_DISALLOW_RM_TBL_CASCADE", errorLevel, nil},
	{"STATEMENT_MERGE_ALTER_TABLE", errorLevel, nil},
	{"STATEMENT_INSERT_MUST_SPECIFY_COLUMN", errorLevel, nil},
	{"STATEMENT_INSERT_DISALLOW_ORDER_BY_RAND", errorLevel, nil},
	{"STATEMENT_INSERT_ROW_LIMIT", warningLevel, payload{"number": 1000}},
	{"STATEMENT_AFFECTED_ROW_LIMIT", warningLevel, payload{"number": 1000}},
	{"STATEMENT_DML_DRY_RUN", errorLevel, nil},
	{"STATEMENT_DISALLOW_ADD_COLUMN_WITH_DEFAULT", warningLevel, nil},
	{"STATEMENT_ADD_CHECK_NOT_VALID", warningLevel, nil},
	{"STATEMENT_DISALLOW_ADD_NOT_NULL", warningLevel, nil},
	{"STATEMENT_CREATE_SPECIFY_SCHEMA", warningLevel, nil},
	{"STATEMENT_CHECK_SET_ROLE_VARIABLE", warningLevel, nil},
	{"STATEMENT_MAXIMUM_LIMIT_VALUE", warningLevel, payload{"number": 1000}},
	{"NAMING_FULLY_QUALIFIED", warningLevel, nil},
	{"NAMING_TABLE", warningLevel, payload{"format": namingTemplates.table, "maxLength": 63}},
	{"NAMING_COLUMN", warningLevel, payload{"format": namingTemplates.column, "maxLength": 63}},
	{"NAMING_INDEX_UK", warningLevel, payload{"format": namingTemplates.uk, "maxLength": 63}},
	{"NAMING_INDEX_PK", warningLevel, payload{"format": namingTemplates.pk, "maxLength": 63}},
	{"NAMING_INDEX_IDX", warningLevel, payload{"format": namingTemplates.idx, "maxLength": 63}},
	{"NAMING_INDEX_FK", warningLevel, payload{"format": namingTemplates.fk, "maxLength": 63}},
	{"COLUMN_REQUIRED", warningLevel, payload{"list": requiredColumns}},
	{"COLUMN_TYPE_DISALLOW_LIST", errorLevel, payload{"list": []any{"JSON"}}},
	{"COLUMN_NO_NULL", warningLevel, nil},
	{"COLUMN_DISALLOW_CHANGE_TYPE", errorLevel, nil},
	{"COLUMN_COMMENT", errorLevel, payload{"required": true, "maxLength": 64}},
	{"COLUMN_MAXIMUM_CHARACTER_LENGTH", warningLevel, payload{"number": 20}},
	{"COLUMN_REQUIRE_DEFAULT", warningLevel, nil},
	{"COLUMN_DEFAULT_DISALLOW_VOLATILE", warningLevel, nil},
	{"SCHEMA_BACKWARD_COMPATIBILITY", warningLevel, nil},
	{"INDEX_NO_DUPLICATE_COLUMN", errorLevel, nil},
	{"INDEX_KEY_NUMBER_LIMIT", warningLevel, payload{"number": 5}},
	{"INDEX_TOTAL_NUMBER_LIMIT", warningLevel, payload{"number": 5}},
	{"INDEX_PRIMARY_KEY_TYPE_ALLOWLIST", errorLevel, payload{"list": []any{"SERIAL", "BIGSERIAL", "INT", "BIGINT"}}},
	{"INDEX_CREATE_CONCURRENTLY", warningLevel, nil},
	{"SYSTEM_CHARSET_ALLOWLIST", errorLevel, payload{"list": []any{"utf8mb4"}}},
	{"SYSTEM_COLLATION_ALLOWLIST", errorLevel, payload{"list": []any{"utf8mb4_0900_ai_ci"}}},
	{"SYSTEM_COMMENT_LENGTH", warningLevel, payload{"number": 64}},
	{"STATEMENT_ADD_FOREIGN_KEY_NOT_VALID", warningLevel, nil},
	{"STATEMENT_NON_TRANSACTIONAL", warningLevel, nil},
	{"STATEMENT_OBJECT_OWNER_CHECK", errorLevel, nil},
}
