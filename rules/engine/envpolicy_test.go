package engine

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/presets"
)

func envConfig(t *testing.T, src, env string) *config.Config {
	t.Helper()
	c, err := config.Parse("/repo/.sqlreview.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(all.Resolve, all.Names()); err != nil {
		t.Fatal(err)
	}
	ec, err := c.ForEnvironment(env)
	if err != nil {
		t.Fatal(err)
	}
	return ec
}

// An environment's preset adds its rules to the top-level ones: every
// rule the top level runs still runs, at its severity or the preset's if
// higher, and every rule of the preset runs.
func TestEnvironmentPresetAdds(t *testing.T) {
	src := "rules: {default: recommended}\nenvironments:\n  - name: test\n  - name: prod\n    rules: {default: bytebase-advanced}\n"
	base, err := NewLinter(envConfig(t, src, "test"), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	prod, err := NewLinter(envConfig(t, src, "prod"), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	inPreset := map[*rules.Rule]rules.Severity{}
	for _, rc := range presets.Get("bytebase-advanced").Rules {
		if rc.Severity != rules.Off {
			inPreset[rc.Rule] = rc.Severity
		}
	}
	added := 0
	for _, r := range all.Rules() {
		ps, p := inPreset[r]
		want := base.Enabled(r) || p
		if prod.Enabled(r) != want {
			t.Errorf("%s: enabled under prod = %v, want %v", r.Name, prod.Enabled(r), want)
		}
		if !want {
			continue
		}
		if !base.Enabled(r) {
			added++
		}
		wantSev := ps
		if base.Enabled(r) && base.Severity(r) > wantSev {
			wantSev = base.Severity(r)
		}
		if prod.Severity(r) != wantSev {
			t.Errorf("%s: severity under prod = %v, want %v", r.Name, prod.Severity(r), wantSev)
		}
	}
	if added == 0 {
		t.Error("the preset added no rule to the recommended set")
	}
}

// An environment's severity raises a rule, enabling it when the top
// level does not run it; one below the top-level severity is refused at
// load time (ValidatePolicies), naming the environment and the rule.
func TestEnvironmentSeverity(t *testing.T) {
	src := "rules:\n  severity: {require-table-comment: warning}\nenvironments:\n  - name: prod\n    rules:\n      severity: {require-table-comment: error, require-column-comment: info}\n"
	prod, err := NewLinter(envConfig(t, src, "prod"), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	tc, cc := all.Lookup("require-table-comment"), all.Lookup("require-column-comment")
	if !prod.Enabled(tc) || prod.Severity(tc) != rules.Error || !prod.Enabled(cc) || prod.Severity(cc) != rules.Info {
		t.Errorf("prod: table comment %v/%v, column comment %v/%v", prod.Enabled(tc), prod.Severity(tc), prod.Enabled(cc), prod.Severity(cc))
	}

	loosen := "rules:\n  severity: {require-table-comment: error}\nenvironments:\n  - name: prod\n    rules:\n      severity: {require-table-comment: warning}\n"
	c, err := config.Parse("/repo/.sqlreview.yaml", []byte(loosen))
	if err != nil {
		t.Fatal(err)
	}
	err = ValidatePolicies(c)
	want := "/repo/.sqlreview.yaml: environments[prod].rules.severity: require-table-comment: warning would lower the top-level severity error; an environment's rules only add or tighten (lower it in the top-level rules instead)"
	if err == nil || err.Error() != want {
		t.Errorf("loosening: %v\nwant %s", err, want)
	}
}

// Check under Options.Environment reports what that environment's policy
// adds, and only there.
func TestCheckEnvironment(t *testing.T) {
	dir := t.TempDir()
	cfg := "environments:\n  - name: test\n  - name: prod\n    rules: {enable: [require-table-comment]}\n"
	for name, body := range map[string]string{
		".sqlreview.yaml":           cfg,
		"migrations/001_people.sql": "CREATE TABLE people (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mig := filepath.Join(dir, "migrations")
	for env, want := range map[string]string{"": "", "test": "", "prod": "require-table-comment 1:14"} {
		res, err := Check([]string{mig}, Options{Environment: env})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, f := range res.Findings {
			got += f.Rule.Name + " " + f.Start.String()
		}
		if got != want {
			t.Errorf("env %q: findings %q, want %q", env, got, want)
		}
	}
	_, err := Check([]string{mig}, Options{Environment: "staging"})
	if want := "usage: --env: " + filepath.Join(dir, ".sqlreview.yaml") + `: unknown environment "staging"; configured: test, prod`; err == nil || err.Error() != want {
		t.Errorf("unknown environment: %v\nwant %s", err, want)
	}
}

// A routed file (db##version##kind##desc.sql) is checked against the
// unrouted files and its own database's before it, never another
// database's: hr's person table is new in hr's file, although employee
// has one. Without the prefixes the same files are one history, and the
// second CREATE meets the first table. The editor's one-document path
// (CheckDocument) sees the same catalogs as a directory check.
func TestRoutedFilesSeparateCatalogs(t *testing.T) {
	create := "CREATE TABLE person (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"
	second := create + "ALTER TABLE person ADD COLUMN name text NOT NULL;\n"
	for _, tc := range []struct {
		first, second, want string
	}{
		{"employee##202311010900##ddl##create_person.sql", "hr##202311050900##ddl##create_person.sql", ""},
		{"202311010900_create_person.sql", "202311050900_create_person.sql", "adding-required-field 2:20"},
		{"202311010900_create_person.sql", "hr##202311050900##ddl##create_person.sql", "adding-required-field 2:20"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, tc.first), []byte(create), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, tc.second), []byte(second), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Check([]string{dir}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, f := range res.Findings {
			got += f.Rule.Name + " " + f.Start.String()
		}
		if got != tc.want {
			t.Errorf("%s then %s: findings %q, want %q", tc.first, tc.second, got, tc.want)
		}
		assertDocumentsMatchCheck(t, dir)
	}
}
