package source

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Position is a 1-based line and column. Column counts characters (Unicode
// code points), the unit the CLI, JSON and SARIF use.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Lines maps between byte offsets, 1-based line/character columns and
// 0-based UTF-16 or UTF-8 columns (the LSP's units). The line-start index is
// built once per text so every lookup is a binary search.
type Lines struct {
	text   string
	starts []int
}

// bom is the UTF-8 byte order mark.
const bom = "\uFEFF"

// NewLines indexes the line starts of text. "\n", "\r\n" and a lone "\r"
// all end a line, as in the LSP specification.
//
// A UTF-8 byte order mark at the start is not part of the first line: it
// takes no column in any unit, so a file saved with one by an editor has
// the columns it shows (the CLI, JSON, SARIF and LSP all map positions here).
func NewLines(text string) *Lines {
	starts := make([]int, 1, len(text)/32+1)
	if strings.HasPrefix(text, bom) {
		starts[0] = len(bom)
	}
	for i := starts[0]; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &Lines{text: text, starts: starts}
}

// Count returns the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

// LineStart returns the byte offset where the 0-based line begins.
func (l *Lines) LineStart(line0 int) int {
	if line0 < 0 {
		return 0
	}
	if line0 >= len(l.starts) {
		return len(l.text)
	}
	return l.starts[line0]
}

// lineEnd returns the offset of the end of the 0-based line, before its
// line terminator.
func (l *Lines) lineEnd(line0 int) int {
	end := len(l.text)
	if line0+1 < len(l.starts) {
		end = l.starts[line0+1]
	}
	for end > l.starts[line0] && (l.text[end-1] == '\n' || l.text[end-1] == '\r') {
		end--
	}
	return end
}

// LineText returns the text of the 1-based line without its terminator.
func (l *Lines) LineText(line int) string {
	if line < 1 || line > len(l.starts) {
		return ""
	}
	return l.text[l.starts[line-1]:l.lineEnd(line-1)]
}

func (l *Lines) clamp(off int) int {
	if off < l.starts[0] {
		return l.starts[0] // before the first line: inside a BOM
	}
	if off > len(l.text) {
		return len(l.text)
	}
	return off
}

// line0 returns the 0-based line holding byte offset off.
func (l *Lines) line0(off int) int {
	return sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
}

// Position converts a byte offset to a 1-based line and character column.
func (l *Lines) Position(off int) Position {
	off = l.clamp(off)
	ln := l.line0(off)
	return Position{Line: ln + 1, Column: utf8.RuneCountInString(l.text[l.starts[ln]:off]) + 1}
}

// Offset converts a 1-based line and character column to a byte offset,
// clamped to the text.
func (l *Lines) Offset(p Position) int {
	if p.Line < 1 {
		return l.starts[0]
	}
	if p.Line > len(l.starts) {
		return len(l.text)
	}
	off := l.starts[p.Line-1]
	end := l.lineEnd(p.Line - 1)
	for col := 1; col < p.Column && off < end; col++ {
		_, size := utf8.DecodeRuneInString(l.text[off:])
		off += size
	}
	return off
}

// UTF16 converts a byte offset to a 0-based line and UTF-16 code unit column.
func (l *Lines) UTF16(off int) (line0, col16 int) {
	off = l.clamp(off)
	line0 = l.line0(off)
	for _, r := range l.text[l.starts[line0]:off] {
		if r >= 0x10000 {
			col16 += 2
		} else {
			col16++
		}
	}
	return line0, col16
}

// OffsetUTF16 converts a 0-based line and UTF-16 column to a byte offset.
// A column past the end of the line clamps to the line end, as the LSP asks.
func (l *Lines) OffsetUTF16(line0, col16 int) int {
	if line0 < 0 {
		return l.starts[0]
	}
	if line0 >= len(l.starts) {
		return len(l.text)
	}
	off := l.starts[line0]
	end := l.lineEnd(line0)
	for units := 0; units < col16 && off < end; {
		r, size := utf8.DecodeRuneInString(l.text[off:])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		off += size
	}
	return off
}

// UTF8 converts a byte offset to a 0-based line and byte column.
func (l *Lines) UTF8(off int) (line0, col8 int) {
	off = l.clamp(off)
	line0 = l.line0(off)
	return line0, off - l.starts[line0]
}

// OffsetUTF8 converts a 0-based line and byte column to a byte offset.
func (l *Lines) OffsetUTF8(line0, col8 int) int {
	if line0 < 0 {
		return l.starts[0]
	}
	if line0 >= len(l.starts) {
		return len(l.text)
	}
	off := l.starts[line0] + col8
	if end := l.lineEnd(line0); off > end {
		off = end
	}
	return off
}

// String renders the position as "line:column".
func (p Position) String() string { return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column) }
