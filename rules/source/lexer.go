package source

import "strings"

// A small PostgreSQL + psql lexer. It exists (instead of pg_query.Scan) because
// it must survive input PostgreSQL's scanner rejects — unterminated strings,
// psql meta-commands, COPY data — and still find statement boundaries and
// comments; it also avoids a cgo round trip and a parse-tree decode per file.

// TokenKind classifies a token.
type TokenKind uint8

// Token kinds.
const (
	Ident        TokenKind = iota // identifier or keyword (unquoted)
	QuotedIdent                   // "quoted identifier" or U&"..."
	String                        // '...', E'...', B'...', X'...', N'...', U&'...'
	DollarStr                     // $tag$ ... $tag$
	Number                        // 42, 4.2e1, 0x1F
	Param                         // $1
	Operator                      // + - * / < > = ~ ! @ # % ^ & | ` ? and combinations, ::
	Punct                         // ( ) [ ] , ; . :
	PsqlVar                       // :name :'name' :"name" (psql interpolation)
	Meta                          // a psql meta-command (\set ...) up to the end of its line
	LineComment                   // -- ...
	BlockComment                  // /* ... */ (nested)
)

// Token is one lexical token; Start and End are byte offsets into the file.
type Token struct {
	Kind       TokenKind
	Start, End int
	// Unterminated is set for strings, quoted identifiers, dollar quotes and
	// block comments that run to the end of the input.
	Unterminated bool
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentCont(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isOpChar(c byte) bool {
	switch c {
	case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?':
		return true
	}
	return false
}

// lexer reads the tokens of a part of a text one at a time, comments
// included, with the text's offsets. It never fails: malformed input yields
// tokens flagged Unterminated that run to the end. With backslashStrings
// (standard_conforming_strings off) a backslash escapes the next character
// in '...' strings too. One token at a time: a reader that needs each
// token once (the split, the nesting guard) keeps no array of them, and a
// change of string syntax or psql's COPY data moves it on without lexing
// the rest of the text again.
type lexer struct {
	text             string // the text up to the end of the part
	i                int
	backslashStrings bool
}

// newLexer reads text[from:to].
func newLexer(text string, from, to int, backslashStrings bool) lexer {
	// A UTF-8 byte order mark is not SQL; psql skips it too.
	if to-from >= 3 && text[from] == 0xEF && text[from+1] == 0xBB && text[from+2] == 0xBF {
		from += 3
	}
	return lexer{text: text[:to], i: from, backslashStrings: backslashStrings}
}

// next returns the next token, false at the end.
func (l *lexer) next() (Token, bool) {
	text, i, backslashStrings := l.text, l.i, l.backslashStrings
	n := len(text)
	for i < n && isSpace(text[i]) {
		i++
	}
	if i >= n {
		l.i = i
		return Token{}, false
	}
	var t Token
	c, start := text[i], i
	switch {
	case c == '-' && i+1 < n && text[i+1] == '-':
		for i < n && text[i] != '\n' {
			i++
		}
		t = Token{Kind: LineComment, Start: start, End: trimCR(text, start, i)}
	case c == '/' && i+1 < n && text[i+1] == '*':
		depth := 0
		unterminated := true
		for i < n {
			if text[i] == '/' && i+1 < n && text[i+1] == '*' {
				depth++
				i += 2
			} else if text[i] == '*' && i+1 < n && text[i+1] == '/' {
				depth--
				i += 2
				if depth == 0 {
					unterminated = false
					break
				}
			} else {
				i++
			}
		}
		t = Token{Kind: BlockComment, Start: start, End: i, Unterminated: unterminated}
	case c == '\'':
		i, t = lexQuoted(text, i, start, '\'', backslashStrings, String)
	case (c == 'e' || c == 'E') && i+1 < n && text[i+1] == '\'':
		i, t = lexQuoted(text, i+1, start, '\'', true, String)
	case (c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && i+1 < n && text[i+1] == '\'':
		i, t = lexQuoted(text, i+1, start, '\'', false, String)
	case (c == 'u' || c == 'U') && i+2 < n && text[i+1] == '&' && (text[i+2] == '\'' || text[i+2] == '"'):
		kind := String
		if text[i+2] == '"' {
			kind = QuotedIdent
		}
		i, t = lexQuoted(text, i+2, start, text[i+2], false, kind)
	case c == '"':
		i, t = lexQuoted(text, i, start, '"', false, QuotedIdent)
	case isIdentStart(c):
		for i < n && isIdentCont(text[i]) {
			i++
		}
		t = Token{Kind: Ident, Start: start, End: i}
	case c == '$':
		if i+1 < n && text[i+1] >= '0' && text[i+1] <= '9' {
			i++
			for i < n && text[i] >= '0' && text[i] <= '9' {
				i++
			}
			t = Token{Kind: Param, Start: start, End: i}
			break
		}
		j := i + 1
		for j < n && isIdentCont(text[j]) && text[j] != '$' {
			j++
		}
		if j < n && text[j] == '$' && (j == i+1 || isIdentStart(text[i+1])) {
			tag := text[i : j+1]
			body := j + 1
			end := indexFrom(text, tag, body)
			if end < 0 {
				t = Token{Kind: DollarStr, Start: start, End: n, Unterminated: true}
				i = n
			} else {
				i = end + len(tag)
				t = Token{Kind: DollarStr, Start: start, End: i}
			}
			break
		}
		i++
		t = Token{Kind: Operator, Start: start, End: i}
	case c >= '0' && c <= '9' || c == '.' && i+1 < n && text[i+1] >= '0' && text[i+1] <= '9':
		i = lexNumber(text, i)
		t = Token{Kind: Number, Start: start, End: i}
	case c == '\\' && i+1 < n && text[i+1] == ';':
		// psql's "\;" puts a ';' in the query buffer without sending it;
		// the server still runs the statements one after another.
		i += 2
		t = Token{Kind: Punct, Start: start, End: i}
	case c == '\\':
		// psql meta-command: runs to the end of the line, or to a "\\"
		// separator outside its quoted arguments.
		i++
		for i < n && text[i] != '\n' {
			if text[i] == '\\' && i+1 < n && text[i+1] == '\\' {
				break
			}
			if q := text[i]; q == '\'' || q == '"' || q == '`' {
				i++
				for i < n && text[i] != q && text[i] != '\n' {
					if text[i] == '\\' && q == '\'' && i+1 < n && text[i+1] != '\n' {
						i++
					}
					i++
				}
				if i < n && text[i] == q {
					i++
				}
				continue
			}
			i++
		}
		end := trimCR(text, start, i)
		t = Token{Kind: Meta, Start: start, End: end}
		if i < n && text[i] == '\\' {
			i += 2
		}
	case c == ':':
		if i+1 < n && text[i+1] == ':' {
			i += 2
			t = Token{Kind: Operator, Start: start, End: i}
		} else if i+1 < n && text[i+1] == '=' {
			i += 2
			t = Token{Kind: Operator, Start: start, End: i}
		} else if i+1 < n && isIdentStart(text[i+1]) {
			i++
			for i < n && isIdentCont(text[i]) {
				i++
			}
			t = Token{Kind: PsqlVar, Start: start, End: i}
		} else if i+1 < n && (text[i+1] == '\'' || text[i+1] == '"') {
			q := text[i+1]
			j := i + 2
			for j < n && text[j] != q && text[j] != '\n' {
				j++
			}
			if j < n && text[j] == q {
				i = j + 1
				t = Token{Kind: PsqlVar, Start: start, End: i}
			} else {
				i++
				t = Token{Kind: Punct, Start: start, End: i}
			}
		} else {
			i++
			t = Token{Kind: Punct, Start: start, End: i}
		}
	case c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == ';' || c == '.':
		i++
		t = Token{Kind: Punct, Start: start, End: i}
	case isOpChar(c):
		for i < n && isOpChar(text[i]) {
			if i > start && (text[i] == '-' && i+1 < n && text[i+1] == '-' || text[i] == '/' && i+1 < n && text[i+1] == '*') {
				break
			}
			i++
		}
		t = Token{Kind: Operator, Start: start, End: i}
	default:
		// Any other byte (control characters, stray punctuation) is its
		// own token so that PostgreSQL reports it, not us.
		i++
		for i < n && text[i] >= 0x80 && text[i] < 0xC0 {
			i++
		}
		t = Token{Kind: Operator, Start: start, End: i}
	}
	l.i = i
	return t, true
}

func trimCR(text string, start, end int) int {
	if end > start && text[end-1] == '\r' {
		return end - 1
	}
	return end
}

func indexFrom(text, sub string, from int) int {
	if from > len(text) {
		return -1
	}
	if k := strings.Index(text[from:], sub); k >= 0 {
		return from + k
	}
	return -1
}

// lexQuoted scans a quoted token whose opening quote is at text[q].
func lexQuoted(text string, q, start int, quote byte, backslash bool, kind TokenKind) (int, Token) {
	n := len(text)
	i := q + 1
	for i < n {
		c := text[i]
		if backslash && c == '\\' {
			i += 2
			continue
		}
		if c == quote {
			if i+1 < n && text[i+1] == quote {
				i += 2
				continue
			}
			i++
			return i, Token{Kind: kind, Start: start, End: i}
		}
		i++
	}
	return n, Token{Kind: kind, Start: start, End: n, Unterminated: true}
}

func lexNumber(text string, i int) int {
	n := len(text)
	if text[i] == '0' && i+1 < n && (text[i+1] == 'x' || text[i+1] == 'X' || text[i+1] == 'o' || text[i+1] == 'O' || text[i+1] == 'b' || text[i+1] == 'B') {
		i += 2
		for i < n && (isIdentCont(text[i]) && text[i] != '$') {
			i++
		}
		return i
	}
	for i < n && (text[i] >= '0' && text[i] <= '9' || text[i] == '_') {
		i++
	}
	if i < n && text[i] == '.' && !(i+1 < n && text[i+1] == '.') {
		i++
		for i < n && (text[i] >= '0' && text[i] <= '9' || text[i] == '_') {
			i++
		}
	}
	if i < n && (text[i] == 'e' || text[i] == 'E') {
		j := i + 1
		if j < n && (text[j] == '+' || text[j] == '-') {
			j++
		}
		if j < n && text[j] >= '0' && text[j] <= '9' {
			i = j
			for i < n && text[i] >= '0' && text[i] <= '9' {
				i++
			}
		}
	}
	return i
}
