package report

import (
	"strconv"
	"unicode/utf8"

	"github.com/sqlreview/sqlreview/rules/source"
)

// appendFinding appends f as json.MarshalIndent(f, "    ", "  ") writes it.
// Reports with tens of thousands of findings spent most of their output
// time in reflection and re-indenting; TestJSONMatchesWholeEncoding and
// FuzzAppendJSONString hold this to encoding/json's bytes.
func appendFinding(b []byte, f *JSONFinding) []byte {
	const in = "\n      "
	b = append(b, '{')
	b = append(b, in+`"path": `...)
	b = appendJSONString(b, f.Path)
	b = append(b, ","+in+`"rule": `...)
	b = appendJSONString(b, f.Rule)
	b = append(b, ","+in+`"code": `...)
	b = appendJSONString(b, f.Code)
	b = append(b, ","+in+`"severity": `...)
	b = appendJSONString(b, f.Severity)
	b = append(b, ","+in+`"message": `...)
	b = appendJSONString(b, f.Message)
	b = append(b, ","+in+`"start": `...)
	b = appendPosition(b, f.Start, in)
	b = append(b, ","+in+`"end": `...)
	b = appendPosition(b, f.End, in)
	b = append(b, ","+in+`"suppressed": `...)
	b = strconv.AppendBool(b, f.Suppressed)
	if f.SuppressionReason != "" {
		b = append(b, ","+in+`"suppressionReason": `...)
		b = appendJSONString(b, f.SuppressionReason)
	}
	b = append(b, ","+in+`"fingerprint": `...)
	b = appendJSONString(b, f.Fingerprint)
	if f.Fix != nil {
		b = append(b, ","+in+`"fix": `...)
		b = appendFix(b, f.Fix)
	}
	return append(b, "\n    }"...)
}

// appendFix appends a finding's fix as appendFinding's field.
func appendFix(b []byte, fix *JSONFix) []byte {
	const in, edit, field = "\n        ", "\n          ", "\n            "
	b = append(b, "{"+in+`"title": `...)
	b = appendJSONString(b, fix.Title)
	b = append(b, ","+in+`"safe": `...)
	b = strconv.AppendBool(b, fix.Safe)
	b = append(b, ","+in+`"edits": `...)
	switch {
	case fix.Edits == nil:
		b = append(b, "null"...)
	case len(fix.Edits) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i := range fix.Edits {
			e := &fix.Edits[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, edit+"{"+field+`"start": `...)
			b = appendPosition(b, e.Start, field)
			b = append(b, ","+field+`"end": `...)
			b = appendPosition(b, e.End, field)
			b = append(b, ","+field+`"newText": `...)
			b = appendJSONString(b, e.NewText)
			b = append(b, edit+"}"...)
		}
		b = append(b, in+"]"...)
	}
	return append(b, "\n      }"...)
}

// appendPosition appends p as an object nested at indent in.
func appendPosition(b []byte, p source.Position, in string) []byte {
	b = append(b, '{')
	b = append(b, in...)
	b = append(b, `  "line": `...)
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ',')
	b = append(b, in...)
	b = append(b, `  "column": `...)
	b = strconv.AppendInt(b, int64(p.Column), 10)
	b = append(b, in...)
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes encoding/json writes as they are (with
// its HTML escaping on).
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString appends s quoted as encoding/json quotes strings: HTML
// characters, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
