package source

import (
	"fmt"
	"testing"

	"github.com/sqlreview/sqlreview/internal/benchsql"
)

// BenchmarkParseCachedEdit is what reading a 5,000-statement file again
// after a one-character edit costs without the previous parse: the split of
// the whole text, every statement but the edited one from the cache.
func BenchmarkParseCachedEdit(b *testing.B) {
	text := benchsql.FiveThousandStatements()
	cache := NewStmtCache(20000)
	ParseCached("m.sql", []byte(text), cache)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edited := text[:len(text)/2] + fmt.Sprint(i%10) + text[len(text)/2:]
		ParseCached("m.sql", []byte(edited), cache)
	}
}

// BenchmarkParseEditedEdit is the same edit read again from the previous
// parse, as the language server does (ParseEdited).
func BenchmarkParseEditedEdit(b *testing.B) {
	text := benchsql.FiveThousandStatements()
	cache := NewStmtCache(20000)
	prev := ParseCached("m.sql", []byte(text), cache)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edited := text[:len(text)/2] + fmt.Sprint(i%10) + text[len(text)/2:]
		prev = ParseEdited("m.sql", []byte(edited), prev, cache)
	}
}
