package engine

import (
	"os"
	"path/filepath"
	"testing"
)

func benchmarkCheck(b *testing.B, dirs ...string) {
	var bytes int64
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(d, "*.sql"))
		for _, f := range files {
			if st, err := os.Stat(f); err == nil {
				bytes += st.Size()
			}
		}
	}
	b.ResetTimer()
	stmts := 0
	for i := 0; i < b.N; i++ {
		res, err := Check(dirs, Options{})
		if err != nil {
			b.Fatal(err)
		}
		stmts = res.Statements
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(stmts)/sec, "statements/s")
	b.ReportMetric(float64(bytes)/1e6/sec, "MB/s")
}

// BenchmarkCheckRegress checks PostgreSQL's regression SQL (one directory,
// 223 files, ~44k statements) end to end.
func BenchmarkCheckRegress(b *testing.B) {
	benchmarkCheck(b, corpusDir(b, "pg-regress"))
}

// BenchmarkCheckMigrations checks the four migration histories.
func BenchmarkCheckMigrations(b *testing.B) {
	root := corpusDir(b, "migrations")
	benchmarkCheck(b, filepath.Join(root, "concourse"), filepath.Join(root, "openmeter"),
		filepath.Join(root, "ory-kratos"), filepath.Join(root, "trigger-dev"))
}

// benchmarkRuleSet checks pg-regress with one of the configs in
// bench/rulesets.
func benchmarkRuleSet(b *testing.B, set string) {
	cfgPath := filepath.Join("..", "..", "bench", "rulesets", set+".yaml")
	regress := corpusDir(b, "pg-regress")
	findings := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Check([]string{regress}, Options{ConfigPath: cfgPath})
		if err != nil {
			b.Fatal(err)
		}
		findings = len(res.Findings)
	}
	b.ReportMetric(float64(findings), "findings")
}

// BenchmarkRuleSetFoundation and BenchmarkRuleSetAll compare the cost of
// the foundation's 22 rules with every rule on, over pg-regress (bench/run
// does the same end to end).
func BenchmarkRuleSetFoundation(b *testing.B) { benchmarkRuleSet(b, "foundation") }

// BenchmarkRuleSetAll: see BenchmarkRuleSetFoundation.
func BenchmarkRuleSetAll(b *testing.B) { benchmarkRuleSet(b, "all") }

// BenchmarkRuleSetNone: the parse, replay and report path alone.
func BenchmarkRuleSetNone(b *testing.B) { benchmarkRuleSet(b, "none") }
