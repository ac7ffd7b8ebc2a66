// Package engine runs the rules: parse → rules per statement against the
// catalog → exclusions → suppressions → severity → sort. The CLI, the
// language server and the migration runner all call it.
package engine

import (
	"cmp"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/meta"
	"github.com/sqlreview/sqlreview/rules/presets"
	"github.com/sqlreview/sqlreview/rules/source"
	"github.com/sqlreview/sqlreview/rules/statements"
)

// Finding is one reported problem, ready for output.
type Finding struct {
	Path     string
	Rule     *rules.Rule
	Severity rules.Severity
	Message  string
	// Start and End are 1-based line and character columns; End is exclusive.
	Start, End source.Position
	// StartOffset and EndOffset are the same range as byte offsets.
	StartOffset, EndOffset int
	Fix                    *rules.Fix
	Suppressed             bool
	SuppressionReason      string
	// Fingerprint identifies the finding across runs, robust to lines
	// shifting above it (SARIF partialFingerprints, baselines).
	Fingerprint string
	stmt        int
}

// rawFinding is a finding before severity, suppressions and positions.
type rawFinding struct {
	rule       *rules.Rule
	start, end int
	msg        string
	fix        *rules.Fix
	stmt       int
	subject    *rules.Rule  // for unused-suppression: the rule named
	sup        *suppression // for unused-suppression: the comment
}

// Linter checks files under one configuration.
type Linter struct {
	Config    *config.Config
	PGVersion int
	enabled   []*rules.Rule
	severity  map[*rules.Rule]rules.Severity
	settings  map[*rules.Rule]map[string]any
	// DB is the target database the rules may query (Pass.DB), or nil.
	DB rules.Database
	// NoFingerprints makes Lint and LintDocument leave Finding.Fingerprint
	// empty, for callers that never read it (the language server).
	NoFingerprints bool
	// runner and assumeInTx feed each pass's transaction model.
	runner     string
	assumeInTx *bool
	// costs are the rules' measured costs, for Lint's split of a long file
	// (nil: not measured, no split).
	costs *ruleCosts
}

// Overrides are command-line changes on top of a configuration.
type Overrides struct {
	PGVersion int // 0 = from config
	// Runner, when set, replaces the config's migrations.runner (and
	// assume-in-transaction): sqlreview's own apply and rollout review the
	// files under the transaction model they apply them with.
	Runner  string
	Enable  []string // rule names, codes or aliases
	Disable []string
	FailOn  string
}

// NewLinter resolves which rules run, at which severity and with which
// settings. Unknown rule names are errors (the config was validated already;
// this catches command-line names).
func NewLinter(cfg *config.Config, ov Overrides) (*Linter, error) {
	if cfg == nil {
		cfg = config.Default()
	}
	l := &Linter{Config: cfg, PGVersion: cfg.Postgres.Version, severity: map[*rules.Rule]rules.Severity{}, settings: map[*rules.Rule]map[string]any{},
		costs: &ruleCosts{perRule: map[*rules.Rule]time.Duration{}}}
	if ov.PGVersion != 0 {
		if !config.ValidPostgresVersion(ov.PGVersion) {
			return nil, fmt.Errorf("--pg-version %d: supported PostgreSQL versions are %s", ov.PGVersion, config.PostgresVersionRange)
		}
		l.PGVersion = ov.PGVersion
	}
	if l.PGVersion == 0 {
		l.PGVersion = 16
	}
	l.runner, l.assumeInTx = cfg.Migrations.Runner, cfg.Migrations.AssumeInTransaction
	if ov.Runner != "" {
		l.runner, l.assumeInTx = ov.Runner, nil
	}
	on := map[*rules.Rule]bool{}
	preset := presets.Get(cfg.Rules.Default)
	for _, r := range all.Rules() {
		switch {
		case cfg.Rules.Default == "all":
			on[r] = true
		case cfg.Rules.Default == "none" || preset != nil:
			on[r] = r.Category == rules.Meta
		default:
			on[r] = r.Default
		}
		l.severity[r] = r.Severity
	}
	// A preset turns on exactly its rules (and the meta rules) with its
	// severities and settings; the config's own lists and settings below
	// override it.
	presetSettings := map[*rules.Rule]map[string]any{}
	if preset != nil {
		for _, rc := range preset.Rules {
			on[rc.Rule] = rc.Severity != rules.Off
			if rc.Severity != rules.Off {
				l.severity[rc.Rule] = rc.Severity
			}
			presetSettings[rc.Rule] = rc.Settings
		}
	}
	lookup := func(where, name string) (*rules.Rule, error) {
		r := all.Lookup(name)
		if r == nil {
			return nil, fmt.Errorf("%s: unknown rule %q%s; run `sqlreview rules` for the list", where, name, suggest(name))
		}
		return r, nil
	}
	for _, n := range cfg.Rules.Enable {
		if r, err := lookup(cfgWhere(cfg, "rules.enable"), n); err == nil {
			on[r] = true
		} else {
			return nil, err
		}
	}
	for _, n := range cfg.Rules.Disable {
		if r, err := lookup(cfgWhere(cfg, "rules.disable"), n); err == nil {
			on[r] = false
		} else {
			return nil, err
		}
	}
	for n, sev := range cfg.Rules.Severity {
		r, err := lookup(cfgWhere(cfg, "rules.severity"), n)
		if err != nil {
			return nil, err
		}
		s, err := rules.ParseSeverity(sev)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %v", cfgWhere(cfg, "rules.severity"), n, err)
		}
		if s == rules.Off {
			on[r] = false
		} else {
			l.severity[r] = s
			on[r] = true
		}
	}
	if err := applyEnvRules(cfg, on, l.severity, presetSettings); err != nil {
		return nil, err
	}
	for _, n := range ov.Enable {
		for _, part := range strings.Split(n, ",") {
			r, err := lookup("--enable", part)
			if err != nil {
				return nil, err
			}
			on[r] = true
		}
	}
	for _, n := range ov.Disable {
		for _, part := range strings.Split(n, ",") {
			r, err := lookup("--disable", part)
			if err != nil {
				return nil, err
			}
			on[r] = false
		}
	}
	for _, r := range all.Rules() {
		if on[r] {
			l.enabled = append(l.enabled, r)
		}
		merged := map[string]any{}
		for k, v := range r.Settings {
			merged[k] = v
		}
		for k, v := range presetSettings[r] {
			merged[k] = v
		}
		l.settings[r] = merged
	}
	for n, kv := range cfg.Rules.Settings {
		r, err := lookup(cfgWhere(cfg, "rules.settings"), n)
		if err != nil {
			return nil, err
		}
		for k, v := range kv {
			def, known := r.Settings[k]
			if !known {
				return nil, fmt.Errorf("%s: rule %s has no setting %q%s", cfgWhere(cfg, "rules.settings"), r.Name, k, settingNames(r))
			}
			if want, got := rules.SettingKind(def), rules.SettingKind(v); want != got {
				return nil, fmt.Errorf("%s: %s.%s: expected %s, got %s", cfgWhere(cfg, "rules.settings"), r.Name, k, want, got)
			}
			// Every integer setting is a limit: at zero or below, the
			// rule would never report, silently.
			if n, ok := intSetting(v); ok && n < 1 {
				return nil, fmt.Errorf("%s: %s.%s: expected an integer ≥ 1, got %d (to turn the rule off, disable it)", cfgWhere(cfg, "rules.settings"), r.Name, k, n)
			}
			l.settings[r][k] = v
		}
	}
	return l, nil
}

// intSetting is an integer setting's value as the YAML and JSON decoders
// give it.
func intSetting(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), true
	}
	return 0, false
}

func settingNames(r *rules.Rule) string {
	if len(r.Settings) == 0 {
		return " (it has no settings)"
	}
	var ks []string
	for k := range r.Settings {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return " (known: " + strings.Join(ks, ", ") + ")"
}

func cfgWhere(cfg *config.Config, key string) string {
	if cfg.Path == "" {
		return key
	}
	return cfg.Path + ": " + key
}

// Enabled reports whether the rule runs.
func (l *Linter) Enabled(r *rules.Rule) bool {
	for _, e := range l.enabled {
		if e == r {
			return true
		}
	}
	return false
}

// Severity returns the rule's effective severity.
func (l *Linter) Severity(r *rules.Rule) rules.Severity { return l.severity[r] }

// Lint checks one parsed file against cat, statement by statement, and
// applies each statement to cat afterwards (so cat ends as the schema after
// the file). relPath is the path relative to the config's directory, for
// exclusions. The result is sorted and has suppressions applied.
//
// The schema-free rules run alongside the replay, on another core when there
// is one, as Check runs them in its parse workers alongside the replay of
// the files before: they only read the file, and the findings are the same
// (free first, as the sequential order gives them).
func (l *Linter) Lint(f *source.File, cat *catalog.Catalog, relPath string) []Finding {
	active := l.active(relPath)
	facts := &rules.FileFacts{}
	if runtime.GOMAXPROCS(0) == 1 {
		return l.replayed(f, cat, relPath, active, facts, l.lintSchemaFree(f, active, facts)).finish()
	}
	if f.Problem == nil && l.DB == nil && l.costs != nil && len(f.Statements) >= splitReplayStatements {
		return l.lintSplit(f, cat, relPath, active)
	}
	free := inBackground(func() []rawFinding { return l.lintSchemaFree(f, active, facts) })
	r := l.replayed(f, cat, relPath, active, facts, nil)
	r.raw = append(free(), r.raw...)
	return r.finish()
}

// splitReplayStatements is the length from which Lint splits the rules that
// need the catalog between two replays (lintSplit). Below it, the clone of
// the catalog and the second replay cost more than they save.
const splitReplayStatements = 256

// lintSplit is Lint for a long file, where the rules that need the catalog
// dominate and one core would run them all while the other idles after the
// schema-free rules: they are split in two groups of about equal cost (as
// measured on the files linted before, ruleCosts), each with a replay of its
// own (the second on a clone of cat), and the schema-free rules join the
// second group. A replay costs a fraction of the rules it serves. The
// main replay, on cat, alone reports the file's syntax errors and replay
// crashes; the findings are those of the sequential run (finish sorts them
// by position, rule and message, so the order they were found in does not
// show).
func (l *Linter) lintSplit(f *source.File, cat *catalog.Catalog, relPath string, active []*rules.Rule) []Finding {
	g := l.costs.split(active)
	clone, facts := cat.Clone(), &rules.FileFacts{}
	var shadowTook time.Duration
	other := inBackground(func() []rawFinding {
		start := time.Now()
		defer func() { shadowTook = time.Since(start) }()
		return append(l.lintSchemaFree(f, active, facts), l.runRules(f, clone, g.shadow, shadowReplay, facts)...)
	})
	start := time.Now()
	raw := l.runRules(f, cat, g.main, mainReplay, facts)
	mainTook := time.Since(start)
	raw = append(other(), raw...)
	l.costs.learn(g, mainTook, shadowTook)
	r := replayedFile{l: l, f: f, relPath: relPath, raw: raw, active: active}
	return r.finish()
}

// inBackground starts fn in a goroutine and returns the function that waits
// for its result; a panic in fn is raised again there, in the caller's
// goroutine, where the caller's recover sees it.
func inBackground[T any](fn func() T) func() T {
	var v T
	var crash any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { crash = recover() }()
		v = fn()
	}()
	return func() T {
		<-done
		if crash != nil {
			panic(crash)
		}
		return v
	}
}

// active lists the rules that run on the file at relPath: enabled, not
// excluded there, with a check.
func (l *Linter) active(relPath string) []*rules.Rule {
	var out []*rules.Rule
	for _, r := range l.enabled {
		if r.Category == rules.Meta || (r.Check == nil && r.AtEnd == nil) {
			continue
		}
		if l.Config.Excluded(relPath, r.Name, all.Resolve) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// schemaFree reports whether r runs apart from the catalog replay: it reads
// neither the catalog nor the database (see rules.Rule.SchemaFree).
func schemaFree(r *rules.Rule) bool {
	switch schemaFreeMode {
	case everyRuleSchemaFree:
		return true
	case noRuleSchemaFree:
		return false
	}
	return r.SchemaFree
}

// schemaFreeMode lets tests run every rule as schema-free, or none, to
// compare the findings with the split the rules declare.
var schemaFreeMode = declaredSchemaFree

const (
	declaredSchemaFree = iota
	everyRuleSchemaFree
	noRuleSchemaFree
)

// lintSchemaFree runs the schema-free rules among the file's active ones.
// They need the file alone, so Check runs them in the parse workers, in
// parallel with the catalog replay that the other rules wait for.
func (l *Linter) lintSchemaFree(f *source.File, active []*rules.Rule, facts *rules.FileFacts) []rawFinding {
	if f.Problem != nil {
		return nil
	}
	var free []*rules.Rule
	for _, r := range active {
		if schemaFree(r) {
			free = append(free, r)
		}
	}
	return l.runRules(f, nil, free, schemaFreeRun, facts)
}

// replayedFile is a file whose rules have run and whose statements are in
// the catalog: what is left (suppressions, positions, sorting,
// fingerprints) needs no catalog and can run in parallel with the next file.
type replayedFile struct {
	l       *Linter
	f       *source.File
	relPath string
	raw     []rawFinding
	active  []*rules.Rule
}

func (r replayedFile) finish() []Finding { return r.l.finish(r.f, r.raw, r.active, r.relPath) }

// replayed runs the active rules of f that need the catalog (or the
// database), applying each statement to cat after them, and merges the
// findings free of lintSchemaFree.
func (l *Linter) replayed(f *source.File, cat *catalog.Catalog, relPath string, active []*rules.Rule, facts *rules.FileFacts, free []rawFinding) replayedFile {
	if f.Problem != nil {
		raw := []rawFinding{{rule: meta.UnreadableFile, start: 0, end: 0, msg: f.Problem.Message, stmt: -1}}
		return replayedFile{l: l, f: f, relPath: relPath, raw: raw}
	}
	var bound []*rules.Rule
	for _, r := range active {
		if !schemaFree(r) {
			bound = append(bound, r)
		}
	}
	raw := append(free, l.runRules(f, cat, bound, mainReplay, facts)...)
	return replayedFile{l: l, f: f, relPath: relPath, raw: raw, active: active}
}

// ruleRun says what a runRules call does besides running its rules.
type ruleRun int

const (
	// schemaFreeRun: no catalog (cat is nil), no replay.
	schemaFreeRun ruleRun = iota
	// mainReplay: each statement is applied to cat after the rules saw
	// it, and the file's syntax errors, statements too new for the target
	// and replay crashes are reported.
	mainReplay
	// shadowReplay: the replay of mainReplay for other rules, on a clone
	// of the catalog, beside the main one (lintSplit); what concerns the
	// file rather than the rules is the main replay's to report.
	shadowReplay
)

// runRules runs rules over f's statements and then their AtEnd checks, as
// run says; facts are shared with the other runRules calls over f.
func (l *Linter) runRules(f *source.File, cat *catalog.Catalog, active []*rules.Rule, run ruleRun, facts *rules.FileFacts) []rawFinding {
	withSchema, reportFile := run != schemaFreeRun, run == mainReplay
	var raw []rawFinding
	// One reporter per rule, reused for every statement (cur is the index
	// of the statement being checked), and one statement memo cleared
	// between statements: with every rule on, a statement meets about 150
	// rules, and per-rule, per-statement setup showed in profiles.
	cur := -1
	// inBody, when set, says which PL/pgSQL body the checked statement
	// belongs to; its findings say so, and carry no fix: a rewrite meant for
	// a top-level statement (CONCURRENTLY, a separate transaction) does not
	// work inside a DO block or function.
	inBody := ""
	stmtMemo := &rules.StatementMemo{}
	// The passes sit in one array and the checks in a dense slice: every
	// statement visits all of them, and chasing each rule's pointer cost
	// a cache miss per rule and statement.
	passArr := make([]rules.Pass, len(active))
	passes := make([]*rules.Pass, len(active))
	checks := make([]func(*rules.Pass), len(active))
	memo := map[any]any{}
	for i, r := range active {
		passArr[i] = *rules.NewPass(r, f, cat, l.PGVersion, l.settings[r], func(d rules.Diagnostic) {
			if inBody != "" {
				d.Message, d.Fix = d.Message+" ("+inBody+")", nil
			}
			raw = append(raw, rawFinding{rule: r, start: d.Start, end: d.End, msg: d.Message, fix: d.Fix, stmt: cur})
		}, memo)
		p := &passArr[i]
		p.Runner, p.AssumeInTx = l.runner, l.assumeInTx
		if withSchema {
			p.DB = l.DB
		}
		rules.SetStatementMemo(p, stmtMemo)
		rules.SetFileFacts(p, facts)
		passes[i], checks[i] = p, r.Check
	}
	var tx rules.TxState
	tookBuf := make([]time.Duration, len(active))
	for _, s := range f.Statements {
		cur = s.Index
		if s.Err != nil {
			if reportFile {
				raw = append(raw, rawFinding{rule: meta.SyntaxError, start: s.Err.Offset, end: s.Err.End, msg: s.Err.Message, stmt: s.Index})
			}
			continue
		}
		if tooNew := l.newerSyntaxFindings(s); len(tooNew) > 0 {
			// Newer syntax than the target server accepts: it fails there
			// like a syntax error, so it is reported and skipped like one.
			if reportFile {
				raw = append(raw, tooNew...)
			}
			continue
		}
		// A DO block's or function's static SQL is checked like the
		// file's own statements, right after the statement that holds it,
		// in its transaction. A DO block runs it now, so the catalog
		// replays it; a function runs it when called, so it does not.
		stmts := []*source.Statement{s}
		body := s.Body()
		if body != nil {
			stmts = append(stmts, body.Statements...)
		}
		for _, es := range stmts {
			inBody = ""
			if es != s {
				inBody = bodyNote(f, s, body)
			}
			stmtMemo.Reset()
			for i := range passArr {
				passArr[i].Stmt, passArr[i].Tx = es, tx
			}
			// One statement in costSampleEvery is timed rule by rule, for
			// Lint's split of long files (ruleCosts).
			var took []time.Duration
			if s.Index%costSampleEvery == costSampleEvery-1 && es == s && l.costs != nil {
				took = tookBuf[:len(active)]
				clear(took)
			}
			for from := 0; from < len(active); {
				failed, msg := checkStatement(active, checks, passes, from, took)
				if failed < 0 {
					break
				}
				raw = append(raw, rawFinding{rule: meta.InternalError, start: es.Start, end: es.End, msg: msg, stmt: s.Index})
				from = failed + 1
			}
			if took != nil {
				l.costs.add(active, took)
			}
			if withSchema && (es == s || !body.Deferred) {
				if msg := applySafely(cat, es, f.Path); msg != "" && reportFile {
					raw = append(raw, rawFinding{rule: meta.InternalError, start: es.Start, end: es.End, msg: msg, stmt: s.Index})
				}
			}
		}
		tx = nextTx(tx, s)
	}
	cur, inBody = -1, ""
	for i, r := range active {
		if r.AtEnd == nil {
			continue
		}
		p := passes[i]
		p.Stmt, p.Tx = nil, tx
		if msg := runRule(r.AtEnd, p); msg != "" {
			raw = append(raw, rawFinding{rule: meta.InternalError, msg: msg, stmt: -1})
		}
	}
	return raw
}

// bodyNote tells where a finding on a statement of s's PL/pgSQL body
// stands, for its message.
func bodyNote(f *source.File, s *source.Statement, body *source.Body) string {
	line := f.Position(s.Start).Line
	if body.Deferred {
		return fmt.Sprintf("in the body of the function created on line %d: it runs when the function is called", line)
	}
	return fmt.Sprintf("in the DO block on line %d", line)
}

// checkStatement runs checks[from:] (the Check of each active rule, nil
// for rules with only AtEnd) on the statement the passes point at, with
// one deferred recover for them all. A panic stops it: failed is the rule
// that panicked (the caller resumes after it) and msg says what happened;
// failed is -1 when every check returned. With took, each check's time is
// added to its entry.
func checkStatement(active []*rules.Rule, checks []func(*rules.Pass), passes []*rules.Pass, from int, took []time.Duration) (failed int, msg string) {
	i := from
	defer func() {
		if v := recover(); v != nil {
			failed, msg = i, crashMessage(active[i], v)
		}
	}()
	if took != nil {
		for ; i < len(checks); i++ {
			if check := checks[i]; check != nil {
				start := time.Now()
				check(passes[i])
				took[i] += time.Since(start)
			}
		}
		return -1, ""
	}
	for ; i < len(checks); i++ {
		if check := checks[i]; check != nil {
			check(passes[i])
		}
	}
	return -1, ""
}

// runRule calls a check, turning a panic into a message.
func runRule(check func(*rules.Pass), p *rules.Pass) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = crashMessage(p.Rule, v)
		}
	}()
	check(p)
	return ""
}

// crashMessage describes a rule's panic, with the rule's own frame when
// the stack shows one. It runs in the deferred recover, where the stack
// still holds the panicking frames.
func crashMessage(r *rules.Rule, v any) string {
	stack := string(debug.Stack())
	where := ""
	for _, line := range strings.Split(stack, "\n") {
		if strings.Contains(line, "/rules/") && !strings.Contains(line, "/rules/engine/") && strings.HasPrefix(line, "\t") {
			where = " at " + strings.TrimSpace(line)
			if i := strings.LastIndex(where, " +0x"); i > 0 {
				where = where[:i]
			}
			if i := strings.Index(where, "/rules/"); i > 0 {
				where = " at rules/" + where[i+len("/rules/"):]
			}
			break
		}
	}
	return fmt.Sprintf("rule %s crashed on this statement (%v%s); other rules still ran — please report this", r.Name, v, where)
}

// applySafely replays a statement into the catalog; a crash in the replay
// becomes a message, and the catalog simply misses that statement's effect.
func applySafely(cat *catalog.Catalog, s *source.Statement, path string) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprintf("the schema replay crashed on this statement (%v); later findings may miss its effect — please report this", v)
		}
	}()
	cat.Apply(s, catalog.Origin{File: path, Stmt: s.Index})
	return ""
}

// nextTx updates the transaction state after statement s.
func nextTx(tx rules.TxState, s *source.Statement) rules.TxState {
	t, ok := s.Node.GetNode().(*pg_query.Node_TransactionStmt)
	if !ok {
		return tx
	}
	switch t.TransactionStmt.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		if tx.Depth == 0 {
			tx.Open = s
		}
		tx.Depth++
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK,
		pg_query.TransactionStmtKind_TRANS_STMT_PREPARE, pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED,
		pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
		tx = rules.TxState{}
	}
	return tx
}

// finish applies suppressions, severity and positions, and sorts.
func (l *Linter) finish(f *source.File, raw []rawFinding, active []*rules.Rule, relPath string) []Finding {
	var sups []*suppression
	if f.Problem == nil {
		sups = parseSuppressions(f, func(r *rules.Rule, start, end int, msg string) {
			raw = append(raw, rawFinding{rule: r, start: start, end: end, msg: msg, stmt: -1})
		})
	}
	out := make([]Finding, 0, len(raw))
	for _, r := range raw {
		if !l.Enabled(r.rule) || (r.rule.Category == rules.Meta && l.Config.Excluded(relPath, r.rule.Name, all.Resolve)) {
			continue
		}
		out = append(out, Finding{Path: f.Path, Rule: r.rule, Message: r.msg, StartOffset: r.start, EndOffset: r.end, Fix: r.fix, stmt: r.stmt})
	}
	if len(sups) > 0 && l.Enabled(meta.UnusedSuppression) {
		var reported []rawFinding
		unusedBySup := map[*suppression]map[*rules.Rule]bool{}
		for _, u := range suppress(f, sups, out) {
			if !l.ruleRan(u, active) {
				continue
			}
			reported = append(reported, u)
			if unusedBySup[u.sup] == nil {
				unusedBySup[u.sup] = map[*rules.Rule]bool{}
			}
			unusedBySup[u.sup][u.subject] = true
		}
		for _, u := range reported {
			out = append(out, Finding{Path: f.Path, Rule: u.rule, Message: u.msg, StartOffset: u.start, EndOffset: u.end,
				Fix: removalFix(f, u.sup, unusedBySup[u.sup]), stmt: -1})
		}
	} else if len(sups) > 0 {
		suppress(f, sups, out)
	}
	lines := f.Lines()
	for i := range out {
		fd := &out[i]
		fd.Severity = l.severity[fd.Rule]
		if strings.HasSuffix(fd.Message, statements.NeedsDatabaseNote) && fd.Severity > rules.Info {
			// A check skipped for want of a database is a note, whatever
			// the rule's severity: it must not fail an offline run.
			fd.Severity = rules.Info
		}
		fd.Start = lines.Position(fd.StartOffset)
		fd.End = lines.Position(fd.EndOffset)
	}
	SortFindings(out)
	if !l.NoFingerprints {
		setFingerprints(l.Config, f, relPath, out)
	}
	return out
}

// ruleRan is true unless the unused suppression names a rule that did not run
// (disabled or excluded): such a suppression is not known to be stale.
func (l *Linter) ruleRan(u rawFinding, active []*rules.Rule) bool {
	if u.subject.Category == rules.Meta {
		return l.Enabled(u.subject)
	}
	for _, a := range active {
		if a == u.subject {
			return true
		}
	}
	return false
}

// SortFindings orders findings by path, position, rule and message.
func SortFindings(fs []Finding) {
	sorted := true
	for i := 1; i < len(fs) && sorted; i++ {
		sorted = compareFindings(&fs[i-1], &fs[i]) <= 0
	}
	if sorted {
		return
	}
	// Sort indexes, then move each finding once, in place, cycle by cycle:
	// a Finding is ~180 bytes, and a stable sort of the values themselves
	// moved them many times (a sorted copy cost as much memory again).
	idx := make([]int32, len(fs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return compareFindings(&fs[a], &fs[b]) })
	for i := range idx {
		if idx[i] < 0 {
			continue
		}
		// fs[j] takes the finding at idx[j], until the cycle comes back
		// to i, whose finding was put aside.
		held := fs[i]
		for j := int32(i); ; {
			k := idx[j]
			idx[j] = -1
			if k == int32(i) {
				fs[j] = held
				break
			}
			fs[j] = fs[k]
			j = k
		}
	}
}

func compareFindings(a, b *Finding) int {
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if c := cmp.Compare(a.StartOffset, b.StartOffset); c != 0 {
		return c
	}
	if c := cmp.Compare(a.EndOffset, b.EndOffset); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule.Name, b.Rule.Name); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}
