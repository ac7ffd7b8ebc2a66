package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// policyConfig: prod and prod-eu add a rule the top-level policy (and so
// test) does not run; their rules are the same policy, written in
// another order.
const policyConfig = `migrations: {dir: migrations}
environments:
  - name: test
    targets: [{name: db, url: "${TEST_URL}"}]
  - name: prod
    rules:
      enable: [require-column-comment]
      severity: {require-table-comment: error}
    targets: [{name: db, url: "${PROD_URL}"}]
  - name: prod-eu
    rules:
      severity: {require-table-comment: error}
      enable: [require-column-comment]
`

var policyMigrations = map[string]string{
	".sqlreview.yaml":           policyConfig,
	"migrations/001_people.sql": "CREATE TABLE people (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCOMMENT ON COLUMN people.id IS 'the person';\n",
}

// TestEnvironmentPolicy: check --env prod (and --policy prod, without a
// database) reports what prod's rules add and check --env test does not;
// release create reviews the release once per distinct policy and records
// each; the rollout to test runs, the one to prod is refused by prod's
// policy, and plan --env prod reviews under it too.
func TestEnvironmentPolicy(t *testing.T) {
	dir := writeFiles(t, policyMigrations)
	testURL, prodURL := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("TEST_URL", testURL)
	t.Setenv("PROD_URL", prodURL)
	t.Setenv("SQLREVIEW_DATABASE_URL", "")

	finding := "migrations/001_people.sql:1:14: error: table \"people\" has no comment by the end of this migration; add COMMENT ON TABLE \"people\" IS '…' [require-table-comment]\n" +
		" 1 | CREATE TABLE people (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n" +
		"   |              ^^^^^^\n" +
		"     = help: A comment says what a table holds and who owns it, right where every schema browser and `\\d+` shows it. (`sqlreview explain require-table-comment`)\n\n" +
		"Found 1 error in 1 file of 1 (2 statements checked).\n"

	out, _ := cli(t, dir, 0, "check", "--env", "test", "migrations")
	if want := "No problems found in 1 file (2 statements checked).\n"; out != want {
		t.Errorf("check --env test:\n%s\nwant:\n%s", out, want)
	}
	out, _ = cli(t, dir, 1, "check", "--env", "prod", "migrations")
	if out != finding {
		t.Errorf("check --env prod:\n%s\nwant:\n%s", out, finding)
	}
	out, _ = cli(t, dir, 1, "check", "--policy", "prod", "migrations")
	if out != finding {
		t.Errorf("check --policy prod:\n%s\nwant:\n%s", out, finding)
	}
	_, errOut := cli(t, dir, 2, "check", "--policy", "staging", "migrations")
	if want := "sqlreview: --env: " + dir + "/.sqlreview.yaml: unknown environment \"staging\"; configured: test, prod, prod-eu\n"; errOut != want {
		t.Errorf("check --policy staging:\n%s\nwant:\n%s", errOut, want)
	}

	// One review for prod and prod-eu (the same rules), none for test
	// (the top-level policy, which the release passed).
	out, _ = cli(t, dir, 0, "release", "create")
	id := strings.Fields(out)[2]
	// The digest also covers the recorded config, which holds this run's
	// database URLs.
	out = regexp.MustCompile(`sha256:[0-9a-f]{64}`).ReplaceAllString(strings.ReplaceAll(out, dir+"/", ""), "sha256:DIGEST")
	want := "release created " + id + " (1 files, sha256:DIGEST, commit -)\n" +
		"review under the policy of prod, prod-eu: 1 findings (1 errors, 0 warnings), fail-on error; 1 at or above fail-on: rollout refused\n" +
		finding
	if out != want {
		t.Errorf("release create:\n%q\nwant:\n%q", out, want)
	}
	out, _ = cli(t, dir, 0, "release", "show", id)
	if want := "review  0 findings (0 errors, 0 warnings), fail-on error\n" +
		"review  prod, prod-eu: 1 findings (1 errors, 0 warnings), fail-on error; 1 at or above fail-on: rollout refused\n" +
		"risk of the files new in each environment (by the state store's record):\n  test: low risk\n  prod: low risk\n  prod-eu: low risk\nfiles:\n"; !strings.Contains(out, want) {
		t.Errorf("release show:\n%s\nwant it to contain:\n%s", out, want)
	}

	cli(t, dir, 0, "rollout", "--release", id, "--env", "test")
	if got := userTables(t, testURL); got != "people" {
		t.Errorf("test tables: %q, want people", got)
	}
	_, errOut = cli(t, dir, 1, "rollout", "--release", id, "--env", "prod")
	want = "sqlreview: refused by the environment's review policy: release " + id + " has 1 finding(s) at or above fail-on (error) under the review policy of prod; " +
		"`sqlreview check --policy prod` shows them: fix or suppress them with a reason, then create a new release\n"
	if errOut != want {
		t.Errorf("rollout --env prod:\n%s\nwant:\n%s", errOut, want)
	}
	// The live review of plan/apply --env prod runs under prod's policy too.
	out, _ = cli(t, dir, 1, "plan", "--env", "prod")
	if !strings.HasSuffix(strings.ReplaceAll(out, dir+"/", ""), "\n"+finding) {
		t.Errorf("plan --env prod does not end with prod's finding:\n%q", out)
	}
	if got := userTables(t, prodURL); got != "" {
		t.Errorf("prod tables: %q, want none", got)
	}
}
