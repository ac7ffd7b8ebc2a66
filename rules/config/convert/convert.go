// Package convert translates the configuration of a peer tool (a Bytebase
// SQL review policy, a Squawk .squawk.toml) into a commented
// .sqlreview.yaml. Every item that does not translate is kept: as a
// comment in the file and in Result.NotConverted, never dropped silently.
package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/sqlreview/sqlreview/internal/textsafe"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// Result is a converted configuration.
type Result struct {
	// Text is the .sqlreview.yaml; it loads and validates as `check` reads it.
	Text string
	// NotConverted lists the items of the source that did not translate,
	// as the file's "Not converted" comments do (there escaped to one line).
	NotConverted []string
	// Enabled and Disabled count the rules the file enables and disables.
	Enabled, Disabled int
}

// Bytebase converts an exported Bytebase SQL review policy (YAML or JSON);
// source names the file in the header and in errors.
func Bytebase(data []byte, source string) (*Result, error) {
	c, err := convertBytebase(data, source)
	if err != nil {
		return nil, err
	}
	return c.result(source)
}

// Squawk converts a Squawk configuration (.squawk.toml); source names the
// file in the header and in errors.
func Squawk(data []byte, source string) (*Result, error) {
	c, err := convertSquawk(data, source)
	if err != nil {
		return nil, err
	}
	return c.result(source)
}

// result renders c and checks the text loads, so init never writes a
// config that `check` would refuse.
func (c *converted) result(source string) (*Result, error) {
	text := c.render()
	if err := verify(config.FileNames[0], text); err != nil {
		return nil, fmt.Errorf("the converted configuration does not load (%v); please report this with %s", err, source)
	}
	return &Result{Text: text, NotConverted: c.notConverted, Enabled: len(c.enable), Disabled: len(c.disable)}, nil
}

// converted is a peer tool's configuration translated to ours, with every
// item that did not translate kept as a line of notConverted.
type converted struct {
	header       []string // comment lines about the source
	pgVersion    int      // 0: keep the default
	pgComment    string
	assumeInTx   *bool // Squawk's assume_in_transaction; nil: unset
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
	// Bytebase's risks and approval flows (bytebase_risk.go).
	risks []riskRule
	flows []approvalFlow
	envs  []string
}

// item is a rule name or glob with the source spelling as its comment.
type item struct{ value, comment string }

func newConverted() *converted {
	return &converted{severity: map[string]string{}, settings: map[string]map[string]any{}}
}

func (c *converted) skip(format string, args ...any) {
	c.notConverted = append(c.notConverted, fmt.Sprintf(format, args...))
}

// ---- output ----

// render writes the converted configuration as a commented .sqlreview.yaml.
func (c *converted) render() string {
	var b strings.Builder
	b.WriteString("# sqlreview configuration.\n")
	for _, h := range c.header {
		fmt.Fprintf(&b, "# %s\n", comment(h))
	}
	b.WriteString("# Check it with `sqlreview config verify`; `sqlreview explain RULE` documents each rule.\n")
	if len(c.notConverted) > 0 {
		b.WriteString("#\n# Not converted:\n")
		for _, n := range c.notConverted {
			fmt.Fprintf(&b, "#   - %s\n", comment(n))
		}
	}
	for _, n := range c.ignored {
		fmt.Fprintf(&b, "#\n# Ignored: %s.\n", n)
	}
	b.WriteString("\n")
	if c.pgVersion != 0 {
		fmt.Fprintf(&b, "postgres:\n  version: %s  # %s\n\n", config.PostgresVersionName(c.pgVersion), c.pgComment)
	}
	if c.assumeInTx != nil {
		fmt.Fprintf(&b, "migrations:\n  assume-in-transaction: %v  # assume_in_transaction = %v\n\n", *c.assumeInTx, *c.assumeInTx)
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
	c.renderGovernance(&b)
	return b.String()
}

func writeItems(b *strings.Builder, indent string, items []item) {
	width := 0
	for _, it := range items {
		width = max(width, len(yamlValue(it.value)))
	}
	for _, it := range items {
		v := yamlValue(it.value)
		fmt.Fprintf(b, "%s- %s%s  # %s\n", indent, v, strings.Repeat(" ", width-len(v)), comment(it.comment))
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

// verify checks the generated file the way `config verify` and `check`
// will.
func verify(path, text string) error {
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

// comment makes text safe as the rest of a YAML comment line: its lines are
// joined (a newline would start YAML the loader reads), and characters
// that move the cursor or reorder text, which YAML rejects or a reader
// would see differently from what loads, become visible escapes, as do CI
// logging command prefixes ("##[", "##vso["), since the file is often
// printed in a CI log; textsafe.Escape is what every text writer uses, so
// the converted file and the notes on standard error read the same.
func comment(s string) string {
	var parts []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	return textsafe.Escape(strings.Join(parts, " "))
}
