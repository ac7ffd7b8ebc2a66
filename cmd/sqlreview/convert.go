package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/presets"
)

// converted is a peer tool's configuration translated to ours, with every
// item that did not translate kept as a line of notConverted.
type converted struct {
	header       []string // comment lines about the source
	pgVersion    int      // 0: keep the default
	pgComment    string
	defaultSet   string
	defaultNote  string
	enable       []item
	disable      []item
	severity     map[string]string
	settings     map[string]map[string]any
	filesExclude []item
	failOn       string
	failOnNote   string
	notConverted []string
	ignored      []string // items deliberately left out (other engines), summarized
}

// item is a rule name or glob with the source spelling as its comment.
type item struct{ value, comment string }

func newConverted() *converted {
	return &converted{severity: map[string]string{}, settings: map[string]map[string]any{}}
}

func (c *converted) skip(format string, args ...any) {
	c.notConverted = append(c.notConverted, fmt.Sprintf(format, args...))
}

// ---- Bytebase ----

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
		return nil, fmt.Errorf("%s: not YAML or JSON: %v", source, oneLine(err.Error()))
	}
	c := newConverted()
	list, title, err := bytebaseRuleList(doc, c, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", source, err)
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

// ---- Squawk ----

// squawkDefaultRules are the rules Squawk runs when nothing is excluded
// (crates/squawk_linter Rule, minus the opt-in require-table-schema and
// unused-ignore, plus the rules of later 2.x releases).
var squawkDefaultRules = []string{
	"adding-field-with-default", "adding-foreign-key-constraint", "adding-not-nullable-field",
	"adding-required-field", "adding-serial-primary-key-field", "ban-alter-domain-with-add-constraint",
	"ban-char-field", "ban-concurrent-index-creation-in-transaction", "ban-create-domain-with-constraint",
	"ban-drop-column", "ban-drop-database", "ban-drop-not-null", "ban-drop-table", "ban-truncate-cascade",
	"ban-uncommitted-transaction", "changing-column-type", "constraint-missing-not-valid",
	"disallowed-unique-constraint", "prefer-bigint-over-int", "prefer-bigint-over-smallint",
	"prefer-identity", "prefer-robust-stmts", "prefer-text-field", "prefer-timestamptz",
	"renaming-column", "renaming-table", "require-concurrent-index-creation", "require-concurrent-index-deletion",
	"transaction-nesting", "require-timeout-settings", "require-enum-value-ordering",
	"identifier-too-long", "require-concurrent-partition-detach", "require-concurrent-reindex",
	"ban-duplicate-column-assignments",
	// The application rollback compatibility rules Squawk runs by default (the rest of that family is opt-in).
	"ban-drop-default", "ban-drop-domain", "ban-drop-extension", "ban-drop-function", "ban-drop-generated-expression",
	"ban-drop-sequence", "ban-drop-type", "ban-drop-view", "ban-set-schema", "renaming-object",
}

// squawkExpand are Squawk names that cover two of our rules:
// require-timeout-settings asks for both lock_timeout and statement_timeout.
var squawkExpand = map[string][]string{
	"require-timeout-settings": {"require-lock-timeout", "require-statement-timeout"},
}

// convertSquawk reads a .squawk.toml.
func convertSquawk(data []byte, source string) (*converted, error) {
	doc, err := parseTOML(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", source, err)
	}
	c := newConverted()
	c.header = append(c.header, fmt.Sprintf("Converted from the Squawk configuration %s by `sqlreview init --from-squawk`.", filepath.Base(source)))
	c.defaultSet = "none"
	c.defaultNote = "Squawk's rules, listed below; use recommended to add sqlreview's own safety rules"
	c.failOn = "warning"
	c.failOnNote = "squawk exits 1 on any violation"

	strList := func(key string) []string {
		v, ok := doc[key]
		if !ok {
			return nil
		}
		l, ok := v.([]any)
		if !ok {
			c.skip("%s = %v: expected an array of strings", key, v)
			return nil
		}
		var out []string
		for _, e := range l {
			if s, ok := e.(string); ok {
				out = append(out, s)
			} else {
				c.skip("%s: %v is not a string", key, e)
			}
		}
		return out
	}

	excluded := map[*rules.Rule]bool{}
	for _, name := range strList("excluded_rules") {
		names := []string{name}
		if x, ok := squawkExpand[name]; ok {
			names = x
		}
		for _, n := range names {
			r := all.Lookup(n)
			if r == nil {
				c.skip("excluded_rules: %q: no sqlreview rule answers to this name", name)
				continue
			}
			if !excluded[r] {
				excluded[r] = true
				c.disable = append(c.disable, item{r.Name, name + " (excluded_rules)"})
			}
		}
	}
	enabled := map[*rules.Rule]bool{}
	add := func(name, squawkName, why string) {
		r := all.Lookup(name)
		if r == nil {
			c.skip("%s: %q: no sqlreview rule answers to this name", why, squawkName)
			return
		}
		if excluded[r] || enabled[r] || r.Category == rules.Meta {
			return
		}
		enabled[r] = true
		c.enable = append(c.enable, item{r.Name, squawkName})
	}
	for _, list := range []struct {
		names []string
		why   string
	}{{squawkDefaultRules, "Squawk default rule"}, {strList("included_rules"), "included_rules"}} {
		for _, name := range list.names {
			if x, ok := squawkExpand[name]; ok {
				for _, n := range x {
					add(n, name, list.why)
				}
				continue
			}
			add(name, name, list.why)
		}
	}

	for _, p := range strList("excluded_paths") {
		g := strings.TrimPrefix(filepath.ToSlash(p), "./")
		if !strings.Contains(g, "/") {
			g = "**/" + g // Squawk's * crosses directories; ours does not
		}
		if !config.ValidGlob(g) {
			c.skip("excluded_paths: %q is not a glob sqlreview understands", p)
			continue
		}
		c.filesExclude = append(c.filesExclude, item{g, p})
	}

	if v, ok := doc["pg_version"]; ok {
		major, err := squawkMajor(v)
		switch {
		case err != nil:
			c.skip("pg_version = %v: %v", v, err)
		case major < config.MinPostgresVersion:
			c.pgVersion, c.pgComment = config.MinPostgresVersion, fmt.Sprintf("pg_version = %v; sqlreview supports %d–%d", v, config.MinPostgresVersion, config.MaxPostgresVersion)
			c.skip("pg_version = %v: below PostgreSQL %d, the oldest sqlreview targets; %d is used", v, config.MinPostgresVersion, config.MinPostgresVersion)
		case major > config.MaxPostgresVersion:
			c.pgVersion, c.pgComment = config.MaxPostgresVersion, fmt.Sprintf("pg_version = %v; sqlreview supports %d–%d", v, config.MinPostgresVersion, config.MaxPostgresVersion)
			c.skip("pg_version = %v: above PostgreSQL %d, the newest sqlreview targets; %d is used", v, config.MaxPostgresVersion, config.MaxPostgresVersion)
		default:
			c.pgVersion, c.pgComment = major, fmt.Sprintf("pg_version = %v", v)
		}
	}
	if v, ok := doc["assume_in_transaction"]; ok {
		c.skip("assume_in_transaction = %v: sqlreview has no such switch; it reads each file's transaction state from its BEGIN/COMMIT statements", v)
	}
	if v, ok := doc["upload_to_github.fail_on_violations"]; ok {
		c.skip("upload_to_github.fail_on_violations = %v: sqlreview fails a run through fail-on (set to warning here) and reports to GitHub with --format github or sarif", v)
	}
	known := map[string]bool{"excluded_rules": true, "included_rules": true, "excluded_paths": true, "pg_version": true,
		"assume_in_transaction": true, "upload_to_github.fail_on_violations": true}
	for _, k := range slices.Sorted(maps.Keys(doc)) {
		if !known[k] {
			c.skip("%s = %v: not a Squawk setting sqlreview knows", k, doc[k])
		}
	}
	c.header = append(c.header, fmt.Sprintf("%d Squawk rules enabled, %d excluded.", len(c.enable), len(c.disable)))
	return c, nil
}

// squawkMajor reads pg_version ("13.0", "13", 13).
func squawkMajor(v any) (int, error) {
	switch x := v.(type) {
	case int64:
		return int(x), nil
	case float64:
		return int(math.Floor(x)), nil
	case string:
		s := strings.TrimSpace(x)
		if i := strings.IndexByte(s, '.'); i >= 0 {
			s = s[:i]
		}
		if n, err := strconv.Atoi(s); err == nil {
			return n, nil
		}
	}
	return 0, fmt.Errorf("expected a version such as \"13.0\"")
}

// ---- output ----

// render writes the converted configuration as a commented .sqlreview.yaml.
func (c *converted) render() string {
	var b strings.Builder
	b.WriteString("# sqlreview configuration.\n")
	for _, h := range c.header {
		fmt.Fprintf(&b, "# %s\n", h)
	}
	b.WriteString("# Check it with `sqlreview config verify`; `sqlreview explain RULE` documents each rule.\n")
	if len(c.notConverted) > 0 {
		b.WriteString("#\n# Not converted:\n")
		for _, n := range c.notConverted {
			fmt.Fprintf(&b, "#   - %s\n", oneLine(n))
		}
	}
	for _, n := range c.ignored {
		fmt.Fprintf(&b, "#\n# Ignored: %s.\n", n)
	}
	b.WriteString("\n")
	if c.pgVersion != 0 {
		fmt.Fprintf(&b, "postgres:\n  version: %d  # %s\n\n", c.pgVersion, c.pgComment)
	}
	if len(c.filesExclude) > 0 {
		b.WriteString("files:\n  exclude:\n")
		writeItems(&b, "    ", c.filesExclude)
		b.WriteString("\n")
	}
	b.WriteString("rules:\n")
	fmt.Fprintf(&b, "  default: %s  # %s\n", c.defaultSet, c.defaultNote)
	for _, l := range []struct {
		key   string
		items []item
	}{{"enable", c.enable}, {"disable", c.disable}} {
		if len(l.items) == 0 {
			fmt.Fprintf(&b, "  %s: []\n", l.key)
			continue
		}
		fmt.Fprintf(&b, "  %s:\n", l.key)
		writeItems(&b, "    ", l.items)
	}
	if len(c.severity) == 0 {
		b.WriteString("  severity: {}\n")
	} else {
		b.WriteString("  severity:\n")
		for _, it := range c.enable {
			if s, ok := c.severity[it.value]; ok {
				fmt.Fprintf(&b, "    %s: %s\n", it.value, s)
			}
		}
	}
	if len(c.settings) == 0 {
		b.WriteString("  settings: {}\n")
	} else {
		b.WriteString("  settings:\n")
		for _, it := range c.enable {
			s, ok := c.settings[it.value]
			if !ok {
				continue
			}
			fmt.Fprintf(&b, "    %s:\n", it.value)
			for _, k := range slices.Sorted(maps.Keys(s)) {
				fmt.Fprintf(&b, "      %s: %s\n", k, yamlValue(s[k]))
			}
		}
	}
	fmt.Fprintf(&b, "\nfail-on: %s  # %s\n", c.failOn, c.failOnNote)
	return b.String()
}

func writeItems(b *strings.Builder, indent string, items []item) {
	width := 0
	for _, it := range items {
		width = max(width, len(yamlValue(it.value)))
	}
	for _, it := range items {
		v := yamlValue(it.value)
		fmt.Fprintf(b, "%s- %s%s  # %s\n", indent, v, strings.Repeat(" ", width-len(v)), oneLine(it.comment))
	}
}

// yamlValue writes a scalar or a list of strings in YAML flow style;
// strings are JSON-quoted (valid YAML) unless plainly safe.
func yamlValue(v any) string {
	switch x := v.(type) {
	case string:
		if plainSafe(x) {
			return x
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(x)
		return strings.TrimSuffix(buf.String(), "\n")
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = yamlValue(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []any:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = yamlValue(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func plainSafe(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r == '.' || r == '/' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~":
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err != nil && s[0] != '-'
}

// verifyConverted checks the generated file the way `config verify` and
// `check` will, so init never writes a config that fails to load.
func verifyConverted(path, text string) error {
	cfg, err := config.Parse(path, []byte(text))
	if err != nil {
		return err
	}
	if err := cfg.Validate(all.Resolve, all.Names()); err != nil {
		return err
	}
	_, err = engine.NewLinter(cfg, engine.Overrides{})
	return err
}
