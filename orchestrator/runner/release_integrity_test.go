package runner

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// TestReleaseCreateIntegrity: once a release has reached a target, release
// create refuses a later one in which one of its files was edited, renamed
// or deleted, or a new file sorts before its newest version (unless
// migrations.out-of-order: allow), in one line naming the files by their
// repository paths.
func TestReleaseCreateIntegrity(t *testing.T) {
	dir := t.TempDir()
	mig := filepath.Join(dir, "migrations")
	os.MkdirAll(mig, 0o755)
	files := map[string]string{
		"001_users.sql":  "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"003_orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
		"005_audit.sql":  "CREATE TABLE audit (id bigint PRIMARY KEY);\n",
	}
	for name, body := range files {
		os.WriteFile(filepath.Join(mig, name), []byte(body), 0o644)
	}
	cfgPath := filepath.Join(dir, ".sqlreview.yaml")
	cfg := "migrations: {dir: migrations}\nenvironments:\n  - name: staging\n    targets: [{name: app, url: \"${STAGING_URL}\"}]\n"
	os.WriteFile(cfgPath, []byte(cfg), 0o644)
	env := []string{"STAGING_URL=" + pgtest.NewDB(t)}
	conf := "--config=" + cfgPath
	r := runCLI(t, env, "release", "create", "--format", "json", "--id-template", "r{n}", conf)
	var rel struct{ ID string }
	if err := json.Unmarshal([]byte(r.Stdout), &rel); err != nil || r.Code != 0 {
		t.Fatalf("release create: %d %v %s%s", r.Code, err, r.Stdout, r.Stderr)
	}
	// Not rolled out yet: an edit makes a new release that replaces it.
	os.WriteFile(filepath.Join(mig, "005_audit.sql"), []byte("CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz);\n"), 0o644)
	if r := runCLI(t, env, "release", "create", "--id-template", "r{n}", conf); r.Code != 0 || r.Stdout == "" {
		t.Fatalf("edit before any rollout: %d %s%s", r.Code, r.Stdout, r.Stderr)
	}
	os.WriteFile(filepath.Join(mig, "005_audit.sql"), []byte(files["005_audit.sql"]), 0o644)
	if r := runCLI(t, env, "rollout", "--release", rel.ID, "--env", "staging", conf); r.Code != 0 {
		t.Fatalf("rollout: %d %s%s", r.Code, r.Stdout, r.Stderr)
	}
	restore := func() {
		entries, _ := os.ReadDir(mig)
		for _, e := range entries {
			os.Remove(filepath.Join(mig, e.Name()))
		}
		for name, body := range files {
			os.WriteFile(filepath.Join(mig, name), []byte(body), 0o644)
		}
		os.WriteFile(cfgPath, []byte(cfg), 0o644)
	}
	cases := []struct {
		name   string
		change func()
		want   string
	}{
		{"edited", func() {
			os.WriteFile(filepath.Join(mig, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"), 0o644)
		}, "sqlreview: release refused: migrations/001_users.sql was edited, but version 001 is already rolled out with release r1 with other content; revert the edit and put the change in a new migration\n"},
		{"renamed", func() {
			os.Rename(filepath.Join(mig, "003_orders.sql"), filepath.Join(mig, "003_order_table.sql"))
		}, "sqlreview: release refused: migrations/003_order_table.sql was renamed from migrations/003_orders.sql, which is already rolled out with release r1; rename it back (the history records the name it was applied with)\n"},
		{"deleted", func() {
			os.Remove(filepath.Join(mig, "005_audit.sql"))
		}, "sqlreview: release refused: migrations/005_audit.sql was deleted, but it is already rolled out with release r1; restore it, and undo its change in a new migration if needed\n"},
		{"out of order", func() {
			os.WriteFile(filepath.Join(mig, "004_items.sql"), []byte("CREATE TABLE items (id bigint PRIMARY KEY);\n"), 0o644)
		}, "sqlreview: release refused: migrations/004_items.sql (version 004) sorts before 005, the newest version already rolled out with release r1; give it a newer version, or set `migrations.out-of-order: allow` in .sqlreview.yaml\n"},
	}
	for _, c := range cases {
		restore()
		c.change()
		if r := runCLI(t, env, "release", "create", "--id-template", "r{n}", conf); r.Code != 1 || r.Stdout != "" || r.Stderr != c.want {
			t.Errorf("%s: exit %d\nstdout %q\nstderr %q\nwant   %q", c.name, r.Code, r.Stdout, r.Stderr, c.want)
		}
	}
	// The out-of-order file passes once the config allows it.
	os.WriteFile(cfgPath, []byte("migrations: {dir: migrations, out-of-order: allow}\nenvironments:\n  - name: staging\n    targets: [{name: app, url: \"${STAGING_URL}\"}]\n"), 0o644)
	if r := runCLI(t, env, "release", "create", "--id-template", "r{n}", conf); r.Code != 0 {
		t.Errorf("out-of-order allowed: exit %d %s%s", r.Code, r.Stdout, r.Stderr)
	}
}
