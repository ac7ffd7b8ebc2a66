package source

import (
	"errors"
	"sort"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The bundled parser has PostgreSQL 17's grammar, but projects may target
// PostgreSQL 18. A statement the parser rejects is parsed again with each
// PostgreSQL 18 construct it holds replaced by an equivalent PostgreSQL 17
// form; the tree is then turned into what PostgreSQL 18 itself builds and its
// locations are moved back to the original text, so rules see the real
// semantics at exact positions and never know a rewrite happened.
//
// Handled: table-level NOT NULL constraints (PostgreSQL 18),
//
//	[CONSTRAINT name] NOT NULL column [NOT VALID] [NO INHERIT]
//
// in CREATE [FOREIGN] TABLE element lists and ALTER [FOREIGN] TABLE ... ADD.
// They are parsed as CHECK (column IS NOT NULL), which takes the same
// attributes, and the resulting Constraint becomes CONSTR_NOTNULL with Keys =
// [column], as in PostgreSQL 18's parse tree.

// NewerSyntax is a construct of a PostgreSQL grammar newer than the bundled
// parser's (PostgreSQL 17) that a statement uses. The statement still has a
// faithful parse tree; servers older than Version reject it.
type NewerSyntax struct {
	// Start and End are the construct's file byte range, e.g. from
	// CONSTRAINT (or NOT) to the end of its attributes.
	Start, End int
	// Version is the first PostgreSQL major version that accepts it.
	Version int
	// Feature names it for messages, e.g. "NOT NULL table constraints".
	Feature string
}

// notNullFeature names table-level NOT NULL constraints in messages.
const notNullFeature = "NOT NULL table constraints"

// MinPGVersion returns the oldest PostgreSQL major version whose grammar
// accepts the statement, when the statement uses syntax newer than the
// bundled parser's (see Statement.NewerSyntax); 0 otherwise.
func (s *Statement) MinPGVersion() int {
	v := 0
	for _, n := range s.NewerSyntax {
		v = max(v, n.Version)
	}
	return v
}

// edit is one replacement in the rewritten parser input. Offsets are
// relative to the statement start: original bytes [from, to) became
// [newFrom, newTo) of the rewritten text.
type edit struct {
	from, to       int
	newFrom, newTo int
	// item is the construct's range in the file, for NewerSyntax.
	item NewerSyntax
}

// rewrite is the parser input with newer constructs replaced.
type rewrite struct {
	text  string
	edits []edit
}

// origOffset maps an offset of the rewritten text back to the original:
// inside a replacement it is the replaced span's start, after it it moves
// by the accumulated length difference.
func (r *rewrite) origOffset(off int) int {
	i := r.editsBefore(off)
	if i < len(r.edits) && r.edits[i].newFrom <= off {
		return r.edits[i].from
	}
	if i == 0 {
		return off
	}
	e := r.edits[i-1]
	return off - (e.newTo - e.to)
}

// editAt returns the index of the replacement whose rewritten text holds
// off, or -1.
func (r *rewrite) editAt(off int) int {
	if i := r.editsBefore(off); i < len(r.edits) && r.edits[i].newFrom <= off {
		return i
	}
	return -1
}

// editsBefore returns how many replacements end at or before the rewritten
// offset off. Binary search: a tree has a location per node, and a
// generated file may hold many constructs in one statement.
func (r *rewrite) editsBefore(off int) int {
	return sort.Search(len(r.edits), func(i int) bool { return r.edits[i].newTo > off })
}

// parseNewer retries a statement that failed to parse with the PostgreSQL
// 18 constructs it holds rewritten. On success it replaces s.Err by a tree;
// when the rewritten text still has an error past the constructs, that
// error (the one PostgreSQL 18 would report) replaces s.Err.
func (s *Statement) parseNewer(input string) {
	rw := s.rewriteNotNull(input)
	if rw == nil {
		return
	}
	res, err := parseSQL(rw.text)
	if err != nil {
		if e := s.rewrittenError(rw, err); e != nil {
			s.Err = e
		}
		return
	}
	if len(res.Stmts) != 1 || res.Stmts[0].Stmt == nil {
		return
	}
	node := res.Stmts[0].Stmt
	if !rw.convertNotNull(node) {
		return // some replacement was not a table constraint: keep the error
	}
	shiftLocations(node.ProtoReflect(), rw.origOffset)
	s.Node, s.Err = node, nil
	for _, e := range rw.edits {
		s.NewerSyntax = append(s.NewerSyntax, e.item)
	}
}

// rewriteNotNull replaces each "NOT NULL column" that starts a table
// constraint by "CHECK (column IS NOT NULL)"; nil when there is none. Only
// the token context is checked here; convertNotNull then proves from the
// tree that every replacement became a table constraint.
func (s *Statement) rewriteNotNull(input string) *rewrite {
	toks := s.Tokens()
	if !s.TokenIs(0, "create") && !s.TokenIs(0, "alter") {
		return nil
	}
	var b strings.Builder
	rw := &rewrite{}
	last := 0 // end of the input copied so far, relative to s.Start
	for i := 1; i+2 < len(toks); i++ {
		start, ok := s.notNullConstraintAt(i)
		if !ok {
			continue
		}
		col := toks[i+2]
		from, to := toks[i].Start-s.Start, col.End-s.Start
		b.WriteString(input[last:from])
		newFrom := b.Len()
		b.WriteString("CHECK (")
		b.WriteString(input[col.Start-s.Start : to])
		b.WriteString(" IS NOT NULL)")
		rw.edits = append(rw.edits, edit{from: from, to: to, newFrom: newFrom, newTo: b.Len(),
			item: NewerSyntax{Start: start, End: s.ItemEnd(start), Version: 18, Feature: notNullFeature}})
		last = to
		i += 2
	}
	if len(rw.edits) == 0 {
		return nil
	}
	b.WriteString(input[last:])
	rw.text = b.String()
	return rw
}

// notNullConstraintAt reports whether tokens i, i+1, i+2 are NOT NULL
// column at the start of a table constraint: after "(", "," or ADD,
// optionally behind CONSTRAINT name. start is the constraint's first byte.
func (s *Statement) notNullConstraintAt(i int) (start int, ok bool) {
	toks := s.Tokens()
	if !s.TokenIs(i, "not") || !s.TokenIs(i+1, "null") {
		return 0, false
	}
	if col := toks[i+2]; col.Unterminated || (col.Kind != Ident && col.Kind != QuotedIdent) {
		return 0, false
	}
	start, lead := toks[i].Start, i-1
	if i >= 3 && s.TokenIs(i-2, "constraint") {
		start, lead = toks[i-2].Start, i-3
	}
	if s.TokenIs(lead, "add") || s.file.IsPunct(toks[lead], '(') || s.file.IsPunct(toks[lead], ',') {
		return start, true
	}
	return 0, false
}

// convertNotNull turns the CHECK (column IS NOT NULL) stand-ins of the
// table-level constraint lists into the NOT NULL constraints PostgreSQL 18
// builds. It reports whether every replacement was found there.
func (r *rewrite) convertNotNull(node *pg_query.Node) bool {
	used := make([]bool, len(r.edits))
	convert := func(n *pg_query.Node) {
		con := n.GetConstraint()
		if con == nil || con.Contype != pg_query.ConstrType_CONSTR_CHECK {
			return
		}
		nt := con.RawExpr.GetNullTest()
		fields := nt.GetArg().GetColumnRef().GetFields()
		if nt == nil || nt.Nulltesttype != pg_query.NullTestType_IS_NOT_NULL || len(fields) != 1 || fields[0].GetString_() == nil {
			return
		}
		k := r.editAt(int(nt.Location))
		if k < 0 || used[k] {
			return
		}
		used[k] = true
		con.Contype = pg_query.ConstrType_CONSTR_NOTNULL
		con.Keys = []*pg_query.Node{pg_query.MakeStrNode(fields[0].GetString_().Sval)}
		con.RawExpr = nil
	}
	forTableConstraints(node, convert)
	for _, u := range used {
		if !u {
			return false
		}
	}
	return true
}

// forTableConstraints calls f on every node of the statement that sits
// where a table constraint may: CREATE [FOREIGN] TABLE elements (also in
// CREATE SCHEMA) and ALTER [FOREIGN] TABLE ... ADD definitions. Column and
// domain constraints are not visited.
func forTableConstraints(node *pg_query.Node, f func(*pg_query.Node)) {
	switch v := node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		for _, e := range v.CreateStmt.GetTableElts() {
			f(e)
		}
	case *pg_query.Node_CreateForeignTableStmt:
		for _, e := range v.CreateForeignTableStmt.GetBaseStmt().GetTableElts() {
			f(e)
		}
	case *pg_query.Node_CreateSchemaStmt:
		for _, e := range v.CreateSchemaStmt.GetSchemaElts() {
			forTableConstraints(e, f)
		}
	case *pg_query.Node_AlterTableStmt:
		switch v.AlterTableStmt.GetObjtype() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		default:
			return
		}
		for _, c := range v.AlterTableStmt.GetCmds() {
			if cmd := c.GetAlterTableCmd(); cmd.GetSubtype() == pg_query.AlterTableType_AT_AddConstraint && cmd.GetDef() != nil {
				f(cmd.GetDef())
			}
		}
	}
}

// shiftLocations maps every location field of the tree (location,
// stmt_location, name_location, ... : the int32 fields whose name ends in
// "location") through orig. Unknown locations (-1) stay; 0 never moves,
// since no replacement starts a statement.
func shiftLocations(m protoreflect.Message, orig func(int) int) {
	var locs []protoreflect.FieldDescriptor
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				shiftLocations(l.Get(i).Message(), orig)
			}
		case fd.IsMap():
			// pg_query trees have no maps.
		case fd.Kind() == protoreflect.MessageKind:
			shiftLocations(v.Message(), orig)
		case fd.Kind() == protoreflect.Int32Kind && !fd.IsList() && strings.HasSuffix(string(fd.Name()), "location"):
			locs = append(locs, fd)
		}
		return true
	})
	// Set after Range: mutating a message while ranging over it is undefined.
	for _, fd := range locs {
		if loc := m.Get(fd).Int(); loc > 0 {
			m.Set(fd, protoreflect.ValueOfInt32(int32(orig(int(loc)))))
		}
	}
}

// rewrittenError returns the error of the rewritten text as PostgreSQL 18
// would report it, or nil when it lies inside a replacement (then the
// construct was not what it looked like, and the original error stands).
func (s *Statement) rewrittenError(rw *rewrite, err error) *SyntaxError {
	var pe *parser.Error
	if !errors.As(err, &pe) {
		return nil
	}
	if pe.Cursorpos <= 0 {
		return s.attributeError(rw, err.Error())
	}
	at := charsToBytes(rw.text, pe.Cursorpos-1)
	if rw.editAt(at) >= 0 {
		return nil
	}
	return s.errorAt(err.Error(), s.Start+rw.origOffset(at))
}

// attributeError handles the grammar's rejection of a constraint attribute,
// which comes without a position: when one of the rewritten constructs
// carries DEFERRABLE or INITIALLY DEFERRED, PostgreSQL 18 rejects it for
// the NOT NULL constraint in the same words, at that attribute.
func (s *Statement) attributeError(rw *rewrite, msg string) *SyntaxError {
	rest, ok := strings.CutPrefix(msg, "CHECK constraints cannot be marked ")
	if !ok {
		return nil
	}
	toks := s.Tokens()
	for _, e := range rw.edits {
		for i := s.TokenIndex(s.Start + e.to); i >= 0 && i < len(toks) && toks[i].Start < e.item.End; i++ {
			if s.TokenIs(i, "deferrable") && !s.TokenIs(i-1, "not") || s.TokenIs(i, "initially") && s.TokenIs(i+1, "deferred") {
				return s.errorAt("NOT NULL constraints cannot be marked "+rest, toks[i].Start)
			}
		}
	}
	return nil
}
