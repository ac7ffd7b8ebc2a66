package locking

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// RequireConcurrentIndexDeletion reports DROP INDEX without CONCURRENTLY.
var RequireConcurrentIndexDeletion = &rules.Rule{
	Code: "SR102", Name: "require-concurrent-index-deletion",
	Aliases:  []string{"requireConcurrentIndexDeletion", "PG102"},
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixSometimes,
	Doc: rules.Doc{
		Title: "DROP INDEX without CONCURRENTLY",
		Why: "A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table. While it waits for running queries to " +
			"finish, every new read and write of the table queues behind it. DROP INDEX CONCURRENTLY waits for those queries " +
			"without blocking new ones; it must run outside a transaction block and drops one index per statement. " +
			"An index name qualified with its table (DROP INDEX tbl.idx) is reported as what it is: PostgreSQL reads tbl as a schema, so the statement fails, or with IF EXISTS drops nothing.",
		Bad:  "DROP INDEX orders_customer_id_idx;",
		Good: "DROP INDEX CONCURRENTLY orders_customer_id_idx;",
		FixSafety: "Inserts CONCURRENTLY after INDEX, and IF EXISTS where the statement then runs on its own (a re-run after a failure " +
			"must pass), offered only for a single index without CASCADE (which CONCURRENTLY does not support). The statement can then " +
			"no longer run inside a transaction block; the fix is marked unsafe when it runs in one under the runner's transaction model " +
			"(the file's BEGIN ... COMMIT, a runner that wraps each file, or a file of several statements sent as one query).",
	},
	Check: checkRequireConcurrentIndexDeletion,
}

func checkRequireConcurrentIndexDeletion(p *rules.Pass) {
	ds := p.Stmt.Node.GetDropStmt()
	if ds == nil || ds.GetRemoveType() != pg_query.ObjectType_OBJECT_INDEX || ds.GetConcurrent() {
		return
	}
	var names, tables []string
	unknown := false
	for _, obj := range ds.GetObjects() {
		var parts []string
		for _, n := range obj.GetList().GetItems() {
			parts = append(parts, n.GetString_().GetSval())
		}
		if len(parts) == 0 {
			continue
		}
		schema, name := "", parts[len(parts)-1]
		if len(parts) > 1 {
			schema = parts[len(parts)-2]
		}
		if tableNotSchema(p, schema) && p.Catalog.Index(schema, name) == nil {
			reportTableAsSchema(p, ds, schema, name)
			continue
		}
		var table string
		if ix := p.Catalog.Index(schema, name); ix != nil && !ix.Placeholder {
			if p.IsNewTable(ix.Schema, ix.Table) || truncatedEarlier(p, ix.Schema, ix.Table) {
				continue
			}
			if t := p.Catalog.Table(ix.Schema, ix.Table); t != nil && (t.Kind == catalog.KindPartitioned || t.Temp) {
				continue // CONCURRENTLY is refused there, or no one else sees the table
			}
			table = rules.Qualified(schema, ix.Table)
		} else {
			unknown = true
		}
		names = append(names, rules.Qualified(schema, name))
		if table != "" && !slices.Contains(tables, table) {
			tables = append(tables, table)
		}
	}
	if len(names) == 0 {
		return
	}
	s := p.Stmt
	toks := s.Tokens()
	last := len(toks) - 1
	if s.TokenIs(last, "CASCADE") || s.TokenIs(last, "RESTRICT") {
		last--
	}
	end := s.End
	if last >= 0 {
		end = toks[last].End
	}
	// Name the locked tables when the catalog knows them all: the table,
	// not the index, is what a reviewer weighs.
	on := "on its table"
	switch {
	case unknown && len(names) > 1:
		on = "on their tables"
	case unknown:
	case len(tables) == 1:
		on = "on table " + tables[0]
	default:
		on = "on tables " + strings.Join(tables, ", ")
	}
	var msg string
	if len(names) == 1 {
		msg = "dropping index " + names[0] + " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock " + on + ", blocking reads and writes; use DROP INDEX CONCURRENTLY"
	} else {
		msg = "dropping indexes " + strings.Join(names, ", ") + " without CONCURRENTLY takes ACCESS EXCLUSIVE locks " + on + ", blocking reads and writes; drop each with its own DROP INDEX CONCURRENTLY"
	}
	d := rules.Diagnostic{Start: s.Start, End: end, Message: msg}
	if len(ds.GetObjects()) == 1 && ds.GetBehavior() != pg_query.DropBehavior_DROP_CASCADE {
		if i := s.WordIndex("INDEX", 2); i >= 0 {
			at := toks[i].End
			text := " CONCURRENTLY"
			// Where the statement then commits on its own, a re-run after
			// a failure must pass (prefer-robust-stmts).
			safe := p.Transactions().OutsideAllowed(s.Index)
			if safe && !ds.GetMissingOk() {
				text += " IF EXISTS"
			}
			d.Fix = &rules.Fix{
				Title: "Drop the index CONCURRENTLY",
				Safe:  safe,
				Edits: []rules.Edit{{Start: at, End: at, NewText: text}},
			}
		}
	}
	p.Report(d)
}

// tableNotSchema reports whether the qualifier of an index name is a table
// the replay knows and no schema it knows: DROP INDEX tbl.idx reads tbl as
// a schema (an index lives in its table's schema, not under the table).
func tableNotSchema(p *rules.Pass, qualifier string) bool {
	if qualifier == "" {
		return false
	}
	if sc := p.Catalog.Schemas[qualifier]; sc != nil && (len(sc.Tables) > 0 || len(sc.Indexes) > 0) {
		return false
	}
	return p.Catalog.Table("", qualifier) != nil
}

// reportTableAsSchema reports DROP INDEX tbl.idx where tbl is a table: no
// lock is taken, but the statement does not do what it says.
func reportTableAsSchema(p *rules.Pass, ds *pg_query.DropStmt, table, name string) {
	outcome := "fails with \"schema does not exist\""
	if ds.GetMissingOk() {
		outcome = "drops nothing (IF EXISTS hides it)"
	}
	s := p.Stmt
	p.Reportf(s.Start, s.End, "%s is a table, not a schema: PostgreSQL reads %s.%s as index %s in schema %s, so this statement %s; "+
		"name the index alone (it lives in its table's schema) or qualify it with that schema", rules.Quote(table), table, name, rules.Quote(name), rules.Quote(table), outcome)
}
