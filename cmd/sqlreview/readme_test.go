package main

import (
	"os"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/rules/all"
)

const (
	tableStart = "<!-- rules:start -->\n"
	tableEnd   = "<!-- rules:end -->"
)

// TestReadmeRuleTable fails when the README's rule table differs from the
// registry. UPDATE_README=1 rewrites it.
func TestReadmeRuleTable(t *testing.T) {
	path := "../../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, tableStart)
	j := strings.Index(text, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q ... %q markers", tableStart, tableEnd)
	}
	want := report.RuleTable(all.Rules())
	got := text[i+len(tableStart) : j]
	if got == want {
		return
	}
	if os.Getenv("UPDATE_README") != "" {
		text = text[:i+len(tableStart)] + want + text[j:]
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md rule table is stale; run `UPDATE_README=1 go test ./cmd/sqlreview -run TestReadmeRuleTable`")
}
