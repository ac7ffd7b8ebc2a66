package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
)

const envConfig = `migrations: {dir: migrations}
environments:
  - name: staging
    targets: [{name: db-1, url: "${DB1_URL}"}, {name: db-2, url: "${DB2_URL}"}]
  - name: mixed
    targets: [{name: up, url: "${DB1_URL}"}, {name: down, url: "postgres://app:Down-Secret-pw@127.0.0.1:1/gone?connect_timeout=2"}]
`

var envMigrations = map[string]string{
	".sqlreview.yaml":      envConfig,
	"migrations/001_a.sql": "CREATE TABLE a (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n",
	"migrations/002_b.sql": "CREATE TABLE b (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n",
}

// The database commands choose their databases with --database-url or
// --env E [--target T], exactly one; the mistakes are usage errors (exit
// 2) naming what is configured. None needs a database.
func TestEnvSelectionErrors(t *testing.T) {
	dir := writeFiles(t, envMigrations)
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--env", "staging", "--database-url", "postgres://u@h/d"}, "sqlreview: plan: give either --database-url or --env, not both\n"},
		{[]string{"apply", "--database-url", "postgres://u@h/d", "--env", "staging", "--target", "db-1"}, "sqlreview: apply: give either --database-url or --env, not both\n"},
		{[]string{"drift", "--target", "db-1"}, "sqlreview: drift: --target db-1 needs --env E: a target is named in an environment of the config\n"},
		{[]string{"history"}, "sqlreview: history: no database; give --database-url URL, set SQLREVIEW_DATABASE_URL, or give --env E [--target T]\n"},
		{[]string{"history", "--env", "prod"}, "sqlreview: history: unknown environment \"prod\"; configured: staging, mixed\n"},
		{[]string{"baseline", "--env", "prod", "--version", "001"}, "sqlreview: baseline: unknown environment \"prod\"; configured: staging, mixed\n"},
		{[]string{"schema", "dump", "--env", "staging", "--target", "db-9"}, "sqlreview: schema dump: environment staging has no target \"db-9\"; its targets: db-1, db-2\n"},
		{[]string{"repair", "--env", "staging", "--target", "db-9", "--version", "001"}, "sqlreview: repair: environment staging has no target \"db-9\"; its targets: db-1, db-2\n"},
		{[]string{"plan", "--env", "staging"}, "sqlreview: environment staging, target db-1: the URL needs DB1_URL; set it in the environment\n"},
	}
	for _, c := range cases {
		code, stdout, stderr := runCLI(t, dir, "", c.args...)
		if code != exitError || stderr != c.want || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

// TestEnvCommands adopts, applies, plans, checks for drift and dumps the
// two targets of an environment with one command each.
func TestEnvCommands(t *testing.T) {
	dir := writeFiles(t, envMigrations)
	url1, url2 := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("DB1_URL", url1)
	t.Setenv("DB2_URL", url2)
	// The variable is the default of --database-url; --env replaces it.
	t.Setenv("SQLREVIEW_DATABASE_URL", url2)
	l1, l2 := redact.URL(url1), redact.URL(url2)
	var all strings.Builder
	run := func(wantCode int, args ...string) (string, string) {
		t.Helper()
		code, stdout, stderr := runCLI(t, dir, "", args...)
		all.WriteString(stdout + stderr)
		if code != wantCode {
			t.Fatalf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, wantCode, stdout, stderr)
		}
		return stdout, stderr
	}
	// Both databases already hold the schema of 001, made by hand.
	for _, u := range []string{url1, url2} {
		execSQL(t, u, envMigrations["migrations/001_a.sql"])
	}

	out, _ := run(0, "plan", "--env", "staging", "--no-review")
	if got := headers(out); got != "==> db-1 <==|==> db-2 <==" {
		t.Errorf("plan --env headers = %q\n%s", got, out)
	}
	for _, l := range []string{"==> db-1 <==\n" + l1 + ": 2 pending, 0 applied\n", "\n\n==> db-2 <==\n" + l2 + ": 2 pending, 0 applied\n"} {
		if !strings.Contains(out, l) {
			t.Errorf("plan --env lacks %q:\n%s", l, out)
		}
	}

	out, _ = run(0, "baseline", "--env", "staging", "--version", "001")
	want := "==> db-1 <==\n" + l1 + ": baselined at version 001; migrations up to it count as applied\n\n" +
		"==> db-2 <==\n" + l2 + ": baselined at version 001; migrations up to it count as applied\n"
	if out != want {
		t.Errorf("baseline --env:\n%s\nwant:\n%s", out, want)
	}

	out, _ = run(0, "plan", "--env", "staging", "--format", "json")
	var plans map[string]struct {
		Target  string
		Applied int
		Pending []struct{ Version string }
	}
	if err := json.Unmarshal([]byte(out), &plans); err != nil || len(plans) != 2 || plans["db-1"].Target != l1 || plans["db-2"].Target != l2 ||
		plans["db-1"].Applied != 1 || len(plans["db-2"].Pending) != 1 || plans["db-2"].Pending[0].Version != "002" {
		t.Errorf("plan --env --format json: %v\n%s", err, out)
	}

	out, _ = run(0, "apply", "--env", "staging")
	if got := headers(out); got != "==> db-1 <==|==> db-2 <==" {
		t.Errorf("apply --env headers = %q\n%s", got, out)
	}
	for _, l := range []string{"\n" + l1 + ": 1 applied by this run\n\n==> db-2 <==\n", "\n" + l2 + ": 1 applied by this run\n"} {
		if !strings.Contains(out, l) {
			t.Errorf("apply --env lacks %q:\n%s", l, out)
		}
	}
	out, _ = run(0, "apply", "--env", "staging", "--target", "db-2")
	if out != l2+": up to date (2 applied)\n"+l2+": 0 applied by this run\n" {
		t.Errorf("apply --env --target db-2:\n%s", out)
	}

	out, _ = run(0, "history", "--env", "staging", "--format", "json")
	var hist struct {
		Env     string
		History []struct{ Target, Version, Status string }
	}
	if err := json.Unmarshal([]byte(out), &hist); err != nil || hist.Env != "staging" || len(hist.History) != 4 {
		t.Fatalf("history --env: %v\n%s", err, out)
	}
	var rows []string
	for _, h := range hist.History {
		rows = append(rows, h.Target+" "+h.Version+" "+h.Status)
	}
	if got := strings.Join(rows, ", "); got != "db-1 1 baseline, db-1 2 applied, db-2 1 baseline, db-2 2 applied" {
		t.Errorf("history --env rows = %s", got)
	}

	out, _ = run(0, "drift", "--env", "staging")
	want = "==> db-1 <==\n" + l1 + ": no drift since the last apply\n\n==> db-2 <==\n" + l2 + ": no drift since the last apply\n"
	if out != want {
		t.Errorf("drift --env:\n%s\nwant:\n%s", out, want)
	}
	// A change made by hand on db-2 only: the worst target decides (1).
	execSQL(t, url2, "CREATE TABLE hand_made (id int);")
	out, _ = run(1, "drift", "--env", "staging", "--format", "json")
	var drift map[string]struct {
		Drift bool
		Added []string
	}
	if err := json.Unmarshal([]byte(out), &drift); err != nil || len(drift) != 2 || drift["db-1"].Drift || !drift["db-2"].Drift ||
		len(drift["db-2"].Added) == 0 || !strings.Contains(strings.Join(drift["db-2"].Added, "\n"), "hand_made") {
		t.Errorf("drift --env --format json: %v\n%s", err, out)
	}

	// One target's dump is exactly what --database-url prints: no header.
	out, _ = run(0, "schema", "dump", "--env", "staging", "--target", "db-2")
	direct, _ := run(0, "schema", "dump", "--database-url", url2)
	if out != direct || !strings.Contains(out, "hand_made") || strings.Contains(out, "==>") {
		t.Errorf("schema dump --env staging --target db-2:\n%s\n--database-url:\n%s", out, direct)
	}
	out, _ = run(0, "schema", "dump", "--env", "staging")
	db1, db2, _ := strings.Cut(out, "\n==> db-2 <==\n")
	if got := headers(out); got != "==> db-1 <==|==> db-2 <==" || !strings.HasPrefix(db1, "==> db-1 <==\n") || strings.Contains(db1, "hand_made") ||
		db2 != direct {
		t.Errorf("schema dump --env staging:\n%s", out)
	}

	// An unreachable target: the others still run, it is named, exit 2.
	out, errOut := run(2, "drift", "--env", "mixed")
	if out != "==> up <==\n"+l1+": no drift since the last apply\n\n==> down <==\n" ||
		!strings.HasPrefix(errOut, "sqlreview: target down: connect to app@127.0.0.1:1/gone: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("drift --env mixed:\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	out, errOut = run(2, "history", "--env", "mixed", "--format", "json")
	if err := json.Unmarshal([]byte(out), &hist); err != nil || len(hist.History) != 2 || hist.History[0].Target != "up" ||
		!strings.HasPrefix(errOut, "sqlreview: target down: connect to app@127.0.0.1:1/gone: ") {
		t.Errorf("history --env mixed: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}

	// 002 edited after it was applied everywhere: one repair accepts it on both.
	edited := "CREATE TABLE b (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY); -- reviewed\n"
	if err := os.WriteFile(dir+"/migrations/002_b.sql", []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut := run(1, "apply", "--env", "staging", "--target", "db-1"); !strings.HasPrefix(errOut, "sqlreview: target db-1: checksum mismatch: ") || !strings.Contains(errOut, "002_b.sql") {
		t.Errorf("apply of an edited file, stderr:\n%s", errOut)
	}
	out, _ = run(0, "repair", "--env", "staging", "--version", "002", "--format", "json")
	var repaired map[string]struct{ Target, Version, Checksum, Previous string }
	if err := json.Unmarshal([]byte(out), &repaired); err != nil || len(repaired) != 2 || repaired["db-1"].Target != l1 || repaired["db-2"].Target != l2 ||
		repaired["db-2"].Previous != "210bffd856b10e70c2dde72bd8fb25c9ca742597e5002f8e20e42f1007962388" || repaired["db-2"].Checksum == repaired["db-2"].Previous {
		t.Errorf("repair --env --format json: %v\n%s", err, out)
	}
	out, _ = run(0, "apply", "--env", "staging")
	if strings.Count(out, ": 0 applied by this run\n") != 2 {
		t.Errorf("apply after repair --env:\n%s", out)
	}

	text := all.String()
	for _, secret := range []string{pgtest.Password, "Down-Secret-pw", url1, url2} {
		if strings.Contains(text, secret) {
			t.Errorf("output contains a secret %q", secret)
		}
	}
}

// headers lists the "==> target <==" lines of an output.
func headers(out string) string {
	var hs []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "==> ") {
			hs = append(hs, l)
		}
	}
	return strings.Join(hs, "|")
}

func execSQL(t *testing.T, url, sql string) {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(context.Background(), sql); err != nil {
		t.Fatal(err)
	}
}

// TestEnvRolloutRetargetedTarget: when a target's URL is changed to
// another database after a release succeeded on it, rerunning the rollout
// applies the release there instead of skipping it as already done.
func TestEnvRolloutRetargetedTarget(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".sqlreview.yaml":      "migrations: {dir: migrations}\nenvironments:\n  - name: prod\n    targets: [{name: prod-1, url: \"${P1_URL}\"}]\n",
		"migrations/001_a.sql": envMigrations["migrations/001_a.sql"],
		"migrations/002_b.sql": envMigrations["migrations/002_b.sql"],
	})
	first, moved := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("P1_URL", first)
	code, out, errOut := runCLI(t, dir, "", "release", "create", "--format", "json")
	var rel struct{ ID string }
	if code != 0 || json.Unmarshal([]byte(out), &rel) != nil || rel.ID == "" {
		t.Fatalf("release create: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = runCLI(t, dir, "", "rollout", "--release", rel.ID, "--env", "prod"); code != 0 {
		t.Fatalf("rollout: exit %d\n%s%s", code, out, errOut)
	}
	t.Setenv("P1_URL", moved)
	code, out, errOut = runCLI(t, dir, "", "rollout", "--release", rel.ID, "--env", "prod")
	want := "target prod-1 now points at a different database (system id "
	if code != 0 || !strings.HasPrefix(out, want) ||
		!strings.Contains(out, ", db "+dbNameOf(t, moved)+") than when release "+rel.ID+" was applied; applying there\nprod/prod-1: succeeded (2 applied, ") {
		t.Errorf("rollout after retargeting: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, dir, "", "plan", "--env", "prod", "--format", "json")
	if code != 0 || !strings.Contains(out, `"pending": []`) || !strings.Contains(out, `"applied": 2`) {
		t.Errorf("plan of the new database: exit %d\n%s", code, out)
	}
}

func dbNameOf(t *testing.T, dbURL string) string {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

// TestCheckEnv: check --env E --target T reviews against that target's
// schema and history, so an applied file edited since is a finding there;
// an environment of several targets needs --target.
func TestCheckEnv(t *testing.T) {
	dir := writeFiles(t, envMigrations)
	url1, url2 := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("DB1_URL", url1)
	t.Setenv("DB2_URL", url2)
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	if code, _, stderr := runCLI(t, dir, "", "apply", "--env", "staging", "--target", "db-1", "--no-review"); code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, stderr)
	}
	if err := os.WriteFile(dir+"/migrations/001_a.sql", []byte("CREATE TABLE a (id bigint PRIMARY KEY);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, dir, "", "check", "--format", "json", "--env", "staging", "--target", "db-1", "migrations")
	var rep struct {
		Findings []struct {
			Rule, Path string
			Start      struct{ Line int }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("check: exit %d: %v\n%s\n%s", code, err, stdout, stderr)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s %s:%d", f.Rule, f.Path, f.Start.Line))
	}
	if code != exitFindings || strings.Join(got, ",") != "edited-applied-migration migrations/001_a.sql:1" {
		t.Errorf("check --env staging --target db-1: exit %d, findings %v\n%s", code, got, stderr)
	}
	// db-2 has no history: nothing was applied there, nothing was edited.
	if code, stdout, stderr := runCLI(t, dir, "", "check", "--env", "staging", "--target", "db-2", "migrations"); code != 0 {
		t.Errorf("check --target db-2: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--env", "staging", "migrations"},
			"sqlreview: check: environment staging has 2 targets (db-1, db-2); a check reviews against one database: pick one with --target\n"},
		{[]string{"check", "--env", "staging", "--database-url", url1, "migrations"}, "sqlreview: check: give either --database-url or --env, not both\n"},
		{[]string{"check", "--target", "db-1", "migrations"}, "sqlreview: check: --target db-1 needs --env E: a target is named in an environment of the config\n"},
		{[]string{"check", "--env", "prod", "migrations"}, "sqlreview: check: unknown environment \"prod\"; configured: staging, mixed\n"},
	} {
		code, stdout, stderr := runCLI(t, dir, "", c.args...)
		if code != exitError || stderr != c.want || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, %q", c.args, code, stdout, stderr, c.want)
		}
	}
}
