package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestInitFromConverted runs `init --from-…` end to end: the file written
// is the conversion (byte for byte the golden next to the source), the
// items not converted are one line each on standard error, the summary on
// standard output, and `config verify` accepts the result. A second init
// refuses to overwrite it; --force does.
func TestInitFromConverted(t *testing.T) {
	for _, c := range []struct {
		flag, file, stdout string
		stderr             []string
	}{
		{"--from-bytebase", "bytebase-template.yaml", "wrote .sqlreview.yaml (9 rules enabled, 0 disabled, 1 items not converted)\n", []string{
			`SYSTEM_CHARSET_ALLOWLIST: payload {"list":["utf8mb4"]}: the template allows only utf8mb4, a MySQL character set; sqlreview's default list (UTF8) is used`}},
		{"--from-bytebase", "bytebase-legacy-policy.json", "wrote .sqlreview.yaml (5 rules enabled, 1 disabled, 2 items not converted)\n", []string{
			`index.key-number-limit: payload field "unit" has no sqlreview setting (index-key-number-limit has number)`,
			`statement.disallow-order-by (WARNING): no sqlreview rule implements statement.disallow-order-by`}},
		{"--from-bytebase", "bytebase-hostile.json", "wrote .sqlreview.yaml (0 rules enabled, 0 disabled, 3 items not converted)\n", []string{
			`bad	type #\x23[error]x\u202e\x1b[31m line2 line3 (ERROR): no sqlreview rule implements bad	type #\x23[error]x\u202e\x1b[31m line2 line3`,
			`é #\x23vso[task]: payload is not a JSON object: "{not json"`,
			`é #\x23vso[task] (WARNING): no sqlreview rule implements é #\x23vso[task]`}},
		{"--from-squawk", "squawk.toml", "wrote .sqlreview.yaml (44 rules enabled, 2 disabled, 2 items not converted)\n", []string{
			`excluded_rules: "no-such-rule": no sqlreview rule answers to this name`,
			`upload_to_github.fail_on_violations = true: sqlreview fails a run through fail-on (set to warning here) and reports to GitHub with --format github or sarif`}},
		{"--from-squawk", "squawk-features.toml", "wrote .sqlreview.yaml (43 rules enabled, 3 disabled, 1 items not converted)\n", []string{
			`upload_to_github.fail_on_violations = true: sqlreview fails a run through fail-on (set to warning here) and reports to GitHub with --format github or sarif`}},
	} {
		src, err := filepath.Abs(filepath.Join("..", "..", "testdata", "convert", c.file))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		code, out, errOut := runCLI(t, dir, "", "init", c.flag, src)
		var wantErr string
		for _, l := range c.stderr {
			wantErr += "sqlreview: not converted: " + l + "\n"
		}
		if code != 0 || out != c.stdout || errOut != wantErr {
			t.Errorf("init %s %s: exit %d\nstdout %q\nstderr %q\nwant stdout %q\nstderr %q", c.flag, c.file, code, out, errOut, c.stdout, wantErr)
		}
		written, _ := os.ReadFile(filepath.Join(dir, ".sqlreview.yaml"))
		if golden, err := os.ReadFile(src + ".golden"); err != nil || string(written) != string(golden) {
			t.Errorf("init %s %s wrote other than %s.golden (%v):\n%s", c.flag, c.file, c.file, err, written)
		}
		if code, out, errOut := runCLI(t, dir, "", "config", "verify"); code != 0 {
			t.Errorf("config verify of the converted %s: %d %q %q", c.file, code, out, errOut)
		}
		if code, _, errOut := runCLI(t, dir, "", "init", c.flag, src); code != exitError || errOut != "sqlreview: init: .sqlreview.yaml already exists; use --force to overwrite it\n" {
			t.Errorf("second init without --force: %d %q", code, errOut)
		}
		if code, _, errOut := runCLI(t, dir, "", "init", "--force", c.flag, src); code != 0 || errOut != wantErr {
			t.Errorf("init --force: %d %q", code, errOut)
		}
	}
}

// TestInitFromErrors: a source that cannot be converted is one line naming
// the file (and the line, for TOML), exit 2, and no file written.
func TestInitFromErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return name
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from-bytebase", write("a.yaml", "title: x\n")}, "a.yaml: no rule list found (expected ruleList, rules or reviewConfigs, each rule with type, level and payload)"},
		{[]string{"--from-bytebase", write("b.json", `{"reviewConfigs": [{"title": "a", "rules": []}, {"title": "b", "rules": []}]}`)}, "b.json: holds 2 review configs (a, b); export one of them"},
		{[]string{"--from-bytebase", write("e.yaml", "ruleList: [\n  {type: x\n")}, "e.yaml: not YAML or JSON: yaml: line 1: did not find expected ',' or '}'"},
		{[]string{"--from-squawk", write("c.toml", "excluded_rules = [\n  'ban-drop-column'\n  'renaming-column',\n]\n")}, `c.toml:3: not valid TOML: expected a comma (',') or array terminator (']'), but got '''`},
		{[]string{"--from-squawk", write("d.toml", "pg_version = \"13\"\npg_version = \"14\"\n")}, "d.toml:2: not valid TOML: Key 'pg_version' has already been defined."},
		{[]string{"--from-squawk", "missing.toml"}, "cannot read missing.toml: no such file or directory"},
		{[]string{"--from-squawk", "x", "--from-bytebase", "y"}, "give --from-bytebase or --from-squawk, not both"},
	} {
		code, _, errOut := runCLI(t, dir, "", append([]string{"init"}, c.args...)...)
		if want := "sqlreview: init: " + c.want + "\n"; code != exitError || errOut != want {
			t.Errorf("init %v: exit %d %q, want %q", c.args, code, errOut, want)
		}
		if _, err := os.Stat(filepath.Join(dir, ".sqlreview.yaml")); err == nil {
			t.Fatalf("init %v wrote a config despite the error", c.args)
		}
	}
}
