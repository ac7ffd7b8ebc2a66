package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/internal/dburl"
)

// RuleResolver maps a rule name, code or alias to the rule's canonical
// name; ok is false for names no rule answers to. The rule registry
// provides it, so this package does not import the registry.
type RuleResolver func(name string) (canonical string, ok bool)

// Allowed values of the enumerated settings.
var (
	// RuleDefaults are the starting rule sets; bytebase-basic and
	// bytebase-advanced are Bytebase's PostgreSQL templates (package
	// rules/presets, whose test keeps the two lists in step).
	RuleDefaults    = []string{"recommended", "all", "none", "bytebase-basic", "bytebase-advanced"}
	Severities      = []string{"error", "warning", "info", "off"}
	FailOnLevels    = []string{"error", "warning", "info", "never"}
	OutOfOrderModes = []string{"deny", "allow"}
	DriftModes      = []string{"refuse", "warn"}
	// Runners are the tools migrations.runner names; rules/knowledge holds
	// the transaction model of each (its test keeps the lists in step).
	Runners = []string{"sqlreview", "psql", "prisma", "golang-migrate", "goose", "flyway",
		"rails", "django", "sqlx", "diesel", "dbmate", "popx"}
)

// Versions of PostgreSQL a config may target. 9 stands for 9.6, the last
// 9.x release, as server_version_num / 10000 reads it; the config accepts
// it written 9.6.
const (
	MinPostgresVersion = 9
	MaxPostgresVersion = 18
)

// PostgresVersionRange says which versions a config may target, for
// messages.
const PostgresVersionRange = "9.6, 10 or 11–18"

// ValidPostgresVersion reports whether v (9 for 9.6) is a version sqlreview
// targets.
func ValidPostgresVersion(v int) bool { return v >= MinPostgresVersion && v <= MaxPostgresVersion }

// PostgresVersionName spells a target version as PostgreSQL does: "9.6"
// for 9, "16" for 16.
func PostgresVersionName(v int) string {
	if v == 9 {
		return "9.6"
	}
	return fmt.Sprint(v)
}

// Validate checks the values that decoding cannot: enumerations, the
// PostgreSQL version range, glob syntax, rollout timeouts and every rule
// reference (rules.enable, disable, severity, settings and
// exclusions[].rules). names are all canonical rule names, used for "did
// you mean" hints. A nil resolve skips the rule references. Of several
// problems the one nearest the top of the file is returned, as a single
// line "path:line: message".
func (c *Config) Validate(resolve RuleResolver, names []string) error {
	v := &validator{c: c}

	if p := c.Postgres.Version; !ValidPostgresVersion(p) {
		v.add("postgres.version", "postgres.version: expected %s, got %d", PostgresVersionRange, p)
	}
	v.oneOf("rules.default", c.Rules.Default, RuleDefaults)
	v.oneOf("fail-on", c.FailOn, FailOnLevels)
	v.oneOf("migrations.out-of-order", c.Migrations.OutOfOrder, OutOfOrderModes)
	v.oneOf("migrations.drift", c.Migrations.Drift, DriftModes)
	if c.Migrations.Runner != "" {
		v.oneOf("migrations.runner", c.Migrations.Runner, Runners)
		if c.Migrations.AssumeInTransaction != nil {
			v.add("migrations.assume-in-transaction", "migrations.assume-in-transaction: set either it or migrations.runner, not both (the runner already says whether a file runs in a transaction)")
		}
	}
	if hs := c.Migrations.HistorySchema; hs == "" || len(hs) > 63 || strings.ToLower(hs) != hs || strings.HasPrefix(hs, "pg_") || strings.ContainsAny(hs, "\"\x00") {
		v.add("migrations.history-schema", "migrations.history-schema: expected a lower-case schema name of at most 63 bytes, not starting with pg_, got %q", hs)
	}
	for _, sev := range slices.Sorted(maps.Keys(c.Rules.Severity)) {
		v.oneOf("rules.severity."+sev, c.Rules.Severity[sev], Severities)
	}

	v.globs("files.include", c.Files.Include)
	v.globs("files.exclude", c.Files.Exclude)
	if n, ok := ParseSize(c.Files.MaxSize); c.Files.MaxSize != "" && (!ok || n == 0) {
		v.add("files.max-size", "files.max-size: expected a size greater than 0 such as \"64MB\", \"512KB\" or a number of bytes, got %q", c.Files.MaxSize)
	}
	for i, ex := range c.Exclusions {
		key := fmt.Sprintf("exclusions[%d]", i)
		if len(ex.Paths) == 0 {
			v.add(key, "%s: paths is empty (list the globs of the files these rules skip)", key)
		}
		if len(ex.Rules) == 0 {
			v.add(key, "%s: rules is empty (list the rules to silence, or use files.exclude to skip the files)", key)
		}
		v.globs(key+".paths", ex.Paths)
	}

	v.timeout("rollout.lock-timeout", c.Rollout.LockTimeout)
	v.timeout("rollout.statement-timeout", c.Rollout.StatementTimeout)
	if c.Rollout.Retries < 0 {
		v.add("rollout.retries", "rollout.retries: expected an integer ≥ 0, got %d", c.Rollout.Retries)
	}
	if l := c.Rollout.Lease; l != "" {
		if d, err := time.ParseDuration(l); err != nil || d <= 0 {
			v.add("rollout.lease", "rollout.lease: expected a positive duration such as \"30s\" or \"2m\", got %q", l)
		}
	}

	v.environments()
	v.groups()
	v.signing()
	for i, w := range c.Notify.Webhooks {
		if _, err := dburl.Webhook(w); err != nil {
			k := fmt.Sprintf("notify.webhooks[%d]", i)
			v.add(k, "%s: expected an http:// or https:// URL", k)
		}
	}

	v.risk(resolve, names)
	if resolve != nil {
		v.rules(resolve, names)
	}
	return v.first()
}

type validator struct {
	c    *Config
	errs []*Error
}

func (v *validator) line(key string) int {
	if v.c.lines == nil {
		return 0
	}
	return v.c.lines[key]
}

func (v *validator) add(key, format string, args ...any) {
	v.errs = append(v.errs, &Error{Path: v.c.Path, Line: v.line(key), Msg: fmt.Sprintf(format, args...)})
}

// first returns the problem nearest the top of the file; problems without
// a line (hand-built configs) come last.
func (v *validator) first() error {
	var best *Error
	for _, e := range v.errs {
		if best == nil || (e.Line > 0 && (best.Line == 0 || e.Line < best.Line)) {
			best = e
		}
	}
	if best == nil {
		return nil
	}
	return best
}

func (v *validator) oneOf(key, value string, allowed []string) {
	if slices.Contains(allowed, value) {
		return
	}
	msg := fmt.Sprintf("%s: expected one of %s, got %q", key, strings.Join(allowed, ", "), value)
	if s := Suggest(value, allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	v.add(key, "%s", msg)
}

func (v *validator) globs(key string, patterns []string) {
	for i, p := range patterns {
		if !ValidGlob(p) {
			k := fmt.Sprintf("%s[%d]", key, i)
			v.add(k, "%s: invalid glob %q", k, p)
		}
	}
}

// pgDuration is the syntax PostgreSQL accepts for time settings such as
// lock_timeout: a number with an optional unit (milliseconds by default).
var pgDuration = regexp.MustCompile(`^\s*[0-9]+(\.[0-9]+)?\s*(us|ms|s|min|h|d)?\s*$`)

func (v *validator) timeout(key, value string) {
	if !pgDuration.MatchString(value) {
		v.add(key, "%s: expected a PostgreSQL duration such as \"3s\", \"500ms\" or \"0\", got %q", key, value)
	}
}

// rules checks every rule reference. Besides unknown names it rejects
// contradictions that only show after aliases are resolved: a rule both
// enabled and disabled, or given two severities.
func (v *validator) rules(resolve RuleResolver, names []string) {
	check := func(key, name string) (string, bool) {
		canon, ok := resolve(name)
		if !ok {
			msg := fmt.Sprintf("unknown rule %q", name)
			if s := Suggest(name, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			v.add(key, "%s", msg)
		}
		return canon, ok
	}
	enabled := map[string]string{}
	for i, name := range v.c.Rules.Enable {
		key := fmt.Sprintf("rules.enable[%d]", i)
		if canon, ok := check(key, name); ok {
			enabled[canon] = key
		}
	}
	for i, name := range v.c.Rules.Disable {
		key := fmt.Sprintf("rules.disable[%d]", i)
		if canon, ok := check(key, name); ok {
			if ek, both := enabled[canon]; both {
				v.add(key, "rule %q is both enabled (line %d) and disabled", canon, v.line(ek))
			}
		}
	}
	mapKeys := func(section string, keys []string) {
		first := map[string]string{}
		for _, name := range keys {
			key := section + "." + name
			canon, ok := check(key, name)
			if !ok {
				continue
			}
			if prev, dup := first[canon]; dup {
				v.add(key, "%s: %q and %q name the same rule %q", section, prev, name, canon)
				continue
			}
			first[canon] = name
		}
	}
	mapKeys("rules.severity", v.sortedByLine("rules.severity", slices.Collect(maps.Keys(v.c.Rules.Severity))))
	mapKeys("rules.settings", v.sortedByLine("rules.settings", slices.Collect(maps.Keys(v.c.Rules.Settings))))
	for i, ex := range v.c.Exclusions {
		for j, name := range ex.Rules {
			check(fmt.Sprintf("exclusions[%d].rules[%d]", i, j), name)
		}
	}
	for i, e := range v.c.Environments {
		if e.Rules == nil {
			continue
		}
		key := fmt.Sprintf("environments[%d].rules", i)
		for j, name := range e.Rules.Enable {
			check(fmt.Sprintf("%s.enable[%d]", key, j), name)
		}
		for j, name := range e.Rules.Disable {
			check(fmt.Sprintf("%s.disable[%d]", key, j), name)
		}
		mapKeys(key+".severity", v.sortedByLine(key+".severity", slices.Collect(maps.Keys(e.Rules.Severity))))
	}
}

// sortedByLine orders map keys as they appear in the file (then by name),
// so "first" and "second" in messages mean what the reader sees.
func (v *validator) sortedByLine(section string, keys []string) []string {
	slices.SortFunc(keys, func(a, b string) int {
		la, lb := v.line(section+"."+a), v.line(section+"."+b)
		if la != lb {
			return la - lb
		}
		return strings.Compare(a, b)
	})
	return keys
}

// environments checks the rollout stages: unique names, known approval
// modes, non-negative limits, unique target names and one targets-from
// source.
func (v *validator) environments() {
	seen := map[string]bool{}
	for i, e := range v.c.Environments {
		key := fmt.Sprintf("environments[%d]", i)
		switch {
		case e.Name == "":
			v.add(key, "%s: name is empty (name the stage, e.g. staging)", key)
		case seen[e.Name]:
			v.add(key+".name", "%s.name: %q is already an environment; names must be unique", key, e.Name)
		}
		seen[e.Name] = true
		v.approval(key, e.Approval)
		v.envRules(key, e.Rules)
		for _, f := range []struct {
			name string
			n    int
		}{{"concurrency", e.Concurrency}, {"max-failures", e.MaxFailures}, {"canary", e.Canary}} {
			if f.n < 0 {
				v.add(key+"."+f.name, "%s.%s: expected an integer ≥ 0, got %d", key, f.name, f.n)
			}
		}
		names := map[string]bool{}
		for j, t := range e.Targets {
			tk := fmt.Sprintf("%s.targets[%d]", key, j)
			if t.Name == "" || t.URL == "" {
				v.add(tk, "%s: give both name and url (url: \"${VAR}\" keeps the secret out of the file)", tk)
			}
			if names[t.Name] {
				v.add(tk, "%s: target %q appears twice", tk, t.Name)
			}
			if t.Database != "" && strings.ContainsAny(t.Database, "#/\\\x00") {
				v.add(tk+".database", "%s.database: %q is not a database name (routed files name it as db##version##kind##description.sql)", tk, t.Database)
			}
			names[t.Name] = true
		}
		v.rollout(key, e)
		if tf := e.TargetsFrom; tf != nil && tf.Command == "" && tf.File == "" {
			v.add(key+".targets-from", "%s.targets-from: give a command or a file that prints/holds a JSON list of {name, url}", key)
		}
	}
}
