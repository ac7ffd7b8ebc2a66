package main

import (
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

// convertFile runs `init --from-… FILE` in a fresh directory and returns
// the loaded config, the file text and standard error.
func convertFile(t *testing.T, flag, file string) (*config.Config, string, string) {
	t.Helper()
	src, err := filepath.Abs(filepath.Join("..", "..", "testdata", "convert", file))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "", "init", flag, src)
	if code != 0 || !strings.Contains(out, "wrote .sqlreview.yaml") {
		t.Fatalf("init %s %s: exit %d %q %q", flag, file, code, out, errOut)
	}
	if code, out, errOut := runCLI(t, dir, "", "config", "verify"); code != 0 {
		t.Fatalf("config verify of the converted %s: %d %q %q", file, code, out, errOut)
	}
	path := filepath.Join(dir, ".sqlreview.yaml")
	text, _ := os.ReadFile(path)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, dir, "", "init", flag, src); code != exitError || !strings.Contains(errOut, "already exists") {
		t.Errorf("second init without --force: %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, dir, "", "init", "--force", flag, src); code != 0 {
		t.Errorf("init --force: %d %q", code, errOut)
	}
	return cfg, string(text), errOut
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

// notConverted checks that every item is both a YAML comment and a
// "not converted" line on standard error.
func notConverted(t *testing.T, text, stderr string, items ...string) {
	t.Helper()
	for _, it := range items {
		if !strings.Contains(stderr, "not converted: "+it) {
			t.Errorf("stderr lacks %q:\n%s", it, stderr)
		}
		if !strings.Contains(text, "#   - "+it) {
			t.Errorf("the file does not list %q:\n%s", it, text)
		}
	}
	if n, m := strings.Count(stderr, "not converted: "), len(items); n != m {
		t.Errorf("%d items not converted, want %d:\n%s", n, m, stderr)
	}
}

func TestInitFromBytebaseTemplate(t *testing.T) {
	cfg, text, stderr := convertFile(t, "--from-bytebase", "bytebase-template.yaml")
	notConverted(t, text, stderr,
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

func TestInitFromBytebaseReviewConfig(t *testing.T) {
	cfg, text, stderr := convertFile(t, "--from-bytebase", "bytebase-review-config.json")
	notConverted(t, text, stderr, "NAMING_IDENTIFIER_CASE (WARNING): no sqlreview rule implements")
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

func TestInitFromBytebaseLegacyPolicy(t *testing.T) {
	cfg, text, stderr := convertFile(t, "--from-bytebase", "bytebase-legacy-policy.json")
	notConverted(t, text, stderr,
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

func TestInitFromSquawk(t *testing.T) {
	cfg, text, stderr := convertFile(t, "--from-squawk", "squawk.toml")
	notConverted(t, text, stderr,
		`excluded_rules: "no-such-rule": no sqlreview rule answers to this name`,
		"assume_in_transaction = true:",
		"upload_to_github.fail_on_violations = true:")
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

func TestInitFromErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from-bytebase", write("a.yaml", "title: x\n")}, "no rule list found"},
		{[]string{"--from-bytebase", write("b.json", `{"reviewConfigs": [{"title": "a", "rules": []}, {"title": "b", "rules": []}]}`)}, "holds 2 review configs (a, b)"},
		{[]string{"--from-squawk", write("c.toml", "excluded_rules = { a = 1 }\n")}, "line 1: inline tables are not supported"},
		{[]string{"--from-squawk", write("d.toml", "pg_version = \"13\"\npg_version = \"14\"\n")}, "line 2: pg_version is set twice"},
		{[]string{"--from-squawk", filepath.Join(dir, "missing.toml")}, "cannot read"},
		{[]string{"--from-squawk", "x", "--from-bytebase", "y"}, "not both"},
	} {
		code, _, errOut := runCLI(t, dir, "", append([]string{"init"}, c.args...)...)
		if code != exitError || !strings.Contains(errOut, c.want) {
			t.Errorf("init %v: exit %d %q, want %q", c.args, code, errOut, c.want)
		}
		if _, err := os.Stat(filepath.Join(dir, ".sqlreview.yaml")); err == nil {
			t.Fatalf("init %v wrote a config despite the error", c.args)
		}
	}
}

func TestParseTOML(t *testing.T) {
	got, err := parseTOML("# c\na = \"x\\ty\" # c\nb = 'lit\\'\nc = [\n  1, 2.5, # c\n  true,\n]\n\"q k\".z = false\n[t]\nd = -3\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": "x\ty", "b": `lit\`, "c": []any{int64(1), 2.5, true}, "q k.z": false, "t.d": int64(-3)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	for _, bad := range []string{"a = \"\"\"x\"\"\"", "[[t]]", "a = 1979-05-27", "a = \"x", "a 1", "a = 1 b"} {
		if _, err := parseTOML(bad); err == nil {
			t.Errorf("%q parsed", bad)
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
