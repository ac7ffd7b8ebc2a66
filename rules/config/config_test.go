package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sameSettings compares two configs ignoring where they came from.
func sameSettings(a, b *Config) bool {
	x, y := *a, *b
	x.Path, x.Dir, x.lines = "", "", nil
	y.Path, y.Dir, y.lines = "", "", nil
	return reflect.DeepEqual(x, y)
}

func mustParse(t *testing.T, src string) *Config {
	t.Helper()
	c, err := Parse(".sqlreview.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

func TestEmptyInputIsDefault(t *testing.T) {
	for _, src := range []string{"", "\n\n", "# only a comment\n", "---\n", "~\n", "null\n", "---\n...\n", "\ufeff"} {
		c := mustParse(t, src)
		if !sameSettings(c, Default()) {
			t.Errorf("Parse(%q) = %+v, want Default()", src, c)
		}
	}
}

func TestDefaultYAMLRoundTrip(t *testing.T) {
	c := mustParse(t, DefaultYAML())
	if !sameSettings(c, Default()) {
		t.Errorf("Parse(DefaultYAML()) =\n%+v\nwant Default() =\n%+v", c, Default())
	}
	if err := c.Validate(testResolver, testRuleNames); err != nil {
		t.Errorf("DefaultYAML does not validate: %v", err)
	}
	// Every key of the schema appears in the template, each with a comment.
	for _, key := range []string{
		"postgres:", "version:", "files:", "include:", "exclude:", "rules:", "default:", "enable:",
		"disable:", "severity:", "settings:", "exclusions:", "fail-on:", "migrations:", "dir:",
		"out-of-order:", "drift:", "environments:", "state:", "url:", "rollout:", "lock-timeout:",
		"statement-timeout:", "retries:", "lease:", "notify:", "webhooks:", "output:", "lint:", "catalog:",
	} {
		found := false
		for _, line := range strings.Split(DefaultYAML(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), key) {
				found = true
				if !strings.Contains(line, "#") && !strings.HasSuffix(line, ":") {
					t.Errorf("line %q has no comment", line)
				}
			}
		}
		if !found {
			t.Errorf("DefaultYAML has no %q line", key)
		}
	}
}

func TestDefaultIsFresh(t *testing.T) {
	a := Default()
	a.Files.Include[0] = "changed"
	a.Rules.Severity["x"] = "off"
	if b := Default(); b.Files.Include[0] != "**/*.sql" || len(b.Rules.Severity) != 0 {
		t.Errorf("Default() shares state between calls")
	}
}

const fullConfig = `postgres:
  version: 14
files:
  include: ["db/**/*.sql"]
  exclude: ["db/vendor/**"]
rules:
  default: all
  enable: [ban-drop-column]
  disable: ["SR101"]
  severity:
    ban-drop-column: warning
  settings:
    prefer-bigint-over-int:
      tables: [a, b]
      strict: true
      limit: 3
    ban-drop-column:
exclusions:
  - paths: ["db/legacy/**"]
    rules: [ban-drop-column, index.create-concurrently]
fail-on: warning
migrations:
  dir: db/migrations
  out-of-order: allow
  drift: warn
environments:
  - name: staging
    targets:
      - {name: main, url: "${STAGING_URL}"}
  - name: prod
    approval: required
    concurrency: 4
    max-failures: 1
    canary: 2
    targets-from: {command: "list-dbs prod", file: dbs.txt}
state: {url: "postgres://${STATE_USER}@state/db"}
rollout: {lock-timeout: 5s, statement-timeout: 10min, retries: 0}
notify: {webhooks: ["https://hooks.example/x"]}
output:
  - {format: sarif, file: out.sarif}
lint: {catalog: schema.sql}
`

func TestParseFullConfig(t *testing.T) {
	c, err := Parse("repo/.sqlreview.yaml", []byte(fullConfig))
	if err != nil {
		t.Fatal(err)
	}
	// Path stays as named, for messages; Dir is absolute, so paths can be
	// made relative to it.
	cwd, _ := os.Getwd()
	want := &Config{
		Path:     "repo/.sqlreview.yaml",
		Dir:      filepath.Join(cwd, "repo"),
		Postgres: Postgres{Version: 14},
		Files:    Files{Include: []string{"db/**/*.sql"}, Exclude: []string{"db/vendor/**"}, MaxSize: "64MB"},
		Rules: Rules{
			Default:  "all",
			Enable:   []string{"ban-drop-column"},
			Disable:  []string{"SR101"},
			Severity: map[string]string{"ban-drop-column": "warning"},
			Settings: map[string]map[string]any{
				"prefer-bigint-over-int": {"tables": []any{"a", "b"}, "strict": true, "limit": 3},
				"ban-drop-column":        {},
			},
		},
		Exclusions: []Exclusion{{Paths: []string{"db/legacy/**"}, Rules: []string{"ban-drop-column", "index.create-concurrently"}}},
		FailOn:     "warning",
		Migrations: Migrations{Dir: "db/migrations", OutOfOrder: "allow", Drift: "warn", HistorySchema: "sqlreview"},
		Environments: []Environment{
			{Name: "staging", Targets: []Target{{Name: "main", URL: "${STAGING_URL}"}}},
			{Name: "prod", Approval: Approval{Mode: "required"}, Concurrency: 4, MaxFailures: 1, Canary: 2,
				TargetsFrom: &TargetsFrom{Command: "list-dbs prod", File: "dbs.txt"}},
		},
		State:   State{URL: "postgres://${STATE_USER}@state/db"},
		Rollout: Rollout{LockTimeout: "5s", StatementTimeout: "10min", Retries: 0, Lease: "30s"},
		Notify:  Notify{Webhooks: []string{"https://hooks.example/x"}},
		Output:  []Output{{Format: "sarif", File: "out.sarif"}},
		Lint:    Lint{Catalog: "schema.sql"},
		Risk:    Risk{Builtin: true, Rules: []RiskRule{}},
	}
	c.lines = nil
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", c, want)
	}
	c.lines = map[string]int{}
	if err := c.Validate(testResolver, testRuleNames); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestMissingKeysKeepDefaults(t *testing.T) {
	c := mustParse(t, "rules:\n  enable: [ban-drop-column]\nrollout:\n  retries: 2\nfiles:\n")
	want := Default()
	want.Rules.Enable = []string{"ban-drop-column"}
	want.Rollout.Retries = 2
	if !sameSettings(c, want) {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
}

func TestAnchorsAndMergeKeys(t *testing.T) {
	src := `environments:
  - &base
    name: staging
    concurrency: 2
    targets: &t [{name: a, url: x}]
  - <<: *base
    name: prod
    targets: *t
rules:
  enable: &list [ban-drop-column]
  disable: []
exclusions:
  - {paths: ["a/**"], rules: *list}
`
	c := mustParse(t, src)
	if got := c.Environments[1]; got.Name != "prod" || got.Concurrency != 2 || len(got.Targets) != 1 || got.Targets[0].URL != "x" {
		t.Errorf("merged environment = %+v", got)
	}
	if got := c.Exclusions[0].Rules; !reflect.DeepEqual(got, []string{"ban-drop-column"}) {
		t.Errorf("aliased rules = %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown top-level key", "postgres:\n  version: 16\n\nfial-on: error\n",
			`.sqlreview.yaml:4: unknown key "fial-on" (did you mean "fail-on"?)`},
		{"unknown key case and underscore", "FAIL_ON: error\n",
			`.sqlreview.yaml:1: unknown key "FAIL_ON" (did you mean "fail-on"?)`},
		{"unknown nested key", "rules:\n  default: all\n  enabel: [x]\n",
			`.sqlreview.yaml:3: unknown key "enabel" in rules (did you mean "enable"?)`},
		{"unknown key in list item", "exclusions:\n  - paths: [a]\n    rule: [x]\n",
			`.sqlreview.yaml:3: unknown key "rule" in exclusions[0] (did you mean "rules"?)`},
		{"unknown key in target", "environments:\n  - name: p\n    targets:\n      - {name: a, uri: x}\n",
			`.sqlreview.yaml:4: unknown key "uri" in environments[0].targets[0] (did you mean "url"?)`},
		{"unknown key no suggestion", "colour: blue\n",
			`.sqlreview.yaml:1: unknown key "colour" (valid keys: postgres, files, rules, exclusions, fail-on, migrations, environments, state, rollout, notify, output, lint, groups, signing, risk)`},
		{"unknown nested key no suggestion", "rollout:\n  parallel: 3\n",
			`.sqlreview.yaml:2: unknown key "parallel" in rollout (valid keys: lock-timeout, statement-timeout, retries, lease)`},
		{"version as word", "postgres:\n  version: \"sixteen\"\n",
			`.sqlreview.yaml:2: postgres.version: expected 9.6, 10 or an integer 11–18, got "sixteen"`},
		{"version as float", "postgres:\n  version: 9.5\n",
			`.sqlreview.yaml:2: postgres.version: expected 9.6, 10 or an integer 11–18, got 9.5`},
		{"version overflow", "postgres: {version: 99999999999999999999}\n",
			`.sqlreview.yaml:1: postgres.version: expected 9.6, 10 or an integer 11–18, got 99999999999999999999`},
		{"quoted number is not an integer", "rollout:\n  retries: \"5\"\n",
			`.sqlreview.yaml:2: rollout.retries: expected an integer, got "5"`},
		{"list expected", "rules:\n  enable: ban-drop-column\n",
			`.sqlreview.yaml:2: rules.enable: expected a list of rule names, got "ban-drop-column"`},
		{"string expected in list", "files:\n  include:\n    - a\n    - {b: c}\n",
			`.sqlreview.yaml:4: files.include[1]: expected a string, got a mapping`},
		{"mapping expected", "rules: [a]\n",
			`.sqlreview.yaml:1: rules: expected a mapping, got a list`},
		{"severity value type", "rules:\n  severity:\n    x: [1]\n",
			`.sqlreview.yaml:3: rules.severity.x: expected a string, got a list`},
		{"settings not a map", "rules:\n  severity: [a]\n",
			`.sqlreview.yaml:2: rules.severity: expected a mapping of rule: severity, got a list`},
		{"top level list", "- a\n- b\n",
			`.sqlreview.yaml:1: expected a mapping of settings, got a list`},
		{"top level text", "just some words\n",
			`.sqlreview.yaml:1: expected a mapping of settings, got "just some words"`},
		{"duplicate key", "fail-on: error\nrules: {}\nfail-on: warning\n",
			`.sqlreview.yaml:3: duplicate key "fail-on" (first at line 1)`},
		{"duplicate nested key", "rules:\n  severity:\n    a: off\n    a: error\n",
			`.sqlreview.yaml:4: duplicate key "rules.severity.a" (first at line 3)`},
		{"non-scalar key", "? [a]\n: b\n",
			`.sqlreview.yaml:1: expected a key name, got a list`},
		{"syntax error", "rules:\n  enable: [a, b\nfail-on: error\n",
			`.sqlreview.yaml:2: invalid YAML: did not find expected ',' or ']'`},
		{"bad indentation", "rules:\n  enable: []\n disable: []\n",
			`.sqlreview.yaml:3: invalid YAML: did not find expected key`},
		{"scanner error on line 1", "\tfail-on: error\n",
			`.sqlreview.yaml:1: invalid YAML: found character that cannot start any token`},
		{"parser error on line 1", "]\n",
			`.sqlreview.yaml:1: invalid YAML: did not find expected node content`},
		{"scanner error later", "fail-on: error\nrules: {enable: [a]}\nx: 'unterminated\n",
			`.sqlreview.yaml:3: invalid YAML: found unexpected end of stream`},
		{"two documents", "fail-on: error\n---\nfail-on: info\n",
			`.sqlreview.yaml:2: a second YAML document; the config file holds exactly one`},
		{"self-referencing alias in settings", "rules:\n  settings:\n    x: {y: &a [*a]}\n",
			`.sqlreview.yaml:3: rules.settings.x.y: anchor 'a' value contains itself`},
		{"merge of a scalar", "<<: 3\n",
			`.sqlreview.yaml:1: merge key (<<) expects a mapping or a list of mappings, got 3`},
		{"self-merge", "rules: &r\n  <<: *r\n",
			`.sqlreview.yaml:2: merge key (<<) includes the mapping that holds it`},
		{"NUL bytes", "fail-on: error\nx\x00y\n",
			`.sqlreview.yaml:2: not a text file: contains NUL bytes (the config must be UTF-8 YAML)`},
		{"invalid UTF-8", "\xff\xfe\x00\x00",
			`.sqlreview.yaml:1: not a text file: invalid UTF-8 (the config must be UTF-8 YAML)`},
		{"control character", "fail-on: error\n\n\x1b[31m\n",
			`.sqlreview.yaml:3: control character U+001B is not allowed in YAML`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(".sqlreview.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", c)
			}
			if c != nil {
				t.Errorf("Parse returned a config with its error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", got, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err.Error())
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.Path != ".sqlreview.yaml" {
				t.Errorf("error is not a *config.Error naming the file: %#v", err)
			}
		})
	}
}

func TestBinaryInput(t *testing.T) {
	inputs := [][]byte{
		{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d},
		{0x7f, 'E', 'L', 'F', 2, 1, 1, 0},
		{0x1f, 0x8b, 0x08, 0x00},
		[]byte("\xfe\xff\x00f\x00a"), // UTF-16
		[]byte("PK\x03\x04\x14\x00"),
	}
	for _, in := range inputs {
		c, err := Parse("cfg.yaml", in)
		if err == nil || c != nil {
			t.Errorf("Parse(%q) = %v, %v; want an error", in, c, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "cfg.yaml:") || strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q) error %q is not one line naming the file", in, err)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, ".sqlreview.yaml")
	if err := os.WriteFile(p, []byte("fail-on: never\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn != "never" || c.Path != p || c.Dir != dir {
		t.Errorf("Load = FailOn %q Path %q Dir %q", c.FailOn, c.Path, c.Dir)
	}

	missing := filepath.Join(dir, "nope.yaml")
	_, err = Load(missing)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load(missing) = %v, want ErrNotExist", err)
	}
	if want := missing + ": cannot read config: no such file or directory"; err.Error() != want {
		t.Errorf("Load(missing) = %q, want %q", err, want)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p string) {
		t.Helper()
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Nothing up to the filesystem root (assuming the temp dir's ancestors
	// hold no config, which is checked first).
	if above, _ := Find(filepath.Dir(root)); above != "" {
		t.Skipf("a config above the temp dir (%s) hides the empty case", above)
	}
	if got, err := Find(deep); got != "" || err != nil {
		t.Errorf("Find with no config = %q, %v", got, err)
	}

	ymlPath := filepath.Join(root, "a", ".sqlreview.yml")
	write(ymlPath)
	if got, err := Find(deep); got != ymlPath || err != nil {
		t.Errorf("Find = %q, %v; want %q", got, err, ymlPath)
	}

	// A nearer file wins.
	nearer := filepath.Join(root, "a", "b", ".sqlreview.yaml")
	write(nearer)
	if got, err := Find(deep); got != nearer || err != nil {
		t.Errorf("Find = %q, %v; want %q", got, err, nearer)
	}
	if got, err := Find(filepath.Join(root, "a", "b")); got != nearer || err != nil {
		t.Errorf("Find(start dir holding it) = %q, %v; want %q", got, err, nearer)
	}

	// A directory with the config's name is not a config.
	if err := os.Mkdir(filepath.Join(deep, ".sqlreview.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); got != nearer || err != nil {
		t.Errorf("Find past a directory named .sqlreview.yaml = %q, %v; want %q", got, err, nearer)
	}

	// Both spellings in one directory are ambiguous.
	write(filepath.Join(root, "a", ".sqlreview.yaml"))
	_, err := Find(filepath.Join(root, "a"))
	want := filepath.Join(root, "a") + ": both .sqlreview.yaml and .sqlreview.yml exist; keep one"
	if err == nil || err.Error() != want {
		t.Errorf("Find with both = %v, want %q", err, want)
	}

	// A relative start directory works too.
	wd, _ := os.Getwd()
	t.Cleanup(func() { _ = os.Chdir(wd) })
	if err := os.Chdir(deep); err != nil {
		t.Fatal(err)
	}
	if got, err := Find("."); got != nearer || err != nil {
		t.Errorf("Find(\".\") = %q, %v; want %q", got, err, nearer)
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Path: "a.yaml", Line: 3, Msg: "m"}, "a.yaml:3: m"},
		{Error{Path: "a.yaml", Msg: "m"}, "a.yaml: m"},
		{Error{Msg: "m"}, "m"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%#v.Error() = %q, want %q", tt.e, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(DefaultYAML()))
	f.Add([]byte(fullConfig))
	f.Add([]byte("fial-on: error\n"))
	f.Add([]byte("rules: &r {<<: *r}\n"))
	f.Add([]byte("a: &a [*a]\nrules: {settings: {x: {y: *a}}}\n"))
	f.Add([]byte("\x00\xff"))
	f.Add([]byte("environments: [{targets: [{name: a}], targets-from: {}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.yaml", data)
		if (c == nil) == (err == nil) {
			t.Fatalf("Parse returned config %v and error %v", c, err)
		}
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "f.yaml") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q is not one line naming the file", msg)
			}
			return
		}
		_ = c.Validate(testResolver, testRuleNames)
		c.Matches("a/b.sql")
		c.Excluded("a/b.sql", "ban-drop-column", testResolver)
	})
}
