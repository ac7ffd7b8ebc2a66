package presets

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
)

// BytebaseRule is one rule of a Bytebase SQL review policy or template:
// Type is the rule enum (TABLE_REQUIRE_PK) or its legacy key
// (table.require-pk), Level is ERROR, WARNING or DISABLED, and Payload holds
// the rule's options under Bytebase's field names (format, maxLength,
// number, list, required, …).
type BytebaseRule struct {
	Type    string
	Level   string
	Payload map[string]any
}

// RuleConfig is a Bytebase rule translated to sqlreview: the rule, its
// severity (Off for DISABLED) and the payload as settings of that rule,
// each typed like the rule's default.
type RuleConfig struct {
	Rule     *rules.Rule
	Severity rules.Severity
	Settings map[string]any
}

// payloadAliases maps payload field names of earlier Bytebase releases to
// the current ones (RequiredColumnRulePayload had columnList).
var payloadAliases = map[string]string{"columnList": "list"}

// ParseLevel reads a Bytebase rule level. ok is false for a value Bytebase
// does not have; an empty or unspecified level is the rule's default.
func ParseLevel(level string, r *rules.Rule) (rules.Severity, bool) {
	switch strings.ToUpper(strings.TrimSpace(level)) {
	case "ERROR":
		return rules.Error, true
	case "WARNING", "WARN":
		return rules.Warning, true
	case "DISABLED":
		return rules.Off, true
	case "", "LEVEL_UNSPECIFIED":
		if r != nil {
			return r.Severity, true
		}
		return rules.Warning, true
	}
	return rules.Off, false
}

// ConvertBytebase translates one Bytebase rule. It fails when no sqlreview
// rule answers to the type or the level is unknown; payload fields that
// have no setting of the same name, or a value of another kind, are left
// out and described in notes (one line each, never silently dropped).
func ConvertBytebase(br BytebaseRule) (RuleConfig, []string, error) {
	r := all.Lookup(br.Type)
	if r == nil {
		return RuleConfig{}, nil, fmt.Errorf("no sqlreview rule implements %s", br.Type)
	}
	sev, ok := ParseLevel(br.Level, r)
	if !ok {
		return RuleConfig{}, nil, fmt.Errorf("%s: unknown level %q (expected ERROR, WARNING or DISABLED)", br.Type, br.Level)
	}
	rc := RuleConfig{Rule: r, Severity: sev, Settings: map[string]any{}}
	var notes []string
	keys := make([]string, 0, len(br.Payload))
	for k := range br.Payload {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := camel(k)
		if a, ok := payloadAliases[name]; ok {
			name = a
		}
		def, known := r.Settings[name]
		if !known {
			notes = append(notes, fmt.Sprintf("%s: payload field %q has no sqlreview setting (%s%s)", br.Type, k, r.Name, settingList(r)))
			continue
		}
		v, ok := convertValue(br.Payload[k], def)
		if !ok {
			notes = append(notes, fmt.Sprintf("%s: payload field %q = %v is not %s", br.Type, k, br.Payload[k], rules.SettingKind(def)))
			continue
		}
		rc.Settings[name] = v
	}
	return rc, notes, nil
}

func settingList(r *rules.Rule) string {
	if len(r.Settings) == 0 {
		return " has no settings"
	}
	ks := make([]string, 0, len(r.Settings))
	for k := range r.Settings {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return " has " + strings.Join(ks, ", ")
}

// camel turns max_length into maxLength (protojson and YAML exports may
// use either spelling).
func camel(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	var b strings.Builder
	up := false
	for _, c := range s {
		if c == '_' {
			up = true
			continue
		}
		if up {
			c = unicode.ToUpper(c)
			up = false
		}
		b.WriteRune(c)
	}
	return b.String()
}

// convertValue gives v the kind of def: integers from any number (or a
// numeric string), strings, booleans (or "true"/"false"), and lists of
// strings.
func convertValue(v, def any) (any, bool) {
	switch def.(type) {
	case int, int64, float64:
		switch n := v.(type) {
		case int:
			return n, true
		case int64:
			return int(n), true
		case uint64:
			return int(n), true
		case float64:
			if n == math.Trunc(n) {
				return int(n), true
			}
		case json.Number:
			if i, err := n.Int64(); err == nil {
				return int(i), true
			}
		case string:
			if i, err := strconv.Atoi(strings.TrimSpace(n)); err == nil {
				return i, true
			}
		}
	case string:
		if s, ok := v.(string); ok {
			return s, true
		}
	case bool:
		switch b := v.(type) {
		case bool:
			return b, true
		case string:
			if p, err := strconv.ParseBool(b); err == nil {
				return p, true
			}
		}
	case []string, []any:
		switch l := v.(type) {
		case []string:
			return append([]string{}, l...), true
		case []any:
			out := make([]string, 0, len(l))
			for _, e := range l {
				s, ok := e.(string)
				if !ok {
					return nil, false
				}
				out = append(out, s)
			}
			return out, true
		}
	}
	return nil, false
}
