package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/statements"
)

// findingKey is what an editor shows of a finding, plus the fingerprint.
func findingKey(f Finding) string {
	return fmt.Sprintf("%s %d:%d-%d:%d [%d,%d) %s %s sup=%v %s %s", filepath.Base(f.Path), f.Start.Line, f.Start.Column, f.End.Line, f.End.Column,
		f.StartOffset, f.EndOffset, f.Severity, f.Rule.Name, f.Suppressed, f.Message, f.Fingerprint)
}

// assertDocumentsMatchCheck checks every .sql file of dir alone with
// CheckDocument and compares with Check over the whole directory.
func assertDocumentsMatchCheck(t *testing.T, dir string) {
	t.Helper()
	res, err := Check([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, f := range res.Findings {
		want[f.Path] = append(want[f.Path], findingKey(f))
	}
	for path := range res.Sources {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fs, _, err := CheckDocument(path, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			if strings.HasSuffix(f.Message, statements.NeedsDatabaseNote) && !slices.Contains(want[path], findingKey(f)) {
				// A document notes a skipped live-database rule for
				// itself; a run notes it once, on its first file.
				continue
			}
			got = append(got, findingKey(f))
		}
		if strings.Join(got, "\n") != strings.Join(want[path], "\n") {
			t.Errorf("%s:\nCheckDocument:\n%s\nCheck:\n%s", path, strings.Join(got, "\n"), strings.Join(want[path], "\n"))
		}
	}
}

// TestCheckDocumentMatchesCheck: one document at a time gets exactly what a
// directory check reports for it — the bundled examples, and a directory with
// a duplicate version, an unversioned file and a catalog-dependent finding.
func TestCheckDocumentMatchesCheck(t *testing.T) {
	assertDocumentsMatchCheck(t, filepath.Join("..", "..", "testdata", "examples", "migrations"))
	dir := t.TempDir()
	files := map[string]string{
		"001_users.sql":      "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n",
		"002_index.sql":      "CREATE INDEX users_name_idx ON users (name);\n",
		"002_dup.sql":        "ALTER TABLE users ADD COLUMN age int;\n",
		"003_new_table.sql":  "CREATE TABLE t (id bigint PRIMARY KEY);\nCREATE INDEX t_id ON t (id);\nALTER TABLE users DROP COLUMN name;\n",
		"seed.sql":           "ALTER TABLE users DROP COLUMN age;\n",
		".sqlreview.yaml":    "rules:\n  default: all\n",
		"004_suppressed.sql": "-- sqlreview:ignore ban-drop-table -- fine\nDROP TABLE t;\n-- sqlreview:ignore renaming-column -- stale\nSELECT 1;\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	assertDocumentsMatchCheck(t, dir)
}

// TestCatalogBeforeOverlay: an open buffer's text replaces the file on disk
// in the replay.
func TestCatalogBeforeOverlay(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "001_a.sql")
	second := filepath.Join(dir, "002_b.sql")
	os.WriteFile(first, []byte("CREATE TABLE a (id bigint PRIMARY KEY);\n"), 0o644)
	if cat := CatalogBefore(second, nil); cat.Table("", "a") == nil {
		t.Fatal("table a from disk missing")
	}
	cat := CatalogBefore(second, map[string][]byte{first: []byte("CREATE TABLE b (id bigint PRIMARY KEY);\n")})
	if cat.Table("", "a") != nil || cat.Table("", "b") == nil {
		t.Fatal("overlay not used")
	}
	if got := ReplayedBefore(DirFiles(first), first); len(got) != 0 {
		t.Fatalf("nothing precedes the first migration, got %v", got)
	}
}
