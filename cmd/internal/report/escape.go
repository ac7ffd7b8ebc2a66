package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sqlreview/sqlreview/internal/textsafe"
)

// Escape makes user content (a file name, an identifier, a string literal,
// a server's error message) safe to print on a line of text: control
// characters become visible escapes (\n, \r, \x1b, \u202e), so a finding
// cannot erase or rewrite the lines before it on a terminal or start a line
// of its own, and "##[" and "##vso[" become "#\x23[" and "#\x23vso[", so it
// cannot smuggle a CI logging command into a log (the Azure agent runs one
// found anywhere in a line). Tabs stay. Every text writer passes user
// content through it; JSON and XML writers escape for their syntax and
// leave the command prefixes to Guard.
func Escape(s string) string { return textsafe.Escape(s) }

// escapeCommandData is Escape for the message of a CI logging command
// (github, azure): the format's own escapes carry \r and \n, which the
// runner restores, and a command prefix after the line's own command is
// inert.
func escapeCommandData(s string) string { return textsafe.EscapeCommandData(s) }

// EscapeLineStart is Escape for content that begins a line (the file name
// of the text format): a leading "::" would be read as a GitHub workflow
// command, so its first colon becomes \x3a.
func EscapeLineStart(s string) string {
	s = Escape(s)
	if t := strings.TrimLeft(s, " \t"); strings.HasPrefix(t, "::") {
		s = s[:len(s)-len(t)] + `\x3a` + t[1:]
	}
	return s
}

// Guard is a writer that keeps a report's user content from starting a CI
// logging command, whatever a writer before it missed: a line starting
// with "::" (GitHub workflow commands) and "##[" or "##vso[" anywhere in a
// line. The escapes keep the document's meaning: hash is how the format
// writes '#' ("\u0023" in JSON, "&#35;" in XML, `\x23` in text), colon the
// same for ':' at a line start. The github and azure formats write command
// lines on purpose ("::" and "##vso[" at a line start) and escape the data
// in them; such a line is passed as is. Close writes what is held back.
type Guard struct {
	// mu: the orchestrator writes progress from several goroutines.
	mu sync.Mutex
	w  io.Writer
	// hash and colon replace the second '#' and the first ':'; "" keeps
	// them (in formats where user content cannot start a line).
	hash, colon string
	// command reports whether a line starting with b is one of the
	// format's own commands; nil in formats that write none.
	command func(b []byte) bool
	// pending is the end of the last write, held back because a prefix
	// may continue in the next one; out is the filtered write, reused.
	pending, out []byte
	// atStart: only spaces and tabs since the line began; commandLine:
	// the line is one of the format's own commands.
	atStart, commandLine bool
	// controls: also escape control characters other than newline and
	// tab (a stream of progress lines whose pieces were not escaped).
	controls bool
}

// NewTextGuard returns a guard for a stream of text lines written by code
// that does not escape what it prints (the orchestrator's progress): on
// top of the command prefixes, control characters other than newline and
// tab are escaped as Escape does. Lines should end with a newline; Close
// writes a partial last line.
func NewTextGuard(w io.Writer) *Guard {
	g := NewGuard(w, "text")
	g.controls = true
	return g
}

// NewGuard returns the guard for a format.
func NewGuard(w io.Writer, format string) *Guard {
	g := &Guard{w: w, atStart: true, hash: `\x23`, colon: `\x3a`}
	switch format {
	case "json", "sarif", "gitlab", "bitbucket":
		g.hash, g.colon = `\u0023`, ""
	case "junit":
		g.hash, g.colon = "&#35;", ""
	case "github":
		g.command = func(b []byte) bool { return bytes.HasPrefix(b, []byte("::")) }
	case "azure":
		g.command = isVso
	}
	return g
}

// longestPrefix is the length of the longest command prefix, "##vso[".
const longestPrefix = 6

func (g *Guard) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	buf := p
	if len(g.pending) > 0 {
		buf = append(g.pending, p...)
	}
	var n int
	g.out, n = g.filter(g.out[:0], buf, len(buf)-holdBack(buf))
	g.pending = append(g.pending[:0], buf[n:]...)
	if len(g.out) > 0 {
		if _, err := g.w.Write(g.out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// holdBack is how many bytes at the end of b to keep for the next write:
// the start of a command prefix ("#", "##", "##v", …, ":") or of a UTF-8
// character. Lines end with a newline, so a line is never held.
func holdBack(b []byte) int {
	for k := min(len(b), longestPrefix-1); k > 0; k-- {
		tail := b[len(b)-k:]
		if isCommandStart(tail) || (k < utf8.UTFMax && tail[0] >= 0xc0 && !utf8.FullRune(tail)) {
			return k
		}
	}
	return 0
}

// isCommandStart reports whether b is a proper prefix of "##vso[", "##["
// or "::".
func isCommandStart(b []byte) bool {
	for _, p := range []string{"##vso[", "##[", "::"} {
		if len(b) < len(p) && bytes.EqualFold(b, []byte(p[:len(b)])) {
			return true
		}
	}
	return false
}

// Close writes what is held back.
func (g *Guard) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	out, _ := g.filter(nil, g.pending, len(g.pending))
	g.pending = nil
	if len(out) == 0 {
		return nil
	}
	_, err := g.w.Write(out)
	return err
}

// filter escapes the prefixes starting before end in b (b past end is
// lookahead), appends the output to out and returns it with how many bytes
// it consumed.
func (g *Guard) filter(out, b []byte, end int) ([]byte, int) {
	// A line's start matters to formats with commands or an escaped colon;
	// past it, only a newline or a '#' can change what is written, so the
	// bytes up to the next one are copied as they are (a report of every
	// rule is tens of megabytes).
	lineStarts := g.colon != "" || g.command != nil
	i := 0
	for i < end {
		if !g.controls && !(lineStarts && g.atStart) {
			run := b[i:end]
			n := len(run)
			if lineStarts || g.commandLine {
				if nl := bytes.IndexByte(run, '\n'); nl >= 0 {
					n = nl
				}
			}
			if !g.commandLine {
				if h := bytes.IndexByte(run[:n], '#'); h >= 0 {
					n = h
				}
			}
			if n > 0 {
				out = append(out, run[:n]...)
				i += n
				continue
			}
		}
		c := b[i]
		switch {
		case c == '\n':
			g.atStart, g.commandLine = true, false
		case g.commandLine:
		case g.atStart && g.command != nil && g.command(b[i:]):
			g.commandLine = true
		case g.atStart && c == ':' && g.colon != "" && i+1 < len(b) && b[i+1] == ':':
			out = append(out, g.colon...)
			g.atStart = false
			i++
			continue
		case c == '#' && g.hash != "" && commandAtBytes(b, i):
			out = append(out, '#')
			out = append(out, g.hash...)
			g.atStart = false
			i += 2
			continue
		}
		if c != ' ' && c != '\t' && c != '\n' {
			g.atStart = false
		}
		if g.controls && c != '\n' && (c < 0x20 || c >= 0x7f) {
			r, size := utf8.DecodeRune(b[i:])
			switch {
			case r == utf8.RuneError && size <= 1:
				out = fmt.Appendf(out, `\x%02x`, c)
				size = 1
			case r == '\r':
				out = append(out, `\r`...)
			case textsafe.IsControl(r) && r < 0x100:
				out = fmt.Appendf(out, `\x%02x`, r)
			case textsafe.IsControl(r):
				out = fmt.Appendf(out, `\u%04x`, r)
			default:
				out = append(out, b[i:i+size]...)
			}
			i += size
			continue
		}
		out = append(out, c)
		i++
	}
	return out, i
}

func commandAtBytes(b []byte, i int) bool {
	rest := b[i:]
	if len(rest) < 3 || rest[0] != '#' || rest[1] != '#' {
		return false
	}
	return rest[2] == '[' || isVso(rest)
}

func isVso(b []byte) bool {
	return len(b) >= 6 && b[0] == '#' && b[1] == '#' && bytes.EqualFold(b[2:6], []byte("vso["))
}
