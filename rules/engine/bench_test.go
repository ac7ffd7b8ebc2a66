package engine

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/benchsql"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
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

// BenchmarkLintFiveThousand lints the language server's 5,000-statement
// benchmark migration (internal/benchsql) with the default rules, after a
// first file creating its users table: the engine's share of an edit's
// cost. With -cpu 1 it runs the sequential path (one replay), whose time is
// the CPU the rules and the replay take; with 2 CPUs, lintSplit.
func BenchmarkLintFiveThousand(b *testing.B) {
	l, err := NewLinter(config.Default(), Overrides{})
	if err != nil {
		b.Fatal(err)
	}
	l.NoFingerprints = true // as the language server
	before := catalog.New()
	before.ApplyFile(source.ParseText("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n"))
	f := source.ParseText("002_big.sql", benchsql.FiveThousandStatements())
	b.ResetTimer()
	findings := 0
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		findings = len(l.Lint(f, before.Clone(), "002_big.sql"))
	}
	b.ReportMetric(float64(findings), "findings")
	// The process's CPU time, less sensitive than wall time to what else
	// runs on the machine.
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReplayFiveThousand replays the 5,000-statement migration into
// the catalog alone: what each of lintSplit's two replays costs.
func BenchmarkReplayFiveThousand(b *testing.B) {
	before := catalog.New()
	before.ApplyFile(source.ParseText("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n"))
	f := source.ParseText("002_big.sql", benchsql.FiveThousandStatements())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before.Clone().ApplyFile(f)
	}
}
