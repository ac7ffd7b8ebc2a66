// Package source turns SQL text into what rules work on: statements with exact
// byte ranges and PostgreSQL parse trees, comment tokens, and a position mapper.
// Every call into pg_query_go lives in this package.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// File is one parsed SQL file.
type File struct {
	Path string
	Text string
	// Tokens holds every non-comment token of the file, in order.
	Tokens []Token
	// Comments holds every -- and /* */ comment of the file, in order.
	Comments   []Token
	Statements []*Statement
	// MetaCommands holds the psql meta-commands psql would run (those in
	// a literally false \if branch excluded), in order.
	MetaCommands []MetaCommand
	// Problem is set when the file is not SQL text at all (binary, not
	// UTF-8); it then has no statements.
	Problem *Problem
	lines   *Lines
	// plain is set when splitting the text needed no state beyond one
	// statement: no psql meta-command, no COPY data, no change of string
	// syntax, no unterminated token. Such a text splits the same from any
	// top-level ';' on, which ParseEdited relies on.
	plain bool
	blank string // see blankText
}

// Problem describes why a file could not be read as SQL text.
type Problem struct {
	Offset  int
	Message string
}

// Statement is one top-level SQL statement.
type Statement struct {
	Index int
	// Start and End are the byte range from the first to the last token,
	// excluding the terminating semicolon.
	Start, End int
	// Semi is the offset of the terminating ';', or -1 when there is none.
	Semi int
	// Tok0 and TokN delimit the statement's tokens in File.Tokens.
	Tok0, TokN int
	// Node is the parse tree; nil when the statement has a syntax error.
	Node *pg_query.Node
	// Err is the syntax error PostgreSQL reported, if any.
	Err *SyntaxError
	// NewerSyntax lists the constructs of a grammar newer than the bundled
	// parser's (PostgreSQL 17) that the statement uses; Node is then the
	// tree the newer PostgreSQL builds, with locations in this file's text.
	// MinPGVersion summarises it. Servers older than that reject the
	// statement.
	NewerSyntax []NewerSyntax
	file        *File
	// body is the PL/pgSQL a DO block or function runs (see Body).
	body *Body
	// base is the file offset that parse-tree locations count from: the
	// start of the first statement parsed in the same parser call.
	base int
}

// SyntaxError is a PostgreSQL parse error at an exact file offset.
type SyntaxError struct {
	Message string
	Offset  int // byte offset in the file
	End     int // end of the offending token
}

// Summary is the message on one line, for errors printed on the command
// line: PostgreSQL quotes the offending token, which may span lines.
func (e *SyntaxError) Summary() string {
	if i := strings.IndexByte(e.Message, '\n'); i >= 0 {
		return strings.TrimRight(e.Message[:i], "\r") + "…"
	}
	return e.Message
}

// Parse reads data as a SQL file. It never fails: unreadable input is
// described by File.Problem and broken statements by Statement.Err.
func Parse(path string, data []byte) *File { return parse(path, data, nil) }

func parse(path string, data []byte, cache *StmtCache) *File {
	f := parseStatements(path, data, cache)
	f.parseBodies()
	return f
}

func parseStatements(path string, data []byte, cache *StmtCache) *File {
	f := &File{Path: path}
	if p := checkText(data); p != nil {
		f.Problem = p
		f.Text = ""
		f.lines = NewLines("")
		return f
	}
	f.Text = string(data)
	f.lines = NewLines(f.Text)
	f.split()
	f.parseUnparsed(f.Statements, cache)
	return f
}

// parseUnparsed gives each of stmts not yet parsed (the split parses a COPY
// statement itself) its tree or syntax error: from the cache, else from
// the parser, adding what it parsed to the cache.
func (f *File) parseUnparsed(stmts []*Statement, cache *StmtCache) {
	var todo []*Statement
	for _, s := range stmts {
		if s.Node == nil && s.Err == nil && !cache.fill(s) {
			todo = append(todo, s)
		}
	}
	defer cache.store(todo)
	// Batches keep each parser call's memory (its C parse tree and the
	// JSON it returns) small on huge files; per-call overhead is already
	// negligible at this size.
	// Batches of a big file are parsed in parallel: they are independent.
	const batch = 512
	if len(todo) <= batch {
		f.parseAll(todo)
		return
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for len(todo) > 0 {
		n := min(batch, len(todo))
		part := todo[:n]
		todo = todo[n:]
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f.parseAll(part)
		}()
	}
	wg.Wait()
}

// parseAll parses the statements in as few parser calls as it can: one call
// per file of many small statements is far cheaper than one per statement.
// The parser input keeps every statement at its file offset and blanks
// everything else (comments, psql meta-commands, COPY data), so parse-tree
// locations are file offsets. On a syntax error, the statements before it are
// parsed together, the broken one alone (for its exact error), and the rest
// the same way again.
func (f *File) parseAll(stmts []*Statement) {
	if len(stmts) == 0 {
		return
	}
	if len(stmts) == 1 {
		stmts[0].parse()
		return
	}
	first, last := stmts[0], stmts[len(stmts)-1]
	buf := bytes.Repeat([]byte{' '}, last.End+1-first.Start)
	at := func(off int) int { return off - first.Start }
	longest := 0
	for _, s := range stmts {
		copy(buf[at(s.Start):at(s.End)], s.parseInput())
		// Terminate each statement with ';' in the blank space after it.
		buf[at(s.End)] = ';'
		longest = max(longest, s.End-s.Start)
	}
	input := string(buf)
	res, err := parseBatch(input, longest)
	if err != nil {
		k := -1
		if off, ok := errorOffset(input, err); ok {
			off += first.Start
			for i, s := range stmts {
				if off <= s.End {
					k = i
					break
				}
			}
		}
		if k < 0 {
			for _, s := range stmts {
				s.parse()
			}
			return
		}
		f.parseAll(stmts[:k])
		stmts[k].parse()
		// A file with one syntax error often has more (a test of error
		// cases, a buffer being typed): the rest goes in short batches, so
		// that the next error costs a short batch parsed twice, not the
		// whole rest (half of what pg-regress gave the parser was batches
		// that failed).
		for rest := stmts[k+1:]; len(rest) > 0; {
			n := min(len(rest), afterErrorBatch)
			f.parseAll(rest[:n])
			rest = rest[n:]
		}
		return
	}
	ok := len(res.Stmts) == len(stmts)
	for i := 0; ok && i < len(stmts); i++ {
		ok = res.Stmts[i].Stmt != nil && int(res.Stmts[i].StmtLocation)+first.Start <= stmts[i].Start
	}
	if !ok {
		// The parser split differently from us: trust per-statement parsing.
		for _, s := range stmts {
			s.parse()
		}
		return
	}
	for i, raw := range res.Stmts {
		stmts[i].Node, stmts[i].Err, stmts[i].base = raw.Stmt, nil, first.Start
	}
}

// afterErrorBatch is how many statements parseAll gives the parser at once
// after a syntax error.
const afterErrorBatch = 16

// errorOffset returns the byte offset in input that a parser error points
// at, if it has one.
func errorOffset(input string, err error) (int, bool) {
	var ne *NestingError
	if errors.As(err, &ne) {
		return ne.Offset, true
	}
	var pe *parser.Error
	if errors.As(err, &pe) && pe.Cursorpos > 0 {
		// cursorpos is a 1-based character index.
		return charsToBytes(input, pe.Cursorpos-1), true
	}
	return 0, false
}

// charsToBytes returns the byte offset of the n-th character (0-based) of s.
func charsToBytes(s string, n int) int {
	b := 0
	for chars := 0; b < len(s) && chars < n; chars++ {
		_, size := utf8.DecodeRuneInString(s[b:])
		b += size
	}
	return b
}

// parseInput is the statement's text as the parser sees it: psql
// meta-commands blanked and psql variables turned into identifiers.
func (s *Statement) parseInput() string {
	input := s.file.Text[s.Start:s.End]
	if s.hasMeta() {
		input = s.blankMeta(input)
	}
	return s.blankPsqlVars(input)
}

// ParseText is Parse for a string.
func ParseText(path, text string) *File { return Parse(path, []byte(text)) }

func checkText(data []byte) *Problem {
	probe := data
	if len(probe) > 8000 {
		probe = probe[:8000]
	}
	if i := bytes.IndexByte(probe, 0); i >= 0 {
		return &Problem{Offset: i, Message: "binary file (NUL byte); not SQL text"}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return &Problem{Offset: off, Message: fmt.Sprintf("not valid UTF-8 (invalid byte 0x%02X); save the file as UTF-8", data[off])}
	}
	return nil
}

// Lines returns the file's position mapper.
func (f *File) Lines() *Lines { return f.lines }

// Position maps a byte offset to a 1-based line and character column.
func (f *File) Position(off int) Position { return f.lines.Position(off) }

// TokenText returns the text of a token.
func (f *File) TokenText(t Token) string { return f.Text[t.Start:t.End] }

// gFamily are psql meta-commands that send the query buffer, like ';'.
var gFamily = map[string]bool{
	`\g`: true, `\gx`: true, `\gset`: true, `\gexec`: true, `\gdesc`: true,
	`\crosstabview`: true, `\watch`: true, `\;`: false,
}

func metaName(s string) string {
	end := 1
	for end < len(s) && !isSpace(s[end]) && s[end] != '\\' {
		end++
	}
	return strings.ToLower(s[:end])
}

// split groups tokens into statements the way psql does: at top-level ';'
// (never inside a CREATE FUNCTION/PROCEDURE BEGIN ATOMIC ... END body, nor
// inside the parenthesised action list of CREATE RULE), at \g-style
// meta-commands, skipping other meta-commands and COPY ... FROM STDIN data.
func (f *File) split() { f.splitRange(0, len(f.Text)) }

// splitRange splits the part of the text from from to to, which must start
// at a token boundary where psql's state is clean (the text's start, or
// just after a top-level ';' of a plain text), appending to f's statements,
// tokens and comments. Offsets are the whole text's.
func (f *File) splitRange(from, to int) {
	text := f.Text
	lx := newLexer(text, from, to, false)
	f.plain = true
	// The statements' tokens gather in a reused buffer; the file keeps an
	// exact copy (a guess at their number wasted a third of the array).
	scratch := tokenScratch.Get().(*[]Token)
	kept := (*scratch)[:0]
	var st splitState
	first := -1 // index in kept of the statement's first token
	// open is a token that runs to the end of the text unterminated; it
	// ends the last statement (or is one of its own) as a syntax error.
	var open *Token
	emit := func(semi int) (s *Statement) {
		hasTokens := first >= 0 && len(kept) > first
		if hasTokens || open != nil {
			s = &Statement{Index: len(f.Statements), Semi: semi, Tok0: len(kept), TokN: len(kept), file: f}
			if hasTokens {
				s.Start, s.End, s.Tok0 = kept[first].Start, kept[len(kept)-1].End, first
			} else {
				s.Start, s.End = open.Start, open.Start
			}
			if open != nil {
				s.End = max(s.End, open.End)
				s.Err = unterminatedError(text, *open)
			}
			f.Statements = append(f.Statements, s)
			f.Tokens = kept // so the statement can be parsed before the split ends
		}
		first = -1
		st = splitState{}
		return s
	}
	var cond conditional
	scsOff := false    // standard_conforming_strings = off
	pendingCopies := 0 // COPY ... FROM STDIN statements waiting for their data
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.Unterminated {
			f.plain = false
			// psql reads everything after it as part of it, \if
			// branches and meta-commands included, so the rest of the
			// file would silently never run. (A copy: taking t's own
			// address would put every token of the loop on the heap.)
			unterminated := t
			open = &unterminated
			if t.Kind == BlockComment {
				f.Comments = append(f.Comments, t)
			}
			if t.Kind == BlockComment || cond.skipping() {
				continue
			}
		}
		if cond.skipping() && t.Kind != Meta {
			continue // inside a psql \if branch that is literally false
		}
		switch t.Kind {
		case LineComment, BlockComment:
			f.Comments = append(f.Comments, t)
			continue
		case Meta:
			f.plain = false
			name := metaName(text[t.Start:t.End])
			if cond.meta(name, text[t.Start:t.End]) {
				continue
			}
			if !cond.skipping() {
				f.MetaCommands = append(f.MetaCommands, MetaCommand{Name: text[t.Start : t.Start+len(name)], Start: t.Start, End: t.End})
			}
			if gFamily[name] && !cond.skipping() {
				emit(-1)
				if pendingCopies > 0 {
					end := t.End
					for ; pendingCopies > 0; pendingCopies-- {
						end = copyDataEnd(text, end)
					}
					lx = newLexer(text, end, to, scsOff)
				}
			}
			continue
		case Punct:
			if isSemi(text, t) && st.beginDepth == 0 && (!st.isRule || st.parenDepth <= 0) {
				isCopy := first >= 0 && st.isCopyFromStdin(text, kept[first:])
				scs := scsOff
				if first >= 0 {
					scs = standardConformingStrings(text, kept[first:], scsOff)
				}
				if s := emit(t.Start); s != nil && isCopy {
					// psql reads data only if the server accepted the COPY.
					if s.parse(); s.Err == nil {
						pendingCopies++
					}
				}
				realSemi := text[t.Start] == ';' // "\;" does not send the buffer
				if !realSemi {
					f.plain = false
				}
				if (realSemi && pendingCopies > 0) || scs != scsOff {
					f.plain = false
					// Data lines are not SQL, and string syntax may have just
					// changed: lex again after the data (or the statement).
					end := t.End
					if realSemi {
						for ; pendingCopies > 0; pendingCopies-- {
							end = copyDataEnd(text, end)
						}
					}
					scsOff = scs
					lx = newLexer(text, end, to, scsOff)
				}
				continue
			}
			if isSemi(text, t) && first < 0 {
				continue
			}
			switch text[t.Start] {
			case '(':
				st.parenDepth++
			case ')':
				st.parenDepth--
			}
		case Ident:
			st.ident(text[t.Start:t.End])
		}
		if first < 0 {
			first = len(kept)
		}
		kept = append(kept, t)
	}
	emit(-1)
	f.Tokens = make([]Token, len(kept))
	copy(f.Tokens, kept)
	if cap(kept) <= maxTokenScratch {
		*scratch = kept[:0]
		tokenScratch.Put(scratch)
	}
}

// tokenScratch holds the buffers splitRange gathers tokens in; one larger
// than maxTokenScratch tokens (a huge file's) is let go.
var tokenScratch = sync.Pool{New: func() any { return new([]Token) }}

const maxTokenScratch = 1 << 20

// unterminatedError is the syntax error of a token that the end of the
// text cuts off, at its opening delimiter. PostgreSQL's message would quote
// the whole rest of the file.
func unterminatedError(text string, t Token) *SyntaxError {
	what, closer := "quoted string", "'"
	open := strings.IndexAny(text[t.Start:t.End], `'"`) + 1
	switch t.Kind {
	case BlockComment:
		what, closer, open = "/* comment", "*/", 2
	case QuotedIdent:
		what, closer = "quoted identifier", `"`
	case DollarStr:
		open = strings.IndexByte(text[t.Start+1:t.End], '$') + 2
		what, closer = "dollar-quoted string", text[t.Start:t.Start+open]
	}
	return &SyntaxError{
		Message: fmt.Sprintf("unterminated %s: everything after it to the end of the file is part of it and never runs; close it with %s", what, closer),
		Offset:  t.Start,
		End:     t.Start + open,
	}
}

func isSemi(text string, t Token) bool {
	return text[t.Start] == ';' || text[t.Start] == '\\'
}

// conditional follows psql's \if / \elif / \else / \endif. Only a literal
// false condition (\if false, \if 0, \if off) skips a branch; any other
// condition may be true, so its branch is linted.
type conditional struct {
	stack []condFrame
}

type condFrame struct {
	active, taken, parentSkipping bool
}

func (c *conditional) skipping() bool {
	return len(c.stack) > 0 && !c.stack[len(c.stack)-1].active
}

func literalFalse(arg string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(arg), `'"`)) {
	case "false", "f", "off", "0", "no", "n":
		return true
	}
	return false
}

// meta handles a conditional meta-command and reports whether it was one.
func (c *conditional) meta(name, full string) bool {
	arg := strings.TrimSpace(full[len(name):])
	switch name {
	case `\if`:
		parent := c.skipping()
		active := !parent && !literalFalse(arg)
		c.stack = append(c.stack, condFrame{active: active, taken: active, parentSkipping: parent})
	case `\elif`:
		if len(c.stack) == 0 {
			return true
		}
		f := &c.stack[len(c.stack)-1]
		f.active = !f.parentSkipping && !f.taken && !literalFalse(arg)
		f.taken = f.taken || f.active
	case `\else`:
		if len(c.stack) == 0 {
			return true
		}
		f := &c.stack[len(c.stack)-1]
		f.active = !f.parentSkipping && !f.taken
		f.taken = true
	case `\endif`:
		if len(c.stack) > 0 {
			c.stack = c.stack[:len(c.stack)-1]
		}
	default:
		return false
	}
	return true
}

// standardConformingStrings returns the standard_conforming_strings mode
// (true = off) after a SET/RESET of it, or cur for any other statement.
func standardConformingStrings(text string, toks []Token, cur bool) bool {
	// Every statement asks: most start with neither SET nor RESET, which
	// is told without lowering a word.
	if len(toks) == 0 {
		return cur
	}
	if head := strings.Trim(text[toks[0].Start:toks[0].End], `'"`); !strings.EqualFold(head, "set") && !strings.EqualFold(head, "reset") {
		return cur
	}
	word := func(i int) string {
		if i >= len(toks) {
			return ""
		}
		return strings.ToLower(strings.Trim(text[toks[i].Start:toks[i].End], `'"`))
	}
	i := 0
	switch word(0) {
	case "reset":
		if word(1) == "standard_conforming_strings" || word(1) == "all" {
			return false
		}
		return cur
	case "set":
		i = 1
		if w := word(1); w == "session" || w == "local" {
			i = 2
		}
	default:
		return cur
	}
	if word(i) != "standard_conforming_strings" {
		return cur
	}
	if w := word(i + 1); w == "=" || w == "to" {
		switch word(i + 2) {
		case "off", "false", "0":
			return true
		case "on", "true", "1", "default":
			return false
		}
	}
	return cur
}

type splitState struct {
	idents     [4]byte
	identCount int
	beginDepth int
	parenDepth int
	isRule     bool
}

// ident follows psql's heuristic (psqlscan.l) for BEGIN ... END bodies of
// CREATE [OR REPLACE] FUNCTION/PROCEDURE, where ';' does not end the statement.
// leadingKeywords are the words of a statement's head that tell a routine
// or a rule (CREATE [OR REPLACE] FUNCTION/PROCEDURE/RULE).
var leadingKeywords = [...]string{"create", "function", "procedure", "or", "replace", "rule"}

func (s *splitState) ident(word string) {
	// Lowered only when read: the split meets every identifier of the
	// file, and most are past the statement's first words.
	lw := ""
	if s.identCount < len(s.idents) {
		for _, kw := range leadingKeywords {
			if len(word) == len(kw) && strings.EqualFold(word, kw) {
				lw = kw
				s.idents[s.identCount] = kw[0]
				if kw == "rule" {
					s.idents[s.identCount] = 'u'
				}
				break
			}
		}
	}
	s.identCount++
	id := s.idents
	if id[0] == 'c' && (id[1] == 'u' || id[1] == 'o' && id[2] == 'r' && id[3] == 'u') {
		s.isRule = true
	}
	isRoutine := id[0] == 'c' && (id[1] == 'f' || id[1] == 'p' || id[1] == 'o' && id[2] == 'r' && (id[3] == 'f' || id[3] == 'p'))
	if !isRoutine || s.parenDepth != 0 {
		return
	}
	if lw == "" {
		lw = strings.ToLower(word)
	}
	switch lw {
	case "begin":
		s.beginDepth++
	case "case":
		if s.beginDepth >= 1 {
			s.beginDepth++
		}
	case "end":
		if s.beginDepth > 0 {
			s.beginDepth--
		}
	}
}

// isCopyFromStdin reports whether the statement is COPY ... FROM STDIN, after
// which psql reads data lines up to "\.".
func (s *splitState) isCopyFromStdin(text string, toks []Token) bool {
	if len(toks) < 3 || toks[0].Kind != Ident || !strings.EqualFold(text[toks[0].Start:toks[0].End], "copy") {
		return false
	}
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Kind == Ident && strings.EqualFold(text[toks[i].Start:toks[i].End], "from") &&
			toks[i+1].Kind == Ident && strings.EqualFold(text[toks[i+1].Start:toks[i+1].End], "stdin") {
			return true
		}
	}
	return false
}

// copyDataEnd returns the offset just after the data that follows COPY ...
// FROM STDIN: the line holding only "\." (or the end of the text).
func copyDataEnd(text string, semiEnd int) int {
	nl := strings.IndexByte(text[semiEnd:], '\n')
	if nl < 0 {
		return len(text)
	}
	pos := semiEnd + nl + 1
	for pos < len(text) {
		lineEnd := strings.IndexByte(text[pos:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += pos
		}
		if strings.TrimRight(text[pos:lineEnd], "\r") == `\.` {
			return lineEnd
		}
		pos = lineEnd + 1
	}
	return len(text)
}

func (s *Statement) parse() {
	input := s.parseInput()
	s.base = s.Start
	res, err := parseSQL(input)
	if err != nil {
		s.Err = s.syntaxError(input, err)
		if !errors.As(err, new(*NestingError)) {
			s.parseNewer(input)
		}
		return
	}
	if len(res.Stmts) == 0 || res.Stmts[0].Stmt == nil {
		s.Err = &SyntaxError{Message: "empty statement", Offset: s.Start, End: s.End}
		return
	}
	s.Node = res.Stmts[0].Stmt
}

// hasMeta reports whether a psql meta-command sits inside the statement.
func (s *Statement) hasMeta() bool {
	return strings.IndexByte(s.file.Text[s.Start:s.End], '\\') >= 0 && s.containsMetaToken()
}

func (s *Statement) containsMetaToken() bool {
	// Meta tokens are not kept in File.Tokens; re-lex the range to find them.
	for lx := newLexer(s.file.Text, s.Start, s.End, false); ; {
		t, ok := lx.next()
		if !ok {
			return false
		}
		if t.Kind == Meta {
			return true
		}
	}
}

// blankMeta replaces meta-commands by spaces so offsets stay exact.
func (s *Statement) blankMeta(input string) string {
	b := []byte(input)
	for lx := newLexer(input, 0, len(input), false); ; {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.Kind == Meta {
			for k := t.Start; k < t.End; k++ {
				b[k] = ' '
			}
		}
	}
	return string(b)
}

// blankPsqlVars turns psql variable references (:name, :'name', :"name")
// into plain identifiers or literals by replacing the colon with a space, so
// files written for psql parse and offsets stay exact. Inside [...] a colon
// is an array slice, never a variable.
func (s *Statement) blankPsqlVars(input string) string {
	var b []byte
	depth := 0
	for _, t := range s.Tokens() {
		switch {
		case t.Kind == Punct && s.file.Text[t.Start] == '[':
			depth++
		case t.Kind == Punct && s.file.Text[t.Start] == ']':
			depth--
		case t.Kind == PsqlVar && depth <= 0:
			if b == nil {
				b = []byte(input)
			}
			b[t.Start-s.Start] = ' '
		}
	}
	if b == nil {
		return input
	}
	return string(b)
}

func (s *Statement) syntaxError(input string, err error) *SyntaxError {
	msg := err.Error()
	off := s.Start
	if at, ok := errorOffset(input, err); ok {
		off = s.Start + at
	} else if strings.Contains(msg, "at end of input") {
		off = s.End
	}
	return s.errorAt(msg, off)
}

// errorAt is the syntax error msg at file offset off, underlining the token
// there.
func (s *Statement) errorAt(msg string, off int) *SyntaxError {
	end := off
	// Underline the token at the error position.
	for _, t := range s.file.Tokens[s.Tok0:s.TokN] {
		if t.Start <= off && off < t.End {
			end = t.End
			break
		}
		if t.Start > off {
			break
		}
	}
	if strings.Contains(msg, "at end of input") && off >= s.End {
		off = s.End
		end = s.End
	}
	return &SyntaxError{Message: msg, Offset: off, End: end}
}

// Tokens returns the statement's tokens (comments excluded).
func (s *Statement) Tokens() []Token { return s.file.Tokens[s.Tok0:s.TokN] }

// File returns the file the statement belongs to.
func (s *Statement) File() *File { return s.file }

// Text returns the statement's source text (without the ';').
func (s *Statement) Text() string { return s.file.Text[s.Start:s.End] }

// Abs converts a parse-tree location (relative to the statement) into a file
// byte offset. Unknown locations (-1) map to the statement start.
func (s *Statement) Abs(loc int32) int {
	if loc < 0 {
		return s.Start
	}
	off := s.base + int(loc)
	if off < s.Start {
		return s.Start
	}
	if off > s.End {
		return s.End
	}
	return off
}

// ReleaseAnalysis drops what only the rules read — parse trees, PL/pgSQL
// bodies, tokens, comments and meta-commands — once a file's findings are
// made: a run over thousands of files then keeps of each only what reports
// show (the text, the statements' ranges, the line index), not the trees
// and token arrays that are ten to forty times the size of the text.
func (f *File) ReleaseAnalysis() {
	for _, s := range f.Statements {
		s.Node, s.body = nil, nil
		s.Tok0, s.TokN = 0, 0
	}
	f.Tokens, f.Comments, f.MetaCommands = nil, nil, nil
}

// Oversized is the file at path that is over the size limit (files.max-size)
// and so is neither read nor parsed: its Problem says so, which reports it
// as one unreadable-file finding.
func Oversized(path string, size, limit int64) *File {
	return &File{Path: path, lines: NewLines(""), Problem: &Problem{Message: fmt.Sprintf(
		"the file is %s, over the files.max-size limit of %s, so it is not parsed; split it, or raise files.max-size in .sqlreview.yaml",
		humanSize(size), humanSize(limit))}}
}

// humanSize writes a byte count in the unit files.max-size is given in.
func humanSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20:
		if n%(1<<20) == 0 {
			return fmt.Sprintf("%d MB", n>>20)
		}
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
