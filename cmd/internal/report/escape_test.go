package report

import (
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, tab\tand é":             "plain text, tab\tand é",
		"a\r\nb":                             `a\r\nb`,
		"\x1b[2Kerased":                      `\x1b[2Kerased`,
		"bell\x07 del\x7f c1\u009b":          `bell\x07 del\x7f c1\x9b`,
		"rtl \u202eoverride\u2066":           `rtl \u202eoverride\u2066`,
		"\n##vso[task.complete result=x]":    `\n#\x23vso[task.complete result=x]`,
		"##VSO[ ##[group] ## [ok] #[ok] ###": `#\x23VSO[ #\x23[group] ## [ok] #[ok] ###`,
		"bad utf-8 \xff":                     `bad utf-8 \xff`,
		"x::int casts stay":                  "x::int casts stay",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q; want %q", in, got, want)
		}
	}
	if got := EscapeLineStart("::error::x.sql"); got != `\x3a:error::x.sql` {
		t.Errorf("EscapeLineStart = %q", got)
	}
	if got := escapeCommandData("a\r\n\x1b##vso[x]"); got != "a\r\n\\x1b##vso[x]" {
		t.Errorf("escapeCommandData = %q", got)
	}
}

// TestGuard writes byte by byte, so every prefix is split across writes.
func TestGuard(t *testing.T) {
	const in = "::error::a\n  ::warning::b x::int\n##vso[task.complete]\nok ##[group] ##Vso[x]\n\"##vso[\"\n"
	for format, want := range map[string]string{
		"text":   "\\x3a:error::a\n  \\x3a:warning::b x::int\n#\\x23vso[task.complete]\nok #\\x23[group] #\\x23Vso[x]\n\"#\\x23vso[\"\n",
		"json":   "::error::a\n  ::warning::b x::int\n#\\u0023vso[task.complete]\nok #\\u0023[group] #\\u0023Vso[x]\n\"#\\u0023vso[\"\n",
		"junit":  "::error::a\n  ::warning::b x::int\n#&#35;vso[task.complete]\nok #&#35;[group] #&#35;Vso[x]\n\"#&#35;vso[\"\n",
		"github": "::error::a\n  ::warning::b x::int\n#\\x23vso[task.complete]\nok #\\x23[group] #\\x23Vso[x]\n\"#\\x23vso[\"\n",
		"azure":  "\\x3a:error::a\n  \\x3a:warning::b x::int\n##vso[task.complete]\nok #\\x23[group] #\\x23Vso[x]\n\"#\\x23vso[\"\n",
	} {
		var b strings.Builder
		g := NewGuard(&b, format)
		for i := 0; i < len(in); i++ {
			g.Write([]byte{in[i]})
		}
		if err := g.Close(); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s:\ngot  %q\nwant %q", format, b.String(), want)
		}
		b.Reset()
		g = NewGuard(&b, format)
		g.Write([]byte(in))
		g.Close()
		if b.String() != want {
			t.Errorf("%s, one write:\ngot  %q\nwant %q", format, b.String(), want)
		}
	}
}

// TestGuardChunking: random text full of prefixes and their pieces comes
// out the same whether it is written byte by byte or in random chunks, in
// every format (the guard copies the bytes between newlines and '#'s in
// bulk, and a prefix may be split anywhere).
func TestGuardChunking(t *testing.T) {
	pieces := []string{"#", "##", "##[", "##vso[", "##VSO[", ":", "::", "\n", " ", "\t", "x", "vso[", "[", "\x1b", "\r", "é", "\u202e", "\xff", "\"abc\""}
	rng := rand.New(rand.NewPCG(7, 15))
	guards := map[string]func(io.Writer) *Guard{"text progress": NewTextGuard}
	for _, format := range []string{"text", "json", "junit", "github", "azure"} {
		guards[format] = func(w io.Writer) *Guard { return NewGuard(w, format) }
	}
	for round := 0; round < 300; round++ {
		var in strings.Builder
		for n := rng.IntN(200); n > 0; n-- {
			in.WriteString(pieces[rng.IntN(len(pieces))])
		}
		for name, newGuard := range guards {
			var byByte, chunked strings.Builder
			g := newGuard(&byByte)
			for i := 0; i < in.Len(); i++ {
				g.Write([]byte{in.String()[i]})
			}
			g.Close()
			g = newGuard(&chunked)
			for rest := in.String(); rest != ""; {
				n := min(len(rest), 1+rng.IntN(40))
				g.Write([]byte(rest[:n]))
				rest = rest[n:]
			}
			g.Close()
			if byByte.String() != chunked.String() {
				t.Fatalf("%s, input %q:\nbyte by byte %q\nchunked      %q", name, in.String(), byByte.String(), chunked.String())
			}
			// github and azure pass their own command lines.
			if out := strings.ToLower(chunked.String()); name != "github" && name != "azure" && (strings.Contains(out, "##[") || strings.Contains(out, "##vso[")) {
				t.Fatalf("%s: a command prefix got through: %q", name, chunked.String())
			}
		}
	}
}

// TestTextGuard: a progress stream written byte by byte comes out with its
// control characters escaped, its newlines kept and no command line.
func TestTextGuard(t *testing.T) {
	const in = "applying 001_x\x1b[2K\r.sql (\u00e9\u202e\u0085)\t\n::error::x\n  [1/2] ##vso[task.complete]\npartial #"
	const want = "applying 001_x\\x1b[2K\\r.sql (\u00e9\\u202e\\x85)\t\n\\x3a:error::x\n  [1/2] #\\x23vso[task.complete]\npartial #"
	var b strings.Builder
	g := NewTextGuard(&b)
	for i := 0; i < len(in); i++ {
		g.Write([]byte{in[i]})
	}
	if got := b.String(); got != strings.TrimSuffix(want, "#") {
		t.Errorf("before Close:\ngot  %q\nwant %q", got, strings.TrimSuffix(want, "#"))
	}
	g.Close()
	if got := b.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
