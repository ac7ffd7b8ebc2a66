package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
)

const twoEnvConfig = `migrations: {dir: migrations}
environments:
  - name: staging
    targets: [{name: db-1, url: "${DB1_URL}"}]
  - name: prod
    targets: [{name: db-2, url: "${DB2_URL}"}]
`

var noteMigrations = map[string]string{
	".sqlreview.yaml":      twoEnvConfig,
	"migrations/001_t.sql": "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n",
}

const addNote = "ALTER TABLE t ADD COLUMN note text;\n"

// cli runs the command line in dir and fails the test on another exit
// code than want.
func cli(t *testing.T, dir string, want int, args ...string) (string, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, dir, "", args...)
	if code != want {
		t.Fatalf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, want, stdout, stderr)
	}
	return stdout, stderr
}

// createRelease runs release create and returns the release id.
func createRelease(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, _ := cli(t, dir, 0, append([]string{"release", "create", "--format", "json"}, args...)...)
	var rel struct{ ID string }
	if err := json.Unmarshal([]byte(out), &rel); err != nil || rel.ID == "" {
		t.Fatalf("release create: %v\n%s", err, out)
	}
	return rel.ID
}

// scratchDatabases lists the preview's scratch databases on the server.
func scratchDatabases(t *testing.T, dbURL string) []string {
	t.Helper()
	c, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	rows, err := c.Query(context.Background(), `SELECT datname FROM pg_database WHERE datname LIKE 'sqlreview\_diff\_%' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestReleaseDiff previews the schema change of a release that adds a
// column: release diff and rollout --dry-run print it as the changed
// line of the table's CREATE TABLE, the target is left as it was, and
// no scratch database is left behind.
func TestReleaseDiff(t *testing.T) {
	dir := writeFiles(t, noteMigrations)
	url1, url2 := pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("DB1_URL", url1)
	t.Setenv("DB2_URL", url2)
	first := createRelease(t, dir)
	cli(t, dir, 0, "rollout", "--release", first, "--env", "staging")
	writeFile(t, dir, "migrations/002_note.sql", addNote)
	second := createRelease(t, dir)

	want := "release " + second + " on staging/db-1 applies 002_note.sql; the schema change:\n" +
		"~ CREATE TABLE public.t (\n" +
		"  + note text\n"
	out, errOut := cli(t, dir, 0, "release", "diff", second, "--env", "staging")
	if out != want || errOut != "" {
		t.Errorf("release diff:\n%s\nstderr:\n%s\nwant:\n%s", out, errOut, want)
	}
	if left := scratchDatabases(t, url1); len(left) != 0 {
		t.Errorf("scratch databases left behind: %v", left)
	}
	// The target itself is unchanged: 002 is still pending there.
	plan, _ := cli(t, dir, 0, "plan", "--env", "staging", "--no-review")
	if !strings.HasPrefix(plan, redact.URL(url1)+": 1 pending, 1 applied\n\n002  002_note.sql  ") {
		t.Errorf("plan after release diff:\n%s", plan)
	}

	// On an empty database the whole release is the change.
	out, _ = cli(t, dir, 0, "release", "diff", second, "--env", "prod", "--format", "json")
	var change struct {
		Env, Target             string
		Pending, Removed, Added []string
	}
	if err := json.Unmarshal([]byte(out), &change); err != nil || change.Env != "prod" || change.Target != "db-2" ||
		strings.Join(change.Pending, ",") != "001_t.sql,002_note.sql" || len(change.Removed) != 0 || len(change.Added) != 2 ||
		!strings.HasPrefix(change.Added[0], "CREATE TABLE public.t (\n") || !strings.Contains(change.Added[0], "note text") {
		t.Errorf("release diff --env prod --format json: %v\n%s", err, out)
	}

	// Nothing pending: no scratch database is needed.
	out, _ = cli(t, dir, 0, "release", "diff", first, "--env", "staging")
	if out != "release "+first+" on staging/db-1: nothing to apply, no schema change\n" {
		t.Errorf("release diff of an applied release:\n%s", out)
	}

	// The dry run prints the same change after what each target would apply.
	out, errOut = cli(t, dir, 0, "rollout", "--release", second, "--env", "staging", "--dry-run")
	if wantDry := "staging/db-1: 1 to apply [002_note.sql]\n" + want; out != wantDry || errOut != "" {
		t.Errorf("rollout --dry-run:\n%s\nstderr:\n%s\nwant:\n%s", out, errOut, wantDry)
	}
	if left := scratchDatabases(t, url1); len(left) != 0 {
		t.Errorf("scratch databases left behind by the dry run: %v", left)
	}

	// Usage mistakes are one line, exit 2.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"release", "diff", second}, "sqlreview: release diff: give the release id and --env E\n"},
		{[]string{"release", "diff", second, "--env", "staging", "--target", "db-9"}, "sqlreview: release diff: environment staging has no target \"db-9\"; its targets: db-1\n"},
		{[]string{"release", "diff", second, "--env", "qa"}, "sqlreview: release diff: unknown environment \"qa\"; configured: staging, prod\n"},
	} {
		if code, out, errOut := runCLI(t, dir, "", c.args...); code != exitError || out != "" || errOut != c.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, %q", c.args, code, out, errOut, c.want)
		}
	}
}

// TestReleaseDiffNeedsCreateDB: a target role that may not create
// databases gets one line naming the target, the role and the grant.
func TestReleaseDiffNeedsCreateDB(t *testing.T) {
	dir := writeFiles(t, noteMigrations)
	admin := pgtest.NewDB(t)
	execSQL(t, admin, `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'no_createdb') THEN
    CREATE ROLE no_createdb LOGIN PASSWORD 'NoCreate-pw-9' NOCREATEDB;
  END IF;
END $$`)
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	execSQL(t, admin, "ALTER DATABASE "+pgx.Identifier{strings.TrimPrefix(u.Path, "/")}.Sanitize()+" OWNER TO no_createdb")
	u.User = url.UserPassword("no_createdb", "NoCreate-pw-9")
	t.Setenv("DB1_URL", u.String())
	t.Setenv("DB2_URL", admin)
	first := createRelease(t, dir)
	cli(t, dir, 0, "rollout", "--release", first, "--env", "staging")
	writeFile(t, dir, "migrations/002_note.sql", addNote)
	second := createRelease(t, dir)
	_, errOut := cli(t, dir, exitError, "release", "diff", second, "--env", "staging")
	want := `sqlreview: target db-1: role "no_createdb" may not create databases: the preview replays the pending files in a scratch database on the same server; ` +
		`grant CREATEDB to it (ALTER ROLE "no_createdb" CREATEDB) or preview with a role that has it` + "\n"
	if errOut != want {
		t.Errorf("release diff without CREATEDB:\n%s\nwant:\n%s", errOut, want)
	}
	// The dry run still shows what it would apply, and warns.
	out, errOut := cli(t, dir, 0, "rollout", "--release", second, "--env", "staging", "--dry-run")
	if out != "staging/db-1: 1 to apply [002_note.sql]\n" || errOut != "sqlreview: warning: schema change not shown: "+strings.TrimPrefix(want, "sqlreview: ") {
		t.Errorf("rollout --dry-run without CREATEDB:\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	if strings.Contains(errOut, "NoCreate-pw-9") {
		t.Errorf("the password leaked: %s", errOut)
	}
}

// TestStatusShowsRolledOutRelease: without --release, status shows the
// release that was rolled out, not a newer one nobody rolled out.
func TestStatusShowsRolledOutRelease(t *testing.T) {
	dir := writeFiles(t, noteMigrations)
	t.Setenv("DB1_URL", pgtest.NewDB(t))
	t.Setenv("DB2_URL", pgtest.NewDB(t))
	first := createRelease(t, dir)
	cli(t, dir, 0, "rollout", "--release", first, "--env", "staging")
	writeFile(t, dir, "migrations/002_note.sql", addNote)
	abandoned := createRelease(t, dir)
	if abandoned == first {
		t.Fatal("the second release has the first's id")
	}
	out, _ := cli(t, dir, 0, "status")
	want := "release " + first + " (" + shortDigest(releaseDigest(t, dir, first)) + ")\n" +
		"staging: succeeded (low risk)\n  db-1                     succeeded \nprod: pending (low risk)\n  db-2                     pending   \n"
	if out != want {
		t.Errorf("status:\n%s\nwant:\n%s", out, want)
	}
	// --release still shows any release.
	out, _ = cli(t, dir, 0, "status", "--release", abandoned)
	if !strings.HasPrefix(out, "release "+abandoned+" (") || !strings.Contains(out, "staging: pending (low risk)\n") {
		t.Errorf("status --release %s:\n%s", abandoned, out)
	}
}

func releaseDigest(t *testing.T, dir, id string) string {
	t.Helper()
	out, _ := cli(t, dir, 0, "release", "show", id, "--format", "json")
	var rel struct{ Digest string }
	if err := json.Unmarshal([]byte(out), &rel); err != nil {
		t.Fatal(err)
	}
	return rel.Digest
}

// TestReleaseShowMarksNewFiles: release show marks each file with the
// environments it is new in — by the state store's record of finished
// rollouts, or with --env by that environment's live history — and --sql
// prints the new files.
func TestReleaseShowMarksNewFiles(t *testing.T) {
	dir := writeFiles(t, noteMigrations)
	t.Setenv("DB1_URL", pgtest.NewDB(t))
	t.Setenv("DB2_URL", pgtest.NewDB(t))
	first := createRelease(t, dir)
	cli(t, dir, 0, "rollout", "--release", first, "--env", "staging")
	writeFile(t, dir, "migrations/002_note.sql", addNote)
	second := createRelease(t, dir)

	line := func(version, name, mark string) string {
		l := "  " + version + strings.Repeat(" ", 21-len(version)) + shortDigest(migration.Checksum([]byte(noteFile(name)))) + "  " + name
		if mark != "" {
			l += "  new in " + mark
		}
		return l + "\n"
	}
	files := func(out string) string {
		_, after, _ := strings.Cut(out, "files:\n")
		return after
	}
	out, _ := cli(t, dir, 0, "release", "show", second)
	if got, want := files(out), line("1", "001_t.sql", "prod")+line("2", "002_note.sql", "staging, prod"); got != want {
		t.Errorf("release show files:\n%s\nwant:\n%s", got, want)
	}
	out, _ = cli(t, dir, 0, "release", "show", second, "--sql")
	want := line("1", "001_t.sql", "prod") + line("2", "002_note.sql", "staging, prod") +
		"\n-- 001_t.sql (new in prod)\n" + noteFile("001_t.sql") +
		"\n-- 002_note.sql (new in staging, prod)\n" + addNote
	if got := files(out); got != want {
		t.Errorf("release show --sql:\n%s\nwant:\n%s", got, want)
	}

	// 002 applied by hand on staging: the store does not know, the
	// target's history does.
	cli(t, dir, 0, "apply", "--env", "staging")
	out, _ = cli(t, dir, 0, "release", "show", second)
	if got, want := files(out), line("1", "001_t.sql", "prod")+line("2", "002_note.sql", "staging, prod"); got != want {
		t.Errorf("release show after a manual apply:\n%s\nwant:\n%s", got, want)
	}
	out, _ = cli(t, dir, 0, "release", "show", second, "--env", "staging", "--sql")
	if got, want := files(out), line("1", "001_t.sql", "")+line("2", "002_note.sql", ""); got != want {
		t.Errorf("release show --env staging:\n%s\nwant:\n%s", got, want)
	}
	out, _ = cli(t, dir, 0, "release", "show", second, "--env", "prod", "--format", "json")
	var rel struct {
		Files []struct {
			Name  string
			NewIn []string
		}
	}
	if err := json.Unmarshal([]byte(out), &rel); err != nil || len(rel.Files) != 2 ||
		strings.Join(rel.Files[0].NewIn, ",") != "prod" || strings.Join(rel.Files[1].NewIn, ",") != "prod" {
		t.Errorf("release show --env prod --format json: %v\n%s", err, out)
	}

	// Once the release finished on staging, the store knows too.
	cli(t, dir, 0, "rollout", "--release", second, "--env", "staging")
	out, _ = cli(t, dir, 0, "release", "show", second)
	if got, want := files(out), line("1", "001_t.sql", "prod")+line("2", "002_note.sql", "prod"); got != want {
		t.Errorf("release show after the rollout to staging:\n%s\nwant:\n%s", got, want)
	}
}

func noteFile(name string) string {
	if name == "002_note.sql" {
		return addNote
	}
	return noteMigrations["migrations/"+name]
}

// gitRun runs git in dir with a fixed identity and no user configuration.
func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestReleaseCreateDirtyTree: a release of migration files git has
// uncommitted changes to is refused, naming them; --allow-dirty records
// it as dirty, and show and list say so. Other files do not count.
func TestReleaseCreateDirtyTree(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".sqlreview.yaml":      "migrations: {dir: migrations}\n",
		"migrations/001_t.sql": noteMigrations["migrations/001_t.sql"],
		".gitignore":           "migrations/*_local.sql\n",
	})
	gitRun(t, dir, "init", "-q")
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "first")
	head := gitRun(t, dir, "rev-parse", "HEAD")
	migDir := filepath.Join(dir, "migrations")

	// Untracked files outside the migrations are not the release's business.
	writeFile(t, dir, "notes.txt", "x\n")
	writeFile(t, dir, "migrations/README.md", "x\n")
	clean := createRelease(t, dir)

	writeFile(t, dir, "migrations/002_note.sql", addNote)
	code, out, errOut := runCLI(t, dir, "", "release", "create")
	want := "sqlreview: release refused: git has uncommitted changes to migration files under " + migDir +
		": migrations/002_note.sql; commit them, or pass --allow-dirty to record the release as dirty\n"
	if code != exitError || out != "" || errOut != want {
		t.Errorf("untracked migration: exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errOut, want)
	}
	// Modified, staged, ignored: each counts; the list stops at three.
	writeFile(t, dir, "migrations/001_t.sql", noteMigrations["migrations/001_t.sql"]+"-- edited\n")
	writeFile(t, dir, "migrations/003_local.sql", "SELECT 1;\n")
	writeFile(t, dir, "migrations/004_more.sql", "SELECT 1;\n")
	gitRun(t, dir, "add", "migrations/004_more.sql")
	code, _, errOut = runCLI(t, dir, "", "release", "create")
	want = "sqlreview: release refused: git has uncommitted changes to migration files under " + migDir +
		": migrations/001_t.sql, migrations/002_note.sql, migrations/003_local.sql and 1 more; commit them, or pass --allow-dirty to record the release as dirty\n"
	if code != exitError || errOut != want {
		t.Errorf("several: exit %d, stderr:\n%s\nwant:\n%s", code, errOut, want)
	}

	out, _ = cli(t, dir, 0, "release", "create", "--allow-dirty")
	if !strings.HasPrefix(out, "release created ") || !strings.HasSuffix(out, ", commit "+head+", dirty)\n") {
		t.Errorf("release create --allow-dirty:\n%s", out)
	}
	id := strings.Fields(out)[2]
	out, _ = cli(t, dir, 0, "release", "show", id)
	if !strings.Contains(out, "\ncommit  "+head+", dirty\n") {
		t.Errorf("release show of a dirty release:\n%s", out)
	}
	out, _ = cli(t, dir, 0, "release", "show", id, "--format", "json")
	var rel struct{ Dirty bool }
	if err := json.Unmarshal([]byte(out), &rel); err != nil || !rel.Dirty {
		t.Errorf("release show --format json of a dirty release: %v\n%s", err, out)
	}
	out, _ = cli(t, dir, 0, "release", "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], id+" ") || !strings.HasSuffix(lines[0], "  dirty") ||
		!strings.HasPrefix(lines[1], clean+" ") || strings.HasSuffix(lines[1], "dirty") {
		t.Errorf("release list:\n%s", out)
	}
}

// TestReleaseShowSQLEscaped: the SQL --sql prints cannot drive a terminal
// or a CI log; CRLF files print as lines. Without environments every file
// is printed.
func TestReleaseShowSQLEscaped(t *testing.T) {
	body := "SELECT 1\r\n::int; -- \x1b[2J\r\n"
	dir := writeFiles(t, map[string]string{".sqlreview.yaml": "migrations: {dir: migrations}\n", "migrations/001_x.sql": body})
	id := createRelease(t, dir)
	out, _ := cli(t, dir, 0, "release", "show", id, "--sql")
	want := "  1                    " + shortDigest(migration.Checksum([]byte(body))) + "  001_x.sql\n" +
		"\n-- 001_x.sql\nSELECT 1\n\\x3a:int; -- \\x1b[2J\n"
	if _, got, _ := strings.Cut(out, "files:\n"); got != want {
		t.Errorf("release show --sql:\n%q\nwant:\n%q", got, want)
	}
}

// TestStatusShowsCheckoutRelease: without --release, status shows the
// release made from the checkout's commit when there is one.
func TestStatusShowsCheckoutRelease(t *testing.T) {
	dir := writeFiles(t, noteMigrations)
	writeFile(t, dir, ".gitignore", ".sqlreview/\n")
	gitRun(t, dir, "init", "-q")
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "first")
	first := createRelease(t, dir)
	writeFile(t, dir, "migrations/002_note.sql", addNote)
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "second")
	second := createRelease(t, dir)
	gitRun(t, dir, "checkout", "-q", "HEAD~1")
	out, _ := cli(t, dir, 0, "status")
	if want := "release " + first + " ("; !strings.HasPrefix(out, want) {
		t.Errorf("status at the first commit:\n%s\nwant it to start with %q", out, want)
	}
	gitRun(t, dir, "checkout", "-q", "-")
	out, _ = cli(t, dir, 0, "status")
	if want := "release " + second + " ("; !strings.HasPrefix(out, want) {
		t.Errorf("status at the second commit:\n%s\nwant it to start with %q", out, want)
	}
}
