package pgutil

import "testing"

func TestQuoteLiteralBothSettings(t *testing.T) {
	for in, want := range map[string]string{`abc`: `'abc'`, `it's`: `'it''s'`, `we\ird`: `E'we\\ird'`, `a\'b`: `E'a\\''b'`} {
		if got := QuoteLiteral(in); got != want {
			t.Errorf("QuoteLiteral(%q) = %s, want %s", in, got, want)
		}
	}
}
