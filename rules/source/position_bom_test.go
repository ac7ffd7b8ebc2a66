package source

import "testing"

// A leading byte order mark takes no column in any unit: the LSP (UTF-16,
// UTF-8) and the CLI (characters) see the first line as an editor shows it.
func TestLinesBOM(t *testing.T) {
	text := "\uFEFFALTER TABLE t;\nSELECT 1;\n"
	l := NewLines(text)
	drop := len("\uFEFF") + len("ALTER ")
	if p := l.Position(drop); p != (Position{1, 7}) {
		t.Errorf("Position = %+v, want 1:7", p)
	}
	if ln, c := l.UTF16(drop); ln != 0 || c != 6 {
		t.Errorf("UTF16 = %d:%d, want 0:6", ln, c)
	}
	if ln, c := l.UTF8(drop); ln != 0 || c != 6 {
		t.Errorf("UTF8 = %d:%d, want 0:6", ln, c)
	}
	if off := l.OffsetUTF16(0, 6); off != drop {
		t.Errorf("OffsetUTF16(0, 6) = %d, want %d", off, drop)
	}
	if off := l.Offset(Position{1, 1}); off != len("\uFEFF") {
		t.Errorf("Offset(1:1) = %d, want just after the BOM", off)
	}
	if got := l.LineText(1); got != "ALTER TABLE t;" {
		t.Errorf("LineText(1) = %q", got)
	}
	// Offsets inside the mark clamp to the start of the first line.
	if p := l.Position(1); p != (Position{1, 1}) {
		t.Errorf("Position(1) = %+v, want 1:1", p)
	}
	if p := l.Position(len(text) - 1); p != (Position{2, 10}) {
		t.Errorf("second line: %+v", p)
	}
}
