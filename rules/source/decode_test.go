package source

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"go.yaml.in/yaml/v3"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// decodeAgrees fails t unless decodeTree and proto.Unmarshal agree on b:
// both refuse it, or both accept it with proto.Equal trees.
func decodeAgrees(t *testing.T, what string, b []byte) {
	t.Helper()
	want := new(pg_query.ParseResult)
	wantErr := proto.Unmarshal(b, want)
	got, err := decodeTree(b)
	switch {
	case wantErr != nil && err == nil:
		t.Fatalf("%s: proto.Unmarshal refuses (%v), decodeTree accepts", what, wantErr)
	case wantErr == nil && err != nil:
		t.Fatalf("%s: proto.Unmarshal accepts, decodeTree refuses: %v", what, err)
	case wantErr == nil && !proto.Equal(got, want):
		t.Fatalf("%s: trees differ\n got: %v\nwant: %v", what, got, want)
	}
}

// corpusTexts returns the SQL texts of the shared corpus by name: every SQL
// file (pg-regress, the migration histories, Bytebase's) and every Bytebase
// advisor case.
func corpusTexts(t *testing.T) map[string]string {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Fatalf("shared corpus missing at %s: the tests need ../shared next to the project", root)
	}
	texts := map[string]string{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".sql":
			texts[p] = string(data)
		case ".yaml":
			var cases []struct {
				Statement string `yaml:"statement"`
			}
			if yaml.Unmarshal(data, &cases) == nil {
				for i, c := range cases {
					texts[fmt.Sprintf("%s#%d", p, i)] = c.Statement
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// TestDecodeTreeMatchesProtoUnmarshalOnCorpus: for every file of the
// corpus, the generated decoder builds the tree proto.Unmarshal builds
// (positions included), or refuses what it refuses. A file the parser
// refuses whole is taken statement by statement, as Parse does.
func TestDecodeTreeMatchesProtoUnmarshalOnCorpus(t *testing.T) {
	texts := corpusTexts(t)
	trees, stmts := 0, 0
	check := func(name, input string) bool {
		b, err := parseProtobuf(input)
		if err != nil {
			return false
		}
		decodeAgrees(t, name, b)
		if tree, err := decodeTree(b); err == nil {
			trees++
			stmts += len(tree.Stmts)
		}
		return true
	}
	for name, text := range texts {
		if check(name, text) {
			continue
		}
		for _, s := range ParseText(name, text).Statements {
			check(name+":"+s.file.Position(s.Start).String(), s.parseInput())
		}
	}
	if trees < 30000 || stmts < 45000 {
		t.Errorf("only %d trees (%d statements) of the corpus decoded", trees, stmts)
	}
	t.Logf("%d trees, %d statements", trees, stmts)
}

// field returns the number of field name of m's message type.
func field(m proto.Message, name string) protowire.Number {
	return m.ProtoReflect().Descriptor().Fields().ByName(protoreflect.Name(name)).Number()
}

// nestedNodes returns a ParseResult whose statement is levels messages deep
// in all: ParseResult, RawStmt, then Node/A_Expr pairs down to a Node
// holding a ColumnRef (which holds an empty Node in its fields when levels
// is odd).
func nestedNodes(levels int) []byte {
	msg := func(num protowire.Number, content []byte) []byte {
		return protowire.AppendBytes(protowire.AppendTag(nil, num, protowire.BytesType), content)
	}
	inner := protowire.AppendTag(nil, field(&pg_query.ColumnRef{}, "location"), protowire.VarintType)
	inner = protowire.AppendVarint(inner, 7)
	depth := 4 // ParseResult, RawStmt, Node, ColumnRef
	if levels%2 == 1 {
		inner = append(inner, msg(field(&pg_query.ColumnRef{}, "fields"), nil)...)
		depth++
	}
	node := msg(field(&pg_query.Node{}, "column_ref"), inner)
	for ; depth < levels; depth += 2 {
		node = msg(field(&pg_query.Node{}, "a_expr"), msg(field(&pg_query.A_Expr{}, "lexpr"), node))
	}
	raw := msg(field(&pg_query.RawStmt{}, "stmt"), node)
	return msg(field(&pg_query.ParseResult{}, "stmts"), raw)
}

// TestDecodeTreeDepthLimit: as proto.Unmarshal, the decoder takes 10,000
// nested messages and refuses one more with an error.
func TestDecodeTreeDepthLimit(t *testing.T) {
	ok := nestedNodes(maxTreeDepth)
	if err := proto.Unmarshal(ok, new(pg_query.ParseResult)); err != nil {
		t.Fatalf("proto.Unmarshal refuses %d levels: %v", maxTreeDepth, err)
	}
	decodeAgrees(t, "at the limit", ok)
	deep := nestedNodes(maxTreeDepth + 1)
	if err := proto.Unmarshal(deep, new(pg_query.ParseResult)); err == nil {
		t.Fatalf("proto.Unmarshal accepts %d levels", maxTreeDepth+1)
	}
	if _, err := decodeTree(deep); !errors.Is(err, errTooDeep) {
		t.Fatalf("%d levels: err = %v, want errTooDeep", maxTreeDepth+1, err)
	}
}

// decodeSeeds are parse trees to start mutating from.
func decodeSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, sql := range append(fuzzSeeds[:len(fuzzSeeds):len(fuzzSeeds)],
		"SELECT a, b::text, 'x' FROM t JOIN u USING (id) WHERE a > 1.5 AND b IN (1, 2) ORDER BY 1",
		"CREATE INDEX CONCURRENTLY i ON t (lower(a)) WHERE b IS NOT NULL",
		"ALTER TABLE t ADD COLUMN c int DEFAULT 0 NOT NULL, ALTER COLUMN d TYPE bigint USING d::bigint",
		"INSERT INTO t VALUES (1, true, NULL, B'101', X'ff') ON CONFLICT (id) DO UPDATE SET v = excluded.v",
		"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a'",
	) {
		if b, err := parseProtobuf(sql); err == nil {
			out = append(out, b)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d seeds parse", len(out))
	}
	return out
}

// mutate changes b at random: bytes flipped, inserted, dropped, ranges
// repeated or cut, fields with odd wire types or numbers spliced in.
func mutate(rng *rand.Rand, b []byte) []byte {
	b = bytes.Clone(b)
	for k := rng.Intn(3) + 1; k > 0; k-- {
		pos := rng.Intn(len(b) + 1)
		switch rng.Intn(6) {
		case 0:
			if pos < len(b) {
				b[pos] ^= byte(1 << rng.Intn(8))
			}
		case 1:
			b = append(b[:pos], append([]byte{byte(rng.Intn(256))}, b[pos:]...)...)
		case 2:
			if pos < len(b) {
				b = append(b[:pos], b[pos+1:]...)
			}
		case 3:
			end := pos + rng.Intn(len(b)-pos+1)
			b = append(b[:end], append(bytes.Clone(b[pos:end]), b[end:]...)...)
		case 4:
			b = b[:pos]
		case 5:
			field := protowire.AppendTag(nil, protowire.Number(rng.Intn(300)+1), protowire.Type(rng.Intn(6)))
			field = append(field, byte(rng.Intn(4)), byte(rng.Intn(256)), byte(rng.Intn(256)))
			b = append(b[:pos], append(field, b[pos:]...)...)
		}
	}
	return b
}

// TestDecodeTreeMutations runs a deterministic mutation loop in the normal
// test run (FuzzDecodeTree explores further): decodeTree never panics, and
// accepts exactly what proto.Unmarshal accepts, with equal trees.
func TestDecodeTreeMutations(t *testing.T) {
	seeds := decodeSeeds(t)
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		b := mutate(rng, seeds[rng.Intn(len(seeds))])
		decodeAgrees(t, "mutation", b)
	}
}

func FuzzDecodeTree(f *testing.F) {
	for _, b := range decodeSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { decodeAgrees(t, "fuzz input", b) })
}

// TestDecodeTreeWireSemantics: hand-made inputs for each rule of the wire
// format that libpg_query never exercises; each is accepted or refused as
// proto.Unmarshal does, with an equal tree.
func TestDecodeTreeWireSemantics(t *testing.T) {
	tag := func(num protowire.Number, typ protowire.Type) []byte { return protowire.AppendTag(nil, num, typ) }
	msg := func(num protowire.Number, parts ...[]byte) []byte {
		return protowire.AppendBytes(tag(num, protowire.BytesType), bytes.Join(parts, nil))
	}
	varint := func(num protowire.Number, v uint64) []byte {
		return protowire.AppendVarint(tag(num, protowire.VarintType), v)
	}
	str := func(num protowire.Number, s string) []byte {
		return protowire.AppendString(tag(num, protowire.BytesType), s)
	}
	var (
		version   = field(&pg_query.ParseResult{}, "version")
		stmts     = field(&pg_query.ParseResult{}, "stmts")
		stmt      = field(&pg_query.RawStmt{}, "stmt")
		columnRef = field(&pg_query.Node{}, "column_ref")
		aExpr     = field(&pg_query.Node{}, "a_expr")
		strNode   = field(&pg_query.Node{}, "string")
		fields    = field(&pg_query.ColumnRef{}, "fields")
		location  = field(&pg_query.ColumnRef{}, "location")
		sval      = field(&pg_query.String{}, "sval")
		rte       = field(&pg_query.Node{}, "range_tbl_entry")
		rtePerm   = field(&pg_query.Node{}, "rtepermission_info")
		selected  = field(&pg_query.RTEPermissionInfo{}, "selected_cols")
		rteKind   = field(&pg_query.RangeTblEntry{}, "rtekind")
		cost      = field(&pg_query.Node{}, "sub_plan")
		startup   = field(&pg_query.SubPlan{}, "startup_cost")
	)
	inStmt := func(node ...[]byte) []byte { return msg(stmts, msg(stmt, node...)) }
	colRef := func(parts ...[]byte) []byte { return msg(columnRef, parts...) }
	packed := protowire.AppendVarint(protowire.AppendVarint(nil, 3), 1<<40)
	cases := []struct {
		name   string
		in     []byte
		wantOK bool
	}{
		{"empty", nil, true},
		{"last scalar wins", bytes.Join([][]byte{varint(version, 1), varint(version, 170004)}, nil), true},
		{"int32 truncates", varint(version, 1<<33+5), true},
		{"repeated messages append", bytes.Join([][]byte{inStmt(colRef(varint(location, 1))), inStmt(colRef(varint(location, 2)))}, nil), true},
		{"singular messages merge", bytes.Join([][]byte{inStmt(colRef(varint(location, 1))), inStmt()}, nil), true},
		{"same oneof member merges", msg(stmts, msg(stmt, colRef(varint(location, 1))), msg(stmt, colRef(msg(fields)))), true},
		{"other oneof member replaces", msg(stmts, msg(stmt, colRef(varint(location, 1))), msg(stmt, msg(aExpr))), true},
		{"unknown varint field kept", bytes.Join([][]byte{varint(999, 5), varint(version, 1)}, nil), true},
		{"unknown field inside a node kept", inStmt(colRef(varint(77, 1), str(78, "x"))), true},
		{"wrong wire type kept as unknown", bytes.Join([][]byte{str(version, "abc"), protowire.AppendFixed32(tag(stmts, protowire.Fixed32Type), 7)}, nil), true},
		{"unknown group kept", bytes.Join([][]byte{tag(500, protowire.StartGroupType), varint(1, 2), tag(500, protowire.EndGroupType)}, nil), true},
		{"non-minimal unknown tag re-encoded", []byte{0xf8, 0x80, 0x00, 0x01}, true},
		{"enum out of range kept", inStmt(msg(rte, varint(rteKind, 1234))), true},
		{"packed uint64", inStmt(msg(rtePerm, protowire.AppendBytes(tag(selected, protowire.BytesType), packed))), true},
		{"unpacked uint64", inStmt(msg(rtePerm, varint(selected, 9), varint(selected, 10))), true},
		{"double", inStmt(msg(cost, protowire.AppendFixed64(tag(startup, protowire.Fixed64Type), 0x400921fb54442d18))), true},
		{"valid UTF-8 string", inStmt(msg(strNode, str(sval, "é😀"))), true},
		{"invalid UTF-8 string", inStmt(msg(strNode, str(sval, "a\xffb"))), false},
		{"truncated varint", []byte{0x08, 0x80}, false},
		{"length past the end", []byte{0x12, 0x05, 0x0a}, false},
		{"field number 0", []byte{0x00, 0x01}, false},
		{"field number too large", protowire.AppendVarint(protowire.AppendVarint(nil, uint64(protowire.MaxValidNumber+1)<<3), 1), false},
		{"end group at message level", tag(3, protowire.EndGroupType), false},
		{"unterminated group", tag(500, protowire.StartGroupType), false},
		{"reserved wire type", []byte{0x0e, 0x01}, false},
		{"broken packed varint", inStmt(msg(rtePerm, protowire.AppendBytes(tag(selected, protowire.BytesType), []byte{0x80}))), false},
		{"truncated fixed64", inStmt(msg(cost, append(tag(startup, protowire.Fixed64Type), 1, 2, 3))), false},
	}
	for _, c := range cases {
		_, err := decodeTree(c.in)
		if (err == nil) != c.wantOK {
			t.Errorf("%s: err = %v, want ok=%v", c.name, err, c.wantOK)
		}
		decodeAgrees(t, c.name, c.in)
	}
}

// TestDecodeTreeOwnsItsStrings: the tree's strings are copies, not views of
// the input, so the caller may reuse the input buffer.
func TestDecodeTreeOwnsItsStrings(t *testing.T) {
	b, err := parseProtobuf("SELECT 'a literal', \"Quoted\" FROM s.t WHERE c = 'x'")
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeTree(b)
	if err != nil {
		t.Fatal(err)
	}
	want := new(pg_query.ParseResult)
	if err := proto.Unmarshal(bytes.Clone(b), want); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = 'z'
	}
	if !proto.Equal(got, want) {
		t.Fatalf("tree changed with its input: %v", got)
	}
}
