package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/risk"
)

var riskResult = &engine.Result{Files: 1, Statements: 1, Risk: []risk.EnvAssessment{
	{Env: "test"},
	{Env: "prod", Assessment: risk.Assessment{Level: risk.High, Reasons: []string{"drop-existing-column (m/2.sql:1)"}}},
}}

// The risk of the checked files appears in the text report when above
// low, always in JSON and in the GitHub job summary.
func TestRiskInReports(t *testing.T) {
	var text bytes.Buffer
	if err := Text(&text, riskResult, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "No problems found in 1 file (1 statement checked).\nRisk in prod: high: drop-existing-column (m/2.sql:1)\n"; text.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", text.String(), want)
	}
	var js bytes.Buffer
	if err := JSON(&js, riskResult); err != nil {
		t.Fatal(err)
	}
	want := `"risk": [
    {
      "env": "test",
      "level": "low",
      "reasons": []
    },
    {
      "env": "prod",
      "level": "high",
      "reasons": [
        "drop-existing-column (m/2.sql:1)"
      ]
    }
  ]
}
`
	if !strings.HasSuffix(js.String(), want) {
		t.Errorf("json:\n%s\nwant it to end with:\n%s", js.String(), want)
	}
	summary := GitHubSummary(riskResult, Options{})
	if want := "| environment | risk | decided by |\n|---|---|---|\n| test | **low** | no risk rule matched |\n| prod | **high** | drop-existing-column (m/2.sql:1) |\n"; !strings.Contains(summary, want) {
		t.Errorf("summary:\n%s\nwant it to hold:\n%s", summary, want)
	}
}
