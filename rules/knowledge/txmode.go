package knowledge

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/source"
)

// Transaction modes of a migration file, as the runner applies it.
const (
	// TxModeFile runs the whole file in one transaction.
	TxModeFile = "file"
	// TxModeNone runs the file statement by statement.
	TxModeNone = "none"
)

// Directive reads a `-- sqlreview:NAME VALUE` comment (txmode,
// lock-timeout, statement-timeout); ok is false for any other comment. The
// grammar is source.ParseDirective's.
func Directive(comment string) (name, value string, ok bool) {
	d, ok := source.ParseDirective(strings.TrimSpace(comment))
	if !ok || d.Name == source.DirectiveIgnore || d.Name == source.DirectiveIgnoreFile {
		return "", "", false
	}
	return d.Name, d.Value(), true
}

// TxProblem is why a file cannot be applied with the transaction mode it
// asks for.
type TxProblem int

// Transaction mode problems.
const (
	TxOK TxProblem = iota
	// TxFileButOutside: `txmode file`, but statement At cannot run in a
	// transaction.
	TxFileButOutside
	// TxFileButControl: `txmode file`, but statement At is BEGIN, COMMIT...
	TxFileButControl
	// TxOutsideNotAtomic: statement At cannot run in a transaction, but
	// statement Other must be atomic with the rest of the file.
	TxOutsideNotAtomic
)

// TxPlan is how the runner applies a file: in one transaction or
// statement by statement, and why.
type TxPlan struct {
	Mode   string // TxModeFile or TxModeNone ("" with a Problem)
	Reason string
	// Wrapped is set when the file's first statement is BEGIN and its last
	// COMMIT: the runner's transaction replaces them.
	Wrapped bool
	Problem TxProblem
	// At and Other are statement indexes the Problem is about.
	At, Other int
}

// ClassifyTx decides how a migration file runs. stmts are its statements
// in order (none nil), directive the value of its `sqlreview:txmode`
// comment ("" when none). The parser, not the file name or a guess, says
// which statements PostgreSQL refuses inside a transaction.
func ClassifyTx(stmts []*pg_query.Node, directive string, pgVersion int) TxPlan {
	var outside, txStmts []int
	neutral := 0
	for i, n := range stmts {
		if OutsideTransactionReason(n, pgVersion) != "" {
			outside = append(outside, i)
		}
		if n.GetTransactionStmt() != nil {
			txStmts = append(txStmts, i)
		}
		if n.GetVariableSetStmt() != nil {
			neutral++
		}
	}
	// A BEGIN first and COMMIT last wrap the file: the runner's transaction
	// does the same job and also covers the history row.
	if len(txStmts) == 2 && txStmts[0] == 0 && txStmts[1] == len(stmts)-1 && len(outside) == 0 && directive != TxModeNone {
		k0 := stmts[0].GetTransactionStmt().GetKind()
		k1 := stmts[len(stmts)-1].GetTransactionStmt().GetKind()
		if (k0 == pg_query.TransactionStmtKind_TRANS_STMT_BEGIN || k0 == pg_query.TransactionStmtKind_TRANS_STMT_START) &&
			k1 == pg_query.TransactionStmtKind_TRANS_STMT_COMMIT {
			return TxPlan{Mode: TxModeFile, Reason: "the file's BEGIN/COMMIT is replaced by the runner's transaction", Wrapped: true}
		}
	}
	switch {
	case directive == TxModeNone:
		return TxPlan{Mode: TxModeNone, Reason: "directive sqlreview:txmode none"}
	case directive == TxModeFile && len(outside) > 0:
		return TxPlan{Problem: TxFileButOutside, At: outside[0]}
	case directive == TxModeFile && len(txStmts) > 0:
		return TxPlan{Problem: TxFileButControl, At: txStmts[0]}
	case directive == TxModeFile:
		return TxPlan{Mode: TxModeFile, Reason: "directive sqlreview:txmode file"}
	case len(txStmts) > 0:
		return TxPlan{Mode: TxModeNone, Reason: "the file controls transactions itself (BEGIN/COMMIT inside)"}
	case len(outside) > 0 && len(outside)+neutral < len(stmts):
		other := 0
		for i, n := range stmts {
			if OutsideTransactionReason(n, pgVersion) == "" && n.GetVariableSetStmt() == nil {
				other = i
				break
			}
		}
		return TxPlan{Problem: TxOutsideNotAtomic, At: outside[0], Other: other}
	case len(outside) > 0:
		return TxPlan{Mode: TxModeNone, Reason: OutsideTransactionReason(stmts[outside[0]], pgVersion) + " cannot run inside a transaction"}
	}
	return TxPlan{Mode: TxModeFile, Reason: "all statements can run in one transaction"}
}

// StatementByStatement reports whether the runner applies the file
// statement by statement.
func (p TxPlan) StatementByStatement() bool { return p.Mode == TxModeNone }

// NotResumable is a statement of a statement-by-statement file that makes
// session state a new session cannot rebuild: after an interruption the
// rest of the file would run without it.
type NotResumable struct {
	Index int    // the statement's index
	What  string // "CREATE TEMPORARY TABLE", "PREPARE", ...
	Fix   string // what to change
}

// Message is the finding's text, the same for `check` and the runner;
// reason says why the file runs statement by statement.
func (n NotResumable) Message(reason string) string {
	return "not resumable: " + n.What + " makes session state that a rerun after an interruption cannot rebuild, " +
		"and this file runs statement by statement (" + reason + "); " + n.Fix + ", or move the work to a file that runs in one transaction"
}

// NotResumableStatements lists the statements of a statement-by-statement
// file whose session state could not be rebuilt when a run is resumed
// after them. State that dies with the file's own transaction block (a
// cursor without HOLD, a temporary table ON COMMIT DROP created inside
// BEGIN ... COMMIT) is no obstacle: an interruption inside the block rolls
// the whole block back and the rerun starts at its BEGIN.
func NotResumableStatements(stmts []*pg_query.Node) []NotResumable {
	var out []NotResumable
	inBlock := false
	for i, n := range stmts {
		if t := n.GetTransactionStmt(); t != nil {
			switch t.GetKind() {
			case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
				inBlock = true
			case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK,
				pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
				inBlock = false
			}
			continue
		}
		if what, fix := notResumable(n, inBlock); what != "" {
			out = append(out, NotResumable{Index: i, What: what, Fix: fix})
		}
	}
	return out
}

const (
	tempFix       = "use a regular table and drop it at the end of the file (or ON COMMIT DROP inside a BEGIN ... COMMIT block of the file)"
	cursorOptHold = 0x0020 // CURSOR_OPT_HOLD in PostgreSQL's parsenodes.h
)

func notResumable(n *pg_query.Node, inBlock bool) (what, fix string) {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		if isTemp(x.CreateStmt.GetRelation()) && !(inBlock && x.CreateStmt.GetOncommit() == pg_query.OnCommitAction_ONCOMMIT_DROP) {
			return "CREATE TEMPORARY TABLE", tempFix
		}
	case *pg_query.Node_CreateTableAsStmt:
		in := x.CreateTableAsStmt.GetInto()
		if isTemp(in.GetRel()) && !(inBlock && in.GetOnCommit() == pg_query.OnCommitAction_ONCOMMIT_DROP) {
			return "CREATE TEMPORARY TABLE ... AS", tempFix
		}
	case *pg_query.Node_SelectStmt:
		in := x.SelectStmt.GetIntoClause()
		if in != nil && isTemp(in.GetRel()) && !(inBlock && in.GetOnCommit() == pg_query.OnCommitAction_ONCOMMIT_DROP) {
			return "SELECT ... INTO TEMPORARY", tempFix
		}
	case *pg_query.Node_ViewStmt:
		if isTemp(x.ViewStmt.GetView()) {
			return "CREATE TEMPORARY VIEW", "use a regular view and drop it at the end of the file"
		}
	case *pg_query.Node_CreateSeqStmt:
		if isTemp(x.CreateSeqStmt.GetSequence()) {
			return "CREATE TEMPORARY SEQUENCE", "use a regular sequence and drop it at the end of the file"
		}
	case *pg_query.Node_CreateFunctionStmt:
		if name := x.CreateFunctionStmt.GetFuncname(); len(name) > 1 && strings.EqualFold(name[0].GetString_().GetSval(), "pg_temp") {
			return "a function in pg_temp", "create the function in a regular schema and drop it at the end of the file"
		}
	case *pg_query.Node_PrepareStmt:
		return "PREPARE", "write the statement out where it is EXECUTEd"
	case *pg_query.Node_DeclareCursorStmt:
		if x.DeclareCursorStmt.GetOptions()&cursorOptHold != 0 {
			return "DECLARE ... WITH HOLD", "declare the cursor without WITH HOLD inside a BEGIN ... COMMIT block of the file"
		}
	case *pg_query.Node_ListenStmt:
		return "LISTEN", "remove it: a migration does not receive notifications"
	}
	return "", ""
}

func isTemp(rv *pg_query.RangeVar) bool {
	return rv != nil && (rv.GetRelpersistence() == "t" || strings.EqualFold(rv.GetSchemaname(), "pg_temp"))
}
