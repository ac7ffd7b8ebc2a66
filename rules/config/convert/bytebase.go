package convert

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/presets"
)

// convertBytebase reads an exported Bytebase SQL review policy, YAML or
// JSON, in any of the shapes Bytebase has produced: a template or policy
// payload ({ruleList: [...]}), a review config of the v1 API ({title,
// rules: [...]}, payloads as JSON strings or typed namingPayload,
// numberPayload, … objects), a ListReviewConfigs answer holding one
// config, an older Policy ({type, payload: "<JSON>"}), or a bare list of
// rules. Rule types may be enum names or legacy keys; rules of other
// engines are skipped and counted.
func convertBytebase(data []byte, source string) (*converted, error) {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not YAML or JSON: %v", source, comment(err.Error()))
	}
	c := newConverted()
	governed := bytebaseGovernance(doc, c)
	list, title, err := bytebaseRuleList(doc, c, 0)
	if err != nil && !governed {
		return nil, fmt.Errorf("%s: %v", source, err)
	}
	if err != nil {
		// Risks and approval flows alone: the review keeps its defaults.
		c.header = append(c.header, fmt.Sprintf("Converted from a Bytebase risk and approval setup (%s) by `sqlreview init --from-bytebase`: %s, %s.",
			filepath.Base(source), convPlural(len(c.risks), "risk"), convPlural(len(c.flows), "approval flow")))
		c.defaultSet, c.defaultNote = "recommended", "the export holds no SQL review policy"
		c.failOn, c.failOnNote = "error", "the default"
		return c, nil
	}
	desc := "a Bytebase SQL review policy"
	if title != "" {
		desc = fmt.Sprintf("the Bytebase SQL review policy %q", title)
	}
	c.header = append(c.header, fmt.Sprintf("Converted from %s (%s) by `sqlreview init --from-bytebase`.", desc, filepath.Base(source)))
	c.defaultSet = "none"
	c.defaultNote = "Bytebase runs only the rules its policy lists; meta rules (syntax errors, suppressions) always run"
	c.failOn = "error"
	c.failOnNote = "Bytebase ERROR rules block a change; WARNING rules only report"

	otherEngines := map[string]int{}
	seen := map[*rules.Rule]string{}
	converted := 0
	for i, raw := range list {
		m, ok := raw.(map[string]any)
		if !ok {
			c.skip("rule #%d: expected a mapping with type and level, got %v", i+1, raw)
			continue
		}
		typ, _ := m["type"].(string)
		if typ == "" {
			c.skip("rule #%d: no type", i+1)
			continue
		}
		if eng := bytebaseEngine(m["engine"]); eng != "" && eng != "POSTGRES" {
			otherEngines[eng]++
			continue
		}
		level := fmt.Sprint(valueOr(m["level"], ""))
		payload, notes := bytebasePayload(typ, m)
		for _, n := range notes {
			c.skip("%s", n)
		}
		if note := presets.MySQLOnlyNote(strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(typ, ".", "_"), "-", "_"))); note != "" && payloadHasOnlyMySQL(payload) {
			c.skip("%s: payload %s: %s", typ, compactJSON(payload), note)
			payload = nil
		}
		types := []string{typ}
		if split, ok := bytebaseSplitKeys[strings.ToLower(typ)]; ok {
			types = split
		}
		for _, t := range types {
			rc, notes, err := presets.ConvertBytebase(presets.BytebaseRule{Type: t, Level: level, Payload: payload})
			if err != nil {
				c.skip("%s (%s): %v", typ, strings.ToUpper(level), err)
				continue
			}
			for _, n := range notes {
				c.skip("%s", n)
			}
			if prev, dup := seen[rc.Rule]; dup {
				c.skip("%s: %s already configured by %s; the first one is kept", typ, rc.Rule.Name, prev)
				continue
			}
			seen[rc.Rule] = typ
			converted++
			if rc.Severity == rules.Off {
				c.disable = append(c.disable, item{rc.Rule.Name, typ + " (DISABLED)"})
				continue
			}
			c.enable = append(c.enable, item{rc.Rule.Name, typ})
			c.severity[rc.Rule.Name] = rc.Severity.String()
			if len(rc.Settings) > 0 {
				c.settings[rc.Rule.Name] = rc.Settings
			}
		}
	}
	if len(otherEngines) > 0 {
		var parts []string
		n := 0
		for _, e := range slices.Sorted(maps.Keys(otherEngines)) {
			parts = append(parts, fmt.Sprintf("%s %d", e, otherEngines[e]))
			n += otherEngines[e]
		}
		c.ignored = append(c.ignored, fmt.Sprintf("%s for other engines (%s)", convPlural(n, "rule"), strings.Join(parts, ", ")))
	}
	c.header = append(c.header, fmt.Sprintf("%s converted.", convPlural(converted, "PostgreSQL rule")))
	return c, nil
}

// bytebaseSplitKeys are legacy Bytebase keys that later became several
// rules: statement.where.require covered SELECT, UPDATE and DELETE before
// Bytebase split it into statement.where.require.select and
// statement.where.require.update-delete.
var bytebaseSplitKeys = map[string][]string{
	"statement.where.require": {"STATEMENT_WHERE_REQUIRE_SELECT", "STATEMENT_WHERE_REQUIRE_UPDATE_DELETE"},
}

// bytebaseRuleList finds the rule list in a decoded export.
func bytebaseRuleList(doc any, c *converted, depth int) ([]any, string, error) {
	if depth > 4 {
		return nil, "", fmt.Errorf("no rule list found (expected ruleList or rules)")
	}
	switch d := doc.(type) {
	case []any:
		return d, "", nil
	case map[string]any:
		title, _ := d["title"].(string)
		if title == "" {
			title, _ = d["name"].(string)
		}
		if title == "" {
			title, _ = d["id"].(string)
		}
		if en, ok := d["enabled"].(bool); ok && !en {
			c.header = append(c.header, "The Bytebase policy was disabled (enabled: false); its rules are converted anyway.")
		}
		if en, ok := d["enforce"].(bool); ok && !en {
			c.header = append(c.header, "The Bytebase policy was not enforced (enforce: false); its rules are converted anyway.")
		}
		for _, k := range []string{"ruleList", "rules", "rule_list"} {
			if l, ok := d[k].([]any); ok {
				return l, title, nil
			}
		}
		if cfgs, ok := d["reviewConfigs"].([]any); ok {
			if len(cfgs) != 1 {
				var titles []string
				for _, x := range cfgs {
					if m, ok := x.(map[string]any); ok {
						titles = append(titles, fmt.Sprint(valueOr(m["title"], m["name"])))
					}
				}
				return nil, "", fmt.Errorf("holds %d review configs (%s); export one of them", len(cfgs), strings.Join(titles, ", "))
			}
			return bytebaseRuleList(cfgs[0], c, depth+1)
		}
		for _, k := range []string{"sqlReviewPolicy", "sql_review_policy", "reviewConfig", "review_config", "payload"} {
			switch v := d[k].(type) {
			case map[string]any:
				l, t, err := bytebaseRuleList(v, c, depth+1)
				return l, firstNonEmpty(t, title), err
			case string:
				var inner any
				if err := json.Unmarshal([]byte(v), &inner); err == nil {
					l, t, err := bytebaseRuleList(inner, c, depth+1)
					return l, firstNonEmpty(t, title), err
				}
			}
		}
	}
	return nil, "", fmt.Errorf("no rule list found (expected ruleList, rules or reviewConfigs, each rule with type, level and payload)")
}

func convPlural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func valueOr(v, def any) any {
	if v == nil {
		return def
	}
	return v
}

// bytebaseEngine normalizes an engine name; "" means none given.
func bytebaseEngine(v any) string {
	s, _ := v.(string)
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "ENGINE_")
	if s == "POSTGRESQL" || s == "PG" {
		return "POSTGRES"
	}
	if s == "UNSPECIFIED" {
		return ""
	}
	return s
}

// typedPayloads are the oneof payload fields of the v1 API's SQLReviewRule.
var typedPayloads = []string{
	"namingPayload", "numberPayload", "stringArrayPayload", "commentConventionPayload", "stringPayload", "namingCasePayload",
	"naming_payload", "number_payload", "string_array_payload", "comment_convention_payload", "string_payload", "naming_case_payload",
}

// bytebasePayload collects a rule's options: the legacy payload (a JSON
// string or an object) and the typed payload objects. Unknown rule fields
// are reported.
func bytebasePayload(typ string, m map[string]any) (map[string]any, []string) {
	out := map[string]any{}
	var notes []string
	merge := func(v any, field string) {
		switch p := v.(type) {
		case nil:
		case map[string]any:
			maps.Copy(out, p)
		case string:
			if strings.TrimSpace(p) == "" || strings.TrimSpace(p) == "{}" {
				return
			}
			var obj map[string]any
			if err := json.Unmarshal([]byte(p), &obj); err != nil {
				notes = append(notes, fmt.Sprintf("%s: %s is not a JSON object: %q", typ, field, p))
				return
			}
			maps.Copy(out, obj)
		default:
			notes = append(notes, fmt.Sprintf("%s: %s is not an object: %v", typ, field, v))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch {
		case k == "type" || k == "level" || k == "engine" || k == "comment":
		case k == "payload":
			merge(m[k], k)
		case slices.Contains(typedPayloads, k):
			merge(m[k], k)
		default:
			notes = append(notes, fmt.Sprintf("%s: field %q is not a Bytebase rule field", typ, k))
		}
	}
	// A string payload for the typed "value" field (STATEMENT_QUERY_MINIMUM_PLAN_LEVEL)
	// and numbers decoded as float64 convert in presets.ConvertBytebase.
	if len(out) == 0 {
		return nil, notes
	}
	return out, notes
}

// payloadHasOnlyMySQL reports whether a charset or collation allow-list
// names only MySQL values (utf8mb4…), which mean nothing on PostgreSQL.
func payloadHasOnlyMySQL(p map[string]any) bool {
	l, ok := p["list"].([]any)
	if !ok || len(l) == 0 {
		return false
	}
	for _, e := range l {
		if s, _ := e.(string); !strings.HasPrefix(strings.ToLower(s), "utf8mb") && !strings.HasPrefix(strings.ToLower(s), "latin1") {
			return false
		}
	}
	return true
}
