package config

import (
	"reflect"
	"testing"
)

const flowConfig = `groups:
  owners: [olivia, oscar]
  dba: [dana]
environments:
  - name: test
  - name: staging
    approval: required
  - name: prod
    approval:
      high:
        - {name: owner, from: [group:owners]}
        - {name: dba, from: [group:dba]}
      low: []
      default:
        - {from: [group:dba, olivia], count: 2}
`

func TestApprovalForms(t *testing.T) {
	c, err := Parse(".sqlreview.yaml", []byte(flowConfig))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(nil, nil); err != nil {
		t.Fatal(err)
	}
	test, staging, prod := c.Environments[0].Approval, c.Environments[1].Approval, c.Environments[2].Approval
	if test.Gated() || !staging.Gated() || !prod.Gated() {
		t.Fatalf("Gated: test %v, staging %v, prod %v", test.Gated(), staging.Gated(), prod.Gated())
	}
	for _, tc := range []struct {
		a     Approval
		level string
		want  []ApprovalStep
		ok    bool
	}{
		{test, "high", nil, false},
		{staging, "low", []ApprovalStep{{Count: 1}}, true},
		{prod, "high", []ApprovalStep{{Name: "owner", From: []string{"group:owners"}}, {Name: "dba", From: []string{"group:dba"}}}, true},
		{prod, "low", []ApprovalStep{}, false},
		{prod, "moderate", []ApprovalStep{{From: []string{"group:dba", "olivia"}, Count: 2}}, true},
	} {
		got, ok := tc.a.FlowFor(tc.level)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("FlowFor(%s) = %+v, %v; want %+v, %v", tc.level, got, ok, tc.want, tc.ok)
		}
	}
}

func TestValidateApprovalAndRisk(t *testing.T) {
	const head = "groups:\n  dba: [dana]\nenvironments:\n  - name: prod\n"
	for _, tc := range []struct{ name, src, want string }{
		{"word typo", head + "    approval: requierd\n",
			`.sqlreview.yaml:5: environments[0].approval: expected one of none, required, got "requierd" (did you mean "required"?)`},
		{"level typo", head + "    approval:\n      hihg: [{from: [dana]}]\n",
			`.sqlreview.yaml:6: unknown key "hihg" in environments[0].approval (did you mean "high"?)`},
		{"step key typo", head + "    approval:\n      high: [{form: [dana]}]\n",
			`.sqlreview.yaml:6: unknown key "form" in environments[0].approval.high[0] (did you mean "from"?)`},
		{"author key typo", head + "    approval:\n      author-can-aprove: true\n",
			`.sqlreview.yaml:6: unknown key "author-can-aprove" in environments[0].approval (did you mean "author-can-approve"?)`},
		{"empty mapping", head + "    approval:\n      author-can-approve: true\n",
			`.sqlreview.yaml:5: environments[0].approval: give the steps of at least one of low, moderate, high or default (or write approval: required)`},
		{"unknown group", head + "    approval:\n      high:\n        - from: [group:dab]\n",
			`.sqlreview.yaml:7: environments[0].approval.high[0].from: "group:dab" names no group of groups: (define it there, e.g. groups: {dab: [alice]}) (did you mean "group:dba"?)`},
		{"too few people", head + "    approval:\n      high:\n        - {from: [group:dba], count: 2}\n",
			`.sqlreview.yaml:7: environments[0].approval.high[0]: needs 2 approvals but from lists 1 people (dana); one person counts once`},
		{"zero count", head + "    approval:\n      high:\n        - {from: [group:dba], count: 0}\n",
			`.sqlreview.yaml:7: environments[0].approval.high[0].count: expected an integer ≥ 1, got 0`},
		{"approval list", head + "    approval: [dana]\n",
			`.sqlreview.yaml:5: environments[0].approval: expected none, required, or a mapping of risk level: [steps], got a list`},
		{"risk level", head + "risk:\n  rules:\n    - {name: r, level: hgh, when: {env: [prod]}}\n",
			`.sqlreview.yaml:7: risk.rules[0].level: expected one of low, moderate, high, got "hgh" (did you mean "high"?)`},
		{"risk statement", head + "risk:\n  rules:\n    - name: r\n      level: high\n      when:\n        statement: [drop-colum]\n",
			`.sqlreview.yaml:10: risk.rules[0].when.statement[0]: expected one of ddl, dml, create-table, create-index, add-column, add-constraint, set-not-null, alter-table, alter-column-type, drop-column, drop-constraint, drop, drop-table, drop-index, drop-schema, truncate, rename, alter-type, insert, update, delete, merge, update-without-where, delete-without-where, got "drop-colum" (did you mean "drop-column"?)`},
		{"risk env", head + "risk:\n  rules:\n    - {name: r, level: high, when: {env: [prd]}}\n",
			`.sqlreview.yaml:7: risk.rules[0].when.env[0]: "prd" is no environment of environments: (did you mean "prod"?)`},
		{"risk when key", head + "risk:\n  rules:\n    - {name: r, level: high, when: {tabel: existing}}\n",
			`.sqlreview.yaml:7: unknown key "tabel" in risk.rules[0].when (did you mean "table"?)`},
		{"risk rule key", head + "risk:\n  rules:\n    - {name: r, levl: high}\n",
			`.sqlreview.yaml:7: unknown key "levl" in risk.rules[0] (did you mean "level"?)`},
		{"risk key", head + "risk:\n  builtins: false\n",
			`.sqlreview.yaml:6: unknown key "builtins" in risk (did you mean "builtin"?)`},
		{"risk no condition", head + "risk:\n  rules:\n    - {name: r, level: high}\n",
			`.sqlreview.yaml:7: risk.rules[0].when: give at least one condition (env, statement, table, blocks, file-kind, finding, severity, targets-over, table-rows-over)`},
		{"risk duplicate", head + "risk:\n  rules:\n    - {name: r, level: high, when: {table: new}}\n    - {name: r, level: low, when: {blocks: writes}}\n",
			`.sqlreview.yaml:8: risk.rules[1].name: "r" is already a risk rule; names must be unique`},
		{"risk blocks", head + "risk:\n  rules:\n    - {name: r, level: high, when: {blocks: write}}\n",
			`.sqlreview.yaml:7: risk.rules[0].when.blocks: expected one of writes, reads, got "write" (did you mean "writes"?)`},
		{"risk finding", head + "risk:\n  rules:\n    - {name: r, level: high, when: {finding: [ban-drop-colum]}}\n",
			`.sqlreview.yaml:7: risk.rules[0].when.finding[0]: unknown rule "ban-drop-colum" (did you mean "ban-drop-column"?)`},
		{"ok", head + "    approval: {high: [{from: [group:dba]}]}\nrisk:\n  rules:\n    - {name: r, level: high, when: {env: [prod], finding: [ban-drop-column], file-kind: [dml]}}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			c, err := Parse(".sqlreview.yaml", []byte(tc.src))
			if err == nil {
				err = c.Validate(testResolver, testRuleNames)
			}
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
