package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// Golden tests of `sqlreview check --fix`: testdata/fix/<case>/input.sql
// (with an optional .sqlreview.yaml) is copied to a temporary directory,
// fixed by the CLI, and compared byte for byte with expected.sql (--fix) and
// expected-unsafe.sql (--unsafe-fixes). UPDATE_GOLDEN=1 rewrites them.
func TestFixGolden(t *testing.T) {
	root := filepath.Join(repoRootRel, "testdata", "fix")
	cases, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	update := os.Getenv("UPDATE_GOLDEN") != ""
	summaryRE := regexp.MustCompile(`(?m)^sqlreview: fixed (\d+) findings?`)
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		dir := filepath.Join(root, c.Name())
		input, err := os.ReadFile(filepath.Join(dir, "input.sql"))
		if err != nil {
			t.Errorf("%s: %v", c.Name(), err)
			continue
		}
		cfg, _ := os.ReadFile(filepath.Join(dir, ".sqlreview.yaml"))
		for _, mode := range []struct{ flag, golden string }{{"--fix", "expected.sql"}, {"--unsafe-fixes", "expected-unsafe.sql"}} {
			t.Run(c.Name()+"/"+mode.flag, func(t *testing.T) {
				files := map[string]string{"input.sql": string(input)}
				if cfg != nil {
					files[".sqlreview.yaml"] = string(cfg)
				}
				tmp := writeFiles(t, files)
				code, _, stderr := runCLI(t, tmp, "", "check", mode.flag, "--fail-on", "never", "input.sql")
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				m := summaryRE.FindStringSubmatch(stderr)
				if m == nil {
					t.Fatalf("no fix summary on stderr: %q", stderr)
				}
				got, err := os.ReadFile(filepath.Join(tmp, "input.sql"))
				if err != nil {
					t.Fatal(err)
				}
				if (m[1] == "0") != (string(got) == string(input)) {
					t.Errorf("summary %q does not match the file (changed: %v)", m[0], string(got) != string(input))
				}
				goldenPath := filepath.Join(dir, mode.golden)
				if update {
					if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(goldenPath)
				if err != nil {
					t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
				}
				if string(got) != string(want) {
					t.Errorf("fixed SQL differs from %s (UPDATE_GOLDEN=1 rewrites it)\n--- got\n%s\n--- want\n%s", goldenPath, got, want)
				}
				// A second run finds nothing more to fix.
				if _, _, stderr := runCLI(t, tmp, "", "check", mode.flag, "--fail-on", "never", "input.sql"); !strings.Contains(stderr, "sqlreview: fixed 0 findings") {
					t.Errorf("second run still fixes: %s", stderr)
				}
				if again, _ := os.ReadFile(filepath.Join(tmp, "input.sql")); string(again) != string(got) {
					t.Errorf("second run changed the file:\n%s", again)
				}
			})
		}
	}
}

func TestFixCommandLine(t *testing.T) {
	// Standard input cannot be fixed.
	code, _, stderr := runCLI(t, "", "CREATE INDEX i ON t (a);", "check", "--fix", "-")
	if code != exitError || !strings.Contains(stderr, "--fix needs files") {
		t.Errorf("stdin: exit %d, %q", code, stderr)
	}
	// --unsafe-fixes implies --fix; the exit code and the report are those
	// of the remaining findings; permissions are kept; symlinks followed.
	dir := writeFiles(t, map[string]string{
		"real/001_a.sql": "CREATE INDEX i ON t (a);\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);\nDROP TABLE old;\n",
	})
	target := filepath.Join(dir, "real", "001_a.sql")
	if err := os.Chmod(target, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "m"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "m", "001_a.sql")); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, dir, "", "check", "--fix", "--format", "json", "m")
	if code != exitFindings {
		t.Errorf("--fix: exit %d, want %d (ban-drop-table and the unsafe fix remain): %s", code, exitFindings, stderr)
	}
	// CONCURRENTLY IF NOT EXISTS in one fix, then (the file now runs
	// statement by statement) IF EXISTS in a second pass.
	if !strings.Contains(stderr, "sqlreview: fixed 2 findings in 1 file (2 remaining); 1 more fixable with --unsafe-fixes") {
		t.Errorf("--fix summary: %q", stderr)
	}
	var rulesLeft []string
	for _, f := range decode(t, out).Findings {
		rulesLeft = append(rulesLeft, f.Rule)
	}
	if strings.Join(rulesLeft, " ") != "constraint-missing-not-valid ban-drop-table" {
		t.Errorf("remaining findings: %v", rulesLeft)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "m", "001_a.sql")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v", err)
	}
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("permissions not kept: %v %v", fi.Mode(), err)
	}
	code, _, stderr = runCLI(t, dir, "", "check", "--unsafe-fixes", "m")
	if code != exitFindings || !strings.Contains(stderr, "fixed 1 finding in 1 file (1 remaining)") {
		t.Errorf("--unsafe-fixes: exit %d, %q", code, stderr)
	}
	got, _ := os.ReadFile(target)
	want := "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\nDROP TABLE IF EXISTS old;\n"
	if string(got) != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", got, want)
	}
	// Without --fix nothing is written.
	if err := os.WriteFile(target, []byte("CREATE INDEX i ON t (a);\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	runCLI(t, dir, "", "check", "m")
	if again, _ := os.ReadFile(target); string(again) != "CREATE INDEX i ON t (a);\n" {
		t.Errorf("plain check changed the file")
	}
	// A file with a syntax error is left alone, and the user is told.
	if err := os.WriteFile(target, []byte("CREATE INDEX i ON t (a);\nSELEC 1;\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	_, _, stderr = runCLI(t, dir, "", "check", "--fix", "m")
	if !strings.Contains(stderr, "001_a.sql: not fixed: it has a syntax error") {
		t.Errorf("syntax error: %q", stderr)
	}
}

func TestChooseFixes(t *testing.T) {
	text := "ALTER TABLE t ADD COLUMN a int;"
	ins := func(title string, at int, s string) *rules.Fix {
		return &rules.Fix{Title: title, Edits: []rules.Edit{{Start: at, End: at, NewText: s}}}
	}
	rep := func(title string, start, end int, s string) *rules.Fix {
		return &rules.Fix{Title: title, Edits: []rules.Edit{{Start: start, End: end, NewText: s}}}
	}
	typ := strings.Index(text, "int")
	fixes := []*rules.Fix{
		rep("bigint", typ, typ+3, "bigint"),
		ins("not null", typ+3, " NOT NULL"), // touches the replacement's end: both apply
		ins("default", typ+3, " DEFAULT 0"), // same offset as "not null": next pass
		rep("inside", typ+1, typ+2, "x"),    // inside the replacement: next pass
		ins("if not exists", 24, " IF NOT EXISTS"),
		{Title: "bad", Edits: []rules.Edit{{Start: 5, End: 500}}}, // out of range: never
	}
	var titles []string
	chosen := engine.ChooseFixes(text, fixes)
	for _, fx := range chosen {
		titles = append(titles, fx.Title)
	}
	if got := strings.Join(titles, ","); got != "if not exists,bigint,not null" {
		t.Errorf("chosen: %s", got)
	}
	if got := engine.ApplyEdits(text, engine.FixEdits(chosen)); got != "ALTER TABLE t ADD COLUMN IF NOT EXISTS a bigint NOT NULL;" {
		t.Errorf("applied: %s", got)
	}
}

func TestFixNeverBreaksSQL(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.sql")
	text := "SELECT 1;\nSELECT 2;\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var notes []string
	note := func(f string, a ...any) { notes = append(notes, f) }
	good := &rules.Fix{Title: "good", Edits: []rules.Edit{{Start: 7, End: 8, NewText: "10"}}}
	bad := &rules.Fix{Title: "bad", Edits: []rules.Edit{{Start: 10, End: 16, NewText: "SELEC"}}}
	n, err := fixFile(path, source.ParseText(path, text), []*rules.Fix{good, bad}, note)
	if err != nil || n != 1 || len(notes) != 1 {
		t.Fatalf("applied %d, err %v, notes %v", n, err, notes)
	}
	if got, _ := os.ReadFile(path); string(got) != "SELECT 10;\nSELECT 2;\n" {
		t.Errorf("file: %q", got)
	}
	// A file changed on disk since it was read is left alone.
	n, _ = fixFile(path, source.ParseText(path, text), []*rules.Fix{good}, note)
	if n != 0 || len(notes) != 2 {
		t.Errorf("stale file: applied %d, notes %v", n, notes)
	}
}
