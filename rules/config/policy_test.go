package config

import (
	"testing"
)

// An environment's rules are validated like the top-level ones (did you
// mean, unknown rules by the resolver) and refuse what would loosen the
// top-level policy.
func TestValidateEnvironmentRules(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"ok", "environments:\n  - name: prod\n    rules:\n      default: bytebase-advanced\n      enable: [SR201]\n      severity: {prefer-bigint-over-int: error}\n", ""},
		{"unknown key", "environments:\n  - name: prod\n    rules:\n      enabel: [SR201]\n",
			`.sqlreview.yaml:4: unknown key "enabel" in environments[0].rules (did you mean "enable"?)`},
		{"default typo", "environments:\n  - name: prod\n    rules: {default: bytebase-advnced}\n",
			`.sqlreview.yaml:3: environments[0].rules.default: expected one of recommended, all, bytebase-basic, bytebase-advanced, got "bytebase-advnced" (did you mean "bytebase-advanced"?)`},
		{"default none", "environments:\n  - name: prod\n    rules:\n      default: none\n",
			`.sqlreview.yaml:4: environments[0].rules.default: "none" adds no rule; an environment's rules only add or tighten (remove the key)`},
		{"unknown rule", "environments:\n  - name: test\n  - name: prod\n    rules:\n      enable:\n        - ban-drop-colum\n",
			`.sqlreview.yaml:6: unknown rule "ban-drop-colum" (did you mean "ban-drop-column"?)`},
		{"unknown rule in severity", "environments:\n  - name: prod\n    rules:\n      severity:\n        prefer-bigint: error\n",
			`.sqlreview.yaml:5: unknown rule "prefer-bigint" (did you mean "prefer-bigint-over-int"?)`},
		{"same rule twice", "environments:\n  - name: prod\n    rules:\n      severity:\n        SR201: error\n        ban-drop-column: warning\n",
			`.sqlreview.yaml:6: environments[0].rules.severity: "SR201" and "ban-drop-column" name the same rule "ban-drop-column"`},
		{"severity off", "environments:\n  - name: prod\n    rules:\n      severity:\n        SR201: off\n",
			`.sqlreview.yaml:5: environments[0].rules.severity.SR201: "off" would loosen the top-level policy; an environment's rules only add or tighten (turn the rule off in the top-level rules)`},
		{"severity typo", "environments:\n  - name: prod\n    rules:\n      severity:\n        SR201: eror\n",
			`.sqlreview.yaml:5: environments[0].rules.severity.SR201: expected one of error, warning, info, got "eror" (did you mean "error"?)`},
		{"disable", "environments:\n  - name: prod\n    rules:\n      disable: [SR201]\n",
			`.sqlreview.yaml:4: environments[0].rules.disable: an environment's rules only add or tighten, so they cannot disable a rule; disable it in the top-level rules (then no environment runs it) or suppress the finding with a reason`},
		{"database", "environments:\n  - name: prod\n    targets:\n      - {name: a, url: \"${A}\", database: \"hr/x\"}\n",
			`.sqlreview.yaml:4: environments[0].targets[0].database: "hr/x" is not a database name (routed files name it as db##version##kind##description.sql)`},
		{"database key typo", "environments:\n  - name: prod\n    targets:\n      - {name: a, url: \"${A}\", databse: hr}\n",
			`.sqlreview.yaml:4: unknown key "databse" in environments[0].targets[0] (did you mean "database"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(".sqlreview.yaml", []byte(tc.src))
			got := ""
			if err != nil {
				got = err.Error()
			} else if err := c.Validate(testResolver, testRuleNames); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// ForEnvironment gives each environment its rules on a copy, leaves the
// top-level config alone, and names the configured environments when
// the name is unknown. PolicyKey tells distinct policies apart: the same
// rules in another order are one policy, none is the top-level one.
func TestForEnvironment(t *testing.T) {
	src := "environments:\n  - name: test\n  - name: staging\n    rules: {enable: [SR201, SR301]}\n  - name: prod\n    rules: {enable: [SR301, SR201]}\n  - name: prod-eu\n    rules: {default: bytebase-advanced}\n"
	c, err := Parse("/repo/.sqlreview.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, name := range []string{"test", "staging", "prod", "prod-eu"} {
		ec, err := c.ForEnvironment(name)
		if err != nil {
			t.Fatal(err)
		}
		if ec.Environment != name || ec.Path != c.Path {
			t.Errorf("%s: Environment %q, Path %q", name, ec.Environment, ec.Path)
		}
		keys[name] = ec.PolicyKey()
	}
	if c.EnvRules != nil || c.Environment != "" {
		t.Errorf("ForEnvironment changed the top-level config: %+v", c.EnvRules)
	}
	if keys["test"] != "" || keys["staging"] == "" || keys["staging"] != keys["prod"] || keys["prod"] == keys["prod-eu"] {
		t.Errorf("policy keys: %q", keys)
	}
	_, err = c.ForEnvironment("production")
	if want := `/repo/.sqlreview.yaml: unknown environment "production"; configured: test, staging, prod, prod-eu`; err == nil || err.Error() != want {
		t.Errorf("unknown environment: %v\nwant %s", err, want)
	}
	_, err = Default().ForEnvironment("prod")
	if want := `config: no environments are configured, so there is no policy for "prod"; add ` + "`environments:`" + ` to the config`; err == nil || err.Error() != want {
		t.Errorf("no environments: %v\nwant %s", err, want)
	}
}
