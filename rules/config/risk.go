package config

import (
	"fmt"
	"strings"
)

// Risk is the top-level risk: section. Package rules/risk gives it meaning:
// a release's risk level in an environment is the highest level of the
// rules whose conditions all hold for the files it would run there.
//
//	risk:
//	  builtin: true                # keep the built-in rules
//	  rules:
//	    - name: prod-data-change
//	      level: high
//	      when: {env: [prod], statement: [update, delete]}
type Risk struct {
	// Builtin keeps the built-in rules (rules/risk.Builtin); a rule of
	// Rules with the same name replaces the built-in one.
	Builtin bool       `yaml:"builtin"`
	Rules   []RiskRule `yaml:"rules" expect:"a list of {name, level, when}"`
}

// RiskRule gives Level to a release when every condition of When holds.
type RiskRule struct {
	Name  string   `yaml:"name"`
	Level string   `yaml:"level"`
	When  RiskWhen `yaml:"when"`
}

// RiskWhen holds a risk rule's conditions; each one given must hold (a list
// holds when any of its values does). Statement, Table and Blocks hold
// for one statement together; FileKind for that statement's file.
type RiskWhen struct {
	// Env lists environment names.
	Env []string `yaml:"env" expect:"a list of environment names"`
	// Statement lists statement kinds (RiskStatements).
	Statement []string `yaml:"statement" expect:"a list of statement kinds"`
	// Table is "existing" (not created earlier in the files that run) or
	// "new": the statement's table.
	Table string `yaml:"table"`
	// Blocks is "writes" or "reads": the statement's lock on its table
	// blocks them (SHARE or stronger blocks writes, ACCESS EXCLUSIVE also
	// reads) for longer than an instant (adding a column without a default
	// or with a constant one changes only the catalog, and does not count).
	Blocks string `yaml:"blocks"`
	// FileKind lists file kinds as the file name declares them
	// (##ddl## / _ddl, ##dml## / _dml), or "none" for names that do not.
	FileKind []string `yaml:"file-kind" expect:"a list of file kinds (ddl, dml, none)"`
	// Finding lists rules (names, codes or aliases) of which a finding in
	// the files that run makes the condition hold.
	Finding []string `yaml:"finding" expect:"a list of rule names"`
	// Severity holds when a finding is at least this severe.
	Severity string `yaml:"severity"`
	// TargetsOver holds when the environment has more targets than this.
	TargetsOver int `yaml:"targets-over"`
	// TableRowsOver holds for a statement on an existing table whose
	// estimated rows (the planner's statistics) exceed this; only where a
	// live database is read (the rollout gate, plan), never otherwise.
	TableRowsOver int `yaml:"table-rows-over"`
}

// RiskStatements are the statement kinds risk rules name. Package
// rules/risk classifies statements into them (its test covers each one).
var RiskStatements = []string{
	"ddl", "dml",
	"create-table", "create-index", "add-column", "add-constraint", "set-not-null",
	"alter-table", "alter-column-type", "drop-column", "drop-constraint",
	"drop", "drop-table", "drop-index", "drop-schema", "truncate", "rename", "alter-type",
	"insert", "update", "delete", "merge", "update-without-where", "delete-without-where",
}

// Values of the risk conditions.
var (
	RiskTables     = []string{"existing", "new"}
	RiskBlocks     = []string{"writes", "reads"}
	RiskFileKinds  = []string{"ddl", "dml", "none"}
	RiskSeverities = []string{"error", "warning", "info"}
)

// risk checks the risk: section: named, unique rules with a known level,
// at least one condition, and known values in every condition.
func (v *validator) risk(resolve RuleResolver, names []string) {
	seen := map[string]bool{}
	for i, r := range v.c.Risk.Rules {
		key := fmt.Sprintf("risk.rules[%d]", i)
		switch {
		case strings.TrimSpace(r.Name) == "":
			v.add(key, "%s: name is empty (name the rule; messages and approvals show it)", key)
		case seen[r.Name]:
			v.add(key+".name", "%s.name: %q is already a risk rule; names must be unique", key, r.Name)
		}
		seen[r.Name] = true
		v.oneOf(key+".level", r.Level, RiskLevels)
		if r.When.isEmpty() {
			// Pointed at the rule: "when" may be missing altogether.
			v.add(key, "%s.when: give at least one condition (env, statement, table, blocks, file-kind, finding, severity, targets-over, table-rows-over)", key)
			continue
		}
		v.riskWhen(key+".when", r.When, resolve, names)
	}
}

func (v *validator) riskWhen(key string, w RiskWhen, resolve RuleResolver, names []string) {
	for i, e := range w.Env {
		v.knownEnvironment(fmt.Sprintf("%s.env[%d]", key, i), e)
	}
	for i, s := range w.Statement {
		v.oneOf(fmt.Sprintf("%s.statement[%d]", key, i), s, RiskStatements)
	}
	if w.Table != "" {
		v.oneOf(key+".table", w.Table, RiskTables)
	}
	if w.Blocks != "" {
		v.oneOf(key+".blocks", w.Blocks, RiskBlocks)
	}
	for i, k := range w.FileKind {
		v.oneOf(fmt.Sprintf("%s.file-kind[%d]", key, i), k, RiskFileKinds)
	}
	if w.Severity != "" {
		v.oneOf(key+".severity", w.Severity, RiskSeverities)
	}
	if w.TargetsOver < 0 {
		v.add(key+".targets-over", "%s.targets-over: expected an integer ≥ 0, got %d", key, w.TargetsOver)
	}
	if w.TableRowsOver < 0 {
		v.add(key+".table-rows-over", "%s.table-rows-over: expected an integer ≥ 0, got %d", key, w.TableRowsOver)
	}
	if resolve == nil {
		return
	}
	for i, name := range w.Finding {
		if _, ok := resolve(name); !ok {
			msg := fmt.Sprintf("%s.finding[%d]: unknown rule %q", key, i, name)
			if s := Suggest(name, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			v.add(fmt.Sprintf("%s.finding[%d]", key, i), "%s", msg)
		}
	}
}

func (w RiskWhen) isEmpty() bool {
	return len(w.Env) == 0 && len(w.Statement) == 0 && w.Table == "" && w.Blocks == "" &&
		len(w.FileKind) == 0 && len(w.Finding) == 0 && w.Severity == "" && w.TargetsOver == 0 && w.TableRowsOver == 0
}
