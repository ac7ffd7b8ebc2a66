package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
)

// bytebaseCorpus holds Bytebase's own expected results for its PostgreSQL
// SQL-review rules, unchanged; its README gives provenance, the mock catalog
// and the payload each rule is tested with.
var bytebaseCorpus = filepath.Join("..", "..", "..", "shared", "corpus", "bytebase-pg-advisor", "advisor-pg-test")

// bytebaseMockCatalog is MockPostgreSQLDatabase (Bytebase's
// utils_for_tests.go) as SQL. It is replayed from its own file so that its
// objects are existing tables, not ones the case creates: that is the
// difference most rules care about. Only the primary keys are constraints;
// Bytebase's other indexes are plain (unique) indexes.
const bytebaseMockCatalog = `
CREATE TABLE tech_book (id integer, name text, creator text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE UNIQUE INDEX old_uk ON tech_book (id, name);
CREATE INDEX old_index ON tech_book (id, name);
CREATE TABLE orders (order_id integer, customer_name text, amount numeric, note text, name text, CONSTRAINT orders_pkey PRIMARY KEY (order_id));
CREATE INDEX idx_orders_customer ON orders (customer_name);
CREATE INDEX idx_orders_amount ON orders (amount);
CREATE TABLE products (product_id integer, title text, price numeric, CONSTRAINT products_pkey PRIMARY KEY (product_id));
CREATE INDEX idx_products_price ON products (price);
CREATE TABLE no_index_table (col_a integer, col_b text);
CREATE TABLE insert_target (id integer, name text);
CREATE SCHEMA bbdataarchive;
`

// bytebasePayloads are the rule payloads pg_rules_test.go configures (the
// README's table), by Bytebase's payload field names. A mapped rule receives
// them as settings of the same names; NewLinter refuses a field the rule does
// not declare, so a payload is never dropped on the way.
var bytebasePayloads = map[string]map[string]any{
	"COLUMN_COMMENT":                   {"required": true, "maxLength": 10},
	"COLUMN_MAXIMUM_CHARACTER_LENGTH":  {"number": 20},
	"COLUMN_REQUIRED":                  {"list": []any{"id", "created_ts", "updated_ts", "creator_id", "updater_id"}},
	"COLUMN_TYPE_DISALLOW_LIST":        {"list": []any{"JSON", "BINARY_FLOAT"}},
	"INDEX_KEY_NUMBER_LIMIT":           {"number": 5},
	"INDEX_PRIMARY_KEY_TYPE_ALLOWLIST": {"list": []any{"serial", "bigserial", "int", "bigint"}},
	"INDEX_TOTAL_NUMBER_LIMIT":         {"number": 5},
	"NAMING_COLUMN":                    {"format": `^[a-z]+(_[a-z]+)*$`, "maxLength": 64},
	"NAMING_INDEX_FK":                  {"format": `^$|^fk_{{referencing_table}}_{{referencing_column}}_{{referenced_table}}_{{referenced_column}}$`, "maxLength": 64},
	"NAMING_INDEX_IDX":                 {"format": `^$|^idx_{{table}}_{{column_list}}$`, "maxLength": 64},
	"NAMING_INDEX_PK":                  {"format": `^$|^pk_{{table}}_{{column_list}}$`, "maxLength": 64},
	"NAMING_INDEX_UK":                  {"format": `^$|^uk_{{table}}_{{column_list}}$`, "maxLength": 64},
	"NAMING_TABLE":                     {"format": `^[a-z]+(_[a-z]+)*$`, "maxLength": 64},
	"STATEMENT_AFFECTED_ROW_LIMIT":     {"number": 5},
	"STATEMENT_INSERT_ROW_LIMIT":       {"number": 5},
	"SYSTEM_CHARSET_ALLOWLIST":         {"list": []any{"utf8mb4", "UTF8"}},
	"SYSTEM_COLLATION_ALLOWLIST":       {"list": []any{"utf8mb4_0900_ai_ci"}},
	"SYSTEM_COMMENT_LENGTH":            {"number": 20},
	"TABLE_COMMENT":                    {"required": true, "maxLength": 10},
	"TABLE_DROP_NAMING_CONVENTION":     {"format": "_delete$"},
}

// bytebaseOrphans are corpus files pg_rules_test.go does not load: their
// expectations are not maintained, so they are no conformance target.
var bytebaseOrphans = map[string]string{
	"hello_world.yaml":                   "a harness smoke test, not a rule",
	"statement_disallow_mix_in_ddl.yaml": "predates the rule-enum migration; Bytebase no longer runs it",
	"statement_disallow_mix_in_dml.yaml": "predates the rule-enum migration; Bytebase no longer runs it",
}

// notYetCovered lists every Bytebase rule of the corpus that no rule of ours
// answers to. A Bytebase key is an alias only when our rule has Bytebase's
// full semantics, so adding the alias is what turns its conformance check on
// (and this test then asks for the entry to go).
var notYetCovered = map[string]string{
	"BUILTIN_PRIOR_BACKUP_CHECK":                          "no rule: needs a backup-schema policy we do not model",
	"COLUMN_COMMENT":                                      "no rule for column comments yet",
	"COLUMN_DEFAULT_DISALLOW_VOLATILE":                    "no rule yet; adding-field-with-default reports only defaults that rewrite an existing table",
	"COLUMN_DISALLOW_CHANGE_TYPE":                         "Bytebase flags every type change; changing-column-type only those that rewrite the table",
	"COLUMN_MAXIMUM_CHARACTER_LENGTH":                     "no rule for char/varchar length limits yet",
	"COLUMN_NO_NULL":                                      "no rule requiring NOT NULL columns yet",
	"COLUMN_REQUIRE_DEFAULT":                              "no rule requiring column defaults yet",
	"COLUMN_REQUIRED":                                     "no rule for required columns yet",
	"COLUMN_TYPE_DISALLOW_LIST":                           "no configurable type deny-list yet; prefer-* rules cover fixed types only",
	"INDEX_KEY_NUMBER_LIMIT":                              "no rule limiting index key columns yet",
	"INDEX_NO_DUPLICATE_COLUMN":                           "no rule for duplicate index columns yet",
	"INDEX_PRIMARY_KEY_TYPE_ALLOWLIST":                    "no primary-key type allow-list yet; prefer-bigint-over-int covers every integer column",
	"INDEX_TOTAL_NUMBER_LIMIT":                            "no rule limiting indexes per table yet",
	"NAMING_COLUMN":                                       "no naming rules yet",
	"NAMING_FULLY_QUALIFIED":                              "no rule requiring schema-qualified names yet",
	"NAMING_INDEX_FK":                                     "no naming rules yet",
	"NAMING_INDEX_IDX":                                    "no naming rules yet",
	"NAMING_INDEX_PK":                                     "no naming rules yet",
	"NAMING_INDEX_UK":                                     "no naming rules yet",
	"NAMING_TABLE":                                        "no naming rules yet",
	"SCHEMA_BACKWARD_COMPATIBILITY":                       "one Bytebase rule spanning several of ours (ban-drop-column, ban-drop-table, renaming-*, …); an alias names one rule",
	"STATEMENT_ADD_FOREIGN_KEY_NOT_VALID":                 "Bytebase flags foreign keys on tables created in the same file too; adding-foreign-key-constraint only on existing tables",
	"STATEMENT_AFFECTED_ROW_LIMIT":                        "no rule: Bytebase's needs EXPLAIN on a live database",
	"STATEMENT_CHECK_SET_ROLE_VARIABLE":                   "no rule requiring SET ROLE yet",
	"STATEMENT_CREATE_SPECIFY_SCHEMA":                     "no rule requiring a schema in CREATE yet",
	"STATEMENT_DISALLOW_ADD_COLUMN_WITH_DEFAULT":          "Bytebase flags every ADD COLUMN ... DEFAULT; adding-field-with-default only those that rewrite the table",
	"STATEMENT_DISALLOW_ADD_NOT_NULL":                     "Bytebase flags every SET NOT NULL; adding-not-nullable-field skips no-ops (column already NOT NULL, e.g. the mock's key column) and new tables",
	"STATEMENT_DISALLOW_COMMIT":                           "Bytebase flags every COMMIT; transaction-nesting only a COMMIT outside a transaction",
	"STATEMENT_DISALLOW_ON_DEL_CASCADE":                   "no rule for ON DELETE CASCADE yet",
	"STATEMENT_DISALLOW_RM_TBL_CASCADE":                   "no rule for DROP/TRUNCATE ... CASCADE yet",
	"STATEMENT_DISALLOW_TRUNCATE":                         "no rule for TRUNCATE yet",
	"STATEMENT_DML_DRY_RUN":                               "no rule: Bytebase's needs EXPLAIN on a live database",
	"STATEMENT_INSERT_DISALLOW_ORDER_BY_RAND":             "no rule for INSERT ... ORDER BY random() yet",
	"STATEMENT_INSERT_MUST_SPECIFY_COLUMN":                "no rule requiring INSERT column lists yet",
	"STATEMENT_INSERT_ROW_LIMIT":                          "no rule limiting inserted rows yet",
	"STATEMENT_MERGE_ALTER_TABLE":                         "no rule for mergeable ALTER TABLE statements yet",
	"STATEMENT_NON_TRANSACTIONAL":                         "Bytebase flags every non-transactional statement; ban-concurrent-index-creation-in-transaction only those inside a transaction block",
	"STATEMENT_OBJECT_OWNER_CHECK":                        "no rule: object ownership needs a live database",
	"STATEMENT_SELECT_NO_SELECT_ALL":                      "no rule for SELECT * yet",
	"STATEMENT_WHERE_DISALLOW_FUNCTIONS_AND_CALCULATIONS": "no rule for functions in WHERE yet",
	"STATEMENT_WHERE_NO_LEADING_WILDCARD_LIKE":            "no rule for LIKE '%…' yet",
	"STATEMENT_WHERE_REQUIRE_SELECT":                      "no rule for SELECT without WHERE yet",
	"SYSTEM_CHARSET_ALLOWLIST":                            "no encoding allow-list rule yet",
	"SYSTEM_COLLATION_ALLOWLIST":                          "no collation allow-list rule yet",
	"SYSTEM_COMMENT_LENGTH":                               "no comment-length rule yet",
	"TABLE_COMMENT":                                       "no rule for table comments yet",
	"TABLE_DISALLOW_PARTITION":                            "no rule disallowing partitioned tables yet",
	"TABLE_DROP_NAMING_CONVENTION":                        "no rule for drop naming conventions yet",
	"TABLE_NO_FOREIGN_KEY":                                "no rule disallowing foreign keys yet",
}

// bytebaseCase is one element of an advisor-pg-test/*.yaml file.
type bytebaseCase struct {
	Statement string `yaml:"statement"`
	Want      []struct {
		Title         string `yaml:"title"`
		StartPosition struct {
			Line int `yaml:"line"`
		} `yaml:"startposition"`
	} `yaml:"want"`
}

// TestBytebaseConformance runs each rule that answers to a Bytebase enum on
// Bytebase's own cases for that enum, alone and with Bytebase's payload, and
// compares the lines of the findings.
func TestBytebaseConformance(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(bytebaseCorpus, "*.yaml"))
	if err == nil && len(paths) == 0 {
		err = fs.ErrNotExist
	}
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the shared corpus is required: no %s/*.yaml (it lives in /work/shared/corpus/bytebase-pg-advisor, see its README)", bytebaseCorpus)
	}
	if err != nil {
		t.Fatal(err)
	}
	live, orphans := map[string]bool{}, map[string]bool{}
	ran := 0
	for _, path := range paths {
		file := filepath.Base(path)
		if _, ok := bytebaseOrphans[file]; ok {
			orphans[file] = true
			continue
		}
		// The file name is the enum lower-cased with "." and "-" turned to
		// "_"; enums hold neither, so upper-casing gives the enum back.
		enum := strings.ToUpper(strings.TrimSuffix(file, ".yaml"))
		live[enum] = true
		cases := readBytebaseCases(t, path)
		for i, c := range cases {
			for _, w := range c.Want {
				if w.Title != enum {
					t.Errorf("%s case %d: want title %q is not the file's enum %s", file, i, w.Title, enum)
				}
			}
		}
		r := all.Lookup(enum)
		reason, listed := notYetCovered[enum]
		switch {
		case r == nil && !listed:
			t.Errorf("%s: no rule answers to %s; alias one with Bytebase's semantics, or list it in notYetCovered with the reason", file, enum)
			continue
		case r == nil:
			continue
		case listed:
			t.Errorf("%s: %s now resolves to %s; remove it from notYetCovered (%q)", file, enum, r.Name, reason)
		}
		ran++
		t.Run(file, func(t *testing.T) { runBytebaseFile(t, r, enum, cases) })
	}
	for enum := range notYetCovered {
		if !live[enum] {
			t.Errorf("notYetCovered lists %s, which no live corpus file tests", enum)
		}
	}
	for file := range bytebaseOrphans {
		if !orphans[file] {
			t.Errorf("bytebaseOrphans lists %s, which the corpus does not hold", file)
		}
	}
	if ran == 0 {
		t.Error("no Bytebase enum resolves to a rule of ours")
	}
}

func readBytebaseCases(t *testing.T, path string) []bytebaseCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []bytebaseCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return cases
}

func runBytebaseFile(t *testing.T, r *rules.Rule, enum string, cases []bytebaseCase) {
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{r.Name}
	cfg.Rules.Severity = map[string]string{}
	cfg.Rules.Settings = map[string]map[string]any{}
	if p := bytebasePayloads[enum]; p != nil {
		cfg.Rules.Settings[r.Name] = p
	}
	l, err := NewLinter(cfg, Overrides{})
	if err != nil {
		t.Fatalf("%s → %s with Bytebase's payload %v: %v", enum, r.Name, bytebasePayloads[enum], err)
	}
	for i, c := range cases {
		t.Run(fmt.Sprintf("case%d", i), func(t *testing.T) {
			cat := catalog.New()
			cat.ApplyFile(source.ParseText("setup.sql", bytebaseMockCatalog))
			var got []int
			for _, fd := range l.Lint(source.ParseText("case.sql", c.Statement), cat, "case.sql") {
				if fd.Rule.Category == rules.Meta {
					t.Errorf("%d:%d: %s: %s", fd.Start.Line, fd.Start.Column, fd.Rule.Name, fd.Message)
					continue
				}
				got = append(got, fd.Start.Line)
			}
			var want []int
			for _, w := range c.Want {
				want = append(want, w.StartPosition.Line)
			}
			if !sameLines(got, want) {
				t.Errorf("\n%s\nfinding lines %v, Bytebase expects %v", c.Statement, got, want)
			}
		})
	}
}

// sameLines compares finding lines as multisets. Bytebase's lines are
// 1-based (the second line of a statement is 2). A 0 is not a 0-based
// line but advice Bytebase gives without a position (SYSTEM_CHARSET_ALLOWLIST
// on CREATE DATABASE), so a finding on any line answers it.
func sameLines(got, want []int) bool {
	got, want = slices.Clone(got), slices.Clone(want)
	sort.Ints(got)
	sort.Ints(want)
	unplaced := 0
	for len(want) > 0 && want[0] == 0 {
		want, unplaced = want[1:], unplaced+1
	}
	var rest []int
	for _, g := range got {
		if i := slices.Index(want, g); i >= 0 {
			want = slices.Delete(want, i, i+1)
		} else {
			rest = append(rest, g)
		}
	}
	return len(want) == 0 && len(rest) == unplaced
}
