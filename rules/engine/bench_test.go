package engine

import (
	"os"
	"path/filepath"
	"strings"
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

// foundationRules are the 22 safety rules the foundation shipped with; the
// rule catalogue's target is that every rule on costs at most 1.5× these.
var foundationRules = []string{
	"require-concurrent-index-creation", "require-concurrent-index-deletion",
	"ban-concurrent-index-creation-in-transaction", "adding-field-with-default", "adding-required-field",
	"adding-not-nullable-field", "adding-foreign-key-constraint", "constraint-missing-not-valid",
	"disallowed-unique-constraint", "adding-serial-primary-key-field", "changing-column-type",
	"ban-drop-column", "ban-drop-table", "ban-drop-database", "renaming-column", "renaming-table",
	"ban-uncommitted-transaction", "transaction-nesting", "require-where-for-update-delete",
	"require-primary-key", "prefer-bigint-over-int", "prefer-timestamptz",
}

// benchmarkRuleSet checks pg-regress with a config whose rules.default is
// def plus the enabled rules.
func benchmarkRuleSet(b *testing.B, def string, enable []string) {
	dir := b.TempDir()
	cfg := "rules:\n  default: " + def + "\n"
	if len(enable) > 0 {
		cfg += "  enable: [" + strings.Join(enable, ", ") + "]\n"
	}
	cfgPath := filepath.Join(dir, ".sqlreview.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		b.Fatal(err)
	}
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
// the foundation's 22 rules with every rule on, over pg-regress.
func BenchmarkRuleSetFoundation(b *testing.B) { benchmarkRuleSet(b, "none", foundationRules) }

// BenchmarkRuleSetAll: see BenchmarkRuleSetFoundation.
func BenchmarkRuleSetAll(b *testing.B) { benchmarkRuleSet(b, "all", nil) }
