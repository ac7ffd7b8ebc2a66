package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// parseTOML reads the part of TOML a Squawk config uses: comments,
// key = value pairs, [table] headers, basic and literal strings, booleans,
// numbers and (multi-line) arrays. Keys come back flattened with dots
// ("upload_to_github.fail_on_violations"). Anything else (inline tables,
// arrays of tables, multi-line strings, dates) is an error naming the
// line, never a silent misreading. A hand-written subset keeps the module
// free of a TOML dependency for a dozen keys.
func parseTOML(text string) (map[string]any, error) {
	p := &tomlParser{s: []rune(text), line: 1}
	out := map[string]any{}
	table := ""
	for {
		p.skipSpaceNewlines()
		if p.eof() {
			return out, nil
		}
		if p.peek() == '[' {
			p.i++
			if p.peek() == '[' {
				return nil, p.errorf("arrays of tables ([[...]]) are not supported")
			}
			p.skipSpace()
			key, err := p.key()
			if err != nil {
				return nil, err
			}
			p.skipSpace()
			if p.peek() != ']' {
				return nil, p.errorf("expected ] after the table name")
			}
			p.i++
			table = key
			if err := p.endOfLine(); err != nil {
				return nil, err
			}
			continue
		}
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.peek() != '=' {
			return nil, p.errorf("expected = after %q", key)
		}
		p.i++
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if table != "" {
			key = table + "." + key
		}
		if _, dup := out[key]; dup {
			return nil, p.errorf("%s is set twice", key)
		}
		out[key] = v
		if err := p.endOfLine(); err != nil {
			return nil, err
		}
	}
}

type tomlParser struct {
	s    []rune
	i    int
	line int
}

func (p *tomlParser) eof() bool  { return p.i >= len(p.s) }
func (p *tomlParser) peek() rune { return p.at(p.i) }
func (p *tomlParser) at(i int) rune {
	if i < len(p.s) {
		return p.s[i]
	}
	return 0
}

func (p *tomlParser) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", p.line, fmt.Sprintf(format, args...))
}

func (p *tomlParser) skipSpace() {
	for !p.eof() && (p.peek() == ' ' || p.peek() == '\t') {
		p.i++
	}
}

// skipSpaceNewlines skips blanks, newlines and comments.
func (p *tomlParser) skipSpaceNewlines() {
	for !p.eof() {
		switch c := p.peek(); {
		case c == ' ' || c == '\t' || c == '\r':
			p.i++
		case c == '\n':
			p.i++
			p.line++
		case c == '#':
			for !p.eof() && p.peek() != '\n' {
				p.i++
			}
		default:
			return
		}
	}
}

func (p *tomlParser) endOfLine() error {
	p.skipSpace()
	if p.peek() == '#' {
		for !p.eof() && p.peek() != '\n' {
			p.i++
		}
	}
	if p.peek() == '\r' {
		p.i++
	}
	if p.eof() {
		return nil
	}
	if p.peek() != '\n' {
		return p.errorf("unexpected %q after the value", p.peek())
	}
	return nil
}

// key reads a bare, quoted or dotted key.
func (p *tomlParser) key() (string, error) {
	var parts []string
	for {
		p.skipSpace()
		switch c := p.peek(); {
		case c == '"' || c == '\'':
			s, err := p.str()
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		case isBareKey(c):
			start := p.i
			for isBareKey(p.peek()) {
				p.i++
			}
			parts = append(parts, string(p.s[start:p.i]))
		default:
			return "", p.errorf("expected a key, found %q", c)
		}
		p.skipSpace()
		if p.peek() != '.' {
			return strings.Join(parts, "."), nil
		}
		p.i++
	}
}

func isBareKey(c rune) bool {
	return c == '_' || c == '-' || (c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)))
}

func (p *tomlParser) value() (any, error) {
	switch c := p.peek(); {
	case c == '"' || c == '\'':
		return p.str()
	case c == '[':
		p.i++
		var list []any
		for {
			p.skipSpaceNewlines()
			if p.peek() == ']' {
				p.i++
				return list, nil
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			list = append(list, v)
			p.skipSpaceNewlines()
			switch p.peek() {
			case ',':
				p.i++
			case ']':
			default:
				return nil, p.errorf("expected , or ] in the array")
			}
		}
	case c == '{':
		return nil, p.errorf("inline tables are not supported")
	case strings.HasPrefix(string(p.s[p.i:min(p.i+5, len(p.s))]), "true"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(string(p.s[p.i:min(p.i+5, len(p.s))]), "false"):
		p.i += 5
		return false, nil
	case c == '+' || c == '-' || unicode.IsDigit(c):
		start := p.i
		for strings.ContainsRune("+-0123456789_.eE", p.peek()) && p.peek() != 0 {
			p.i++
		}
		lit := strings.ReplaceAll(string(p.s[start:p.i]), "_", "")
		if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
			return n, nil
		}
		if f, err := strconv.ParseFloat(lit, 64); err == nil {
			return f, nil
		}
		return nil, p.errorf("unsupported value %q (dates and special numbers are not supported)", lit)
	}
	return nil, p.errorf("unsupported value starting with %q", p.peek())
}

// str reads a basic ("...", with escapes) or literal ('...') string.
func (p *tomlParser) str() (string, error) {
	q := p.peek()
	if p.at(p.i+1) == q && p.at(p.i+2) == q {
		return "", p.errorf("multi-line strings are not supported")
	}
	p.i++
	var b strings.Builder
	for {
		if p.eof() || p.peek() == '\n' {
			return "", p.errorf("unterminated string")
		}
		c := p.peek()
		p.i++
		if c == q {
			return b.String(), nil
		}
		if c != '\\' || q == '\'' {
			b.WriteRune(c)
			continue
		}
		e := p.peek()
		p.i++
		switch e {
		case '"', '\\':
			b.WriteRune(e)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'u', 'U':
			n := 4
			if e == 'U' {
				n = 8
			}
			if p.i+n > len(p.s) {
				return "", p.errorf("bad \\%c escape", e)
			}
			r, err := strconv.ParseUint(string(p.s[p.i:p.i+n]), 16, 32)
			if err != nil {
				return "", p.errorf("bad \\%c escape", e)
			}
			b.WriteRune(rune(r))
			p.i += n
		default:
			return "", p.errorf("unknown escape \\%c", e)
		}
	}
}
