package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitDetectsRunner: init sets migrations.runner when the migration
// files' layout names their runner, and leaves it to detection when the
// layouts disagree or say nothing.
func TestInitDetectsRunner(t *testing.T) {
	for _, c := range []struct {
		name   string
		files  map[string]string
		stdout string
		runner string
	}{
		{"prisma", map[string]string{
			"prisma/migrations/20240101120000_init/migration.sql":  "CREATE TABLE a (id int);",
			"prisma/migrations/20240102120000_index/migration.sql": "CREATE INDEX i ON a (id);",
		}, "migrations.runner: prisma (detected from prisma/migrations/20240101120000_init/migration.sql)\nwrote .sqlreview.yaml\n",
			"  runner: prisma               # tool that applies"},
		{"goose", map[string]string{"db/00001_init.sql": "-- +goose Up\nCREATE TABLE a (id int);\n"},
			"migrations.runner: goose (detected from db/00001_init.sql)\nwrote .sqlreview.yaml\n",
			"  runner: goose                # tool that applies"},
		{"disagreeing layouts", map[string]string{
			"a/V1__init.sql":       "CREATE TABLE a (id int);",
			"b/000001_init.up.sql": "CREATE TABLE b (id int);",
		}, "wrote .sqlreview.yaml\n", `  runner: ""                   # tool that applies`},
		{"no layout", map[string]string{"migrations/202501150900_add_user_table.sql": "CREATE TABLE a (id int);"},
			"wrote .sqlreview.yaml\n", `  runner: ""                   # tool that applies`},
	} {
		dir := t.TempDir()
		for p, text := range c.files {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		code, out, errOut := runCLI(t, dir, "", "init")
		if code != 0 || out != c.stdout || errOut != "" {
			t.Errorf("%s: exit %d\nstdout %q\nstderr %q\nwant stdout %q", c.name, code, out, errOut, c.stdout)
		}
		written, _ := os.ReadFile(filepath.Join(dir, ".sqlreview.yaml"))
		if !strings.Contains(string(written), "\n"+c.runner) {
			t.Errorf("%s: .sqlreview.yaml has no line %q:\n%s", c.name, c.runner, written)
		}
		if code, out, errOut := runCLI(t, dir, "", "config", "verify"); code != 0 || out != ".sqlreview.yaml: ok\n" {
			t.Errorf("%s: config verify: exit %d %q %q", c.name, code, out, errOut)
		}
	}
}
