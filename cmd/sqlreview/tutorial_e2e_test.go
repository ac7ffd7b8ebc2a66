package main

// TestTutorialBitbucketCICD replays Bytebase's "Database CI/CD with
// Bitbucket" tutorial (seeds 000 and 001) against real PostgreSQL
// databases, one per environment, through the CLI and its SQLite state
// store:
//
//   - tutorial step 3 (GitOps workflow, test → prod, prod needs approval):
//     the config with environments test and prod (approval: required);
//   - step 4 (a PR adding employee##<version>##ddl##<desc>.sql, SQL review
//     on merge): migrations in Bytebase's db##version##type##desc naming;
//     `check` with the Bytebase rule column.no-null rejects the nullable
//     nick_name, passes the NOT NULL DEFAULT '' fix; `release create`;
//   - "Manual Rollout" and "Custom Approval": rollout to test, prod refused
//     until `approve`, then rolled out;
//   - "LATEST Schema Write-back": rollout --write-schema
//     'migrations/.{db}##LATEST.sql'; the file replays through psql into a
//     schema equal (pg_dump -s) to prod's, and `check` keeps skipping it;
//   - "Schema Drift": a column added to prod by hand (the SQL Editor admin
//     mode of the tutorial) stops the next prod rollout with the change
//     shown as SQL; `drift accept` records who and why; the rollout then
//     proceeds and the written-back schema holds both changes.

import (
	"encoding/json"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
)

var tutorialFiles = map[string]string{
	// The tests that approve prod add the DBA's key.
	"allowed_signers": "# principal ssh-ed25519 AAAA…\n",
	".sqlreview.yaml": `migrations: {dir: migrations}
rules: {enable: [column.no-null]}
fail-on: warning
signing: {allowed-signers: allowed_signers}
environments:
  - name: test
    targets: [{name: hr-test, url: "${HR_TEST_URL}", database: hr}]
  - name: prod
    approval: required
    targets: [{name: hr-prod, url: "${HR_PROD_URL}", database: hr}]
`,
	"migrations/hr##202311050900##ddl##create_employee.sql": `CREATE TABLE employee (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL,
    hired_on date NOT NULL DEFAULT CURRENT_DATE
);
`,
	// The tutorial's reviewed version of its first change.
	"migrations/hr##202311051000##ddl##add_nickname.sql": `ALTER TABLE "public"."employee"
ADD COLUMN "nick_name" text NOT NULL DEFAULT '';
`,
	"migrations/hr##202311051100##dml##seed_employee.sql": "INSERT INTO employee (name, email) VALUES ('Ada', 'ada@example.com'), ('Grace', 'grace@example.com');\n",
}

const tutorialDept = "migrations/hr##202311060900##ddl##add_dept.sql"

func TestTutorialBitbucketCICD(t *testing.T) {
	dir := writeFiles(t, tutorialFiles)
	// The DBA's SSH key signs the approval; the repository lists it.
	aliceKey := filepath.Join(t.TempDir(), "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", aliceKey).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	alicePub, err := os.ReadFile(aliceKey + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "allowed_signers"), append([]byte("dba-alice "), alicePub...), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := pgtest.Shared(t)
	testURL, prodURL := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("HR_TEST_URL", testURL)
	t.Setenv("HR_PROD_URL", prodURL)
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	// Target labels and durations vary per run; outputs are compared with
	// them replaced.
	norm := strings.NewReplacer(redact.URL(prodURL), "<prod>", redact.URL(testURL), "<test>")
	durations := regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|ms|s|m)\b`)
	var all strings.Builder
	run := func(wantCode int, args ...string) (string, string) {
		t.Helper()
		code, stdout, stderr := runCLI(t, dir, "", args...)
		all.WriteString(stdout + stderr)
		stdout, stderr = durations.ReplaceAllString(norm.Replace(stdout), "DUR"), norm.Replace(stderr)
		if code != wantCode {
			t.Fatalf("sqlreview %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantCode, stdout, stderr)
		}
		return stdout, stderr
	}
	expect := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s:\n%s\nwant:\n%s", what, got, want)
		}
	}
	createRelease := func(files int) string {
		t.Helper()
		out, _ := run(0, "release", "create")
		m := regexp.MustCompile(`^release created (release_\d{8}-RC\d+) \(` + itoa(files) + ` files, sha256:[0-9a-f]{64}, commit (-|[0-9a-f]{40})\)\n$`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("release create:\n%s", out)
		}
		return m[1]
	}
	const writeSchema = "migrations/.{db}##LATEST.sql"
	latest := filepath.Join(dir, "migrations", "."+dbNameOf(t, prodURL)+"##LATEST.sql")

	// Step 4: SQL review of the merged files, then the release.
	nickname := filepath.Join(dir, "migrations/hr##202311051000##ddl##add_nickname.sql")
	writeTutorialFile(t, nickname, "ALTER TABLE \"public\".\"employee\"\nADD COLUMN \"nick_name\" text;\n")
	// The tutorial's first try adds a nullable column; prod's review
	// policy (Bytebase's column.no-null, a warning that fails the check
	// here) sends it back.
	out, _ := run(1, "check", "migrations")
	if !strings.HasPrefix(out, "migrations/hr##202311051000##ddl##add_nickname.sql:2:1: warning: column \"nick_name\" of table \"public\".\"employee\" can hold NULL; "+
		"declare it NOT NULL (with a DEFAULT if existing rows need a value) [require-column-not-null]\n") ||
		!strings.HasSuffix(out, "\nFound 1 warning in 1 file of 3 (3 statements checked).\n") {
		t.Errorf("check of the nullable column:\n%s", out)
	}
	writeTutorialFile(t, nickname, tutorialFiles["migrations/hr##202311051000##ddl##add_nickname.sql"])
	out, _ = run(0, "check", "migrations")
	expect("check", out, "No problems found in 3 files (3 statements checked).\n")
	rel1 := createRelease(3)

	// Test first; prod waits for its approval (Custom Approval), then
	// rolls out and writes the schema back (LATEST Schema Write-back).
	out, _ = run(0, "rollout", "--release", rel1, "--env", "test")
	expect("rollout to test", out, "test/hr-test: succeeded (3 applied, DUR)\ntest: release "+rel1+" rolled out to all 1 targets\n")
	out, errOut := run(1, "rollout", "--release", rel1, "--env", "prod", "--write-schema", writeSchema)
	expect("rollout to prod before the approval", out+errOut, "sqlreview: approval required: environment prod needs approvals of release "+rel1+
		" (low risk); still missing: step 1 of 1: 1 approval from anyone but the author; run `sqlreview approve --release "+rel1+" --env prod --by NAME --key KEY` for each, then rerun\n")
	if _, err := os.Stat(latest); !os.IsNotExist(err) {
		t.Errorf("the refused rollout wrote %s (stat: %v)", latest, err)
	}
	out, _ = run(0, "approve", "--release", rel1, "--env", "prod", "--by", "dba-alice", "--comment", "LGTM", "--key", aliceKey)
	if !regexp.MustCompile(`^approved ` + rel1 + ` for prod by dba-alice \(digest [0-9a-f]{12}, signed\)\nprod: low risk; approval complete \(step 1: dba-alice\)\n$`).MatchString(out) {
		t.Errorf("approve:\n%s", out)
	}
	out, _ = run(0, "rollout", "--release", rel1, "--env", "prod", "--write-schema", writeSchema)
	expect("rollout to prod", out, "prod/hr-prod: succeeded (3 applied, DUR)\nprod: release "+rel1+" rolled out to all 1 targets\n")
	schema1 := readFile(t, latest)
	for _, col := range []string{"    email text NOT NULL,\n", "    nick_name text DEFAULT ''::text NOT NULL\n);\n"} {
		if !strings.Contains(schema1, col) {
			t.Errorf("the written-back schema lacks %q:\n%s", col, schema1)
		}
	}
	expectReplays(t, srv, latest, prodURL)

	// The LATEST file beside the migrations is neither reviewed nor
	// released, whether found in the directory or named.
	out, _ = run(0, "check", "migrations")
	expect("check with the LATEST file", out, "No problems found in 3 files (3 statements checked).\n")
	out, _ = run(0, "check", latest, filepath.Join(dir, "migrations/hr##202311050900##ddl##create_employee.sql"))
	expect("check naming the LATEST file", out, "No problems found in 1 file (1 statement checked).\n")

	// Schema Drift: a column added to prod outside sqlreview.
	execSQL(t, prodURL, "ALTER TABLE employee ADD COLUMN city text")
	if err := os.WriteFile(filepath.Join(dir, tutorialDept), []byte("ALTER TABLE employee ADD COLUMN dept text NOT NULL DEFAULT 'engineering';\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ = run(0, "check", "migrations")
	expect("check of the new change", out, "No problems found in 4 files (4 statements checked).\n")
	rel2 := createRelease(4)
	if rel2 == rel1 {
		t.Fatalf("the second release reuses the id %s", rel1)
	}
	out, _ = run(0, "rollout", "--release", rel2, "--env", "test")
	expect("second rollout to test", out, "test/hr-test: succeeded (1 applied, DUR)\ntest: release "+rel2+" rolled out to all 1 targets\n")
	run(0, "approve", "--release", rel2, "--env", "prod", "--by", "dba-alice", "--key", aliceKey)
	out, errOut = run(1, "rollout", "--release", rel2, "--env", "prod", "--write-schema", writeSchema)
	expect("rollout to the drifted prod", out, "prod/hr-prod: failed (0 applied, DUR): <prod>: schema drift: the schema changed outside sqlreview since the last apply (1 changed); "+
		"nothing was applied: undo the change, or accept it as the new snapshot with `sqlreview drift accept --reason TEXT`\n"+
		"~ CREATE TABLE public.employee (\n  + city text\n")
	expect("rollout to the drifted prod, stderr", errOut, "sqlreview: stage failed: prod: 1 of 1 targets failed (hr-prod); fix the cause and rerun the same command to resume\n")
	expect("the written-back schema after the refused rollout", readFile(t, latest), schema1)
	expect("prod's versions after the refused rollout", tutorialVersions(t, run), "202311050900 applied, 202311051000 applied, 202311051100 applied")

	out, _ = run(0, "drift", "accept", "--env", "prod", "--reason", "hotfix INC-42")
	expect("drift accept", out, "<prod>: accepted the drift (1 changed) as the new snapshot: hotfix INC-42\n~ CREATE TABLE public.employee (\n  + city text\n")
	out, _ = run(0, "rollout", "--release", rel2, "--env", "prod", "--write-schema", writeSchema)
	expect("rollout to prod after drift accept", out, "prod/hr-prod: succeeded (1 applied, DUR)\nprod: release "+rel2+" rolled out to all 1 targets\n")
	expect("prod's versions after the rollout", tutorialVersions(t, run), "202311050900 applied, 202311051000 applied, 202311051100 applied, 202311060900 applied")

	// The accepted drift is in prod's history with who and why, between
	// the two releases' applies.
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	out, _ = run(0, "history", "--env", "prod", "--events")
	_, events, _ := strings.Cut(out, "\nEVENTS\n")
	var kinds []string
	var accepted string
	var acceptedBy string
	for _, l := range strings.Split(strings.TrimSuffix(events, "\n"), "\n") {
		f := strings.Fields(l)
		if len(f) > 3 {
			kinds = append(kinds, f[2])
		}
		if len(f) > 3 && f[2] == "drift-accepted" {
			accepted, acceptedBy = l, f[3]
		}
	}
	expect("prod's events", strings.Join(kinds, " "), "apply-start file-applied file-applied file-applied apply-finish drift-accepted apply-start file-applied apply-finish")
	if !strings.HasPrefix(acceptedBy, me.Username+"@") ||
		!strings.HasSuffix(accepted, ` {"diff": ["~ CREATE TABLE public.employee (", "  + city text"], "reason": "hotfix INC-42", "summary": "1 changed", "snapshotVersion": "202311051100"}`) {
		t.Errorf("history --events lacks the accepted drift with who and why:\n%s", out)
	}

	// The written-back schema holds the accepted column and the new one,
	// and still rebuilds prod's schema.
	schema2 := readFile(t, latest)
	if !strings.Contains(schema2, "    nick_name text DEFAULT ''::text NOT NULL,\n    city text,\n    dept text DEFAULT 'engineering'::text NOT NULL\n);\n") {
		t.Errorf("the written-back schema lacks city and dept:\n%s", schema2)
	}
	expectReplays(t, srv, latest, prodURL)
	out, _ = run(0, "drift", "--env", "prod")
	expect("drift after the rollout", out, "<prod>: no drift since the last apply\n")
	out, _ = run(0, "check", "migrations")
	expect("final check", out, "No problems found in 4 files (4 statements checked).\n")

	for _, secret := range []string{pgtest.Password, testURL, prodURL} {
		if strings.Contains(all.String(), secret) {
			t.Errorf("output contains a secret %q", secret)
		}
	}
}

// tutorialVersions lists prod's applied versions with their status.
func tutorialVersions(t *testing.T, run func(int, ...string) (string, string)) string {
	t.Helper()
	out, _ := run(0, "history", "--env", "prod", "--format", "json")
	var h struct {
		History []struct{ Version, Status string }
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("history: %v\n%s", err, out)
	}
	var vs []string
	for _, r := range h.History {
		vs = append(vs, r.Version+" "+r.Status)
	}
	return strings.Join(vs, ", ")
}

// expectReplays runs the schema file through psql into an empty database
// and compares that database's pg_dump -s with the live one's.
func expectReplays(t *testing.T, srv *pgtest.Server, schemaFile, liveURL string) {
	t.Helper()
	replica := pgtest.NewDB(t)
	if out, err := pgTool(srv, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", schemaFile, "-d", replica); err != nil {
		t.Fatalf("psql -f %s: %v\n%s", filepath.Base(schemaFile), err, out)
	}
	// The sqlreview schema holds the live database's migration history,
	// not part of the application's schema.
	live, err := pgTool(srv, "pg_dump", "-s", "--no-owner", "--no-privileges", "--exclude-schema=sqlreview", "-d", liveURL)
	if err != nil {
		t.Fatalf("pg_dump of the live database: %v\n%s", err, live)
	}
	replayed, err := pgTool(srv, "pg_dump", "-s", "--no-owner", "--no-privileges", "-d", replica)
	if err != nil {
		t.Fatalf("pg_dump of the replayed schema: %v\n%s", err, replayed)
	}
	if a, b := dumpBody(live), dumpBody(replayed); a != b || !strings.Contains(a, "CREATE TABLE public.employee") {
		t.Errorf("pg_dump -s of the replayed %s differs from the live database's:\nlive:\n%s\nreplayed:\n%s", filepath.Base(schemaFile), a, b)
	}
}

// pgTool runs one of the server's client programs.
func pgTool(srv *pgtest.Server, name string, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(srv.Bin, name), args...)
	cmd.Env = srv.Env()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// dumpBody drops pg_dump's comments and its per-run \restrict key lines,
// keeping the statements.
func dumpBody(dump string) string {
	var keep []string
	for _, l := range strings.Split(dump, "\n") {
		if strings.HasPrefix(l, "--") || strings.HasPrefix(l, `\restrict`) || strings.HasPrefix(l, `\unrestrict`) {
			continue
		}
		keep = append(keep, l)
	}
	return strings.TrimSpace(regexp.MustCompile(`\n{2,}`).ReplaceAllString(strings.Join(keep, "\n"), "\n\n"))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// bytebaseLatest is a .{db}##LATEST.sql as Bytebase writes it back: a
// pg_dump of the database, without sqlreview's schema dump header.
const bytebaseLatest = `--
-- PostgreSQL database dump
--

CREATE TABLE public.employee (
    id integer NOT NULL,
    name text NOT NULL
);

ALTER TABLE public.employee OWNER TO bytebase;
`

// TestTutorialBytebaseLatestSkipped: a repository moving from the
// tutorial's Bytebase flow keeps the .employee##LATEST.sql Bytebase wrote
// beside the migrations. Like sqlreview's own dump it is a schema, not a
// migration: check does not review it, and release create and apply do
// not refuse the directory over its name.
func TestTutorialBytebaseLatestSkipped(t *testing.T) {
	files := map[string]string{"migrations/.employee##LATEST.sql": bytebaseLatest}
	for name, body := range tutorialFiles {
		files[name] = body
	}
	dir := writeFiles(t, files)
	testURL, prodURL := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("HR_TEST_URL", testURL)
	t.Setenv("HR_PROD_URL", prodURL)
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	label := redact.URL(testURL)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "migrations"}, "No problems found in 3 files (3 statements checked).\n"},
		{[]string{"check", "migrations/.employee##LATEST.sql"}, "No problems found in 0 files (0 statements checked).\n"},
		{[]string{"plan", "--env", "test", "--no-review", "--format", "json"}, ""},
		{[]string{"apply", "--env", "test"}, label + ": 3 applied by this run\n"},
	} {
		code, out, errOut := runCLI(t, dir, "", c.args...)
		if code != 0 || (c.want != "" && !strings.HasSuffix(out, c.want)) || errOut != "" {
			t.Errorf("sqlreview %s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 0 and stdout ending in:\n%s", strings.Join(c.args, " "), code, out, errOut, c.want)
		}
	}
	code, out, errOut := runCLI(t, dir, "", "release", "create", "--format", "json")
	var rel struct{ Files []struct{ Name string } }
	if err := json.Unmarshal([]byte(out), &rel); code != 0 || err != nil {
		t.Fatalf("release create: exit %d, %v\nstdout:\n%s\nstderr:\n%s", code, err, out, errOut)
	}
	var names []string
	for _, f := range rel.Files {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "hr##202311050900##ddl##create_employee.sql hr##202311051000##ddl##add_nickname.sql hr##202311051100##dml##seed_employee.sql" {
		t.Errorf("release create: files %s", got)
	}
}

func writeTutorialFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
