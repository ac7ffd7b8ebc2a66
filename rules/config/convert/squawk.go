package convert

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
)

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

// squawkNames are the rules of ours a Squawk rule name turns on: several
// when the Squawk rule covers more than one (all.PeerRules' Also).
func squawkNames(name string) []string {
	if x := all.PeerExpansion(name); x != nil {
		return x
	}
	return []string{name}
}

// noRuleFor says why no rule of ours answers a Squawk name: the
// correspondence table's reason when it has one.
func noRuleFor(name string) string {
	if p := all.Peer(name); p != nil && p.Ours == "" {
		return "no sqlreview rule answers to this name: " + p.Note
	}
	return "no sqlreview rule answers to this name"
}

// convertSquawk reads a .squawk.toml.
func convertSquawk(data []byte, source string) (*converted, error) {
	doc, err := readTOML(data, source)
	if err != nil {
		return nil, err
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
		for _, n := range squawkNames(name) {
			r := all.Lookup(n)
			if r == nil {
				c.skip("excluded_rules: %q: %s", name, noRuleFor(name))
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
			c.skip("%s: %q: %s", why, squawkName, noRuleFor(squawkName))
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
			for _, n := range squawkNames(name) {
				add(n, name, list.why)
			}
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
		if b, isBool := v.(bool); isBool {
			c.assumeInTx = &b
		} else {
			c.skip("assume_in_transaction = %v: expected true or false", v)
		}
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

// readTOML decodes a TOML document with its keys flattened with dots:
// "[upload_to_github] fail_on_violations = true", the dotted key
// "upload_to_github.fail_on_violations = true" and the inline table
// "upload_to_github = { fail_on_violations = true }" all read as
// "upload_to_github.fail_on_violations", the key Squawk documents. A
// malformed file is one line naming the file and the line of the error.
func readTOML(data []byte, source string) (map[string]any, error) {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d: not valid TOML: %s", source, pe.Position.Line, short(comment(pe.Message)))
		}
		return nil, fmt.Errorf("%s: not valid TOML: %s", source, short(comment(err.Error())))
	}
	flat := map[string]any{}
	flatten(flat, "", doc)
	return flat, nil
}

// flatten copies the values of table into flat under their dotted keys.
func flatten(flat map[string]any, prefix string, table map[string]any) {
	for k, v := range table {
		if sub, ok := v.(map[string]any); ok {
			flatten(flat, prefix+k+".", sub)
			continue
		}
		flat[prefix+k] = v
	}
}

// short cuts a parser message that quotes a long stretch of the file: the
// line number says where to look.
func short(msg string) string {
	const limit = 120
	if len(msg) <= limit {
		return msg
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "…"
}
