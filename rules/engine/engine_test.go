package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
)

// summary renders findings as "L:C rule [severity] (suppressed)" lines.
func summary(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		s := fmt.Sprintf("%d:%d %s %s", f.Start.Line, f.Start.Column, f.Rule.Name, f.Severity)
		if f.Suppressed {
			s += " suppressed"
		}
		out = append(out, s)
	}
	return out
}

func lintWith(t *testing.T, cfg *config.Config, sql string) []Finding {
	t.Helper()
	l, err := NewLinter(cfg, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	return l.Lint(source.ParseText("m.sql", sql), catalog.New(), "m.sql")
}

func TestSuppressionScopes(t *testing.T) {
	sql := `-- sqlreview:ignore ban-drop-column -- covers the next statement only
ALTER TABLE a DROP COLUMN x;
ALTER TABLE a DROP COLUMN y;
ALTER TABLE a DROP COLUMN z; -- sqlreview:ignore ban-drop-column -- trailing: this statement
ALTER TABLE b
  DROP COLUMN w; /* sqlreview:ignore SR201 -- block comment, code alias */
/* sqlreview:ignore ban-drop-table, renaming-table -- two rules, one used */
DROP TABLE c;
-- sqlreview:ignore-file require-where-for-update-delete -- backfills are reviewed by hand
UPDATE a SET n = 1;
DELETE FROM b;
`
	got := summary(lintWith(t, config.Default(), sql))
	want := []string{
		"2:15 ban-drop-column error suppressed",
		"3:15 ban-drop-column error",
		"4:15 ban-drop-column error suppressed",
		"6:3 ban-drop-column error suppressed",
		"7:1 unused-suppression warning",
		"8:12 ban-drop-table error suppressed",
		"10:1 require-where-for-update-delete warning suppressed",
		// The file runs as one transaction that holds ACCESS EXCLUSIVE locks
		// on a and b: the backfills are reported, the ignore-file does not
		// cover that rule.
		"10:1 expensive-statement-holding-access-exclusive warning",
		"11:1 expensive-statement-holding-access-exclusive warning",
		"11:1 require-where-for-update-delete warning suppressed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSeverityAndSelection(t *testing.T) {
	sql := "ALTER TABLE a DROP COLUMN x;\nCREATE TABLE n (id int PRIMARY KEY);\n"
	cfg := config.Default()
	cfg.Rules.Severity = map[string]string{"banDropColumn": "info", "prefer-bigint-over-int": "off"}
	if got := summary(lintWith(t, cfg, sql)); !reflect.DeepEqual(got, []string{"1:15 ban-drop-column info"}) {
		t.Errorf("severity override: %v", got)
	}
	cfg = config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{"PREFER_BIGINT_OVER_INT", "prefer-bigint-over-smallint"}
	if got := summary(lintWith(t, cfg, sql)); !reflect.DeepEqual(got, []string{"2:20 prefer-bigint-over-int warning"}) {
		t.Errorf("default none + enable: %v", got)
	}
	cfg = config.Default()
	cfg.Rules.Disable = []string{"SR201"}
	cfg.Exclusions = []config.Exclusion{{Paths: []string{"m.sql"}, Rules: []string{"preferBigintOverInt"}}}
	if got := summary(lintWith(t, cfg, sql)); len(got) != 0 {
		t.Errorf("disable + exclusion: %v", got)
	}
	cfg = config.Default()
	cfg.Rules.Settings = map[string]map[string]any{"ban-drop-column": {"nope": 1}}
	if _, err := NewLinter(cfg, Overrides{}); err == nil || !strings.Contains(err.Error(), `rule ban-drop-column has no setting "nope"`) {
		t.Errorf("unknown setting: %v", err)
	}
	if _, err := NewLinter(config.Default(), Overrides{Enable: []string{"ban-drop-column,renaming-colum"}}); err == nil ||
		!strings.Contains(err.Error(), `--enable: unknown rule "renaming-colum" (did you mean "renaming-column"?)`) {
		t.Errorf("unknown --enable: %v", err)
	}
}

// TestPanickingRule: a rule that crashes becomes one internal-error finding
// on the statement, and the other rules and statements still run.
func TestPanickingRule(t *testing.T) {
	boom := &rules.Rule{Code: "SR999", Name: "boom", Category: rules.Schema, Severity: rules.Error,
		Check: func(p *rules.Pass) {
			if strings.Contains(p.Stmt.Text(), "boom") {
				var m map[string]int
				//lint:ignore SA5000 the rule must crash: a nil map write is a real runtime panic
				m["x"]++
			}
		}}
	l, err := NewLinter(config.Default(), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	l.enabled = append(l.enabled, boom)
	l.severity[boom] = rules.Error
	fs := l.Lint(source.ParseText("m.sql", "SELECT 'boom';\nDROP TABLE t;\n"), catalog.New(), "m.sql")
	got := summary(fs)
	want := []string{"1:1 internal-error error", "2:12 ban-drop-table error"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if msg := fs[0].Message; !strings.Contains(msg, "rule boom crashed on this statement (assignment to entry in nil map") {
		t.Errorf("message %q", msg)
	}
}

func TestDuplicateVersions(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"0001_init.sql":   "CREATE TABLE a (id bigint PRIMARY KEY);",
		"1_again.sql":     "CREATE TABLE b (id bigint PRIMARY KEY);",
		"0002_other.sql":  "CREATE TABLE c (id bigint PRIMARY KEY);",
		"notes_draft.sql": "SELECT 1;",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Check([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, filepath.Base(f.Path)+" "+f.Rule.Name+": "+f.Message)
	}
	want := []string{
		"0001_init.sql duplicate-migration-version: migration version is also used by 1_again.sql; give each file its own version",
		"1_again.sql duplicate-migration-version: migration version is also used by 0001_init.sql; give each file its own version",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}

// TestDeterministicOutput: parallel runs give the same findings in the same
// order as a sequential run.
func TestDeterministicOutput(t *testing.T) {
	root := corpusDir(t, "migrations")
	dirs := []string{filepath.Join(root, "openmeter"), filepath.Join(root, "concourse")}
	cfgPath := writeAllRulesConfig(t)
	var first []string
	for _, jobs := range []int{1, 2, 8} {
		res, err := Check(dirs, Options{Jobs: jobs, ConfigPath: cfgPath})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, fmt.Sprintf("%s:%d:%d %s", f.Path, f.Start.Line, f.Start.Column, f.Rule.Name))
		}
		if len(got) < 100 {
			t.Fatalf("only %d findings with every rule on", len(got))
		}
		if first == nil {
			first = got
		} else if !reflect.DeepEqual(first, got) {
			t.Errorf("jobs=%d changed the findings or their order", jobs)
		}
	}
}

// TestAliasesResolve: every alias resolves to its rule, none is shared.
func TestAliasesResolve(t *testing.T) {
	seen := map[string]string{}
	for _, r := range all.Rules() {
		for _, n := range append([]string{r.Code, r.Name}, r.Aliases...) {
			if got := all.Lookup(n); got != r {
				t.Errorf("Lookup(%q) is not %s", n, r.Name)
			}
			if prev, ok := seen[strings.ToLower(n)]; ok && prev != r.Name {
				t.Errorf("%q names both %s and %s", n, prev, r.Name)
			}
			seen[strings.ToLower(n)] = r.Name
		}
		if !strings.HasPrefix(r.Code, "SR") || r.Name != strings.ToLower(r.Name) {
			t.Errorf("rule %s/%s: codes are SRnnn and names kebab-case", r.Code, r.Name)
		}
	}
}

var lintSeeds = []string{
	"CREATE TABLE t (id int PRIMARY KEY, at timestamp); CREATE INDEX i ON t (at); ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 1;",
	"ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0), ALTER COLUMN b TYPE bigint, DROP COLUMN d, ADD FOREIGN KEY (x) REFERENCES u;",
	"BEGIN; CREATE INDEX CONCURRENTLY i ON t (a); BEGIN; COMMIT; COMMIT;",
	"-- sqlreview:ignore ban-drop-table -- why\nDROP TABLE a, b.c; DROP DATABASE d; ALTER TABLE t RENAME TO u;",
	"UPDATE t SET a = 1; DELETE FROM t; WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x;",
	"ALTER TABLE t ALTER COLUMN c SET NOT NULL; ALTER TABLE t RENAME COLUMN a TO b; DROP INDEX i;",
	"CREATE TABLE p (id bigint) PARTITION BY RANGE (id); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (2);",
	"ALTER TABLE ONLY \"Weird\".\"T\" ADD COLUMN \"É\" int4[] DEFAULT gen_random_uuid(), ADD PRIMARY KEY (id);",
	"SELEC 1; ALTER TABLE; CREATE TABLE (;",
}

// FuzzLint: any input lints without a rule crash, with findings inside the
// file and in order.
func FuzzLint(f *testing.F) {
	for _, s := range lintSeeds {
		f.Add(s)
	}
	l, err := NewLinter(allRulesConfig(), Overrides{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		file := source.ParseText("f.sql", sql)
		fs := l.Lint(file, catalog.New(), "f.sql")
		for i, fd := range fs {
			if fd.Rule.Name == "internal-error" {
				t.Fatalf("internal error on %q: %s", sql, fd.Message)
			}
			if fd.StartOffset < 0 || fd.EndOffset < fd.StartOffset || fd.EndOffset > len(file.Text) {
				t.Fatalf("finding %s has range %d-%d outside the %d-byte input %q", fd.Rule.Name, fd.StartOffset, fd.EndOffset, len(file.Text), sql)
			}
			if i > 0 && fs[i-1].StartOffset > fd.StartOffset {
				t.Fatalf("findings out of order")
			}
		}
	})
}

// TestFingerprints: fingerprints survive lines added above a finding, and
// two identical problems in one file get distinct fingerprints.
func TestFingerprints(t *testing.T) {
	l, err := NewLinter(config.Default(), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	fps := func(sql string) []string {
		var out []string
		for _, f := range l.Lint(source.ParseText("m.sql", sql), catalog.New(), "m.sql") {
			out = append(out, f.Fingerprint)
		}
		return out
	}
	before := fps("DROP TABLE a;\nALTER TABLE b DROP COLUMN c;\nALTER TABLE b DROP COLUMN c;\n")
	after := fps("-- a new comment\n\nCREATE TABLE n (id bigint PRIMARY KEY);\nDROP TABLE a;\nALTER TABLE b\n  DROP COLUMN c;\nALTER TABLE b DROP COLUMN c;\n")
	if len(before) != 3 || !reflect.DeepEqual(before, after) {
		t.Errorf("fingerprints changed with lines shifting:\n%v\n%v", before, after)
	}
	if before[1] == before[2] || before[2] != before[1]+":2" {
		t.Errorf("duplicate problems: %v", before)
	}
	if other := fps("DROP TABLE z;\n"); other[0] == before[0] {
		t.Error("different tables share a fingerprint")
	}
}

// TestUnversionedFiles: a file without a migration version is checked
// against the schema of the versioned migrations, and is not replayed for
// the others (nor even read when not asked for).
func TestUnversionedFiles(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"V1__users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);",
		"V2__later.sql": "ALTER TABLE users ADD COLUMN n bigint NOT NULL;",
		"a_scratch.sql": "CREATE TABLE users (id bigint PRIMARY KEY);",
		"b_seed.sql":    "CREATE INDEX users_id_idx ON users (id);",
		"c_garbage.sql": "\x00\x01binary",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Check([]string{filepath.Join(dir, "b_seed.sql"), filepath.Join(dir, "V2__later.sql")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, filepath.Base(f.Path)+" "+f.Rule.Name)
	}
	// users exists (from V1) for both files; a_scratch.sql's CREATE TABLE
	// does not make it "new" for b_seed.sql; c_garbage.sql is never read.
	want := []string{"V2__later.sql adding-required-field", "b_seed.sql require-concurrent-index-creation"}
	if !reflect.DeepEqual(got, want) || res.Files != 2 {
		t.Errorf("got %v (%d files), want %v", got, res.Files, want)
	}
}

// applyFixes applies the edits of the given findings' fixes (non-overlapping,
// applied from the end).
func applyFixes(text string, fs []Finding) string {
	var edits []rules.Edit
	for _, f := range fs {
		if f.Fix != nil {
			edits = append(edits, f.Fix.Edits...)
		}
	}
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		text = text[:e.Start] + e.NewText + text[e.End:]
	}
	return text
}

func TestUnusedSuppressionFix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"-- sqlreview:ignore ban-drop-column -- stale\nCREATE TABLE t (id bigint PRIMARY KEY);\n",
			"CREATE TABLE t (id bigint PRIMARY KEY);\n"},
		{"CREATE TABLE t (id bigint PRIMARY KEY);  -- sqlreview:ignore ban-drop-column -- stale\n",
			"CREATE TABLE t (id bigint PRIMARY KEY);\n"},
		{"-- sqlreview:ignore ban-drop-table, ban-drop-column -- only one is needed\nDROP TABLE t;\n",
			"-- sqlreview:ignore ban-drop-table -- only one is needed\nDROP TABLE t;\n"},
		{"/* sqlreview:ignore-file renaming-column,ban-drop-table -- legacy */\nDROP TABLE t;\n",
			"/* sqlreview:ignore-file ban-drop-table -- legacy */\nDROP TABLE t;\n"},
	}
	for _, tt := range tests {
		fs := lintWith(t, config.Default(), tt.in)
		var unused []Finding
		for _, f := range fs {
			if f.Rule.Name == "unused-suppression" {
				unused = append(unused, f)
			}
		}
		if len(unused) != 1 || unused[0].Fix == nil || !unused[0].Fix.Safe {
			t.Fatalf("%q: want one fixable unused-suppression, got %v", tt.in, summary(fs))
		}
		if got := applyFixes(tt.in, unused); got != tt.want {
			t.Errorf("fix of %q:\n got %q\nwant %q", tt.in, got, tt.want)
		}
		for _, f := range lintWith(t, config.Default(), tt.want) {
			if f.Rule.Name == "unused-suppression" || f.Rule.Name == "malformed-suppression" {
				t.Errorf("after the fix of %q: %s: %s", tt.in, f.Rule.Name, f.Message)
			}
		}
	}
}

func TestAppendCollapsed(t *testing.T) {
	long := strings.Repeat("word \t\n ", 300) + "end"
	for _, s := range []string{"", "  ", "a", "  a  b\n\tc  ", "é\u00a0x\u2003y\u0085z", "\xff \xfe", "\v\f\r", long} {
		got := string(appendCollapsed([]byte("x"), s))
		if want := "x" + strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("appendCollapsed(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFingerprintsDoNotDependOnTheCheckout: a file outside the config's
// directory (a sibling checkout named with ../) gets the same fingerprints
// wherever the two directories are laid, so a baseline or a SARIF upload
// made on one runner matches the next one's.
func TestFingerprintsDoNotDependOnTheCheckout(t *testing.T) {
	fingerprints := func(root string) []string {
		repo, sibling := filepath.Join(root, "repo"), filepath.Join(root, "sibling")
		for _, d := range []string{repo, sibling} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(repo, ".sqlreview.yaml"), []byte("rules:\n  default: recommended\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sibling, "V1__drop.sql"), []byte("DROP TABLE a;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Check([]string{filepath.Join(sibling, "V1__drop.sql")}, Options{ConfigPath: filepath.Join(repo, ".sqlreview.yaml")})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.Rule.Name+" "+f.Fingerprint)
		}
		return out
	}
	first, second := fingerprints(t.TempDir()), fingerprints(filepath.Join(t.TempDir(), "elsewhere", "deeper"))
	if len(first) == 0 {
		t.Fatal("no findings for DROP TABLE")
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("fingerprints depend on where the checkout lies:\n%v\n%v", first, second)
	}
}
