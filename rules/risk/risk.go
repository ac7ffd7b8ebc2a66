// Package risk gives a set of migration files a risk level — low,
// moderate or high — for one environment, from rules in the spirit of
// Bytebase's Risk Center: conditions on the statements (their kind, whether
// the table they touch exists, the lock they take), the file kind, the
// review's findings, the environment and its number of targets. The level
// is the highest of the rules that hold; the assessment names those rules,
// so a reader sees why, and approval flows are chosen by it.
//
// The computation is pure: callers hand in the parsed statements and the
// findings (of whichever review policy applies to the environment), so
// `check`, `release create` and the rollout gate compute the same thing
// from the same content.
package risk

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
)

// Level is a risk level; the zero value is Low.
type Level int

// Risk levels, lowest first.
const (
	Low Level = iota
	Moderate
	High
)

// String is the level's name as the config writes it.
func (l Level) String() string {
	if l >= Low && int(l) < len(config.RiskLevels) {
		return config.RiskLevels[l]
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// ParseLevel reads "low", "moderate" or "high".
func ParseLevel(s string) (Level, error) {
	if i := slices.Index(config.RiskLevels, s); i >= 0 {
		return Level(i), nil
	}
	return Low, fmt.Errorf("unknown risk level %q (expected low, moderate or high)", s)
}

// MarshalJSON writes the level's name.
func (l Level) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

// UnmarshalJSON reads a level's name.
func (l *Level) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseLevel(s)
	*l = v
	return err
}

// Assessment is the risk of a set of files in one environment.
type Assessment struct {
	Level Level `json:"level"`
	// Reasons name the rules that decided the level, each with the first
	// statement it matched ("drop-existing-column (migrations/2_x.sql:3)");
	// empty when no rule matched and the level is low.
	Reasons []string `json:"reasons"`
}

// MarshalJSON writes no reasons as [], not null.
func (a Assessment) MarshalJSON() ([]byte, error) {
	type plain Assessment
	if a.Reasons == nil {
		a.Reasons = []string{}
	}
	return json.Marshal(plain(a))
}

// EnvAssessment is the assessment for one environment; Env is "" when the
// config names none.
type EnvAssessment struct {
	Env string `json:"env"`
	Assessment
}

// MarshalJSON writes {env, level, reasons} (the embedded Assessment's
// MarshalJSON would otherwise drop env).
func (e EnvAssessment) MarshalJSON() ([]byte, error) {
	reasons := e.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	return json.Marshal(struct {
		Env     string   `json:"env"`
		Level   Level    `json:"level"`
		Reasons []string `json:"reasons"`
	}{e.Env, e.Level, reasons})
}

// Text renders the assessment on one line: "high: drop-existing-column
// (m/2.sql:3)", or "low: no risk rule matched".
func (a Assessment) Text() string {
	if len(a.Reasons) == 0 {
		return a.Level.String() + ": no risk rule matched"
	}
	s := a.Level.String() + ": "
	for i, r := range a.Reasons {
		if i > 0 {
			s += "; "
		}
		s += r
	}
	return s
}

// Phrase renders the assessment in a sentence: "low risk", "high risk:
// drop-existing-column (m/2.sql:3)".
func (a Assessment) Phrase() string {
	if len(a.Reasons) == 0 {
		return a.Level.String() + " risk"
	}
	return a.Level.String() + " risk: " + strings.Join(a.Reasons, "; ")
}

// Rule gives Level when every condition of When holds.
type Rule struct {
	Name  string
	Level Level
	When  config.RiskWhen
}

// Builtin are the rules used without configuration: dropping or rewriting
// what exists and data changes without WHERE are high; DDL that blocks
// writes to an existing table, data changes and other drops are moderate;
// everything else (additive changes) is low.
func Builtin() []Rule {
	existing := "existing"
	return []Rule{
		{"drop-existing-table", High, config.RiskWhen{Statement: []string{"drop-table", "truncate"}, Table: existing}},
		{"drop-schema", High, config.RiskWhen{Statement: []string{"drop-schema"}}},
		{"drop-existing-column", High, config.RiskWhen{Statement: []string{"drop-column"}, Table: existing}},
		{"rewrite-existing-column", High, config.RiskWhen{Statement: []string{"alter-column-type"}, Table: existing}},
		{"data-change-without-where", High, config.RiskWhen{Statement: []string{"update-without-where", "delete-without-where"}, Table: existing}},
		{"locking-ddl-on-existing-table", Moderate, config.RiskWhen{Statement: []string{"ddl"}, Blocks: "writes", Table: existing}},
		{"data-change-on-existing-table", Moderate, config.RiskWhen{Statement: []string{"update", "delete", "merge"}, Table: existing}},
		{"drop-other-object", Moderate, config.RiskWhen{Statement: []string{"drop"}}},
	}
}

// Rules are the risk rules of a config: the built-in ones (unless
// risk.builtin is false), each replaced by a configured rule of the same
// name, then the other configured rules. Finding conditions are resolved
// to canonical rule names. The config has been validated.
func Rules(cfg *config.Config) []Rule {
	var out []Rule
	configured := make([]Rule, 0, len(cfg.Risk.Rules))
	for _, r := range cfg.Risk.Rules {
		level, _ := ParseLevel(r.Level)
		w := r.When
		w.Finding = make([]string, 0, len(r.When.Finding))
		for _, name := range r.When.Finding {
			if canon, ok := all.Resolve(name); ok {
				w.Finding = append(w.Finding, canon)
			}
		}
		configured = append(configured, Rule{Name: r.Name, Level: level, When: w})
	}
	if cfg.Risk.Builtin {
		for _, b := range Builtin() {
			if i := slices.IndexFunc(configured, func(r Rule) bool { return r.Name == b.Name }); i >= 0 {
				b = configured[i]
				configured = slices.Delete(configured, i, i+1)
			}
			out = append(out, b)
		}
	}
	return append(out, configured...)
}

// NeedsTableRows reports whether a rule reads Input.TableRows, so callers
// read a live database's statistics only then.
func NeedsTableRows(rs []Rule) bool {
	return slices.ContainsFunc(rs, func(r Rule) bool { return r.When.TableRowsOver > 0 })
}

// Finding is a review finding as the risk rules see it.
type Finding struct {
	Rule     string // canonical rule name
	Severity rules.Severity
}

// Input is what a risk assessment reads.
type Input struct {
	Env     string
	Targets int
	// Files are the files that would run, in order; earlier ones create
	// tables that are "new" for later statements.
	Files    []File
	Findings []Finding
	// TableRows holds the estimated rows of existing tables, by
	// "schema.name", when a live database was read (see ExistingTables);
	// table-rows-over conditions hold only for tables listed here.
	TableRows map[string]int64
}

// Assess returns the risk of in by rules: the highest level of the rules
// that hold, named in rule order.
func Assess(rs []Rule, in Input) Assessment {
	facts := collect(in.Files)
	var a Assessment
	for _, r := range rs {
		where, ok := holds(r.When, in, facts)
		if !ok {
			continue
		}
		reason := r.Name
		if where != "" {
			reason += " (" + where + ")"
		}
		switch {
		case r.Level > a.Level:
			a = Assessment{Level: r.Level, Reasons: []string{reason}}
		case r.Level == a.Level:
			a.Reasons = append(a.Reasons, reason)
		}
	}
	return a
}

// holds reports whether every condition of w holds, and where (the first
// statement matching its statement conditions, "" without any).
func holds(w config.RiskWhen, in Input, facts []fact) (string, bool) {
	if len(w.Env) > 0 && !slices.Contains(w.Env, in.Env) {
		return "", false
	}
	if w.TargetsOver > 0 && in.Targets <= w.TargetsOver {
		return "", false
	}
	if (len(w.Finding) > 0 || w.Severity != "") && !slices.ContainsFunc(in.Findings, func(f Finding) bool { return findingHolds(w, f) }) {
		return "", false
	}
	if len(w.Statement) == 0 && w.Table == "" && w.Blocks == "" && len(w.FileKind) == 0 && w.TableRowsOver == 0 {
		return "", true
	}
	for _, f := range facts {
		if f.holds(w, in.TableRows) {
			return f.where, true
		}
	}
	return "", false
}

func findingHolds(w config.RiskWhen, f Finding) bool {
	if len(w.Finding) > 0 && !slices.Contains(w.Finding, f.Rule) {
		return false
	}
	if w.Severity != "" {
		min, err := rules.ParseSeverity(w.Severity)
		if err != nil || f.Severity < min {
			return false
		}
	}
	return true
}
