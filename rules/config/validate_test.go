package config

import (
	"strings"
	"testing"
)

// testRuleNames and testResolver stand in for the rule registry.
var testRuleNames = []string{
	"ban-drop-column",
	"prefer-bigint-over-int",
	"require-concurrent-index-creation",
}

func testResolver(name string) (string, bool) {
	switch name {
	case "ban-drop-column", "SR201", "column.no-drop":
		return "ban-drop-column", true
	case "prefer-bigint-over-int", "SR301":
		return "prefer-bigint-over-int", true
	case "require-concurrent-index-creation", "SR101", "index.create-concurrently", "INDEX_CREATE_CONCURRENTLY":
		return "require-concurrent-index-creation", true
	}
	return "", false
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"valid", "rules:\n  enable: [SR201, index.create-concurrently]\n  severity: {prefer-bigint-over-int: info}\n", ""},
		{"unknown rule in enable", "rules:\n  enable:\n    - SR101\n    - ban-drop-colum\n",
			`.sqlreview.yaml:4: unknown rule "ban-drop-colum" (did you mean "ban-drop-column"?)`},
		{"unknown rule in disable", "rules:\n  disable: [prefer-bigint-over-integer]\n",
			`.sqlreview.yaml:2: unknown rule "prefer-bigint-over-integer" (did you mean "prefer-bigint-over-int"?)`},
		{"unknown rule without suggestion", "rules:\n  disable: [no-such-thing]\n",
			`.sqlreview.yaml:2: unknown rule "no-such-thing"`},
		{"unknown rule in severity", "rules:\n  severity:\n    SR201: off\n    ban-drop-colunm: error\n",
			`.sqlreview.yaml:4: unknown rule "ban-drop-colunm" (did you mean "ban-drop-column"?)`},
		{"unknown rule in settings", "rules:\n  settings:\n    prefer-bigint:\n      x: 1\n",
			`.sqlreview.yaml:3: unknown rule "prefer-bigint" (did you mean "prefer-bigint-over-int"?)`},
		{"unknown rule in exclusions", "exclusions:\n  - paths: [legacy/**]\n    rules:\n      - SR201\n      - BAN_DROP_COLUMN\n",
			`.sqlreview.yaml:5: unknown rule "BAN_DROP_COLUMN" (did you mean "ban-drop-column"?)`},
		{"first problem in file order", "rules:\n  severity: {ban: error}\n  enable: [bann]\nfail-on: always\n",
			`.sqlreview.yaml:2: unknown rule "ban" (did you mean "ban-drop-column"?)`},
		{"bad severity", "rules:\n  severity:\n    ban-drop-column: eror\n",
			`.sqlreview.yaml:3: rules.severity.ban-drop-column: expected one of error, warning, info, off, got "eror" (did you mean "error"?)`},
		{"bad fail-on", "\nfail-on: always\n",
			`.sqlreview.yaml:2: fail-on: expected one of error, warning, info, never, got "always"`},
		{"bad fail-on typo", "fail-on: warn\n",
			`.sqlreview.yaml:1: fail-on: expected one of error, warning, info, never, got "warn" (did you mean "warning"?)`},
		{"bad default", "rules:\n  default: recomended\n",
			`.sqlreview.yaml:2: rules.default: expected one of recommended, all, none, bytebase-basic, bytebase-advanced, got "recomended" (did you mean "recommended"?)`},
		{"bad out-of-order", "migrations:\n  out-of-order: yes\n",
			`.sqlreview.yaml:2: migrations.out-of-order: expected one of deny, allow, got "yes"`},
		{"bad drift", "postgres: {version: 16}\nmigrations:\n  dir: db\n  drift: ignore\n",
			`.sqlreview.yaml:4: migrations.drift: expected one of refuse, warn, got "ignore"`},
		{"runner", "migrations:\n  runner: prisma\n", ""},
		{"assume-in-transaction", "migrations:\n  assume-in-transaction: true\n", ""},
		{"bad runner typo", "migrations:\n  runner: golang-migate\n",
			`.sqlreview.yaml:2: migrations.runner: expected one of sqlreview, psql, prisma, golang-migrate, goose, flyway, rails, django, sqlx, diesel, dbmate, popx, got "golang-migate" (did you mean "golang-migrate"?)`},
		{"bad runner", "migrations:\n  runner: liquibase\n",
			`.sqlreview.yaml:2: migrations.runner: expected one of sqlreview, psql, prisma, golang-migrate, goose, flyway, rails, django, sqlx, diesel, dbmate, popx, got "liquibase"`},
		{"runner and assume-in-transaction", "migrations:\n  runner: goose\n  assume-in-transaction: false\n",
			`.sqlreview.yaml:3: migrations.assume-in-transaction: set either it or migrations.runner, not both (the runner already says whether a file runs in a transaction)`},
		{"version 10", "postgres:\n  version: 10\n", ""},
		{"version 9.6", "postgres:\n  version: 9.6\n", ""},
		{"version too low", "postgres:\n  version: 8\n",
			`.sqlreview.yaml:2: postgres.version: expected 9.6, 10 or 11–18, got 8`},
		{"version too high", "postgres: {version: 19}\n",
			`.sqlreview.yaml:1: postgres.version: expected 9.6, 10 or 11–18, got 19`},
		{"bad include glob", "files:\n  include:\n    - \"**/*.sql\"\n    - \"db/[a-.sql\"\n",
			`.sqlreview.yaml:4: files.include[1]: invalid glob "db/[a-.sql"`},
		{"empty exclude glob", "files:\n  exclude: [\"\"]\n",
			`.sqlreview.yaml:2: files.exclude[0]: invalid glob ""`},
		{"bad exclusion glob", "exclusions:\n  - paths: [\"a/\\\\\"]\n    rules: [SR201]\n",
			`.sqlreview.yaml:2: exclusions[0].paths[0]: invalid glob "a/\\"`},
		{"exclusion without rules", "exclusions:\n  - paths: [a/**]\n",
			`.sqlreview.yaml:2: exclusions[0]: rules is empty (list the rules to silence, or use files.exclude to skip the files)`},
		{"exclusion without paths", "exclusions:\n  - rules: [SR201]\n",
			`.sqlreview.yaml:2: exclusions[0]: paths is empty (list the globs of the files these rules skip)`},
		{"enabled and disabled", "rules:\n  enable: [ban-drop-column]\n  disable: [SR201]\n",
			`.sqlreview.yaml:3: rule "ban-drop-column" is both enabled (line 2) and disabled`},
		{"two severities for one rule", "rules:\n  severity:\n    SR201: warning\n    column.no-drop: error\n",
			`.sqlreview.yaml:4: rules.severity: "SR201" and "column.no-drop" name the same rule "ban-drop-column"`},
		{"bad lock timeout", "rollout:\n  lock-timeout: soon\n",
			`.sqlreview.yaml:2: rollout.lock-timeout: expected a PostgreSQL duration such as "3s", "500ms" or "0", got "soon"`},
		{"bad statement timeout", "rollout:\n  statement-timeout: 5 minutes\n",
			`.sqlreview.yaml:2: rollout.statement-timeout: expected a PostgreSQL duration such as "3s", "500ms" or "0", got "5 minutes"`},
		{"negative retries", "rollout: {retries: -1}\n",
			`.sqlreview.yaml:1: rollout.retries: expected an integer ≥ 0, got -1`},
		{"bad lease", "rollout:\n  lease: 0s\n",
			`.sqlreview.yaml:2: rollout.lease: expected a positive duration such as "30s" or "2m", got "0s"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.src)
			err := c.Validate(testResolver, testRuleNames)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestValidateTimeouts(t *testing.T) {
	for _, ok := range []string{"0", "3s", "500ms", "1.5s", "10min", "2h", "1d", "250us", "100", "5 s"} {
		c := Default()
		c.Rollout.LockTimeout = ok
		if err := c.Validate(nil, nil); err != nil {
			t.Errorf("lock-timeout %q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "3m", "-1s", "s", "3 seconds", "1e3"} {
		c := Default()
		c.Rollout.LockTimeout = bad
		if err := c.Validate(nil, nil); err == nil {
			t.Errorf("lock-timeout %q accepted", bad)
		}
	}
}

func TestValidateHandBuilt(t *testing.T) {
	// A config built in code has no lines: messages drop them.
	c := Default()
	c.Rules.Enable = []string{"ban-drop-colum"}
	err := c.Validate(testResolver, testRuleNames)
	if want := `unknown rule "ban-drop-colum" (did you mean "ban-drop-column"?)`; err == nil || err.Error() != want {
		t.Errorf("Validate = %v, want %q", err, want)
	}
	if err := Default().Validate(testResolver, testRuleNames); err != nil {
		t.Errorf("Default().Validate = %v", err)
	}
	// Without a resolver, rule names are not checked.
	if err := c.Validate(nil, nil); err != nil {
		t.Errorf("Validate(nil) = %v", err)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"postgres", "files", "rules", "exclusions", "fail-on", "migrations"}
	tests := map[string]string{
		"fial-on":    "fail-on",
		"fail_on":    "fail-on",
		"FAILON":     "fail-on",
		"rule":       "rules",
		"postgresql": "postgres",
		"exclusion":  "exclusions",
		"migration":  "migrations",
		"colour":     "",
		"x":          "",
		"":           "",
		"fules":      "files", // ties go to the first candidate
	}
	for in, want := range tests {
		if got := Suggest(in, keys); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Suggest("anything", nil); got != "" {
		t.Errorf("Suggest with no candidates = %q", got)
	}
	if got := Suggest("ban-drop-colum", testRuleNames); got != "ban-drop-column" {
		t.Errorf("Suggest(ban-drop-colum) = %q", got)
	}
	if d := distance([]rune("fial"), []rune("fail")); d != 1 {
		t.Errorf("transposition distance = %d, want 1", d)
	}
	if d := distance([]rune(strings.Repeat("a", 5)), nil); d != 5 {
		t.Errorf("distance to empty = %d, want 5", d)
	}
}

func TestValidateEnvironments(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"approval", "environments:\n  - name: prod\n    approval: yes\n", `.sqlreview.yaml:3: environments[0].approval: expected one of none, required, got "yes"`},
		{"duplicate", "environments:\n  - name: a\n  - name: a\n", `.sqlreview.yaml:3: environments[1].name: "a" is already an environment; names must be unique`},
		{"negative", "environments:\n  - name: a\n    concurrency: -1\n", `.sqlreview.yaml:3: environments[0].concurrency: expected an integer ≥ 0, got -1`},
		{"webhook", "notify:\n  webhooks: [\"ftp://x\"]\n", `.sqlreview.yaml:2: notify.webhooks[0]: expected an http:// or https:// URL`},
		{"ok", "environments:\n  - name: prod\n    approval: required\n    targets: [{name: a, url: \"${A}\"}]\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(".sqlreview.yaml", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if err := c.Validate(nil, nil); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
