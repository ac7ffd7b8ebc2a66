package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
)

// routeConfig routes by the URL's database name (test/hr, whose database
// is named hr) and by the database: key (the employee targets, whose
// databases have other names). prod has no hr database.
const routeConfig = `migrations: {dir: migrations}
environments:
  - name: test
    targets:
      - {name: hr, url: "${HR_URL}"}
      - {name: employee, url: "${EMP_URL}", database: employee}
  - name: prod
    targets:
      - {name: employee, url: "${EMP2_URL}", database: employee}
`

const (
	employeeFile = "employee##202311010900##ddl##create_employee.sql"
	hrFile       = "hr##202311050900##ddl##create_hr.sql"
	auditFile    = "202311060900_audit_ddl.sql"
)

var routeMigrations = map[string]string{
	".sqlreview.yaml":            routeConfig,
	"migrations/" + employeeFile: "CREATE TABLE employee (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n",
	"migrations/" + hrFile:       "CREATE TABLE hr_person (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n",
	"migrations/" + auditFile:    "CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n",
}

// namedDB creates a database with exactly this name (routing by URL reads
// it) on the shared test server.
func namedDB(t *testing.T, name string) string {
	t.Helper()
	s := pgtest.Shared(t)
	_ = s.Exec("postgres", `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	if err := s.Exec("postgres", `CREATE DATABASE "`+name+`"`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Exec("postgres", `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`) })
	return s.URL(name)
}

// userTables lists the tables of the public schema.
func userTables(t *testing.T, url string) string {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	rows, err := c.Query(context.Background(), `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(names, ",")
}

// TestRouteBytebaseFiles: a hr##… file goes only to the target whose
// database is hr (by its URL's database name), an employee##… file only
// to the targets whose database: is employee, an unrouted file to all.
// plan, apply --database-url, release show and rollout --dry-run say
// which files go where; the kind is shown and recorded in the history; a
// file routed to no target of prod refuses the rollout to prod, and once
// prod has an hr target the promotion check does not count the files
// routed away from a test target as missing there.
func TestRouteBytebaseFiles(t *testing.T) {
	dir := writeFiles(t, routeMigrations)
	hrURL, empURL, emp2URL := namedDB(t, "hr"), pgtest.NewDB(t), pgtest.NewDB(t)
	t.Setenv("HR_URL", hrURL)
	t.Setenv("EMP_URL", empURL)
	t.Setenv("EMP2_URL", emp2URL)
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	lhr, lemp := redact.URL(hrURL), redact.URL(empURL)
	const tx = "  txmode file (all statements can run in one transaction)\n  line 1     -                        "

	out, _ := cli(t, dir, 0, "plan", "--env", "test", "--no-review")
	want := "==> hr <==\n" + lhr + ": 2 pending, 0 applied\n\n" +
		"202311050900  " + hrFile + "  kind ddl" + tx + "CREATE TABLE hr_person (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)\n\n" +
		"202311060900  " + auditFile + "  kind ddl" + tx + "CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)\n\n" +
		"routed elsewhere (this database is hr):\n  " + employeeFile + "  -> database employee\n\nreview: SKIPPED (--no-review)\n\n" +
		"==> employee <==\n" + lemp + ": 2 pending, 0 applied\n\n" +
		"202311010900  " + employeeFile + "  kind ddl" + tx + "CREATE TABLE employee (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)\n\n" +
		"202311060900  " + auditFile + "  kind ddl" + tx + "CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)\n\n" +
		"routed elsewhere (this database is employee):\n  " + hrFile + "  -> database hr\n\nreview: SKIPPED (--no-review)\n"
	if out != want {
		t.Errorf("plan --env test:\n%s\nwant:\n%s", out, want)
	}
	out, _ = cli(t, dir, 0, "plan", "--database-url", empURL, "--no-review", "--format", "json")
	var pj struct {
		Database string
		Routed   []struct{ Name, Database, Kind string } `json:"routedElsewhere"`
		Pending  []struct{ Name, Kind string }
	}
	if err := json.Unmarshal([]byte(out), &pj); err != nil {
		t.Fatal(err)
	}
	// Without the config's database: key, the URL's database name decides:
	// neither routed file is for this database.
	if got := fmt.Sprintf("%+v", pj); got != "{Database:"+dbName(t, empURL)+" Routed:[{Name:"+employeeFile+" Database:employee Kind:ddl} {Name:"+hrFile+" Database:hr Kind:ddl}] Pending:[{Name:"+auditFile+" Kind:ddl}]}" {
		t.Errorf("plan --database-url --format json: %s", got)
	}

	// apply --database-url to the hr database skips the employee file,
	// visibly, and applies the others.
	out, _ = cli(t, dir, 0, "apply", "--database-url", hrURL)
	out = regexp.MustCompile(` in \d+ms`).ReplaceAllString(out, " in Nms")
	want = "skipped  " + employeeFile + ": routed to database employee (this is hr)\n" +
		"applying " + hrFile + " (1 statements, one transaction)\napplied  " + hrFile + " in Nms\n" +
		"applying " + auditFile + " (1 statements, one transaction)\napplied  " + auditFile + " in Nms\n" +
		lhr + ": 2 applied by this run\n"
	if out != want {
		t.Errorf("apply --database-url hr:\n%s\nwant:\n%s", out, want)
	}

	id := createRelease(t, dir)
	out, _ = cli(t, dir, 0, "release", "show", id)
	files := out[strings.Index(out, "files:\n"):]
	want = "files:\n" +
		"  202311010900         d450bcd86883  " + employeeFile + "  ddl  -> database employee (test/employee, prod/employee)  new in test, prod\n" +
		"  202311050900         7054ee09fa63  " + hrFile + "  ddl  -> database hr (test/hr)  new in test, prod\n" +
		"  202311060900         0fadc288055a  " + auditFile + "  ddl  new in test, prod\n"
	if files != want {
		t.Errorf("release show files:\n%s\nwant:\n%s", files, want)
	}

	out, _ = cli(t, dir, 0, "rollout", "--release", id, "--env", "test", "--dry-run")
	want = "test/hr: 0 to apply []\n" +
		"test/hr: skips " + employeeFile + ": routed to database employee (this is hr)\n" +
		"test/employee: 2 to apply [" + employeeFile + " " + auditFile + "]\n" +
		"test/employee: skips " + hrFile + ": routed to database hr (this is employee)\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("rollout --dry-run:\n%s\nwant it to start with:\n%s", out, want)
	}
	cli(t, dir, 0, "rollout", "--release", id, "--env", "test")
	if got := userTables(t, hrURL); got != "audit,hr_person" {
		t.Errorf("tables of the hr database: %s, want audit,hr_person", got)
	}
	if got := userTables(t, empURL); got != "audit,employee" {
		t.Errorf("tables of the employee database: %s, want audit,employee", got)
	}

	out, _ = cli(t, dir, 0, "history", "--env", "test")
	var rows []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(l)
		rows = append(rows, f[0]+" "+f[1]+" "+f[len(f)-2]+" "+f[len(f)-1])
	}
	wantRows := []string{"TARGET VERSION KIND NAME", "hr 202311050900 ddl " + hrFile, "hr 202311060900 ddl " + auditFile,
		"employee 202311010900 ddl " + employeeFile, "employee 202311060900 ddl " + auditFile}
	if strings.Join(rows, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("history --env test:\n%s\nwant (target, version, kind, name):\n%s", out, strings.Join(wantRows, "\n"))
	}
	if got := historyKinds(t, empURL); got != "202311010900 ddl, 202311060900 ddl" {
		t.Errorf("history table kinds: %s", got)
	}

	_, errOut := cli(t, dir, 1, "rollout", "--release", id, "--env", "prod")
	refusal := "no target for a routed file: " + hrFile + " names database hr, but no target of prod is that database (their databases: employee); " +
		"add a target with `database: hr` to prod, or fix the database in the file name\n"
	if want = "sqlreview: release " + id + ": " + refusal; errOut != want {
		t.Errorf("rollout --env prod:\n%s\nwant:\n%s", errOut, want)
	}
	// plan and apply --env read the directory and refuse it the same way.
	for _, cmd := range []string{"plan", "apply"} {
		if _, errOut = cli(t, dir, 1, cmd, "--env", "prod", "--target", "employee"); errOut != "sqlreview: "+refusal {
			t.Errorf("%s --env prod:\n%s\nwant:\n%s", cmd, errOut, "sqlreview: "+refusal)
		}
	}
	if got := userTables(t, emp2URL); got != "" {
		t.Errorf("the refused rollout changed prod: %s", got)
	}

	// With an hr target in prod, the promotion check reads test's targets:
	// the employee file is not missing on test/hr, nor the hr file on
	// test/employee.
	hr2URL := pgtest.NewDB(t)
	t.Setenv("HR2_URL", hr2URL)
	writeFile(t, dir, ".sqlreview.yaml", routeConfig+"      - {name: hr, url: \"${HR2_URL}\", database: hr}\n")
	cli(t, dir, 0, "rollout", "--release", id, "--env", "prod")
	if got := userTables(t, hr2URL) + " / " + userTables(t, emp2URL); got != "audit,hr_person / audit,employee" {
		t.Errorf("prod tables (hr / employee): %s", got)
	}
}

// dbName is the database a URL names.
func dbName(t *testing.T, url string) string {
	t.Helper()
	c, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	return c.Database
}

// historyKinds reads version and kind from the history table itself.
func historyKinds(t *testing.T, url string) string {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	rows, err := c.Query(context.Background(), `SELECT version || ' ' || coalesce(kind, '-') FROM sqlreview.history ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(got, ", ")
}
