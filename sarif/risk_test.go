package sarif

import (
	"encoding/json"
	"testing"

	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/risk"
)

// The risk of the checked files is a property of the run, valid SARIF.
func TestRiskRunProperty(t *testing.T) {
	res := &engine.Result{Risk: []risk.EnvAssessment{
		{Env: "prod", Assessment: risk.Assessment{Level: risk.High, Reasons: []string{"drop-existing-column (m/2.sql:1)"}}},
		{Env: "test"},
	}}
	data, err := Encode(res, Options{Root: repoRoot(t)})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, data)
	var log struct {
		Runs []struct {
			Properties struct {
				Risk []struct {
					Env, Level string
					Reasons    []string
				}
			}
		}
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(log.Runs[0].Properties.Risk)
	if want := `[{"Env":"prod","Level":"high","Reasons":["drop-existing-column (m/2.sql:1)"]},{"Env":"test","Level":"low","Reasons":[]}]`; string(got) != want {
		t.Errorf("risk property %s\nwant %s", got, want)
	}
	plain, _ := Encode(&engine.Result{}, Options{Root: repoRoot(t)})
	var bare map[string]any
	json.Unmarshal(plain, &bare)
	if run := bare["runs"].([]any)[0].(map[string]any); run["properties"] != nil {
		t.Errorf("a check without risk has run properties: %v", run["properties"])
	}
}
