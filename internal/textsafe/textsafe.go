// Package textsafe makes user content (file names, identifiers, string
// literals, server messages) safe to print on a line of text: on a terminal
// and in a CI log. Every writer of text — reports, progress, errors, the
// converted configs — uses it, so they all escape the same way.
package textsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape turns control characters into visible escapes (\n, \r, \x1b,
// \u202e), so the text cannot erase or rewrite the lines before it or start
// a line of its own, and "##[" and "##vso[" into "#\x23[" and "#\x23vso[",
// so it cannot smuggle a CI logging command into a log (the Azure agent
// runs one found anywhere in a line). Tabs stay.
func Escape(s string) string { return escape(s, false) }

// EscapeCommandData is Escape for the message of a CI logging command
// (github, azure): the format's own escapes carry \r and \n, which the
// runner restores, and a command prefix after the line's own command is
// inert.
func EscapeCommandData(s string) string { return escape(s, true) }

func escape(s string, commandData bool) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case commandData && (r == '\n' || r == '\r'):
			b.WriteRune(r)
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case !commandData && r == '#' && CommandAt(s, i):
			b.WriteString(`#\x23`)
			size = 2
		case IsControl(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// IsControl reports the characters that move the cursor, erase, recolour
// or reorder text: C0 (but tab), DEL, C1, and the Unicode bidirectional
// overrides and isolates that display text in another order than it runs.
func IsControl(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// needsEscape is the fast path: most text has nothing to escape.
func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\t') || c == 0x7f || c >= 0x80 || (c == '#' && CommandAt(s, i)) {
			if c >= 0x80 {
				r, size := utf8.DecodeRuneInString(s[i:])
				if (r != utf8.RuneError || size != 1) && !IsControl(r) {
					i += size - 1
					continue
				}
			}
			return true
		}
	}
	return false
}

// CommandAt reports whether a CI logging command prefix starts at s[i]:
// "##[" (GitHub and Azure formatting commands) or "##vso[" (Azure, any
// case).
func CommandAt(s string, i int) bool {
	rest := s[i:]
	if !strings.HasPrefix(rest, "##") {
		return false
	}
	rest = rest[2:]
	return strings.HasPrefix(rest, "[") || (len(rest) >= 4 && strings.EqualFold(rest[:4], "vso["))
}

// CodeFence returns a Markdown backtick fence longer than any run of
// backticks in code, so the code (SQL may quote with backticks) cannot close
// it early.
func CodeFence(code string) string {
	longest, run := 0, 0
	for _, c := range code {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
