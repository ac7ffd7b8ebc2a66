package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/clitest"
	"github.com/sqlreview/sqlreview/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := pgtest.Main(m)
	clitest.Cleanup()
	os.Exit(code)
}

// execCLI runs the built binary in dir with env added to the environment:
// secrets must be absent from what the real process prints and creates,
// not only from run's return values.
func execCLI(t *testing.T, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	r := clitest.Run(t, dir, env, args...)
	return r.Code, r.Stdout, r.Stderr
}

// urlPassword holds every character reserved in a URL.
const urlPassword = "Sq@l%r/v:w#x?y-2F"

// secretSpellings are the password as written and percent-encoded.
func secretSpellings(pw string) []string {
	return []string{pw, url.QueryEscape(pw), url.PathEscape(pw), strings.ReplaceAll(url.QueryEscape(pw), "%", "%25")}
}

// urlRole creates a login role whose password has every reserved character.
func urlRole(t *testing.T) *pgtest.Server {
	t.Helper()
	s := pgtest.Shared(t)
	err := s.Exec("postgres", `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'urluser') THEN
    CREATE ROLE urluser LOGIN SUPERUSER PASSWORD '`+urlPassword+`';
  END IF;
END $$`)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// urlForm is one way of writing a connection string.
type urlForm struct {
	name string
	url  func(port int, db string) string
	// err is the one-line error of a migration command ("" when it
	// connects); %[1]d is the port, %[2]s the database.
	err string
}

func urlForms() []urlForm {
	enc := url.QueryEscape(urlPassword)
	const forms = "give a postgres://user@host:port/db URL (the password after user:, percent-encoded) or a key=value DSN (host=… user=… dbname=…)"
	return []urlForm{
		{name: "encoded", url: func(p int, db string) string {
			return "postgres://urluser:" + enc + "@127.0.0.1:" + strconv.Itoa(p) + "/" + db + "?sslmode=disable"
		}},
		{name: "upper-case scheme", url: func(p int, db string) string {
			return "POSTGRESQL://urluser:" + enc + "@127.0.0.1:" + strconv.Itoa(p) + "/" + db + "?sslmode=disable"
		}},
		{name: "key=value DSN", url: func(p int, db string) string {
			return "host=127.0.0.1 port=" + strconv.Itoa(p) + " user=urluser password='" + urlPassword + "' dbname=" + db + " sslmode=disable"
		}},
		{name: "password in query", url: func(p int, db string) string {
			return "postgres://urluser@127.0.0.1:" + strconv.Itoa(p) + "/" + db + "?password=" + enc
		}},
		{name: "unencoded", url: func(p int, db string) string {
			return "postgres://urluser:" + urlPassword + "@127.0.0.1:" + strconv.Itoa(p) + "/" + db
		}, err: "database URL: the user name or password has unencoded reserved characters (@ / ? #); percent-encode them (@ is %40, / is %2F, ? is %3F, # is %23, % is %25)"},
		{name: "bad port", url: func(p int, db string) string {
			return "postgres://urluser:" + enc + "@127.0.0.1:99999/" + db
		}, err: "database URL: cannot parse the connection string: invalid port; " + forms},
		{name: "unreachable", url: func(p int, db string) string {
			return "postgres://urluser:" + enc + "@127.0.0.1:1/" + db + "?connect_timeout=5"
		}, err: "connect to urluser@127.0.0.1:1/%[2]s: 127.0.0.1:1 (127.0.0.1): dial error: dial tcp 127.0.0.1:1: connect: connection refused"},
		{name: "wrong password", url: func(p int, db string) string {
			return "postgres://urluser:" + enc + "x@127.0.0.1:" + strconv.Itoa(p) + "/" + db
		}, err: `connect to urluser@127.0.0.1:%[1]d/%[2]s: 127.0.0.1:%[1]d (127.0.0.1): failed SASL auth: FATAL: password authentication failed for user "urluser" (SQLSTATE 28P01)`},
	}
}

// assertNoSecret fails when a spelling of the password is in text.
func assertNoSecret(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range secretSpellings(urlPassword) {
		if strings.Contains(text, s) {
			t.Errorf("%s: password (%q) shown:\n%s", where, s, text)
			return
		}
	}
}

// assertNoSecretInTree fails when a file under dir has the password in its
// name or content.
func assertNoSecretInTree(t *testing.T, where, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		assertNoSecret(t, where+": file name", p)
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			assertNoSecret(t, where+": file "+p, string(b))
		}
		return nil
	})
}

// dumpTables returns the text of every row of the sqlreview tables of db
// (targets' history and events, or the state store's tables).
func dumpTables(t *testing.T, s *pgtest.Server, db string) string {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, s.URL(db))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
WHERE table_schema = 'sqlreview' OR table_name LIKE 'sqlreview%'`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, tb := range tables {
		rows, err := c.Query(ctx, `SELECT t::text FROM `+tb+` t`)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	return b.String()
}

// newDatabase creates a database for one URL form.
func newDatabase(t *testing.T, s *pgtest.Server, name string) string {
	t.Helper()
	if err := s.Exec("postgres", `CREATE DATABASE `+name+` OWNER urluser`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Exec("postgres", `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`) })
	return name
}

// TestSecretsEveryCommand runs every command that takes a database URL,
// with every way of writing one, through the real binary: the password
// (raw or percent-encoded) is never in stdout, stderr, a file, a history
// row or an event, and a URL that cannot be used is exit 2 with one exact
// line.
func TestSecretsEveryCommand(t *testing.T) {
	s := urlRole(t)
	commands := []struct {
		args []string
		code int // when the URL connects
	}{
		{[]string{"plan", "migrations"}, 0},
		{[]string{"apply", "migrations"}, 1}, // 002 fails
		{[]string{"history", "--events"}, 0},
		{[]string{"history", "--format", "json"}, 0},
		{[]string{"drift"}, 0}, // the failed run recorded the schema it left (001 applied)
		{[]string{"drift", "accept", "--reason", "nothing to accept"}, 0},
		{[]string{"schema", "dump"}, 0},
		{[]string{"repair", "migrations", "--version", "001"}, 0},
		{[]string{"baseline", "migrations", "--version", "001"}, 1},
		{[]string{"check", "migrations"}, 0},
		{[]string{"check", "--database-url-from-env", "migrations"}, 0},
	}
	for i, form := range urlForms() {
		t.Run(form.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{
				"migrations/001_a.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n",
				"migrations/002_b.sql": "CREATE TABLE b (id bigint PRIMARY KEY);\nSELECT no_such_function();\n",
			})
			db := newDatabase(t, s, "urlform"+strconv.Itoa(i))
			dbURL := form.url(s.Port, db)
			for _, c := range commands {
				args := append([]string{}, c.args...)
				var env []string
				if len(args) > 1 && args[1] == "--database-url-from-env" {
					// check reads SQLREVIEW_DATABASE_URL like the others.
					args = append(args[:1], args[2:]...)
					env = []string{"SQLREVIEW_DATABASE_URL=" + dbURL}
				} else {
					args = append(args, "--database-url", dbURL)
				}
				code, stdout, stderr := execCLI(t, dir, env, args...)
				where := form.name + ": " + strings.Join(c.args, " ")
				assertNoSecret(t, where, stdout+stderr)
				if form.err == "" {
					if code != c.code {
						t.Errorf("%s: exit %d; want %d\n%s%s", where, code, c.code, stdout, stderr)
					}
					continue
				}
				want := "sqlreview: " + sprintf(form.err, s.Port, db) + "\n"
				if c.args[0] == "check" {
					want = "sqlreview: --database-url: " + strings.TrimPrefix(sprintf(form.err, s.Port, db), "database URL: ") + "\n"
					want = strings.Replace(want, "--database-url: connect to", "--database-url: cannot connect to", 1)
				}
				if code != exitError || stderr != want || stdout != "" {
					t.Errorf("%s: exit %d\nstdout %q\nstderr %q\nwant 2, stderr %q", where, code, stdout, stderr, want)
				}
			}
			assertNoSecretInTree(t, form.name, dir)
			assertNoSecret(t, form.name+": history and events", dumpTables(t, s, db))
			if form.err == "" && !strings.Contains(dumpTables(t, s, db), "no_such_function") {
				t.Errorf("%s: the failing migration was not recorded", form.name)
			}
		})
	}
}

func sprintf(format string, port int, db string) string {
	r := strings.NewReplacer("%[1]d", strconv.Itoa(port), "%[2]s", db)
	return r.Replace(format)
}

// TestSecretsStateURL runs the commands that take the state store's URL
// (release, status, rollout) with every way of writing one, the targets
// given the same way and a webhook whose path is a token: a PostgreSQL URL
// in any spelling or a key=value DSN uses the shared store (it used to be
// taken for a SQLite path, creating files named after the password); the
// password is never in the output, a file or a store row.
func TestSecretsStateURL(t *testing.T) {
	s := urlRole(t)
	hookToken := url.QueryEscape(urlPassword)
	for i, form := range urlForms() {
		t.Run(form.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{
				"migrations/001_a.sql": "CREATE TABLE a (id bigint PRIMARY KEY);\n",
				".sqlreview.yaml": `migrations: {dir: migrations}
environments:
  - name: staging
    targets: [{name: app, url: "${TARGET_URL}"}]
notify:
  webhooks: ["http://127.0.0.1:1/hook/${HOOK_TOKEN}"]
`,
			})
			stateDB := newDatabase(t, s, "urlstate"+strconv.Itoa(i))
			targetDB := newDatabase(t, s, "urltarget"+strconv.Itoa(i))
			state := form.url(s.Port, stateDB)
			env := []string{"TARGET_URL=" + form.url(s.Port, targetDB), "HOOK_TOKEN=" + hookToken}
			wantErr := ""
			if form.err != "" {
				msg := sprintf(form.err, s.Port, stateDB)
				msg = strings.Replace(msg, "database URL: ", "state store URL: ", 1)
				msg = strings.Replace(msg, "connect to ", "state store ", 1)
				wantErr = "sqlreview: " + msg + "\n"
			}
			release := "r1"
			for _, args := range [][]string{
				{"release", "create", "--format", "json"},
				{"release", "list"},
				{"status"},
				{"release", "diff", "RELEASE", "--env", "staging"},
				{"rollout", "--release", "RELEASE", "--env", "staging", "--dry-run"},
				{"release", "show", "RELEASE", "--env", "staging", "--sql"},
				{"rollout", "--release", "RELEASE", "--env", "staging"},
				{"status", "--format", "json"},
				{"release", "show", "RELEASE"},
			} {
				args = append(append([]string{}, args...), "--state-url", state)
				for j := range args {
					if args[j] == "RELEASE" {
						args[j] = release
					}
				}
				code, stdout, stderr := execCLI(t, dir, env, args...)
				where := form.name + ": " + strings.Join(args[:2], " ")
				assertNoSecret(t, where, stdout+stderr)
				if wantErr != "" {
					if code != exitError || stdout != "" || stderr != wantErr {
						t.Errorf("%s: exit %d\nstdout %q\nstderr %q\nwant 2, stderr %q", where, code, stdout, stderr, wantErr)
					}
					continue
				}
				if code != 0 {
					t.Fatalf("%s: exit %d\n%s%s", where, code, stdout, stderr)
				}
				if args[1] == "create" {
					var rel struct{ ID string }
					if err := json.Unmarshal([]byte(stdout), &rel); err != nil {
						t.Fatal(err)
					}
					release = rel.ID
				}
				dry := slices.Contains(args, "--dry-run")
				if dry && !strings.Contains(stdout, "\n+ CREATE TABLE public.a (\n") {
					t.Errorf("%s: the dry run shows no schema change:\n%s%s", where, stdout, stderr)
				}
				if args[0] == "rollout" && !dry && !strings.Contains(stderr, "webhook 127.0.0.1:1: event") {
					t.Errorf("%s: the webhook was not tried:\n%s", where, stderr)
				}
			}
			assertNoSecretInTree(t, form.name, dir)
			if names := dirNames(t, dir); names != ".sqlreview.yaml migrations" {
				t.Errorf("%s: files created next to the config: %s; want none (the shared store is used)", form.name, names)
			}
			stored := dumpTables(t, s, stateDB)
			assertNoSecret(t, form.name+": state store rows", stored)
			assertNoSecret(t, form.name+": target rows", dumpTables(t, s, targetDB))
			if form.err == "" && !strings.Contains(stored, "webhook-failed") {
				t.Errorf("%s: the shared store lacks the rollout's events:\n%s", form.name, stored)
			}
			if strings.Contains(stored, hookToken) {
				t.Errorf("%s: the webhook token is stored", form.name)
			}
		})
	}
}

// dirNames lists the entries of dir.
func dirNames(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}
