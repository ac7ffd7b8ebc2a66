package source

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

var regress struct {
	once  sync.Once
	trees [][]byte
	stmts int
}

// regressTrees returns the protobuf parse trees of pg-regress as parseAll
// would ask for them (a whole file per call, statement by statement when
// the file has a syntax error) and their number of statements.
func regressTrees(b *testing.B) ([][]byte, int) {
	regress.once.Do(func() { regress.trees, regress.stmts = loadRegressTrees(b) })
	if regress.trees == nil {
		b.Fatal("no pg-regress trees")
	}
	return regress.trees, regress.stmts
}

func loadRegressTrees(b *testing.B) ([][]byte, int) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "pg-regress", "*.sql"))
	if len(files) < 200 {
		b.Fatalf("found only %d pg-regress files", len(files))
	}
	var trees [][]byte
	stmts := 0
	add := func(input string) bool {
		pb, err := parseProtobuf(input)
		if err != nil {
			return false
		}
		tree, err := decodeTree(pb)
		if err != nil {
			return false
		}
		trees = append(trees, pb)
		stmts += len(tree.Stmts)
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
	return trees, stmts
}

// BenchmarkDecodeTree decodes pg-regress's parse trees with the generated
// decoder and with proto.Unmarshal; ns/stmt and allocs/stmt are per
// statement.
func BenchmarkDecodeTree(b *testing.B) {
	trees, stmts := regressTrees(b)
	run := func(b *testing.B, decode func([]byte) error) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for _, pb := range trees {
				if err := decode(pb); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		n := float64(b.N) * float64(stmts)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/stmt")
		b.ReportMetric(float64(testing.AllocsPerRun(1, func() {
			for _, pb := range trees {
				_ = decode(pb)
			}
		}))/float64(stmts), "allocs/stmt")
	}
	b.Run("generated", func(b *testing.B) {
		run(b, func(pb []byte) error { _, err := decodeTree(pb); return err })
	})
	b.Run("proto.Unmarshal", func(b *testing.B) {
		run(b, func(pb []byte) error { return proto.Unmarshal(pb, new(pg_query.ParseResult)) })
	})
}
