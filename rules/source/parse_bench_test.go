package source

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sqlreview/sqlreview/internal/shared"
)

var regressInputs struct {
	once   sync.Once
	inputs []string
	stmts  int
}

// regressParseInputs returns pg-regress as parseAll hands it to parseSQL (a
// whole file per call, statement by statement when the file has a syntax
// error), only the inputs that parse, and their number of statements.
func regressParseInputs(b *testing.B) ([]string, int) {
	dir := shared.Path(b, "corpus", "pg-regress")
	regressInputs.once.Do(func() {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
		add := func(input string) bool {
			tree, err := parseSQL(input)
			if err != nil {
				return false
			}
			regressInputs.inputs = append(regressInputs.inputs, input)
			regressInputs.stmts += len(tree.Stmts)
			return true
		}
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			if add(string(data)) {
				continue
			}
			for _, s := range ParseText(p, string(data)).Statements {
				add(s.parseInput())
			}
		}
	})
	if regressInputs.stmts < 40000 {
		b.Fatalf("only %d pg-regress statements parse", regressInputs.stmts)
	}
	return regressInputs.inputs, regressInputs.stmts
}

// BenchmarkParseSQL is parseSQL over pg-regress: the nesting guard,
// libpg_query and the decoding into pg_query_go's structs. µs/stmt and
// allocs/stmt are per statement.
func BenchmarkParseSQL(b *testing.B) {
	inputs, stmts := regressParseInputs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, in := range inputs {
			if _, err := parseSQL(in); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/(float64(b.N)*float64(stmts)), "µs/stmt")
	b.ReportMetric(testing.AllocsPerRun(1, func() {
		for _, in := range inputs {
			_, _ = parseSQL(in)
		}
	})/float64(stmts), "allocs/stmt")
}
