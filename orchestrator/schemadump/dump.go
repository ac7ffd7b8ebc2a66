// Package schemadump writes the schema of a PostgreSQL database as SQL:
// valid, deterministic, dependency-ordered DDL that psql loads into an
// empty database to recreate the schema, and that the linter reads as a
// catalog.
//
// The order is pg_dump's: each kind has a place (schemas, extensions,
// types, functions, sequences, tables, views, then constraints, indexes,
// foreign keys, triggers, rules, policies, comments and privileges),
// objects of a kind are sorted by schema and name, and pg_depend moves an
// object after everything it uses. A table prints one column per line, and
// constraints and indexes follow as statements of their own, so a
// one-column change is a one-line diff.
//
// Owners, tablespaces and data are not dumped. Objects the dump cannot
// reproduce (aggregates, operators, operator classes, collations,
// conversions, foreign tables, base types, text search objects, casts,
// event triggers, publications) are listed in comments at the top.
package schemadump

import (
	"container/heap"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlreview/sqlreview/rules/migfile"
)

// Header opens every dump. `check`, the language server and apply
// recognise a file that starts with it as a schema dump, not a migration.
const Header = migfile.SchemaDumpHeader

// preamble follows the header: function bodies refer to tables created
// later in the file, so they are not checked while the dump loads (as in
// pg_dump's output).
const preamble = Header + ": the schema of a database, not a migration.\n" +
	"-- Written by sqlreview from the live catalog; regenerate it rather than editing it.\n\n" +
	"SET check_function_bodies = false;\n"

// object is one dumped statement group.
type object struct {
	prio                 int
	schema, parent, name string
	key, owner           string
	deps                 []string
	SQL                  string
}

// Dump returns the schema of the database c is connected to, leaving out
// the system schemas and those named in exclude (sqlreview's history).
func Dump(ctx context.Context, c *pgconn.PgConn, exclude ...string) (string, error) {
	objs, err := objects(ctx, c, exclude...)
	if err != nil {
		return "", err
	}
	return render(objs), nil
}

// render writes objects as the dump's text: the header, then each object,
// a blank line between two.
func render(objs []object) string {
	var b strings.Builder
	b.WriteString(preamble)
	for _, o := range objs {
		if o.SQL == "" {
			continue
		}
		b.WriteString("\n")
		b.WriteString(o.SQL)
		b.WriteString("\n")
	}
	return b.String()
}

// objects reads the catalog and returns the dumped objects in dump order.
//
// A dump follows every apply, and under a rollout of many targets on one
// server the server's time is the limit: planning a query for every kind
// of object costs more than running them on a typical schema. So a first
// round trip finds which kinds the database holds (one row of cheap
// tests), and the second reads only those kinds, their members and
// dependencies. Both run in one read-only repeatable-read transaction, so
// the census and the objects see the same catalog; when the caller is
// already in a transaction they run in it. The search path is pg_catalog
// while they run, so every other name prints schema-qualified.
func objects(ctx context.Context, c *pgconn.PgConn, exclude ...string) ([]object, error) {
	return readObjects(ctx, c, false, exclude)
}

// readObjects is objects; full plans every kind's query without the
// census (a test compares the two).
func readObjects(ctx context.Context, c *pgconn.PgConn, full bool, exclude []string) (objs []object, err error) {
	begin, end := "SET search_path = pg_catalog;\n", ";\nRESET search_path"
	if c.TxStatus() == 'I' {
		begin, end = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSET LOCAL search_path = pg_catalog;\n", ";\nCOMMIT"
		defer func() {
			if err != nil && c.TxStatus() != 'I' && !c.IsClosed() {
				_ = c.Exec(context.WithoutCancel(ctx), "ROLLBACK").Close()
			}
		}()
	}
	var found *kinds
	if !full {
		results, err := c.Exec(ctx, begin+censusQuery(exclude)).ReadAll()
		if err != nil {
			return nil, fmt.Errorf("dump schema: %w", err)
		}
		if found, err = census(results); err != nil {
			return nil, err
		}
		begin = ""
	}
	results, err := c.Exec(ctx, begin+objectsQuery(exclude, found)+";\n"+membersQuery+";\n"+dependsQuery+end).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("dump schema: %w", err)
	}
	// The last four: objects, members, dependencies and the closing
	// COMMIT or RESET (after BEGIN and SET when there was no census).
	if len(results) < 4 {
		return nil, fmt.Errorf("dump schema: %d results, want 4", len(results))
	}
	results = results[len(results)-4:]
	if objs, err = scanObjects(results[0].Rows); err != nil {
		return nil, err
	}
	members := pairs(results[1].Rows)
	return order(objs, resolver(members), pairs(results[2].Rows)), nil
}

// census reads the census's row (the last result): whether each object
// query's kind is present, then whether a table has a parent.
func census(results []*pgconn.Result) (*kinds, error) {
	if len(results) == 0 || len(results[len(results)-1].Rows) != 1 {
		return nil, fmt.Errorf("dump schema: no census row")
	}
	row := results[len(results)-1].Rows[0]
	if len(row) != len(objectQueries)+1 {
		return nil, fmt.Errorf("dump schema: census has %d columns, want %d", len(row), len(objectQueries)+1)
	}
	k := &kinds{present: make([]bool, len(objectQueries)), inheritance: string(row[len(row)-1]) == "t"}
	for i := range k.present {
		k.present[i] = string(row[i]) == "t"
	}
	return k, nil
}

func scanObjects(rows [][][]byte) ([]object, error) {
	objs := make([]object, 0, len(rows))
	for _, r := range rows {
		if len(r) != 8 {
			return nil, fmt.Errorf("dump schema: %d columns, want 8", len(r))
		}
		prio, err := strconv.Atoi(string(r[0]))
		if err != nil {
			return nil, fmt.Errorf("dump schema: kind %q: %v", r[0], err)
		}
		o := object{prio: prio, schema: string(r[1]), parent: string(r[2]), name: string(r[3]),
			key: string(r[4]), owner: string(r[5]), deps: textArray(string(r[6])), SQL: string(r[7])}
		objs = append(objs, o)
	}
	return objs, nil
}

// textArray reads a text[] in PostgreSQL's output form. Its elements are
// keys ("pg_class:16384"), which never need quoting.
func textArray(s string) []string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func pairs(rows [][][]byte) [][2]string {
	out := make([][2]string, 0, len(rows))
	for _, r := range rows {
		if len(r) == 2 && r[0] != nil && r[1] != nil {
			out = append(out, [2]string{string(r[0]), string(r[1])})
		}
	}
	return out
}

// resolver maps a part (a column default, a view's rule, a row type, the
// index of a constraint, an extension's member) to the object dumped for
// it, following chains such as array type → row type → table.
func resolver(members [][2]string) func(string) string {
	parent := make(map[string]string, len(members))
	for _, m := range members {
		if m[0] != m[1] {
			parent[m[0]] = m[1]
		}
	}
	return func(k string) string {
		for range 8 {
			p, ok := parent[k]
			if !ok {
				break
			}
			k = p
		}
		return k
	}
}

// order keeps the statements whose owner is dumped and sorts them: by kind,
// schema and name, then moved after what they depend on.
func order(objs []object, resolve func(string) string, depends [][2]string) []object {
	dumped := map[string]bool{}
	for _, o := range objs {
		if o.key == o.owner {
			dumped[o.key] = true
		}
	}
	var kept []object
	for _, o := range objs {
		owner := resolve(o.owner)
		if o.owner != "" && !dumped[owner] {
			continue
		}
		if o.key != o.owner && o.owner != "" {
			o.deps = append(o.deps, owner)
		}
		if o.SQL == "" && o.key != o.owner {
			continue
		}
		kept = append(kept, o)
	}
	sort.Slice(kept, func(i, j int) bool { return less(&kept[i], &kept[j]) })
	index := map[string]int{}
	for i, o := range kept {
		if _, ok := index[o.key]; !ok {
			index[o.key] = i
		}
	}
	after := make([][]int, len(kept)) // after[i]: objects that wait for i
	waits := make([]int, len(kept))
	edge := map[[2]int]bool{}
	link := func(from int, dep string) {
		j, ok := index[resolve(dep)]
		if !ok || j == from || edge[[2]int{j, from}] {
			return
		}
		edge[[2]int{j, from}] = true
		after[j] = append(after[j], from)
		waits[from]++
	}
	for i, o := range kept {
		for _, d := range o.deps {
			link(i, d)
		}
	}
	for _, d := range depends {
		if i, ok := index[resolve(d[0])]; ok {
			link(i, d[1])
		}
	}
	return topological(kept, after, waits)
}

func less(a, b *object) bool {
	if a.prio != b.prio {
		return a.prio < b.prio
	}
	if a.schema != b.schema {
		return a.schema < b.schema
	}
	if a.parent != b.parent {
		return a.parent < b.parent
	}
	if a.name != b.name {
		return a.name < b.name
	}
	return a.SQL < b.SQL
}

// topological emits, at each step, the first object in the default order
// whose dependencies are all emitted. A cycle (which pg_dump breaks by
// splitting objects) is broken by emitting the first waiting object.
func topological(objs []object, after [][]int, waits []int) []object {
	ready := &indexHeap{}
	for i := range objs {
		if waits[i] == 0 {
			heap.Push(ready, i)
		}
	}
	done := make([]bool, len(objs))
	out := make([]object, 0, len(objs))
	next := 0 // the first object not yet emitted, for breaking cycles
	for len(out) < len(objs) {
		if ready.Len() == 0 {
			for done[next] {
				next++
			}
			waits[next] = 0
			heap.Push(ready, next)
		}
		i := heap.Pop(ready).(int)
		if done[i] {
			continue
		}
		done[i] = true
		out = append(out, objs[i])
		for _, j := range after[i] {
			if waits[j]--; waits[j] == 0 && !done[j] {
				heap.Push(ready, j)
			}
		}
	}
	return out
}

type indexHeap []int

func (h indexHeap) Len() int           { return len(h) }
func (h indexHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h indexHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *indexHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *indexHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// IsDump reports whether text is a schema dump: it starts with Header.
func IsDump(text string) bool { return migfile.IsSchemaDump([]byte(text)) }
