package convert

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/convert")

// fixture returns the path of a file in testdata/convert.
func fixture(name string) string { return filepath.Join("..", "..", "..", "testdata", "convert", name) }

// convertFile converts a file of testdata/convert and returns the loaded
// config, the file text and the items not converted.
func convertFile(t *testing.T, conv func([]byte, string) (*Result, error), file string) (*config.Config, string, []string) {
	t.Helper()
	data, err := os.ReadFile(fixture(file))
	if err != nil {
		t.Fatal(err)
	}
	res, err := conv(data, file)
	if err != nil {
		t.Fatalf("convert %s: %v", file, err)
	}
	cfg, err := config.Parse(config.FileNames[0], []byte(res.Text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg, res.Text, res.NotConverted
}

// enabledRules resolves which rules run, at which severity, with which
// settings, as `check` would.
func enabledRules(t *testing.T, cfg *config.Config) *engine.Linter {
	t.Helper()
	l, err := engine.NewLinter(cfg, engine.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// notConverted checks that the items not converted are exactly those
// starting with items, in order, each also a comment of the file.
func notConverted(t *testing.T, text string, notes []string, items ...string) {
	t.Helper()
	for i, it := range items {
		if i >= len(notes) || !strings.HasPrefix(notes[i], it) {
			t.Errorf("item %d not converted does not start with %q: %q", i, it, notes)
		}
		if !strings.Contains(text, "#   - "+it) {
			t.Errorf("the file does not list %q:\n%s", it, text)
		}
	}
	if n, m := len(notes), len(items); n != m {
		t.Errorf("%d items not converted, want %d: %q", n, m, notes)
	}
}

func TestBytebaseTemplate(t *testing.T) {
	cfg, text, notes := convertFile(t, Bytebase, "bytebase-template.yaml")
	notConverted(t, text, notes,
		`SYSTEM_CHARSET_ALLOWLIST: payload {"list":["utf8mb4"]}`)
	if !strings.Contains(text, "# Ignored: 3 rules for other engines (MYSQL 2, ORACLE 1).") {
		t.Errorf("no summary of the other engines' rules:\n%s", text)
	}
	l := enabledRules(t, cfg)
	want := map[string]rules.Severity{
		"TABLE_REQUIRE_PK": rules.Error, "TABLE_DROP_NAMING_CONVENTION": rules.Error, "NAMING_TABLE": rules.Warning,
		"NAMING_INDEX_FK": rules.Warning, "COLUMN_REQUIRED": rules.Warning, "COLUMN_COMMENT": rules.Error,
		"SYSTEM_CHARSET_ALLOWLIST": rules.Error, "INDEX_CREATE_CONCURRENTLY": rules.Warning,
		"STATEMENT_MAXIMUM_LIMIT_VALUE": rules.Warning,
	}
	checkEnabled(t, l, want)
	checkSetting(t, cfg, "STATEMENT_MAXIMUM_LIMIT_VALUE", "number", 1000)
	checkSetting(t, cfg, "NAMING_TABLE", "maxLength", 63)
	checkSetting(t, cfg, "TABLE_DROP_NAMING_CONVENTION", "format", "_del$")
	checkSetting(t, cfg, "COLUMN_REQUIRED", "list", []any{"id", "created_ts"})
	checkSetting(t, cfg, "NAMING_INDEX_FK", "format", "^$|^fk_{{referencing_table}}_{{referencing_column}}_{{referenced_table}}_{{referenced_column}}$")
	if _, ok := cfg.Rules.Settings["encoding-allowlist"]; ok {
		t.Error("the MySQL charset list must not reach encoding-allowlist")
	}
}

func TestBytebaseReviewConfig(t *testing.T) {
	cfg, text, notes := convertFile(t, Bytebase, "bytebase-review-config.json")
	notConverted(t, text, notes, "NAMING_IDENTIFIER_CASE (WARNING): no sqlreview rule implements")
	if !strings.Contains(text, `"Prod review"`) {
		t.Errorf("the policy title is not named:\n%s", text)
	}
	checkEnabled(t, enabledRules(t, cfg), map[string]rules.Severity{
		"NAMING_COLUMN": rules.Warning, "INDEX_KEY_NUMBER_LIMIT": rules.Error, "COLUMN_TYPE_DISALLOW_LIST": rules.Warning,
		"TABLE_COMMENT": rules.Warning, "STATEMENT_WHERE_REQUIRE_UPDATE_DELETE": rules.Error,
	})
	checkSetting(t, cfg, "NAMING_COLUMN", "maxLength", 30)
	checkSetting(t, cfg, "INDEX_KEY_NUMBER_LIMIT", "number", 3)
	checkSetting(t, cfg, "COLUMN_TYPE_DISALLOW_LIST", "list", []any{"JSON", "MONEY"})
	checkSetting(t, cfg, "TABLE_COMMENT", "required", false)
}

func TestBytebaseLegacyPolicy(t *testing.T) {
	cfg, text, notes := convertFile(t, Bytebase, "bytebase-legacy-policy.json")
	notConverted(t, text, notes,
		`index.key-number-limit: payload field "unit" has no sqlreview setting`,
		"statement.disallow-order-by (WARNING): no sqlreview rule implements")
	l := enabledRules(t, cfg)
	checkEnabled(t, l, map[string]rules.Severity{
		"naming.table": rules.Error, "column.required": rules.Warning, "index.key-number-limit": rules.Warning,
		"STATEMENT_WHERE_REQUIRE_SELECT": rules.Error, "STATEMENT_WHERE_REQUIRE_UPDATE_DELETE": rules.Error,
	})
	checkSetting(t, cfg, "column.required", "list", []any{"id", "created_at"})
	if !slices.Contains(cfg.Rules.Disable, "require-column-not-null") {
		t.Errorf("the DISABLED column.no-null is not in rules.disable: %v", cfg.Rules.Disable)
	}
}

func TestSquawk(t *testing.T) {
	cfg, text, notes := convertFile(t, Squawk, "squawk.toml")
	notConverted(t, text, notes,
		`excluded_rules: "no-such-rule": no sqlreview rule answers to this name`,
		"upload_to_github.fail_on_violations = true:")
	if a := cfg.Migrations.AssumeInTransaction; a == nil || !*a {
		t.Errorf("migrations.assume-in-transaction = %v, want true (assume_in_transaction = true)", a)
	}
	if cfg.Postgres.Version != 13 || cfg.FailOn != "warning" || cfg.Rules.Default != "none" {
		t.Errorf("version %d, fail-on %s, default %s", cfg.Postgres.Version, cfg.FailOn, cfg.Rules.Default)
	}
	if !reflect.DeepEqual(cfg.Files.Exclude, []string{"**/005_user_ids.sql", "legacy/*.sql"}) {
		t.Errorf("files.exclude = %v", cfg.Files.Exclude)
	}
	l := enabledRules(t, cfg)
	for name, on := range map[string]bool{
		"ban-drop-column": true, "adding-field-with-default": true, "require-table-schema": true,
		"require-lock-timeout": true, "require-statement-timeout": true,
		"require-concurrent-index-creation": false, "prefer-timestamptz": false,
	} {
		r := all.Lookup(name)
		if r == nil {
			t.Fatalf("%s resolves to no rule", name)
		}
		if l.Enabled(r) != on {
			t.Errorf("%s enabled = %v, want %v", name, l.Enabled(r), on)
		}
	}
}

func checkEnabled(t *testing.T, l *engine.Linter, want map[string]rules.Severity) {
	t.Helper()
	wanted := map[*rules.Rule]bool{}
	for name, sev := range want {
		r := all.Lookup(name)
		wanted[r] = true
		if !l.Enabled(r) || l.Severity(r) != sev {
			t.Errorf("%s: enabled %v, severity %v; want %v", name, l.Enabled(r), l.Severity(r), sev)
		}
	}
	for _, r := range all.Rules() {
		if l.Enabled(r) && !wanted[r] && r.Category != rules.Meta {
			t.Errorf("%s is enabled but not in the policy", r.Name)
		}
	}
}

func checkSetting(t *testing.T, cfg *config.Config, rule, key string, want any) {
	t.Helper()
	name, _ := all.Resolve(rule)
	if got := cfg.Rules.Settings[name][key]; !reflect.DeepEqual(got, want) {
		t.Errorf("%s.%s = %#v, want %#v", name, key, got, want)
	}
}

// TestGolden: each conversion is byte for byte the file next to its
// source in testdata/convert (refresh with -update and read the diff).
// bytebase-hostile.json carries control characters, a bidi override, CI
// command prefixes and newlines in rule types: they stay escaped on one
// comment line.
func TestGolden(t *testing.T) {
	for file, conv := range map[string]func([]byte, string) (*Result, error){
		"bytebase-template.yaml": Bytebase, "bytebase-review-config.json": Bytebase,
		"bytebase-legacy-policy.json": Bytebase, "bytebase-hostile.json": Bytebase,
		"squawk.toml": Squawk, "squawk-features.toml": Squawk,
	} {
		_, text, _ := convertFile(t, conv, file)
		golden := fixture(file + ".golden")
		if *update {
			if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%v; run go test -update and read the diff", err)
			continue
		}
		if text != string(want) {
			t.Errorf("%s: the conversion differs from %s:\n%s", file, golden, text)
		}
	}
}
