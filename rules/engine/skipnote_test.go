package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/statements"
)

// TestSkipNoteOncePerRun: without a database, each rule that needs one
// says it was skipped once per run, not once per file, and as a note (info)
// whatever the rule set's severity, so an offline run does not fail on it.
func TestSkipNoteOncePerRun(t *testing.T) {
	for _, preset := range []string{"all", "bytebase-advanced"} {
		dir := t.TempDir()
		cfg := filepath.Join(dir, ".sqlreview.yaml")
		if err := os.WriteFile(cfg, []byte("rules:\n  default: "+preset+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 3; i++ {
			sql := fmt.Sprintf("UPDATE accounts SET n = %d WHERE id > 0;\nALTER TABLE accounts ADD COLUMN c%d text;\n", i, i)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d_m.sql", i)), []byte(sql), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res, err := Check([]string{dir}, Options{ConfigPath: cfg})
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, f := range res.Findings {
			if strings.HasSuffix(f.Message, statements.NeedsDatabaseNote) {
				notes = append(notes, fmt.Sprintf("%s %s %s", filepath.Base(f.Path), f.Rule.Name, f.Severity))
				if f.Severity != rules.Info {
					t.Errorf("%s: %s note has severity %s, want info", preset, f.Rule.Name, f.Severity)
				}
			}
		}
		seen := map[string]bool{}
		for _, n := range notes {
			rule := strings.Fields(n)[1]
			if seen[rule] {
				t.Errorf("%s: rule %s noted twice: %q", preset, rule, notes)
			}
			seen[rule] = true
		}
		if len(notes) == 0 {
			t.Errorf("%s: no skip note at all", preset)
		}
	}
}
