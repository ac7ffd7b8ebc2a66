package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchmarkCheckJSON runs `sqlreview check --format json` over pg-regress
// with the given config, output discarded: the engine plus the report.
func benchmarkCheckJSON(b *testing.B, cfg string) {
	dir := b.TempDir()
	cfgPath := filepath.Join(dir, ".sqlreview.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		b.Fatal(err)
	}
	regress := filepath.Join("..", "..", "..", "shared", "corpus", "pg-regress")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := run([]string{"check", "--config", cfgPath, "--format", "json", "--fail-on", "never", regress}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkCheckJSONFoundation and BenchmarkCheckJSONAll compare the
// foundation's 22 rules with every rule on, end to end.
func BenchmarkCheckJSONFoundation(b *testing.B) {
	benchmarkCheckJSON(b, "rules:\n  default: none\n  enable: [require-concurrent-index-creation, require-concurrent-index-deletion, "+
		"ban-concurrent-index-creation-in-transaction, adding-field-with-default, adding-required-field, adding-not-nullable-field, "+
		"adding-foreign-key-constraint, constraint-missing-not-valid, disallowed-unique-constraint, adding-serial-primary-key-field, "+
		"changing-column-type, ban-drop-column, ban-drop-table, ban-drop-database, renaming-column, renaming-table, "+
		"ban-uncommitted-transaction, transaction-nesting, require-where-for-update-delete, require-primary-key, "+
		"prefer-bigint-over-int, prefer-timestamptz]\n")
}

// BenchmarkCheckJSONAll: see BenchmarkCheckJSONFoundation.
func BenchmarkCheckJSONAll(b *testing.B) { benchmarkCheckJSON(b, "rules:\n  default: all\n") }
