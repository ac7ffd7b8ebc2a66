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
