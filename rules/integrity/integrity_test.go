package integrity

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// example reads a doc example: "-- main: PATH" and "-- pull request: PATH"
// lines open the files at the base and today; the lines below are the
// content.
func example(t *testing.T, text string) (base, current []File) {
	t.Helper()
	header := regexp.MustCompile(`^-- (main|pull request): (\S+)$`)
	type section struct {
		side, path string
		body       []string
	}
	var sections []*section
	for _, line := range strings.Split(text, "\n") {
		if m := header.FindStringSubmatch(line); m != nil {
			sections = append(sections, &section{side: m[1], path: m[2]})
			continue
		}
		if len(sections) == 0 {
			t.Fatalf("example text before the first file header: %q", line)
		}
		s := sections[len(sections)-1]
		s.body = append(s.body, line)
	}
	for _, s := range sections {
		f, ok := NewFile(s.path, []byte(strings.Join(s.body, "\n")+"\n"))
		if !ok {
			t.Fatalf("example file %s has no version", s.path)
		}
		if s.side == "main" {
			base = append(base, f)
		} else {
			current = append(current, f)
		}
	}
	return base, current
}

func only(r *rules.Rule) func(*rules.Rule) bool { return func(x *rules.Rule) bool { return x == r } }

// TestDocExamples checks that each rule's Bad example triggers it once and
// its Good example does not.
func TestDocExamples(t *testing.T) {
	for _, r := range All {
		for what, want := range map[string]int{r.Doc.Bad: 1, r.Doc.Good: 0} {
			base, current := example(t, what)
			got := Compare(&Comparison{Where: "merged at main", Base: base, Current: current}, only(r))
			if len(got) != want {
				t.Errorf("%s: %d problems, want %d, in\n%s\n%v", r.Name, len(got), want, what, got)
			}
		}
	}
}

func files(t *testing.T, spec ...string) []File {
	t.Helper()
	var out []File
	for i := 0; i < len(spec); i += 2 {
		f, ok := NewFile(spec[i], []byte(spec[i+1]))
		if !ok {
			t.Fatalf("no version in %s", spec[i])
		}
		out = append(out, f)
	}
	return out
}

func messages(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Rule.Name+" "+p.File.Path+": "+p.Message)
	}
	return out
}

// TestCompare covers every case at once, with exact messages: an edit, a
// rename to another version, a rename keeping the version, a deletion and
// an out-of-order file; a CRLF checkout is no edit.
func TestCompare(t *testing.T) {
	base := files(t,
		"m/001_users.sql", "CREATE TABLE users (id int);\n",
		"m/002_orders.sql", "CREATE TABLE orders (id int);\n",
		"m/003_audit.sql", "CREATE TABLE audit (id int);\n",
		"m/004_items.sql", "CREATE TABLE items (id int);\n",
		"m/005_tags.sql", "CREATE TABLE tags (id int);\n",
		"m/007_crlf.sql", "SELECT 1;\n",
	)
	current := files(t,
		"m/001_users.sql", "CREATE TABLE users (id bigint);\n",
		"m/008_orders.sql", "CREATE TABLE orders (id int);\n",
		"m/003_audit_log.sql", "CREATE TABLE audit (id int);\n",
		"m/005_tags.sql", "CREATE TABLE tags (id int);\n",
		"m/006_new.sql", "SELECT 2;\n",
		"m/007_crlf.sql", "SELECT 1;\r\n",
	)
	got := messages(Compare(&Comparison{Where: "merged at main (merge base abc1234)", Base: base, Current: current}, nil))
	want := []string{
		"edited-applied-migration m/001_users.sql: m/001_users.sql was edited, but version 001 is already merged at main (merge base abc1234) with other content; revert the edit and put the change in a new migration",
		"renamed-applied-migration m/003_audit_log.sql: m/003_audit_log.sql was renamed from m/003_audit.sql, which is already merged at main (merge base abc1234); rename it back (the history records the name it was applied with)",
		"deleted-applied-migration m/004_items.sql: m/004_items.sql was deleted, but it is already merged at main (merge base abc1234); restore it, and undo its change in a new migration if needed",
		"out-of-order-migration m/006_new.sql: m/006_new.sql (version 006) sorts before 007, the newest version already merged at main (merge base abc1234); give it a newer version, or set `migrations.out-of-order: allow` in .sqlreview.yaml",
		"renamed-applied-migration m/008_orders.sql: m/008_orders.sql was renamed from m/002_orders.sql, which is already merged at main (merge base abc1234) as version 002; under a new version it would run again: rename it back",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestOutOfOrderAllowedAndBaseline: migrations.out-of-order: allow turns
// the check off; a baseline entry counts for ordering, not as content.
func TestOutOfOrderAllowedAndBaseline(t *testing.T) {
	base := []File{{Path: "m/010_baseline", Name: "010_baseline", Version: mustVersion(t, "010"), Baseline: true}}
	current := files(t, "m/003_old.sql", "SELECT 1;\n", "m/011_new.sql", "SELECT 2;\n")
	got := messages(Compare(&Comparison{Where: "applied in the target database", Base: base, Current: current}, nil))
	want := []string{"out-of-order-migration m/003_old.sql: m/003_old.sql (version 003) sorts before 010, the newest version already applied in the target database; give it a newer version, or set `migrations.out-of-order: allow` in .sqlreview.yaml"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
	if got := Compare(&Comparison{Base: base, Current: current, AllowOutOfOrder: true}, nil); len(got) != 0 {
		t.Errorf("allowed: %v", messages(got))
	}
}

func mustVersion(t *testing.T, name string) migfile.Version {
	f, ok := NewFile(name+"_x.sql", nil)
	if !ok {
		t.Fatal(name)
	}
	return f.Version
}
