// Package rules holds the framework types every rule is written against: a
// Rule is metadata plus a check function; a Pass is what the check sees; a
// Diagnostic is what it reports. Rules report; the engine decides severity,
// configuration, suppressions and output.
package rules

import (
	"fmt"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/source"
)

// Severity of a finding.
type Severity int

// Severities, ordered: a higher value is more severe.
const (
	Off Severity = iota
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// ParseSeverity reads "error", "warning", "info" or "off".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info":
		return Info, nil
	case "off", "none":
		return Off, nil
	}
	return Off, fmt.Errorf("unknown severity %q (use error, warning, info or off)", s)
}

// Category groups rules in docs and reports.
type Category string

// Categories.
const (
	Locking      Category = "locking"      // takes locks that block reads or writes
	Compat       Category = "compat"       // breaks running application code
	Types        Category = "types"        // column type choices
	Naming       Category = "naming"       // naming conventions
	Statements   Category = "statements"   // statement hygiene
	Transactions Category = "transactions" // transaction control in migrations
	Schema       Category = "schema"       // schema design
	Meta         Category = "meta"         // syntax errors, suppressions, internal errors
)

// FixAvailability says whether a rule can offer an automatic fix.
type FixAvailability int

// Fix availabilities.
const (
	FixNone FixAvailability = iota
	FixSometimes
	FixAlways
)

func (f FixAvailability) String() string {
	switch f {
	case FixSometimes:
		return "sometimes"
	case FixAlways:
		return "always"
	}
	return "none"
}

// Doc is a rule's documentation; it feeds `sqlreview explain`, SARIF help,
// LSP hover and the rule reference (docs/rules.md).
type Doc struct {
	Title     string // one line: what the rule reports
	Why       string // why it matters
	Bad       string // SQL that triggers the rule (tested)
	Good      string // SQL that does not (tested)
	FixSafety string // what the fix does and when it is safe
}

// RulesPageURL is the page that documents every rule, one section and
// anchor each: docs/rules.md, generated from the registry.
const RulesPageURL = "https://github.com/sqlreview/sqlreview/blob/main/docs/rules.md"

// DocAnchor is the id of the rule's own section on the rules page: the
// section's heading is the name, and GitHub's anchor for it is the name.
func (r *Rule) DocAnchor() string { return r.Name }

// DocURL is the rule's own documentation: its anchor on the rules page,
// for SARIF helpUri and every other link to one rule.
func (r *Rule) DocURL() string { return RulesPageURL + "#" + r.DocAnchor() }

// Rule is a rule's metadata and its check.
type Rule struct {
	Code     string   // stable code, e.g. "SR101"
	Name     string   // kebab-case name, e.g. "require-concurrent-index-creation"
	Aliases  []string // peer names: Bytebase keys (legacy and enum), Squawk, PGLS, Atlas
	Category Category
	Severity Severity // default severity
	Default  bool     // on in the "recommended" set
	Fix      FixAvailability
	Doc      Doc
	// Settings are the rule's options with their defaults; config
	// rules.settings overrides them.
	Settings map[string]any
	// Check runs once per statement, with the catalog as it was before
	// that statement. Statements with syntax errors are not passed.
	Check func(*Pass)
	// AtEnd, if set, runs once after the file's last statement, with
	// Pass.Stmt nil and the catalog as it is after the whole file.
	AtEnd func(*Pass)
	// SchemaFree marks a rule whose checks read neither Pass.Catalog nor
	// Pass.DB: it sees the file alone, so the engine runs it in parallel
	// with the catalog replay, with Catalog and DB nil. A rule that needs
	// to know whether an object existed before the file is not schema-free.
	SchemaFree bool
}

// Pass is what a rule's check sees.
type Pass struct {
	Rule *Rule
	File *source.File
	// Stmt is the statement being checked (nil in AtEnd).
	Stmt *source.Statement
	// Catalog is the schema before Stmt (after the whole file in AtEnd). It
	// is shared: rules must not change it.
	Catalog *catalog.Catalog
	// PGVersion is the target PostgreSQL major version.
	PGVersion int
	// Tx describes the transaction state before Stmt.
	Tx TxState
	// Runner is the tool that applies the file (migrations.runner; ""
	// detects it from the layout) and AssumeInTx the
	// migrations.assume-in-transaction switch (nil when unset). They feed
	// Transactions, the one transaction model every rule reads.
	Runner     string
	AssumeInTx *bool
	// Settings are the rule's effective settings (defaults merged with config).
	Settings map[string]any
	// DB is the target database (check --database-url), or nil.
	DB       Database
	report   func(Diagnostic)
	memo     map[any]any
	stmtMemo *StatementMemo
	facts    *FileFacts
}

// TxState is the explicit transaction context the engine tracks while
// walking a file's statements.
type TxState struct {
	// Depth is the number of BEGIN / START TRANSACTION statements not yet
	// closed by COMMIT / ROLLBACK / END (PostgreSQL itself allows one).
	Depth int
	// Open is the statement that opened the current transaction, if any.
	Open *source.Statement
}

type txModelKey struct{}

// Transactions returns the file's transaction model: which transaction each
// statement runs in under the runner that applies the file. Rules that
// depend on transactions ask it rather than the file's BEGIN/COMMIT alone,
// so no two rules disagree about a file.
func (p *Pass) Transactions() *knowledge.TxModel {
	if p.facts != nil {
		p.facts.txOnce.Do(func() { p.facts.tx = buildTxModel(p) })
		return p.facts.tx
	}
	return p.FileMemo(txModelKey{}, func() any { return buildTxModel(p) }).(*knowledge.TxModel)
}

func buildTxModel(p *Pass) *knowledge.TxModel {
	nodes := make([]*pg_query.Node, len(p.File.Statements))
	for i, s := range p.File.Statements {
		nodes[i] = s.Node
	}
	directive := ""
	for _, c := range p.File.Comments {
		if name, value, ok := knowledge.Directive(p.File.TokenText(c)); ok && name == "txmode" {
			directive = value
		}
	}
	return knowledge.BuildTxModel(p.Runner, p.AssumeInTx, p.File.Path, p.File.Text, nodes, directive, p.PGVersion)
}

// FileFacts holds what every group of rules running over one file asks
// and that depends on the file and the linter's settings alone (the
// transaction model): groups that run in parallel over the file (the
// schema-free rules beside the replay, the engine's two replays of a long
// file) share one instead of each building its own. It is built once, by
// whichever asks first, and read-only after.
type FileFacts struct {
	txOnce sync.Once
	tx     *knowledge.TxModel
}

// SetFileFacts makes the pass read ff; every pass given the same ff must
// check the same file with the same runner, transaction assumption and
// PostgreSQL version.
func SetFileFacts(p *Pass, ff *FileFacts) { p.facts = ff }

// NewPass builds a pass; the engine uses it, and tests that drive a rule
// directly. Passes of one file share memo (see FileMemo); nil gives the pass
// a memo of its own.
func NewPass(r *Rule, f *source.File, cat *catalog.Catalog, pgVersion int, settings map[string]any, report func(Diagnostic), memo map[any]any) *Pass {
	if memo == nil {
		memo = map[any]any{}
	}
	return &Pass{Rule: r, File: f, Catalog: cat, PGVersion: pgVersion, Settings: settings, report: report, memo: memo}
}

// FileMemo returns the value stored under key for this file, computing it
// with build the first time. Rules use it for facts about the whole file
// (an index of its statements) that would cost a scan per statement, which
// turns a file of n statements into n² work. The key should be an unexported
// type of the calling package, so packages cannot collide. Passes of one
// file run one at a time, so no locking is needed.
func (p *Pass) FileMemo(key any, build func() any) any {
	if v, ok := p.memo[key]; ok {
		return v
	}
	v := build()
	p.memo[key] = v
	return v
}

// Diagnostic is one finding a rule reports. Start and End are byte offsets
// in the file; End is exclusive.
type Diagnostic struct {
	Start, End int
	Message    string
	Fix        *Fix
}

// Fix is an automatic rewrite of the source.
type Fix struct {
	Title string
	// Safe fixes keep the statement's meaning; unsafe ones change it in a
	// way a human must confirm.
	Safe  bool
	Edits []Edit
}

// Edit replaces File.Text[Start:End] with NewText.
type Edit struct {
	Start, End int
	NewText    string
}

// Report records a finding.
func (p *Pass) Report(d Diagnostic) {
	if d.End < d.Start {
		d.End = d.Start
	}
	p.report(d)
}

// Reportf records a finding over the byte range [start, end).
func (p *Pass) Reportf(start, end int, format string, args ...any) {
	p.Report(Diagnostic{Start: start, End: end, Message: fmt.Sprintf(format, args...)})
}

// Setting returns a rule setting, or def when it is unset.
func (p *Pass) Setting(key string, def any) any {
	if v, ok := p.Settings[key]; ok {
		return v
	}
	return def
}

// Int returns an integer setting (the engine has checked its type against
// the rule's default).
func (p *Pass) Int(key string) int {
	switch v := p.Settings[key].(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		return int(v)
	}
	return 0
}

// String returns a string setting.
func (p *Pass) String(key string) string {
	s, _ := p.Settings[key].(string)
	return s
}

// Bool returns a boolean setting.
func (p *Pass) Bool(key string) bool {
	b, _ := p.Settings[key].(bool)
	return b
}

// Strings returns a list-of-strings setting.
func (p *Pass) Strings(key string) []string {
	switch v := p.Settings[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			} else {
				out = append(out, fmt.Sprint(e))
			}
		}
		return out
	}
	return nil
}

// SettingKind names the kind of a setting value as config errors show it:
// "an integer", "a string", "true or false", "a list".
func SettingKind(v any) string {
	switch v.(type) {
	case int, int64, float64:
		return "an integer"
	case string:
		return "a string"
	case bool:
		return "true or false"
	case []string, []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}

// IsNewTable reports whether schema.name was created earlier in this file,
// so changing it takes no lock that matters.
func (p *Pass) IsNewTable(schema, name string) bool {
	t := p.Catalog.Table(schema, name)
	return t != nil && t.Created.File == p.File.Path
}

// StmtMemo is FileMemo for facts about the current statement (a flattened
// walk of its tree that several rules read): computed once per statement,
// shared by the rules, dropped when the engine moves on.
func (p *Pass) StmtMemo(key any, build func() any) any {
	if p.stmtMemo == nil {
		return build()
	}
	if v, ok := p.stmtMemo.get(key); ok {
		return v
	}
	v := build()
	p.stmtMemo.entries = append(p.stmtMemo.entries, memoEntry{key, v})
	return v
}

// StatementMemo holds the facts the rules worked out about one statement.
// A statement holds a handful, asked for by every rule, so they sit in a
// slice searched in order: hashing an interface key for a map cost more
// than the comparisons, in profiles of a 5,000-statement file.
type StatementMemo struct {
	entries []memoEntry
}

type memoEntry struct{ key, value any }

func (m *StatementMemo) get(key any) (any, bool) {
	for i := range m.entries {
		if m.entries[i].key == key {
			return m.entries[i].value, true
		}
	}
	return nil, false
}

// Reset drops the facts, for the next statement.
func (m *StatementMemo) Reset() {
	clear(m.entries)
	m.entries = m.entries[:0]
}

// SetStatementMemo gives the pass the memo of the statement it checks next;
// the engine shares one memo among all rules of a statement.
func SetStatementMemo(p *Pass, m *StatementMemo) { p.stmtMemo = m }
