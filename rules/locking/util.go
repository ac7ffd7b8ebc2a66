// Package locking holds the rules about statements that take locks which
// block reads or writes for long, or that rewrite whole tables: index builds
// without CONCURRENTLY, column defaults that rewrite, constraints validated
// under lock, column type changes.
package locking

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// alterTable is one ALTER TABLE statement on a plain or partitioned table
// that existed before this file, with its subcommands.
type alterTable struct {
	stmt   *pg_query.AlterTableStmt
	rel    *pg_query.RangeVar
	table  *catalog.Table // nil when the catalog does not know the table
	name   string         // for messages: "users" or "app"."users"
	starts []int          // subcommand start offsets, or nil
	list   []rules.AlterCmd
}

// existingAlterTable returns the statement as an ALTER TABLE on a table that
// exists before this file (or is unknown, which counts as existing), or nil:
// changes to a table created earlier in the same file, or TRUNCATEd earlier
// in the same transaction, lock nothing anyone else is waiting for.
// A dozen rules ask it of every statement: it is worked out once per
// statement (the result is shared, and read-only).
func existingAlterTable(p *rules.Pass) *alterTable {
	return p.StmtMemo(existingAlterTableKey{}, func() any {
		a := alterExistingTable(p)
		if a == nil || truncatedEarlier(p, a.rel.GetSchemaname(), a.rel.GetRelname()) {
			return (*alterTable)(nil)
		}
		return a
	}).(*alterTable)
}

type existingAlterTableKey struct{}

type alterExistingTableKey struct{}

// alterExistingTable is existingAlterTable without the TRUNCATE exception,
// for rules about the rows a table holds rather than the locks it takes.
func alterExistingTable(p *rules.Pass) *alterTable {
	return p.StmtMemo(alterExistingTableKey{}, func() any { return findAlterExistingTable(p) }).(*alterTable)
}

func findAlterExistingTable(p *rules.Pass) *alterTable {
	at := p.Stmt.Node.GetAlterTableStmt()
	if at == nil || at.GetObjtype() != pg_query.ObjectType_OBJECT_TABLE || at.GetRelation() == nil {
		return nil
	}
	rel := at.GetRelation()
	if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
		return nil
	}
	t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname())
	if t != nil && t.Kind != catalog.KindTable && t.Kind != catalog.KindPartitioned {
		return nil
	}
	return &alterTable{stmt: at, rel: rel, table: t, name: rules.RelName(rel),
		starts: p.Stmt.AlterCmdStarts(rel, len(at.GetCmds())), list: p.AlterCmds()}
}

// truncatedEarlier reports whether an earlier statement of the file, in the
// transaction this statement runs in, TRUNCATEd the table. TRUNCATE holds an
// ACCESS EXCLUSIVE lock until commit, so the later statements of that
// transaction queue no one behind them, and whatever they scan or rewrite was
// written by the migration itself.
func truncatedEarlier(p *rules.Pass, schema, name string) bool {
	return emptiedEarlier(p, schema, name, false)
}

// emptiedEarlier is truncatedEarlier for rules about the rows a table holds
// when rows is set: a DELETE without WHERE then empties the table too (it
// leaves dead rows to scan and lets writers in, which only matters to lock
// rules), and rows the file inserts after the emptying statement count.
func emptiedEarlier(p *rules.Pass, schema, name string, rows bool) bool {
	if p.Stmt == nil {
		return false
	}
	events := p.FileMemo(rowEventsKey{}, func() any { return indexRowEvents(p.File) }).(map[string][]rowEvent)[name]
	for k := len(events) - 1; k >= 0; k-- {
		e := events[k]
		if e.stmt >= p.Stmt.Index || !sameRelation(p.Catalog, e.rel, schema, name) {
			continue
		}
		switch e.kind {
		case rowsAdded:
			if rows {
				return false // refilled after any emptying
			}
		case deletedAll:
			if rows {
				return sameTransaction(p, e.stmt)
			}
		case truncated:
			return sameTransaction(p, e.stmt)
		}
	}
	return false
}

type rowEventsKey struct{}

type rowEventKind int

const (
	truncated  rowEventKind = iota // TRUNCATE
	deletedAll                     // DELETE without WHERE
	rowsAdded                      // INSERT, COPY FROM, MERGE
)

// rowEvent is a statement of the file that empties or fills a table.
type rowEvent struct {
	stmt int
	kind rowEventKind
	rel  *pg_query.RangeVar
}

// indexRowEvents lists, per table name, the statements that empty or fill
// it, in file order, so each rule asks in time proportional to that table's
// events rather than to the file's length.
func indexRowEvents(f *source.File) map[string][]rowEvent {
	out := map[string][]rowEvent{}
	add := func(i int, kind rowEventKind, rv *pg_query.RangeVar) {
		if rv != nil {
			out[rv.GetRelname()] = append(out[rv.GetRelname()], rowEvent{stmt: i, kind: kind, rel: rv})
		}
	}
	for i, s := range f.Statements {
		n := s.Node
		switch {
		case n.GetTruncateStmt() != nil:
			for _, r := range n.GetTruncateStmt().GetRelations() {
				add(i, truncated, r.GetRangeVar())
			}
		case n.GetDeleteStmt() != nil:
			if ds := n.GetDeleteStmt(); ds.GetWhereClause() == nil && ds.GetWithClause() == nil {
				add(i, deletedAll, ds.GetRelation())
			}
		case n.GetInsertStmt() != nil:
			add(i, rowsAdded, n.GetInsertStmt().GetRelation())
		case n.GetCopyStmt() != nil:
			if n.GetCopyStmt().GetIsFrom() {
				add(i, rowsAdded, n.GetCopyStmt().GetRelation())
			}
		case n.GetMergeStmt() != nil:
			add(i, rowsAdded, n.GetMergeStmt().GetRelation())
		}
	}
	return out
}

// sameRelation reports whether rv names schema.name: the same catalog table
// when either is known, else the same name.
func sameRelation(c *catalog.Catalog, rv *pg_query.RangeVar, schema, name string) bool {
	if rv == nil {
		return false
	}
	a, b := c.Table(rv.GetSchemaname(), rv.GetRelname()), c.Table(schema, name)
	if a != nil || b != nil {
		return a == b
	}
	s := rv.GetSchemaname()
	return rv.GetRelname() == name && (s == schema || s == "" || schema == "")
}

// sameTransaction reports whether statement i of the file runs in the
// transaction of the statement being checked, under the runner's
// transaction model.
func sameTransaction(p *rules.Pass, i int) bool {
	return p.Transactions().SameTransaction(i, p.Stmt.Index)
}

// cmds calls fn for each subcommand with its index.
func (a *alterTable) cmds(fn func(k int, cmd *pg_query.AlterTableCmd)) {
	for _, c := range a.list {
		fn(c.K, c.Cmd)
	}
}

// columnDefRange returns the range of an ADD COLUMN subcommand: from ADD
// through the end of the column definition.
func columnDefRange(s *source.Statement, col *pg_query.ColumnDef) (int, int) {
	if col.GetLocation() < 0 {
		return s.Start, s.End
	}
	loc := s.Abs(col.GetLocation())
	return s.WordBefore(loc, "ADD", "COLUMN", "IF", "NOT", "EXISTS"), s.ItemEnd(loc)
}

// constraintRange returns the range of an ADD CONSTRAINT subcommand: from
// ADD through the end of the constraint.
func constraintRange(s *source.Statement, con *pg_query.Constraint) (int, int) {
	if con.GetLocation() < 0 {
		return s.Start, s.End
	}
	loc := s.Abs(con.GetLocation())
	return s.WordBefore(loc, "ADD"), s.ItemEnd(loc)
}

// columnConstraints returns the column's constraints of the given type.
func columnConstraints(col *pg_query.ColumnDef, ct pg_query.ConstrType) []*pg_query.Constraint {
	var out []*pg_query.Constraint
	for _, n := range col.GetConstraints() {
		if c := n.GetConstraint(); c != nil && c.GetContype() == ct {
			out = append(out, c)
		}
	}
	return out
}

// columnDefault returns the column's DEFAULT expression, or nil. An explicit
// DEFAULT NULL counts as no default: it stores nothing.
func columnDefault(col *pg_query.ColumnDef) *pg_query.Node {
	expr := col.GetRawDefault()
	for _, c := range columnConstraints(col, pg_query.ConstrType_CONSTR_DEFAULT) {
		expr = c.GetRawExpr()
	}
	if isNullConst(expr) {
		return nil
	}
	return expr
}

// isNullConst reports whether expr is NULL, possibly cast (NULL::text).
func isNullConst(expr *pg_query.Node) bool {
	for expr.GetTypeCast() != nil {
		expr = expr.GetTypeCast().GetArg()
	}
	return expr.GetAConst() != nil && expr.GetAConst().GetIsnull()
}

// serialTypes are the pseudo-types that give a column a nextval() default.
var serialTypes = map[string]bool{
	"serial": true, "serial4": true, "bigserial": true, "serial8": true,
	"smallserial": true, "serial2": true,
}

// serialType returns the serial pseudo-type a column is declared with
// ("bigserial"), or "".
func serialType(col *pg_query.ColumnDef) string {
	tn := col.GetTypeName()
	if tn == nil || len(tn.GetNames()) != 1 || len(tn.GetArrayBounds()) > 0 {
		return ""
	}
	name := strings.ToLower(tn.GetNames()[0].GetString_().GetSval())
	if serialTypes[name] {
		return name
	}
	return ""
}

// txLine returns the 1-based line of the statement that opened the current
// transaction, or 0.
func txLine(p *rules.Pass) int {
	if p.Tx.Open == nil {
		return 0
	}
	return p.File.Position(p.Tx.Open.Start).Line
}

// constraintStop are the keywords that end a column default's expression at
// parenthesis depth 0: DEFAULT takes a b_expr, which cannot contain them.
var constraintStop = map[string]bool{
	"not": true, "null": true, "constraint": true, "check": true, "unique": true, "primary": true,
	"references": true, "generated": true, "collate": true, "default": true, "deferrable": true,
	"initially": true,
}

// defaultText returns the source text of the column's DEFAULT expression as
// written, shortened for a message; "" when it cannot be found.
func defaultText(s *source.Statement, col *pg_query.ColumnDef) string {
	cons := columnConstraints(col, pg_query.ConstrType_CONSTR_DEFAULT)
	if len(cons) == 0 || cons[len(cons)-1].GetLocation() < 0 {
		return ""
	}
	toks, f := s.Tokens(), s.File()
	i := s.TokenIndex(s.Abs(cons[len(cons)-1].GetLocation()))
	for i >= 0 && i < len(toks) && !s.TokenIs(i, "DEFAULT") {
		i++
	}
	if i < 0 || i+1 >= len(toks) {
		return ""
	}
	first, last := i+1, i+1
	depth := 0
	for j := first; j < len(toks); j++ {
		t := toks[j]
		if t.Kind == source.Punct {
			switch f.Text[t.Start] {
			case '(', '[':
				depth++
			case ')', ']':
				if depth == 0 {
					j = len(toks)
					continue
				}
				depth--
			case ',':
				if depth == 0 {
					j = len(toks)
					continue
				}
			}
		}
		if depth == 0 && j > first && t.Kind == source.Ident && constraintStop[strings.ToLower(f.TokenText(t))] {
			break
		}
		last = j
	}
	text := strings.Join(strings.Fields(f.Text[toks[first].Start:toks[last].End]), " ")
	if len(text) > 60 {
		text = text[:57] + "..."
	}
	return text
}
