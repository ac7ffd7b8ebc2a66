package engine

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/presets"
)

// A preset turns on exactly its rules (besides the meta rules) with its
// severities and settings, over the rules' defaults.
func TestPresetApplies(t *testing.T) {
	for _, name := range presets.Names() {
		p := presets.Get(name)
		cfg := config.Default()
		cfg.Rules.Default = name
		l, err := NewLinter(cfg, Overrides{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := map[*rules.Rule]presets.RuleConfig{}
		for _, rc := range p.Rules {
			want[rc.Rule] = rc
		}
		for _, r := range all.Rules() {
			rc, inPreset := want[r]
			switch {
			case r.Category == rules.Meta:
				if !l.Enabled(r) {
					t.Errorf("%s: meta rule %s is off", name, r.Name)
				}
			case inPreset != l.Enabled(r):
				t.Errorf("%s: %s enabled = %v, preset has it: %v", name, r.Name, l.Enabled(r), inPreset)
			}
			if !inPreset {
				continue
			}
			if l.Severity(r) != rc.Severity {
				t.Errorf("%s: %s severity %v, want %v", name, r.Name, l.Severity(r), rc.Severity)
			}
			for k, def := range r.Settings {
				v, set := rc.Settings[k]
				if !set {
					v = def
				}
				if !reflect.DeepEqual(l.settings[r][k], v) {
					t.Errorf("%s: %s.%s = %v, want %v", name, r.Name, k, l.settings[r][k], v)
				}
			}
		}
	}
}

// The config's own enable, disable, severity and settings override the
// preset.
func TestPresetOverrides(t *testing.T) {
	cfg := config.Default()
	cfg.Rules.Default = "bytebase-advanced"
	cfg.Rules.Enable = []string{"ban-drop-column"}
	cfg.Rules.Disable = []string{"TABLE_NO_FOREIGN_KEY"}
	cfg.Rules.Severity = map[string]string{"naming.table": "info", "column.no-null": "off"}
	cfg.Rules.Settings = map[string]map[string]any{"NAMING_TABLE": {"maxLength": 30}}
	l, err := NewLinter(cfg, Overrides{Disable: []string{"require-primary-key"}})
	if err != nil {
		t.Fatal(err)
	}
	table := all.Lookup("NAMING_TABLE")
	for _, c := range []struct {
		rule string
		on   bool
	}{{"ban-drop-column", true}, {"TABLE_NO_FOREIGN_KEY", false}, {"COLUMN_NO_NULL", false},
		{"TABLE_REQUIRE_PK", false}, {"NAMING_TABLE", true}, {"TABLE_COMMENT", true}} {
		if got := l.Enabled(all.Lookup(c.rule)); got != c.on {
			t.Errorf("%s enabled = %v, want %v", c.rule, got, c.on)
		}
	}
	if l.Severity(table) != rules.Info {
		t.Errorf("NAMING_TABLE severity %v, want info", l.Severity(table))
	}
	if l.settings[table]["maxLength"] != 30 || l.settings[table]["format"] != "^[a-z]+(_[a-z]+)*$" {
		t.Errorf("NAMING_TABLE settings %v: maxLength from the config, format from the preset", l.settings[table])
	}
	if s := l.Severity(all.Lookup("TABLE_COMMENT")); s != rules.Error {
		t.Errorf("TABLE_COMMENT severity %v, want the preset's error", s)
	}
}

func TestPresetFindings(t *testing.T) {
	cfg := config.Default()
	cfg.Rules.Default = "bytebase-basic"
	got := summary(lintWith(t, cfg, "DROP TABLE t_del;\nDROP TABLE users;\nSELECT * FROM users WHERE id = 1;\n"))
	if slices.Contains(got, "1:12 drop-table-naming-convention error") {
		t.Errorf("t_del matches the template's _del$ format: %v", got)
	}
	for _, want := range []string{"drop-table-naming-convention error", "no-select-star warning"} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, want) }) {
			t.Errorf("no %q finding in %v", want, got)
		}
	}
}
