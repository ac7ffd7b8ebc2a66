package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOversizedFileOneFinding: a file over files.max-size is not parsed: it
// gets exactly one unreadable-file finding at 1:1 naming its size and the
// limit; an earlier migration over the limit (replayed, not checked) is a
// warning, since later files are then checked without its changes.
func TestOversizedFileOneFinding(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("CREATE TABLE t (id int);\n", 100) // 2,500 bytes
	files := map[string]string{
		".sqlreview.yaml":       "files:\n  max-size: 2KB\nrules:\n  default: none\n  enable: [syntax-error]\n",
		"001_big_earlier.sql":   big,
		"002_small.sql":         "SELECT 1;\n",
		"003_big_checked.sql":   big + "SELEC broken;\n",
		"004_just_at_limit.sql": strings.Repeat("-", 2047) + "\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checked := []string{filepath.Join(dir, "002_small.sql"), filepath.Join(dir, "003_big_checked.sql"), filepath.Join(dir, "004_just_at_limit.sql")}
	res, err := Check(checked, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s: %s", filepath.Base(f.Path), f.Start.Line, f.Start.Column, f.Severity, f.Rule.Name, f.Message))
	}
	want := []string{"003_big_checked.sql:1:1 error unreadable-file: the file is 2514 bytes, over the files.max-size limit of 2 KB, so it is not parsed; split it, or raise files.max-size in .sqlreview.yaml"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantWarn := []string{filepath.Join(dir, "001_big_earlier.sql") + ": the file is 2500 bytes, over the files.max-size limit of 2 KB, so it is not parsed; split it, or raise files.max-size in .sqlreview.yaml; the files after it are checked without its changes"}
	if strings.Join(res.Warnings, "\n") != strings.Join(wantWarn, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(res.Warnings, "\n"), strings.Join(wantWarn, "\n"))
	}
	if res.Files != 3 || res.Statements != 1 {
		t.Errorf("files %d, statements %d; want 3 files, 1 statement", res.Files, res.Statements)
	}
}
