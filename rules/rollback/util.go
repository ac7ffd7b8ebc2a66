package rollback

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// Object kinds of ALTER TABLE-family statements the rules look at.
var (
	tableKinds    = []pg_query.ObjectType{pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE}
	onlyTable     = []pg_query.ObjectType{pg_query.ObjectType_OBJECT_TABLE}
	relationKinds = []pg_query.ObjectType{
		pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE, pg_query.ObjectType_OBJECT_VIEW,
		pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_INDEX,
	}
)

// cmdSpan returns a subcommand's byte range; it splits the statement into
// subcommands on first use only.
type cmdSpan func() (int, int)

// existingCmds calls fn for each subcommand of an ALTER TABLE / FOREIGN
// TABLE / VIEW / TYPE ... statement whose object kind is one of kinds, unless
// the object was created earlier in the same file.
func existingCmds(p *rules.Pass, kinds []pg_query.ObjectType, fn func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, span cmdSpan)) {
	at := p.Stmt.Node.GetAlterTableStmt()
	if at == nil || at.GetRelation() == nil || !slices.Contains(kinds, at.GetObjtype()) {
		return
	}
	rel := at.GetRelation()
	if at.GetObjtype() == pg_query.ObjectType_OBJECT_TYPE {
		if newType(p, rel.GetSchemaname(), rel.GetRelname()) {
			return
		}
	} else if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) || newRelation(p, at.GetObjtype(), rel) {
		return
	}
	for _, c := range p.AlterCmds(kinds...) {
		fn(rel, c.Cmd, c.Range)
	}
}

// inFile reports whether an object's origin is the file under review.
func inFile(p *rules.Pass, file string) bool { return file == p.File.Path }

// newRelation reports whether a sequence or index was created earlier in
// the same file (tables and views are IsNewTable's).
func newRelation(p *rules.Pass, kind pg_query.ObjectType, rel *pg_query.RangeVar) bool {
	switch kind {
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		s := p.Catalog.Sequence(rel.GetSchemaname(), rel.GetRelname())
		return s != nil && inFile(p, s.Created.File)
	case pg_query.ObjectType_OBJECT_INDEX:
		ix := p.Catalog.Index(rel.GetSchemaname(), rel.GetRelname())
		return ix != nil && inFile(p, ix.Created.File)
	}
	return false
}

// newType reports whether a type or domain was created earlier in the file.
func newType(p *rules.Pass, schema, name string) bool {
	t := p.Catalog.Type(schema, name)
	return t != nil && inFile(p, t.Created.File)
}

// newColumn reports whether a column of rel was added earlier in the file
// (or its table created there).
func newColumn(p *rules.Pass, rel *pg_query.RangeVar, col string) bool {
	t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname())
	if t == nil {
		return false
	}
	c := t.Column(col)
	return c != nil && inFile(p, c.Created.File)
}

// qualName splits a list of String nodes (schema.name, or
// schema.table.member) into its last two parts.
func qualName(items []*pg_query.Node) (schema, name string) {
	n := len(items)
	if n == 0 {
		return "", ""
	}
	if n > 1 {
		schema = items[n-2].GetString_().GetSval()
	}
	return schema, items[n-1].GetString_().GetSval()
}

// objectNames returns the name parts of an object node of a DROP, RENAME,
// SET SCHEMA or OWNER TO statement.
func objectNames(obj *pg_query.Node) []*pg_query.Node {
	switch {
	case obj.GetList() != nil:
		return obj.GetList().GetItems()
	case obj.GetTypeName() != nil:
		return obj.GetTypeName().GetNames()
	case obj.GetObjectWithArgs() != nil:
		return obj.GetObjectWithArgs().GetObjname()
	case obj.GetString_() != nil:
		return []*pg_query.Node{obj}
	}
	return nil
}

// newObject reports whether the object a statement names was created
// earlier in the file, for the kinds the catalog records: relations,
// sequences, indexes, types, domains and schemas. Policies and rules count
// as new when their table is.
func newObject(p *rules.Pass, kind pg_query.ObjectType, obj *pg_query.Node, rel *pg_query.RangeVar) bool {
	if rel != nil {
		return p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) || newRelation(p, kind, rel) || renamedHereBefore(p, kind, rel.GetRelname())
	}
	items := objectNames(obj)
	if kind == pg_query.ObjectType_OBJECT_POLICY || kind == pg_query.ObjectType_OBJECT_RULE {
		if len(items) < 2 {
			return false
		}
		items = items[:len(items)-1] // the table the policy or rule is on
	}
	schema, name := qualName(items)
	if renamedHereBefore(p, kind, name) {
		return true
	}
	switch kind {
	case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
		return newType(p, schema, name)
	case pg_query.ObjectType_OBJECT_SCHEMA:
		s := p.Catalog.Schemas[name]
		return s != nil && inFile(p, s.Created.File)
	case pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_POLICY, pg_query.ObjectType_OBJECT_RULE:
		return p.IsNewTable(schema, name)
	case pg_query.ObjectType_OBJECT_INDEX, pg_query.ObjectType_OBJECT_SEQUENCE:
		return newRelation(p, kind, &pg_query.RangeVar{Schemaname: schema, Relname: name})
	}
	return false
}

// tailFrom returns the range from token i of the statement to its end: the
// part of ALTER <kind> name ... after the name, when i is NameEnd's result.
func tailFrom(s *source.Statement, i int) (int, int) {
	toks := s.Tokens()
	if i < 0 || i >= len(toks) {
		return s.Start, s.End
	}
	return toks[i].Start, s.End
}

// afterName returns the index of the first token after the (qualified)
// name starting at token i, skipping a parenthesised argument list, as in
// ALTER FUNCTION f(int) ....
func afterName(s *source.Statement, i int) int {
	toks, f := s.Tokens(), s.File()
	j := s.NameEnd(i)
	if j < 0 || j >= len(toks) || !f.IsPunct(toks[j], '(') {
		return j
	}
	depth := 0
	for ; j < len(toks); j++ {
		if f.IsPunct(toks[j], '(') {
			depth++
		} else if f.IsPunct(toks[j], ')') {
			if depth--; depth == 0 {
				return j + 1
			}
		}
	}
	return j
}

// wordPairStart returns the offset of the first top-level occurrence of the
// words a b (e.g. SET SCHEMA), or -1.
func wordPairStart(s *source.Statement, a, b string) int {
	for i, t := range s.Tokens() {
		if s.TokenIs(i, a) && (b == "" || s.TokenIs(i+1, b)) {
			return t.Start
		}
	}
	return -1
}

// upTo returns the end of the last token before offset next (the start of
// the next clause), or limit when next is not before limit.
func upTo(s *source.Statement, next, limit int) int {
	if next >= limit {
		return limit
	}
	i := s.TokenIndex(next)
	if i <= 0 {
		return limit
	}
	return s.Tokens()[i-1].End
}

// optionRanges returns, for options given by their start offsets in source
// order, the range of each one: from its start (widened to a leading SET)
// to just before the next option, or to limit.
func optionRanges(s *source.Statement, starts []int, limit int) [][2]int {
	out := make([][2]int, len(starts))
	for k, st := range starts {
		next := limit
		if k+1 < len(starts) {
			next = s.WordBefore(starts[k+1], "SET")
		}
		out[k] = [2]int{s.WordBefore(st, "SET"), upTo(s, next, limit)}
	}
	return out
}

// options returns the DefElem options among nodes with the range of each,
// the last one ending at limit.
func options(p *rules.Pass, nodes []*pg_query.Node, limit int) ([]*pg_query.DefElem, [][2]int) {
	var opts []*pg_query.DefElem
	var starts []int
	for _, n := range nodes {
		if d := n.GetDefElem(); d != nil {
			opts = append(opts, d)
			starts = append(starts, p.Stmt.Abs(d.GetLocation()))
		}
	}
	return opts, optionRanges(p.Stmt, starts, limit)
}

// dropWords is the number of keyword tokens after DROP that name the kind of
// object dropped.
var dropWords = map[pg_query.ObjectType]int{
	pg_query.ObjectType_OBJECT_MATVIEW: 2, pg_query.ObjectType_OBJECT_OPCLASS: 2, pg_query.ObjectType_OBJECT_OPFAMILY: 2,
}

// dropItems returns the byte range and source text of each object a DROP
// statement names (DROP <kind> [CONCURRENTLY] [IF EXISTS] a, b(int) [CASCADE]);
// the parse tree keeps no location for most of them. nil when the tokens do
// not split into n objects.
func dropItems(s *source.Statement, kind pg_query.ObjectType, n int) [][2]int {
	toks, f := s.Tokens(), s.File()
	words, ok := dropWords[kind]
	if !ok {
		words = 1
	}
	i := 1 + words
	if s.TokenIs(i, "CONCURRENTLY") {
		i++
	}
	if s.TokenIs(i, "IF") && s.TokenIs(i+1, "EXISTS") {
		i += 2
	}
	var out [][2]int
	for i < len(toks) {
		end := s.ItemEnd(toks[i].Start)
		out = append(out, [2]int{toks[i].Start, end})
		j := s.TokenIndex(end)
		if j < 0 || !f.IsPunct(toks[j], ',') {
			break
		}
		i = j + 1
	}
	if len(out) != n {
		return nil
	}
	// The last object's range stops before CASCADE / RESTRICT.
	last := &out[len(out)-1]
	if j := s.TokenIndex(last[1] - 1); j > 0 && (s.TokenIs(j, "CASCADE") || s.TokenIs(j, "RESTRICT")) && toks[j-1].End > last[0] {
		last[1] = toks[j-1].End
	}
	return out
}

// checkDrop reports each object of a DROP statement of one of kinds
// (mapped to the noun used in messages) that was not created earlier in the
// file; advice ends the message.
func checkDrop(p *rules.Pass, kinds map[pg_query.ObjectType]string, advice string) {
	checkDropExcept(p, kinds, advice, nil)
}

// checkDropExcept is checkDrop without the objects for which harmless
// (when not nil) says no client can be using them.
func checkDropExcept(p *rules.Pass, kinds map[pg_query.ObjectType]string, advice string, harmless func(obj *pg_query.Node) bool) {
	ds := p.Stmt.Node.GetDropStmt()
	if ds == nil {
		return
	}
	what, ok := kinds[ds.GetRemoveType()]
	if !ok {
		return
	}
	objs := ds.GetObjects()
	var ranges [][2]int
	for k, obj := range objs {
		if newObject(p, ds.GetRemoveType(), obj, nil) || harmless != nil && harmless(obj) {
			continue
		}
		// Dropped and created again later in the file: the name is back
		// when the migration ends (what changed is the replace rules' to
		// judge).
		if _, name := qualName(objectNames(obj)); nameTakenLater(p, ds.GetRemoveType(), name) {
			continue
		}
		if ranges == nil {
			if ranges = dropItems(p.Stmt, ds.GetRemoveType(), len(objs)); ranges == nil {
				ranges = make([][2]int, len(objs))
				for j := range ranges {
					ranges[j] = [2]int{p.Stmt.Start, p.Stmt.End}
				}
			}
		}
		r := ranges[k]
		name := strings.Join(strings.Fields(p.File.Text[r[0]:r[1]]), " ")
		if r[0] == p.Stmt.Start {
			_, name = qualName(objectNames(obj))
		}
		p.Reportf(r[0], r[1], "dropping %s %s breaks the running and the previous application release wherever they still use it; %s", what, name, advice)
	}
}

// reportCmds reports each subcommand of an ALTER on an existing object
// (see existingCmds) for which msg returns a message; "" skips it.
func reportCmds(p *rules.Pass, kinds []pg_query.ObjectType, msg func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string) {
	existingCmds(p, kinds, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, span cmdSpan) {
		if m := msg(rel, cmd); m != "" {
			start, end := span()
			p.Reportf(start, end, "%s", m)
		}
	})
}

// columnCmd reports whether cmd is of subtype st on a column that existed
// before the file.
func columnCmd(p *rules.Pass, rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, st pg_query.AlterTableType) bool {
	return cmd.GetSubtype() == st && !newColumn(p, rel, cmd.GetName())
}
