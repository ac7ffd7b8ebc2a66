package source

/*
#include <stdlib.h>
#include <string.h>

// libpg_query's declarations, as in the pg_query.h of pg_query_go v6, whose
// parser package links libpg_query in (TestParseSQLMatchesPgQueryGo holds
// them to it).
typedef struct {
	char* message;
	char* funcname;
	char* filename;
	int lineno;
	int cursorpos;
	char* context;
} PgQueryError;

typedef struct {
	char* parse_tree;
	char* stderr_buffer;
	PgQueryError* error;
} PgQueryParseResult;

PgQueryParseResult pg_query_parse(const char* input);
void pg_query_free_parse_result(PgQueryParseResult result);
*/
import "C"

import (
	"fmt"
	"unsafe"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// libpg_query recurses once per level of a parse tree, on the C stack of
// the thread that calls it, and never checks the depth: a statement nested
// deeply enough overflows that stack and kills the whole process (a
// segmentation fault no recover can catch). PostgreSQL itself answers
// "stack depth limit exceeded". So every call into pg_query goes through
// this file: parseSQL measures the nesting with our lexer first, and
// deparse measures the tree, and both refuse what the C code cannot
// survive.
//
// Measured with pg_query_go v6 on linux/amd64, in a subprocess, on the
// thread that calls cgo (the process's main thread and a pthread created
// by the Go runtime behave the same; the pthread's stack is RLIMIT_STACK,
// or 2 MB when that is unlimited):
//
//   - a left-deep operator chain (SELECT 1+1+..., ||, ->, ::, JOIN) costs
//     about 350 bytes of stack per level when parsed: it crashes at about
//     23,900 levels with an 8 MB stack, 5,900 with 2 MB, 2,960 with 1 MB;
//     UNION chains cost about half that;
//   - right-nested constructs are bounded by the grammar's own stack
//     (10,000 states, "memory exhausted") but cost more per level: nested
//     scalar subqueries about 1 KB (crash at ~990 levels with 1 MB), CASE
//     about 700 bytes;
//   - past about 5,000 levels no tree comes back anyway: our decoder
//     (decode.go) stops at 10,000 nested messages, as the Go protobuf
//     decoder does;
//   - Deparse costs about 950 bytes per nested message of the tree (a
//     left-deep + chain crashes it at ~550 levels with 1 MB).
//
// maxNesting is weighted so that it stands for at most about 350 KB of C
// stack whatever the shape: subqueries and CASE count as several levels.
// That is 6x below the crash point with a 2 MB stack and 24x below it
// with the usual 8 MB; real migrations stay far below (a VALUES list or
// an AND/OR list is flat and costs nothing here).
const maxNesting = 1000

// maxDeparseDepth bounds the message depth of a tree handed to Deparse
// (about 300 KB of C stack). Rules deparse small expressions (defaults,
// CHECK expressions); deeper ones get the fallback renderer.
const maxDeparseDepth = 300

// NestingError is a statement nested deeper than the parser can take.
type NestingError struct {
	// Offset is the byte offset in the parser input of the token where
	// the nesting first went past maxNesting.
	Offset int
	// Chain is the longest operator chain, Depth the deepest nesting of
	// brackets and CASE, Levels the weighted total that was compared
	// with maxNesting.
	Chain, Depth, Levels int
}

func (e *NestingError) Error() string {
	shape := fmt.Sprintf("an operator chain of %d", e.Chain)
	if e.Depth > e.Chain {
		shape = fmt.Sprintf("%d nested levels of parentheses, subqueries or CASE", e.Depth)
	}
	return fmt.Sprintf("statement too deeply nested for the parser (%s; at most %d levels are accepted); split it into smaller expressions or statements",
		shape, maxNesting)
}

// parseSQL is pg_query.Parse with libpg_query's JSON output and the
// generated decoder (decode.go) in place of its protobuf output and
// proto.Unmarshal, and the only call of the parser: input the C parser
// could not survive is refused with a *NestingError before it gets there.
//
// The tree is decoded straight from libpg_query's buffer, before it is
// freed: the decoder copies the strings it keeps, and a copy of the whole
// JSON (parser.ParseToJSON's) was a quarter of check's allocations.
func parseSQL(input string) (*pg_query.ParseResult, error) {
	if e := checkNesting(input); e != nil {
		return nil, e
	}
	return parseUnguarded(input)
}

// parseBatch is parseSQL for the statements parseAll lays out, each ended
// by a ';' of its own, the longest longest bytes long. The parser carries
// no nesting from one statement into the next: a bracket still open at a
// statement's ';' is a syntax error, where it stops. So when no statement
// is longer than maxNesting, each is within the guard's bound for the
// reason a short input is (every level takes a byte), and the batch needs
// no measuring; otherwise the whole batch is measured.
func parseBatch(input string, longest int) (*pg_query.ParseResult, error) {
	if longest > maxNesting {
		if e := checkNesting(input); e != nil {
			return nil, e
		}
	}
	return parseUnguarded(input)
}

// parseUnguarded is the call of libpg_query's parser, for parseSQL and
// parseBatch once they have ruled out nesting it cannot survive.
func parseUnguarded(input string) (*pg_query.ParseResult, error) {
	inputC := C.CString(input)
	defer C.free(unsafe.Pointer(inputC))
	res := C.pg_query_parse(inputC)
	defer C.pg_query_free_parse_result(res)
	if res.error != nil {
		return nil, parserError(res.error)
	}
	return decodeTree(unsafe.String((*byte)(unsafe.Pointer(res.parse_tree)), int(C.strlen(res.parse_tree))))
}

// parserError is libpg_query's error as pg_query_go reports it.
func parserError(e *C.PgQueryError) *parser.Error {
	err := &parser.Error{Message: C.GoString(e.message), Lineno: int(e.lineno), Cursorpos: int(e.cursorpos)}
	if e.funcname != nil {
		err.Funcname = C.GoString(e.funcname)
	}
	if e.filename != nil {
		err.Filename = C.GoString(e.filename)
	}
	if e.context != nil {
		err.Context = C.GoString(e.context)
	}
	return err
}

// parseJSON is parser.ParseToJSON guarded like parseSQL: the parse tree as
// libpg_query's JSON, for the tests and benchmarks of the decoder.
func parseJSON(input string) (string, error) {
	if e := checkNesting(input); e != nil {
		return "", e
	}
	return parser.ParseToJSON(input)
}

// parseWithProtobuf is pg_query.Parse guarded like parseSQL: pg_query_go's
// own path (libpg_query's protobuf output, proto.Unmarshal), which the
// tests compare parseSQL's trees with.
func parseWithProtobuf(input string) (*pg_query.ParseResult, error) {
	if e := checkNesting(input); e != nil {
		return nil, e
	}
	return pg_query.Parse(input)
}

// GrammarVersion is the PG_VERSION_NUM of the PostgreSQL release whose
// parser libpg_query embeds (170007 = 17.7), 0 if unknown: pg_query_go
// exports no constant, but every parse result carries it.
func GrammarVersion() int {
	tree, err := parseSQL("SELECT 1")
	if err != nil {
		return 0
	}
	return int(tree.Version)
}

// parsePLpgSQL is the only call of pg_query.ParsePlPgSqlToJSON: it takes a
// DO or CREATE FUNCTION statement and refuses, like parseSQL, one nested
// deeper than the C parser can survive.
func parsePLpgSQL(stmt string) (string, error) {
	if e := checkNesting(stmt); e != nil {
		return "", e
	}
	return pg_query.ParsePlPgSqlToJSON(stmt)
}

// deparse is the only call of pg_query.Deparse: it refuses trees deeper
// than maxDeparseDepth.
func deparse(tree *pg_query.ParseResult) (string, error) {
	if messageDepth(tree.ProtoReflect(), maxDeparseDepth) > maxDeparseDepth {
		return "", fmt.Errorf("tree nested deeper than %d levels", maxDeparseDepth)
	}
	return pg_query.Deparse(tree)
}

// messageDepth returns the nesting depth of m's messages, stopping as soon
// as it passes limit.
func messageDepth(m protoreflect.Message, limit int) int {
	deepest := 1
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind && fd.Kind() != protoreflect.GroupKind {
			return true
		}
		if fd.IsList() {
			for i := 0; i < v.List().Len() && deepest <= limit; i++ {
				deepest = max(deepest, 1+messageDepth(v.List().Get(i).Message(), limit-1))
			}
		} else if !fd.IsMap() {
			deepest = max(deepest, 1+messageDepth(v.Message(), limit-1))
		}
		return deepest <= limit
	})
	return deepest
}

// checkNesting estimates, from tokens, how deep the parse tree of input
// gets, and returns a *NestingError when that passes maxNesting. The
// estimate is an upper bound for the shapes that make deep trees:
//
//   - every operator token (+, ||, ->, ::, unary minus, ...) and operator
//     keyword (NOT, COLLATE, AT, IS, LIKE, IN, ...) adds a level to the
//     current expression, which ends at a comma, AND, OR (the parser
//     flattens AND and OR lists) or a clause keyword;
//   - JOINs add a level up to the next comma, UNION/INTERSECT/EXCEPT up
//     to the end of the statement;
//   - a bracket adds one level on top of everything open before it, a
//     CASE two, and a subquery (SELECT, WITH or VALUES first in
//     brackets) two more.
func checkNesting(input string) *NestingError {
	// Every level needs at least one byte of input.
	if len(input) <= maxNesting {
		return nil
	}
	m := nestingMeter{frames: []nestFrame{{}}, at: -1}
	for lx := newLexer(input, 0, len(input), false); ; {
		t, ok := lx.next()
		if !ok {
			break
		}
		m.token(input, t)
	}
	if m.at < 0 {
		return nil
	}
	return &NestingError{Offset: m.at, Chain: m.chain, Depth: m.depth, Levels: m.levels}
}

// nestFrame is one open bracket (or CASE) and the chains counted in it.
type nestFrame struct {
	base         int // levels open outside this frame
	ops          int // operators in the current expression
	joins        int // JOINs in the current FROM item
	setops       int // UNION/INTERSECT/EXCEPT in the current statement
	isCase       bool
	firstPending bool // no token seen in the frame yet
}

func (f *nestFrame) level() int { return f.base + f.ops + f.joins + f.setops }

type nestingMeter struct {
	frames []nestFrame
	// chain and depth are the longest chain and the deepest frame stack
	// seen, levels the highest weighted level, at the offset where the
	// level first passed maxNesting (-1 while it has not).
	chain, depth, levels, at int
}

// wordKind is what a keyword does to the nesting estimate.
type wordKind uint8

const (
	wordNone     wordKind = iota
	wordBreak             // ends the current expression (a new one starts)
	wordOperator          // makes an expression node around its operands
	wordJoin
	wordSetOp
	wordCase
	wordEnd
	wordQuery // SELECT or VALUES: ends the expression, may start a subquery
	wordWith  // may start a subquery
)

var nestingWords = map[string]wordKind{
	"and": wordBreak, "or": wordBreak, "when": wordBreak, "then": wordBreak, "else": wordBreak, "from": wordBreak,
	"where": wordBreak, "on": wordBreak, "using": wordBreak, "having": wordBreak, "returning": wordBreak, "set": wordBreak,
	"group": wordBreak, "order": wordBreak, "by": wordBreak, "limit": wordBreak, "offset": wordBreak, "window": wordBreak,
	"not": wordOperator, "collate": wordOperator, "at": wordOperator, "is": wordOperator, "isnull": wordOperator,
	"notnull": wordOperator, "like": wordOperator, "ilike": wordOperator, "similar": wordOperator, "between": wordOperator,
	"in": wordOperator, "overlaps": wordOperator, "operator": wordOperator,
	"join": wordJoin, "union": wordSetOp, "intersect": wordSetOp, "except": wordSetOp,
	"case": wordCase, "end": wordEnd, "select": wordQuery, "values": wordQuery, "with": wordWith,
}

func (m *nestingMeter) token(text string, t Token) {
	top := &m.frames[len(m.frames)-1]
	first := top.firstPending
	top.firstPending = false
	switch t.Kind {
	case LineComment, BlockComment, Meta:
		top.firstPending = first
		return
	case Operator:
		top.ops++
	case Punct:
		switch text[t.Start] {
		case '(', '[':
			m.push(nestFrame{base: top.level() + 1, firstPending: true})
		case ')', ']':
			m.popBracket()
		case ',':
			top.ops, top.joins = 0, 0
		case ';', '\\':
			top.ops, top.joins, top.setops = 0, 0, 0
		}
	case Ident:
		m.word(keywordKind(text[t.Start:t.End]), top, first)
	}
	m.observe(t.Start)
}

// keywordKind looks word up case-insensitively without allocating: the
// meter sees every identifier of every statement parsed.
func keywordKind(word string) wordKind {
	var buf [9]byte
	if len(word) < 2 || len(word) > len(buf) {
		return wordNone
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return nestingWords[string(buf[:len(word)])]
}

func (m *nestingMeter) word(k wordKind, top *nestFrame, first bool) {
	switch k {
	case wordCase:
		m.push(nestFrame{base: top.level() + 2, isCase: true})
		return
	case wordEnd:
		if top.isCase && len(m.frames) > 1 {
			m.frames = m.frames[:len(m.frames)-1]
		}
		return
	case wordJoin:
		top.joins++
	case wordSetOp:
		top.setops++
	case wordOperator:
		top.ops++
	case wordBreak, wordQuery:
		top.ops = 0
	}
	if first && (k == wordQuery || k == wordWith) {
		// A subquery: its nodes (SubLink, SelectStmt, target list) cost
		// about three operator levels of stack.
		top.base += 2
	}
}

func (m *nestingMeter) push(f nestFrame) {
	m.frames = append(m.frames, f)
	m.depth = max(m.depth, len(m.frames)-1)
}

// popBracket closes the innermost bracket and any CASE left open in it.
func (m *nestingMeter) popBracket() {
	for len(m.frames) > 1 {
		f := m.frames[len(m.frames)-1]
		m.frames = m.frames[:len(m.frames)-1]
		if !f.isCase {
			return
		}
	}
}

func (m *nestingMeter) observe(off int) {
	top := &m.frames[len(m.frames)-1]
	m.chain = max(m.chain, top.ops+top.joins+top.setops)
	l := top.level()
	m.levels = max(m.levels, l)
	if l > maxNesting && m.at < 0 {
		m.at = off
	}
}
