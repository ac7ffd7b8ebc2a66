package presets

import (
	"slices"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
)

// Every template rule resolves to a sqlreview rule and converts without a
// note, unless it is listed in unsupported with its reason.
func TestTemplatesResolve(t *testing.T) {
	for name, list := range map[string][]BytebaseRule{"dev": devTemplate, "prod": prodTemplate} {
		seen := map[string]bool{}
		for _, br := range list {
			if seen[br.Type] {
				t.Errorf("%s template: %s listed twice", name, br.Type)
			}
			seen[br.Type] = true
			if _, skip := unsupported[br.Type]; skip {
				if r := all.Lookup(br.Type); r != nil {
					t.Errorf("%s now resolves to %s: remove it from unsupported so the presets carry it", br.Type, r.Name)
				}
				continue
			}
			if all.Lookup(br.Type) == nil {
				t.Errorf("%s template: %s resolves to no rule; implement it or list it in unsupported with the reason", name, br.Type)
				continue
			}
			if _, mysql := mysqlOnlyPayload[br.Type]; mysql {
				br.Payload = nil
			}
			if _, notes, err := ConvertBytebase(br); err != nil || len(notes) > 0 {
				t.Errorf("%s template: %s: %v %v", name, br.Type, err, notes)
			}
		}
	}
}

func TestPresetContents(t *testing.T) {
	for _, name := range Names() {
		p := Get(name)
		if !slices.Contains(config.RuleDefaults, name) {
			t.Errorf("preset %s is not an allowed rules.default value (config.RuleDefaults)", name)
		}
		for _, s := range p.Skipped {
			if _, ok := unsupported[s.Type]; !ok {
				t.Errorf("%s skips %s without a listed reason: %s", name, s.Type, s.Reason)
			}
		}
		for _, rc := range p.Rules {
			if rc.Severity != rules.Error && rc.Severity != rules.Warning {
				t.Errorf("%s: %s has severity %v", name, rc.Rule.Name, rc.Severity)
			}
			for k, v := range rc.Settings {
				if rules.SettingKind(v) != rules.SettingKind(rc.Rule.Settings[k]) {
					t.Errorf("%s: %s.%s = %v has the wrong kind", name, rc.Rule.Name, k, v)
				}
			}
		}
	}
	basic, adv := Get("bytebase-basic"), Get("bytebase-advanced")
	if basic == nil || adv == nil {
		t.Fatal("bytebase-basic and bytebase-advanced must exist")
	}
	// Every PostgreSQL rule of both templates has a sqlreview rule.
	if len(basic.Rules) != len(devTemplate) || len(adv.Rules) != len(prodTemplate) {
		t.Errorf("presets carry %d and %d rules, want %d and %d", len(basic.Rules), len(adv.Rules), len(devTemplate), len(prodTemplate))
	}
	find := func(p *Preset, name string) *RuleConfig {
		for i := range p.Rules {
			if p.Rules[i].Rule.Name == name {
				return &p.Rules[i]
			}
		}
		return nil
	}
	if rc := find(adv, "table-naming-convention"); rc == nil || rc.Severity != rules.Warning || rc.Settings["maxLength"] != 63 || rc.Settings["format"] != "^[a-z]+(_[a-z]+)*$" {
		t.Errorf("bytebase-advanced table-naming-convention = %+v", rc)
	}
	if rc := find(adv, "drop-table-naming-convention"); rc == nil || rc.Severity != rules.Error || rc.Settings["format"] != "_del$" {
		t.Errorf("bytebase-advanced drop-table-naming-convention = %+v", rc)
	}
	for _, p := range []*Preset{basic, adv} {
		if rc := find(p, "maximum-limit-value"); rc == nil || rc.Severity != rules.Warning || rc.Settings["number"] != 1000 {
			t.Errorf("%s maximum-limit-value = %+v", p.Name, rc)
		}
	}
	if rc := find(adv, "encoding-allowlist"); rc == nil || len(rc.Settings) != 0 {
		t.Errorf("bytebase-advanced encoding-allowlist must run with the PostgreSQL defaults, got %+v", rc)
	}
	if rc := find(basic, "disallow-foreign-key"); rc == nil || rc.Severity != rules.Warning {
		t.Errorf("bytebase-basic disallow-foreign-key = %+v", rc)
	}
	if find(basic, "require-table-comment") != nil {
		t.Error("bytebase-basic has no TABLE_COMMENT for PostgreSQL")
	}
}

func TestConvertBytebase(t *testing.T) {
	rc, notes, err := ConvertBytebase(BytebaseRule{Type: "naming.table", Level: "ERROR",
		Payload: map[string]any{"format": "^t_", "max_length": float64(30), "upper": true}})
	if err != nil || rc.Rule.Name != "table-naming-convention" || rc.Severity != rules.Error {
		t.Fatalf("got %+v, %v", rc, err)
	}
	if rc.Settings["maxLength"] != 30 || rc.Settings["format"] != "^t_" {
		t.Errorf("settings = %v", rc.Settings)
	}
	if len(notes) != 1 {
		t.Errorf("notes = %v, want one for upper", notes)
	}
	rc, _, err = ConvertBytebase(BytebaseRule{Type: "column.required", Level: "DISABLED", Payload: map[string]any{"columnList": []any{"id"}}})
	if err != nil || rc.Severity != rules.Off || len(rc.Settings["list"].([]string)) != 1 {
		t.Errorf("legacy columnList: %+v %v", rc, err)
	}
	if _, _, err := ConvertBytebase(BytebaseRule{Type: "ENGINE_MYSQL_USE_INNODB", Level: "ERROR"}); err == nil {
		t.Error("a MySQL-only rule converted")
	}
	if _, _, err := ConvertBytebase(BytebaseRule{Type: "TABLE_REQUIRE_PK", Level: "FATAL"}); err == nil {
		t.Error("an unknown level converted")
	}
}
