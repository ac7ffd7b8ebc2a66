package convert

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
)

// TestBytebaseRiskAndApproval converts an export of Bytebase's risks and
// workspace approval setting: the risks whose conditions translate become
// risk rules, the environments they name become stages, the approval flows
// a commented approval: block (their groups need members the export does
// not hold), and the rest is listed as not converted.
func TestBytebaseRiskAndApproval(t *testing.T) {
	cfg, text, notes := convertFile(t, Bytebase, "bytebase-risk-approval.json")
	if err := cfg.Validate(all.Resolve, all.Names()); err != nil {
		t.Fatalf("the converted config does not validate: %v\n%s", err, text)
	}
	notConverted(t, text, notes,
		`risk "Big updates": condition environment_id == "prod" && affected_rows > 10000: affected_rows > 10000 does not translate (rows affected and other estimates need a live database)`,
		`risk "Old": inactive in Bytebase`,
		`approval flow "Export": condition source == "DATA_EXPORT" && request.expiration_days > 7: request.expiration_days > 7 does not translate`)
	want := []config.RiskRule{
		{Name: "prod-ddl-drop", Level: "high", When: config.RiskWhen{Env: []string{"prod"}, Statement: []string{"drop-table", "truncate"}}},
		{Name: "any-dml-in-prod", Level: "moderate", When: config.RiskWhen{Env: []string{"prod"}, Statement: []string{"dml"}}},
	}
	if !reflect.DeepEqual(cfg.Risk.Rules, want) || !cfg.Risk.Builtin {
		t.Errorf("risk = %+v\nwant %+v", cfg.Risk, want)
	}
	if len(cfg.Environments) != 1 || cfg.Environments[0].Name != "prod" || cfg.Environments[0].Approval.Gated() {
		t.Errorf("environments = %+v", cfg.Environments)
	}
	const block = `  - name: prod
  #   approval:  # Bytebase's approval flows: define these groups (groups: {NAME: [people]}), then uncomment
  #     moderate:  # DBA
  #       - {name: dba, from: ["group:dba"]}
  #     high:  # Owner -> DBA
  #       - {name: project-owner, from: ["group:project-owner"]}
  #       - {name: dba, from: ["group:dba"]}
  #   # groups used: dba, project-owner
`
	if !strings.HasSuffix(text, block) {
		t.Errorf("the approval block:\n%s\nwant it to end with:\n%s", text, block)
	}
	// Uncommented, with the groups defined, the flows load and validate.
	uncommented := strings.ReplaceAll(text, "  #   ", "    ") + "groups: {dba: [dana], project-owner: [olivia]}\n"
	cfg, err := config.Parse(".sqlreview.yaml", []byte(uncommented))
	if err == nil {
		err = cfg.Validate(all.Resolve, all.Names())
	}
	if err != nil {
		t.Fatalf("uncommented: %v\n%s", err, uncommented)
	}
	a := cfg.Environments[0].Approval
	if len(a.High) != 2 || a.High[0].From[0] != "group:project-owner" || len(a.Moderate) != 1 || a.Low != nil {
		t.Errorf("uncommented approval = %+v", a)
	}
}
