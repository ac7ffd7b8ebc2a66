package source

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParseCachedEdit is what the language server pays to read a
// 5,000-statement file again after a one-character edit: the split of the
// whole text, every statement but the edited one from the cache.
func BenchmarkParseCachedEdit(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 5000; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&sb, "CREATE TABLE t%d (id bigint PRIMARY KEY, v text);\n", i)
		case 1:
			fmt.Fprintf(&sb, "CREATE INDEX i%d ON users (c%d);\n", i, i)
		case 2:
			fmt.Fprintf(&sb, "ALTER TABLE users ADD COLUMN c%d int;\n", i)
		default:
			fmt.Fprintf(&sb, "UPDATE users SET c%d = 2 WHERE id = %d;\n", i-1, i)
		}
	}
	text := sb.String()
	cache := NewStmtCache(20000)
	ParseCached("m.sql", []byte(text), cache)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edited := text[:len(text)/2] + fmt.Sprint(i%10) + text[len(text)/2:]
		ParseCached("m.sql", []byte(edited), cache)
	}
}
