package release

import (
	"testing"

	"github.com/sqlreview/sqlreview/rules/config"
)

// TestAssessUsesEachEnvironmentsPolicy: a risk rule on a finding holds in
// the environment whose review policy reports that finding, and only there.
func TestAssessUsesEachEnvironmentsPolicy(t *testing.T) {
	cfg, err := config.Parse(".sqlreview.yaml", []byte(`environments:
  - name: test
  - name: prod
    rules: {enable: [require-table-comment]}
risk:
  rules:
    - {name: undocumented-table, level: high, when: {finding: [require-table-comment]}}
`))
	if err != nil {
		t.Fatal(err)
	}
	rel := &Release{Files: []File{{Version: "1", Name: "001_people.sql", Path: "migrations/001_people.sql",
		Content: []byte("CREATE TABLE people (id bigint PRIMARY KEY);\n")}}}
	got, err := rel.Assess(cfg, map[string]EnvContext{"test": {NewFiles: []string{"001_people.sql"}}, "prod": {NewFiles: []string{"001_people.sql"}}})
	if err != nil {
		t.Fatal(err)
	}
	if p, want := got["test"].Phrase(), "low risk"; p != want {
		t.Errorf("test: %q, want %q", p, want)
	}
	if p, want := got["prod"].Phrase(), "high risk: undocumented-table"; p != want {
		t.Errorf("prod: %q, want %q", p, want)
	}
}
