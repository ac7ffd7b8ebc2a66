package source

import (
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

var regressTrees struct {
	once       sync.Once
	json       []string
	protobufs  [][]byte
	statements int
}

// regressJSONTrees returns pg-regress's parse trees as libpg_query writes
// them, in JSON and in protobuf, for the inputs parseSQL gets (see
// regressParseInputs), and their number of statements.
func regressJSONTrees(b *testing.B) ([]string, [][]byte, int) {
	inputs, stmts := regressParseInputs(b)
	regressTrees.once.Do(func() {
		for _, in := range inputs {
			j, err := parseJSON(in)
			if err != nil {
				b.Fatal(err)
			}
			tree, err := decodeTree(j)
			if err != nil {
				b.Fatal(err)
			}
			pb, err := proto.Marshal(tree)
			if err != nil {
				b.Fatal(err)
			}
			regressTrees.json = append(regressTrees.json, j)
			regressTrees.protobufs = append(regressTrees.protobufs, pb)
		}
		regressTrees.statements = stmts
	})
	return regressTrees.json, regressTrees.protobufs, regressTrees.statements
}

// perStatement runs each(i) for every tree i of n per iteration and
// reports ns/stmt and allocs/stmt over stmts statements.
func perStatement(b *testing.B, n, stmts int, each func(i int) error) {
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range n {
			if err := each(i); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(float64(b.N)*float64(stmts)), "ns/stmt")
	b.ReportMetric(testing.AllocsPerRun(1, func() {
		for i := range n {
			_ = each(i)
		}
	})/float64(stmts), "allocs/stmt")
}

// BenchmarkDecodeTree decodes pg-regress's parse trees: the generated
// decoder from libpg_query's JSON, protojson.Unmarshal from the same JSON,
// and proto.Unmarshal (what pg_query.Parse does) from the same trees in
// protobuf.
func BenchmarkDecodeTree(b *testing.B) {
	trees, protobufs, stmts := regressJSONTrees(b)
	b.Run("generated", func(b *testing.B) {
		perStatement(b, len(trees), stmts, func(i int) error { _, err := decodeTree(trees[i]); return err })
	})
	b.Run("proto.Unmarshal", func(b *testing.B) {
		perStatement(b, len(protobufs), stmts, func(i int) error { return proto.Unmarshal(protobufs[i], new(pg_query.ParseResult)) })
	})
}

// BenchmarkJSONTokenize compares decode.go's scanner with a library
// tokenizer (jsontext.Decoder, from the JSON library the project already
// uses), each reading every token of pg-regress's JSON trees and building
// nothing, and with the generated decoder building the trees: the figures
// behind decode.go's own scanner.
func BenchmarkJSONTokenize(b *testing.B) {
	trees, _, stmts := regressJSONTrees(b)
	b.Run("scanner", func(b *testing.B) {
		text := make([]byte, 0, 1<<20)
		var sc scratch
		perStatement(b, len(trees), stmts, func(i int) error {
			d := decoder{in: trees[i], text: text, scratch: &sc}
			scanValue(&d, maxTreeDepth)
			return d.err
		})
	})
	b.Run("jsontext.ReadToken", func(b *testing.B) {
		var r strings.Reader
		dec := jsontext.NewDecoder(&r)
		perStatement(b, len(trees), stmts, func(i int) error {
			r.Reset(trees[i])
			dec.Reset(&r)
			for {
				if _, err := dec.ReadToken(); err == io.EOF {
					return nil
				} else if err != nil {
					return err
				}
			}
		})
	})
	b.Run("decodeTree", func(b *testing.B) {
		perStatement(b, len(trees), stmts, func(i int) error { _, err := decodeTree(trees[i]); return err })
	})
}

// scanValue reads any JSON value libpg_query writes with the decoder's
// scanner, keeping nothing (strings go to the decoder's text blocks, which
// are reused).
func scanValue(d *decoder, depth int) {
	switch d.peek() {
	case '{':
		for ok := d.open(&depth); ok; ok = d.next() {
			d.key()
			scanValue(d, depth)
		}
	case '[':
		for ok := d.openArray(); ok; ok = d.nextElem() {
			scanValue(d, depth)
		}
	case '"':
		d.str()
		d.text = d.text[:0]
	case 't', 'f':
		d.bool()
	default:
		d.integer()
	}
}
