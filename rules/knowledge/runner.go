package knowledge

import (
	"path/filepath"
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Runners are the values of migrations.runner: the tools that apply
// migration files, each with its own transaction model.
var Runners = []string{
	RunnerSQLReview, RunnerPsql, RunnerPrisma, RunnerGolangMigrate, RunnerGoose, RunnerFlyway,
	RunnerRails, RunnerDjango, RunnerSqlx, RunnerDiesel, RunnerDbmate, RunnerPopx,
}

// The runners sqlreview knows. Their transaction models:
//   - sqlreview: its own apply (ClassifyTx): one transaction per file,
//     unless the file holds BEGIN/COMMIT or a statement that cannot run in
//     a transaction (then statement by statement), or says
//     `-- sqlreview:txmode`.
//   - psql: autocommit; only the file's own BEGIN ... COMMIT groups
//     statements.
//   - prisma, golang-migrate: the file is sent as one query, which
//     PostgreSQL runs as one implicit transaction; a COMMIT in it ends that
//     transaction and the statements after it form the next one.
//   - the others wrap each file in a transaction they open and commit,
//     unless the file opts out: goose `-- +goose NO TRANSACTION`, sqlx
//     `-- no-transaction` on the first line, dbmate `transaction:false` on
//     its `-- migrate:up` line, popx a `.autocommit.` file name, and
//     Flyway a file holding a statement that cannot run in a transaction.
const (
	RunnerSQLReview     = "sqlreview"
	RunnerPsql          = "psql"
	RunnerPrisma        = "prisma"
	RunnerGolangMigrate = "golang-migrate"
	RunnerGoose         = "goose"
	RunnerFlyway        = "flyway"
	RunnerRails         = "rails"
	RunnerDjango        = "django"
	RunnerSqlx          = "sqlx"
	RunnerDiesel        = "diesel"
	RunnerDbmate        = "dbmate"
	RunnerPopx          = "popx"
)

// Layouts that name their runner. The directory patterns are matched
// against the file's parent directory name, the file patterns against its
// base name.
var (
	prismaDirRE    = regexp.MustCompile(`^\d{14}_[^/]+$`)
	dieselDirRE    = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}-\d{6}|\d{14})_[^/]+$`)
	flywayFileRE   = regexp.MustCompile(`^(V\d+([._]\d+)*|U\d+([._]\d+)*|R)__.+\.sql$`)
	upDownFileRE   = regexp.MustCompile(`^\d+_[^/]+\.(up|down)\.sql$`)
	gooseMarkRE    = regexp.MustCompile(`(?m)^\s*--\s*\+goose\s+Up\b`)
	dbmateMarkRE   = regexp.MustCompile(`(?m)^\s*--\s*migrate:up\b`)
	gooseNoTxRE    = regexp.MustCompile(`(?mi)^\s*--\s*\+goose\s+NO\s+TRANSACTION\b`)
	dbmateNoTxRE   = regexp.MustCompile(`(?m)^\s*--\s*migrate:up\b.*\btransaction:false\b`)
	sqlxNoTxRE     = regexp.MustCompile(`^\s*--\s*no-transaction\b`)
	popxAutocommit = ".autocommit."
)

// DetectRunner names the runner a migration file's layout belongs to, or
// "" when nothing in its path or text says: Prisma's
// `<timestamp>_<name>/migration.sql`, diesel's `<timestamp>_<name>/up.sql`,
// Flyway's `V<version>__<name>.sql`, golang-migrate's
// `<version>_<name>.up.sql`, goose's `-- +goose Up` and dbmate's
// `-- migrate:up` annotations.
func DetectRunner(path, text string) string {
	base := filepath.Base(path)
	dir := filepath.Base(filepath.Dir(path))
	switch {
	case base == "migration.sql" && prismaDirRE.MatchString(dir):
		return RunnerPrisma
	case (base == "up.sql" || base == "down.sql") && dieselDirRE.MatchString(dir):
		return RunnerDiesel
	// The annotations are searched only in files that mention them: a
	// multi-line regexp over every file of a large history costs more than
	// the rest of the detection.
	case strings.Contains(text, "+goose") && gooseMarkRE.MatchString(text):
		return RunnerGoose
	case strings.Contains(text, "migrate:up") && dbmateMarkRE.MatchString(text):
		return RunnerDbmate
	case flywayFileRE.MatchString(base):
		return RunnerFlyway
	case upDownFileRE.MatchString(base):
		return RunnerGolangMigrate
	}
	return ""
}

// TxOpener says who opened the transaction a statement runs in.
type TxOpener int

// Transaction openers.
const (
	OpenedByNone   TxOpener = iota // no transaction: the statement commits on its own
	OpenedByRunner                 // the runner's transaction around the file
	OpenedByQuery                  // the implicit transaction of a file sent as one query
	OpenedByFile                   // the file's own BEGIN
)

// TxModel says, statement by statement, which transaction each statement
// of a file runs in under its runner. Every rule that depends on it reads
// this one model, so no two rules disagree about a file.
type TxModel struct {
	// Runner is the runner the model is for; Reason says why the file runs
	// the way it does ("goose wraps each file in a transaction").
	Runner, Reason string
	group          []int // transaction of each statement, -1: none
	kind           []TxOpener
	outsideOK      []bool
	nested         []bool
	atomic         bool
	wrapped        bool // sqlreview: the file's BEGIN/COMMIT stand for its transaction
}

// OpenedBy says who opened the transaction statement i runs in (for a
// transaction statement, the one it runs in or, for BEGIN, opens).
func (m *TxModel) OpenedBy(i int) TxOpener { _, k := m.at(i); return k }

// Group identifies the transaction statement i runs in; -1 when it
// commits on its own. Statements of one transaction share a Group.
func (m *TxModel) Group(i int) int { g, _ := m.at(i); return g }

// NestedBegin reports whether statement i is a BEGIN that PostgreSQL
// ignores (with a warning) because a transaction block is already open:
// the file's own or the runner's.
func (m *TxModel) NestedBegin(i int) bool {
	return m != nil && i >= 0 && i < len(m.nested) && m.nested[i]
}

// OptOut says how a file asks its runner to run it outside a transaction.
func (m *TxModel) OptOut() string {
	if m == nil {
		return ""
	}
	switch m.Runner {
	case RunnerSQLReview, RunnerPsql:
		return "outside BEGIN ... COMMIT"
	case RunnerPrisma, RunnerGolangMigrate:
		return "as the only statement of its migration file (" + m.Runner + " sends a file of several statements as one transaction)"
	case RunnerGoose:
		return "in a migration file marked -- +goose NO TRANSACTION"
	case RunnerSqlx:
		return "in a migration file whose first line is -- no-transaction"
	case RunnerDbmate:
		return "in a migration file marked -- migrate:up transaction:false"
	case RunnerPopx:
		return "in a migration file named *.autocommit.up.sql"
	case RunnerFlyway:
		return "in a migration file of its own (Flyway runs it outside a transaction when every statement of the file must be)"
	case RunnerRails:
		return "in a migration with disable_ddl_transaction!"
	case RunnerDjango:
		return "in a migration with atomic = False"
	case RunnerDiesel:
		return "in a migration whose metadata.toml says run_in_transaction = false"
	}
	return "in a migration the runner does not wrap in a transaction"
}

// Statement indexes outside the file are in no transaction.
func (m *TxModel) at(i int) (int, TxOpener) {
	if m == nil || i < 0 || i >= len(m.group) {
		return -1, OpenedByNone
	}
	return m.group[i], m.kind[i]
}

// InTransaction reports whether statement i runs inside a transaction block
// (the file's own, the runner's, or a multi-statement query's implicit
// one): PostgreSQL then refuses CREATE INDEX CONCURRENTLY and the like.
func (m *TxModel) InTransaction(i int) bool { g, _ := m.at(i); return g >= 0 }

// SameTransaction reports whether statements i and j run in one transaction.
func (m *TxModel) SameTransaction(i, j int) bool {
	gi, _ := m.at(i)
	gj, _ := m.at(j)
	return gi >= 0 && gi == gj
}

// RunnerTransaction reports whether statement i runs in the transaction the
// runner opened around the file (not one the file opened itself).
func (m *TxModel) RunnerTransaction(i int) bool { _, k := m.at(i); return k == OpenedByRunner }

// ImplicitTransaction reports whether statement i runs in the implicit
// transaction of a file sent as one query.
func (m *TxModel) ImplicitTransaction(i int) bool { _, k := m.at(i); return k == OpenedByQuery }

// Atomic reports whether the whole file commits or rolls back as one: all
// its statements run in one transaction, or it is a single statement that
// does not commit in steps of its own.
func (m *TxModel) Atomic() bool { return m != nil && m.atomic }

// OutsideAllowed reports whether a statement that cannot run in a
// transaction block (CREATE INDEX CONCURRENTLY) could run at i, with the
// runner deciding again once the file holds it: sqlreview and psql run it
// outside the file's BEGIN ... COMMIT; a wrapping runner only when the file
// opted out; a one-query runner only when it is the file's only statement.
func (m *TxModel) OutsideAllowed(i int) bool {
	if m == nil || i < 0 || i >= len(m.outsideOK) {
		return false
	}
	return m.outsideOK[i]
}

// BuildTxModel decides the transaction of each statement of a file (stmts
// in file order, nil for statements that did not parse) under runner;
// assume, when not nil, overrides the runner: true wraps every file in one
// transaction, false runs every file in autocommit. An empty runner is
// detected from the layout (DetectRunner), else sqlreview. directive is
// the file's `sqlreview:txmode` value ("" when none).
func BuildTxModel(runner string, assume *bool, path, text string, stmts []*pg_query.Node, directive string, pgVersion int) *TxModel {
	detected := false
	if runner == "" && assume == nil {
		runner, detected = DetectRunner(path, text), true
		if runner == "" {
			runner, detected = RunnerSQLReview, false
		}
	}
	m := &TxModel{Runner: runner}
	start, reason := startKind(m, assume, path, text, stmts, directive, pgVersion)
	if detected {
		reason += " (runner detected from the file's layout; set migrations.runner to choose another)"
	}
	m.Reason = reason
	m.walk(start, oneQuery(runner) && assume == nil, stmts, pgVersion)
	return m
}

// oneQuery reports runners that send a file as one multi-statement query.
func oneQuery(runner string) bool {
	return runner == RunnerPrisma || runner == RunnerGolangMigrate
}

// startKind returns the transaction the file's first statement starts in,
// and why.
func startKind(m *TxModel, assume *bool, path, text string, stmts []*pg_query.Node, directive string, pgVersion int) (TxOpener, string) {
	if assume != nil {
		m.Runner = ""
		if *assume {
			return OpenedByRunner, "migrations.assume-in-transaction is true: every file runs in one transaction"
		}
		return OpenedByNone, "migrations.assume-in-transaction is false: statements commit one by one"
	}
	switch m.Runner {
	case RunnerSQLReview:
		plan := ClassifyTx(nonNil(stmts), directive, pgVersion)
		m.wrapped = plan.Wrapped
		if plan.Mode == TxModeFile {
			return OpenedByRunner, "sqlreview runs this file in one transaction: " + plan.Reason
		}
		return OpenedByNone, "sqlreview runs this file statement by statement"
	case RunnerPsql:
		return OpenedByNone, "psql commits each statement on its own"
	case RunnerPrisma, RunnerGolangMigrate:
		if len(nonNil(stmts)) > 1 {
			return OpenedByQuery, m.Runner + " sends the file as one query, which runs as one implicit transaction"
		}
		return OpenedByNone, m.Runner + " sends the file's single statement on its own"
	case RunnerGoose:
		if gooseNoTxRE.MatchString(text) {
			return OpenedByNone, "the file says -- +goose NO TRANSACTION"
		}
	case RunnerSqlx:
		if sqlxNoTxRE.MatchString(text) {
			return OpenedByNone, "the file starts with -- no-transaction"
		}
	case RunnerDbmate:
		if dbmateNoTxRE.MatchString(text) {
			return OpenedByNone, "the file says transaction:false"
		}
	case RunnerPopx:
		if strings.Contains(filepath.Base(path), popxAutocommit) {
			return OpenedByNone, "popx runs .autocommit. files outside a transaction"
		}
	case RunnerFlyway:
		for _, n := range stmts {
			if n != nil && MustRunOutsideTransactionOn(n, pgVersion) {
				return OpenedByNone, "Flyway runs a file holding " + OutsideTransactionReason(n, pgVersion) + " outside a transaction"
			}
		}
	}
	return OpenedByRunner, m.Runner + " wraps each file in a transaction"
}

func nonNil(stmts []*pg_query.Node) []*pg_query.Node {
	out := make([]*pg_query.Node, 0, len(stmts))
	for _, n := range stmts {
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}

// walk follows the file's own transaction statements from the starting
// transaction.
func (m *TxModel) walk(start TxOpener, oneQuery bool, stmts []*pg_query.Node, pgVersion int) {
	n := len(stmts)
	m.group, m.kind, m.outsideOK, m.nested = make([]int, n), make([]TxOpener, n), make([]bool, n), make([]bool, n)
	kind, group, next := start, -1, 0
	if kind != OpenedByNone {
		group, next = 0, 1
	}
	open := func(k TxOpener) {
		kind, group = k, next
		next++
	}
	parsed := len(nonNil(stmts))
	steps := false
	groups := map[int]bool{}
	for i, s := range stmts {
		m.group[i], m.kind[i] = group, kind
		m.outsideOK[i] = m.outsideAllowed(start, kind, oneQuery, parsed)
		if s == nil {
			continue
		}
		if MustRunOutsideTransactionOn(s, pgVersion) {
			steps = true
		}
		if group >= 0 {
			groups[group] = true
		} else {
			groups[-1-i] = true
		}
		t := s.GetTransactionStmt()
		if t == nil {
			continue
		}
		switch t.GetKind() {
		case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
			switch kind {
			case OpenedByNone:
				open(OpenedByFile)
				m.group[i], m.kind[i] = group, kind
				groups[group] = true
			case OpenedByQuery:
				// BEGIN turns the implicit transaction into an explicit one.
				kind = OpenedByFile
				m.kind[i] = kind
			case OpenedByFile:
				m.nested[i] = true
			case OpenedByRunner:
				// sqlreview replaces a file's opening BEGIN with its own
				// (its runner's transaction holds a BEGIN only then).
				m.nested[i] = m.Runner != RunnerSQLReview
			}
		case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK,
			pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
			if m.kind[i] == OpenedByRunner && m.Runner == RunnerSQLReview {
				// sqlreview replaces a file's closing COMMIT with its own.
				continue
			}
			kind, group = OpenedByNone, -1
			if oneQuery && i < n-1 {
				open(OpenedByQuery)
			}
		}
	}
	m.atomic = len(groups) == 1 && !steps
}

// outsideAllowed is OutsideAllowed for a statement in a transaction of
// kind.
func (m *TxModel) outsideAllowed(start, kind TxOpener, oneQuery bool, parsed int) bool {
	switch {
	case kind == OpenedByFile:
		return false
	case oneQuery:
		return parsed == 1
	case m.Runner == RunnerSQLReview:
		// sqlreview runs a file holding such a statement statement by
		// statement, unless its BEGIN/COMMIT wrap it.
		return !m.wrapped
	case m.Runner == RunnerPsql:
		return true
	case m.Runner == RunnerFlyway:
		return start == OpenedByNone || parsed == 1
	}
	return start == OpenedByNone
}
