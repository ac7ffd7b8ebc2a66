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

// BenchmarkParseSQL is parseSQL over pg-regress (the nesting guard,
// libpg_query's JSON output, the generated decoder), libpg_query's part of
// it alone (parseJSON), and pg_query.Parse (libpg_query's protobuf output
// and proto.Unmarshal). µs/stmt and allocs/stmt are per statement.
func BenchmarkParseSQL(b *testing.B) {
	inputs, stmts := regressParseInputs(b)
	run := func(b *testing.B, parse func(string) error) {
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			for _, in := range inputs {
				if err := parse(in); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/(float64(b.N)*float64(stmts)), "µs/stmt")
		b.ReportMetric(testing.AllocsPerRun(1, func() {
			for _, in := range inputs {
				_ = parse(in)
			}
		})/float64(stmts), "allocs/stmt")
	}
	b.Run("parseSQL", func(b *testing.B) {
		run(b, func(in string) error { _, err := parseSQL(in); return err })
	})
	b.Run("parseJSON", func(b *testing.B) {
		run(b, func(in string) error { _, err := parseJSON(in); return err })
	})
	b.Run("pg_query.Parse", func(b *testing.B) {
		run(b, func(in string) error { _, err := parseWithProtobuf(in); return err })
	})
}
