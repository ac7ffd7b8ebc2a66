package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// benchmarkCheckJSON runs `sqlreview check --format json` over pg-regress
// with a config of bench/rulesets, output discarded: the engine plus the
// report.
func benchmarkCheckJSON(b *testing.B, set string) {
	cfgPath := filepath.Join("..", "..", "bench", "rulesets", set+".yaml")
	regress := shared.Path(b, "corpus", "pg-regress")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := run([]string{"check", "--config", cfgPath, "--format", "json", "--fail-on", "never", regress}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkCheckJSONFoundation and BenchmarkCheckJSONAll compare the
// foundation's 22 rules with every rule on, end to end.
func BenchmarkCheckJSONFoundation(b *testing.B) { benchmarkCheckJSON(b, "foundation") }

// BenchmarkCheckJSONAll: see BenchmarkCheckJSONFoundation.
func BenchmarkCheckJSONAll(b *testing.B) { benchmarkCheckJSON(b, "all") }
