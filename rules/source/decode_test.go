package source

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unsafe"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"go.yaml.in/yaml/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// parsesAlike compares parseSQL with pg_query.Parse (libpg_query's protobuf
// output and proto.Unmarshal) on input: both refuse it with the same error,
// or both accept it with proto.Equal trees. It returns a description of the
// first difference, "" when there is none, and whether input parsed.
func parsesAlike(input string) (diff string, parsed bool) {
	got, err := parseSQL(input)
	want, wantErr := parseWithProtobuf(input)
	switch {
	case wantErr != nil && err == nil:
		return fmt.Sprintf("pg_query.Parse refuses (%v), parseSQL accepts", wantErr), false
	case wantErr == nil && err != nil:
		return fmt.Sprintf("pg_query.Parse accepts, parseSQL refuses: %v", err), false
	case wantErr != nil:
		// Both refuse: with libpg_query's error, or both on a string
		// that is not UTF-8 (which only proto.Unmarshal's error names).
		if errors.Is(err, errInvalidUTF8) && strings.Contains(wantErr.Error(), "invalid UTF-8") || err.Error() == wantErr.Error() {
			return "", false
		}
		return fmt.Sprintf("errors differ: parseSQL %q, pg_query.Parse %q", err, wantErr), false
	case proto.Equal(got, want):
		return "", true
	}
	if len(got.Stmts) != len(want.Stmts) || got.Version != want.Version {
		return fmt.Sprintf("%d statements, version %d; pg_query.Parse: %d, %d", len(got.Stmts), got.Version, len(want.Stmts), want.Version), true
	}
	for i := range got.Stmts {
		if !proto.Equal(got.Stmts[i], want.Stmts[i]) {
			w := want.Stmts[i]
			stmt := input[min(int(w.StmtLocation), len(input)):]
			if w.StmtLen > 0 && int(w.StmtLen) <= len(stmt) {
				stmt = stmt[:w.StmtLen]
			}
			return fmt.Sprintf("statement %d differs: %.300q\n got: %.3000s\nwant: %.3000s", i+1, stmt,
				prototext.Format(got.Stmts[i]), prototext.Format(w)), true
		}
	}
	return "trees differ outside their statements", true
}

// corpusTexts returns the SQL texts of the shared corpus by name: every SQL
// file (pg-regress, the migration histories, Bytebase's) and every Bytebase
// advisor case.
func corpusTexts(t *testing.T) map[string]string {
	root := shared.Path(t, "corpus")
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

// TestDecodeTreeMatchesParseOnCorpus: for every file of the corpus, and
// every statement of a file the parser refuses whole (as parseAll then
// parses them), parseSQL builds the tree pg_query.Parse builds, positions
// included, or refuses it with the same error. The first difference is
// reported with its statement.
func TestDecodeTreeMatchesParseOnCorpus(t *testing.T) {
	texts := corpusTexts(t)
	names := make([]string, 0, len(texts))
	for name := range texts {
		names = append(names, name)
	}
	sort.Strings(names)
	trees, stmts := 0, 0
	check := func(name, input string) bool {
		diff, parsed := parsesAlike(input)
		if diff != "" {
			t.Fatalf("%s: %s", name, diff)
		}
		if parsed {
			tree, _ := parseSQL(input)
			trees++
			stmts += len(tree.Stmts)
		}
		return parsed
	}
	for _, name := range names {
		if check(name, texts[name]) {
			continue
		}
		for _, s := range ParseText(name, texts[name]).Statements {
			check(name+":"+s.file.Position(s.Start).String(), s.parseInput())
		}
	}
	if trees < 30000 || stmts < 45000 {
		t.Errorf("only %d trees (%d statements) of the corpus decoded", trees, stmts)
	}
	t.Logf("%d trees, %d statements", trees, stmts)
}

// TestDecodeTreeMatchesParseOnEdgeCases: what libpg_query writes for
// escapes, non-ASCII text, every kind of constant, enums, extreme numbers,
// NULL list elements and errors decodes as pg_query.Parse decodes it.
func TestDecodeTreeMatchesParseOnEdgeCases(t *testing.T) {
	for _, sql := range []string{
		`SELECT 'quote '' " backslash \ slash / <tag> & é 😀 日本', E'\t\n\r\b\f\x01\x1f\\', "Quoted ""id"" <x>"`,
		`SELECT U&'\0041\+01F600', $tag$ $$ "x" \n $tag$`,
		`SELECT 0, -0, 1, -1, 2147483647, -2147483648, 2147483648, 9223372036854775807, 99999999999999999999999, 1.5, -1.5e10, .5, 0x1F, 1_000`,
		`SELECT true, false, NULL, B'1010', X'ff', ''::text, 'a'::varchar(10)[]`,
		`SELECT a FROM t ORDER BY a DESC NULLS FIRST, b USING < NULLS LAST`,
		`FETCH ALL FROM c; FETCH BACKWARD 5 FROM c; FETCH FORWARD 9223372036854775807 FROM c`,
		`SELECT $1, $2::int, a[1:2], a[:], (a).b.*, ROW(1, NULL), ARRAY[[1],[2]], '{}'::int[]`,
		`CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY, b int REFERENCES u ON DELETE SET NULL ON UPDATE CASCADE MATCH FULL, c text COLLATE "C" STORAGE EXTERNAL)`,
		`INSERT INTO t VALUES (DEFAULT), (1) ON CONFLICT DO NOTHING`,
		`GRANT SELECT (a, b) ON t TO PUBLIC WITH GRANT OPTION`,
		`SELECT E'\xff'`,
		`SELECT E'caf\xc3\xa9'`,
		`SELECT 'unterminated`,
		`SELEC 1`,
		``,
		`;;`,
		`-- only a comment`,
	} {
		if diff, _ := parsesAlike(sql); diff != "" {
			t.Errorf("%q: %s", sql, diff)
		}
	}
}

// nestedJSON returns a ParseResult whose statement is levels messages deep
// in all: ParseResult, RawStmt, then Node/A_Expr pairs down to a Node
// holding a ColumnRef (which holds an empty Node when levels is odd).
func nestedJSON(levels int) string {
	inner := `{"ColumnRef":{"location":7}}`
	depth := 4 // ParseResult, RawStmt, Node, ColumnRef
	if levels%2 == 1 {
		inner = `{"ColumnRef":{"fields":[{}],"location":7}}`
		depth++
	}
	var b strings.Builder
	b.WriteString(`{"version":170007,"stmts":[{"stmt":`)
	pairs := (levels - depth) / 2
	for i := 0; i < pairs; i++ {
		b.WriteString(`{"A_Expr":{"kind":"AEXPR_OP","lexpr":`)
	}
	b.WriteString(inner)
	b.WriteString(strings.Repeat(`}}`, pairs))
	b.WriteString(`}]}`)
	return b.String()
}

// TestDecodeTreeDepthLimit: as proto.Unmarshal and protojson, the decoder
// takes 10,000 nested messages and refuses one more with errTooDeep.
func TestDecodeTreeDepthLimit(t *testing.T) {
	for _, levels := range []int{maxTreeDepth - 1, maxTreeDepth} {
		in := nestedJSON(levels)
		tree, err := decodeTree(in)
		if err != nil {
			t.Fatalf("%d levels: %v", levels, err)
		}
		if d := messageDepth(tree.ProtoReflect(), 2*maxTreeDepth); d != levels {
			t.Fatalf("%d levels decoded as %d", levels, d)
		}
		jsonAgrees(t, fmt.Sprint(levels, " levels"), in)
	}
	deep := nestedJSON(maxTreeDepth + 1)
	if err := protojson.Unmarshal([]byte(deep), new(pg_query.ParseResult)); err == nil {
		t.Fatalf("protojson accepts %d levels", maxTreeDepth+1)
	}
	if _, err := decodeTree(deep); !errors.Is(err, errTooDeep) {
		t.Fatalf("%d levels: err = %v, want errTooDeep", maxTreeDepth+1, err)
	}
}

// jsonAgrees fails t unless what decodeTree accepts, protojson.Unmarshal
// accepts too, with a proto.Equal tree. (decodeTree reads a subset of what
// protojson does: it refuses null for a message, escaped keys, numbers
// written as strings or with a fraction, and enums written as numbers.)
func jsonAgrees(t *testing.T, what, in string) {
	t.Helper()
	got, err := decodeTree(in)
	if err != nil {
		return
	}
	want := new(pg_query.ParseResult)
	if err := protojson.Unmarshal([]byte(in), want); err != nil {
		t.Fatalf("%s: decodeTree accepts, protojson refuses (%v): %.500q", what, err, in)
	}
	if !proto.Equal(got, want) {
		t.Fatalf("%s: trees differ from protojson's for %.500q\n got: %v\nwant: %v", what, in, got, want)
	}
}

// TestDecodeTreeJSON: hand-written JSON for each rule of the decoding,
// with the tree or the error it must give.
func TestDecodeTreeJSON(t *testing.T) {
	stmt := func(node string) string { return `{"version":170007,"stmts":[{"stmt":` + node + `}]}` }
	sval := func(lit string) string { return stmt(`{"String":{"sval":` + lit + `}}`) }
	str := func(s string) *pg_query.Node { return pg_query.MakeStrNode(s) }
	wrap := func(n *pg_query.Node) *pg_query.ParseResult {
		return &pg_query.ParseResult{Version: 170007, Stmts: []*pg_query.RawStmt{{Stmt: n}}}
	}
	aConst := func(c *pg_query.A_Const) *pg_query.ParseResult {
		return wrap(&pg_query.Node{Node: &pg_query.Node_AConst{AConst: c}})
	}
	fetch := func(howMany int64) *pg_query.ParseResult {
		return wrap(&pg_query.Node{Node: &pg_query.Node_FetchStmt{FetchStmt: &pg_query.FetchStmt{Direction: pg_query.FetchDirection_FETCH_FORWARD, HowMany: howMany}}})
	}
	var (
		errUnknownField = errors.New("unknown field")
		errUnknownEnum  = errors.New("unknown SortByDir value")
	)
	cases := []struct {
		name string
		in   string
		want *pg_query.ParseResult
		err  error
	}{
		{"empty result", `{"version":170007,"stmts":[]}`, &pg_query.ParseResult{Version: 170007}, nil},
		{"no fields", `{}`, &pg_query.ParseResult{}, nil},
		{"whitespace", " {\n\t\"version\" : 1 ,\r\"stmts\" : [ ] } ", &pg_query.ParseResult{Version: 1}, nil},
		{"simple escapes", sval(`"q\"b\\s\/\b\f\n\r\t."`), wrap(str("q\"b\\s/\b\f\n\r\t.")), nil},
		{"\\u escapes", sval(`"\u003c\u003E\u0001\u00e9\u65e5"`), wrap(str("<>\x01é日")), nil},
		{"surrogate pair", sval(`"\ud83d\ude00"`), wrap(str("😀")), nil},
		{"raw UTF-8", sval(`"é😀日本"`), wrap(str("é😀日本")), nil},
		{"long string", sval(`"` + strings.Repeat("x\\n", 200) + `"`), wrap(str(strings.Repeat("x\n", 200))), nil},
		{"null string", sval(`null`), wrap(str("")), nil},
		{"empty node list", stmt(`{"List":{"items":[]}}`), wrap(&pg_query.Node{Node: &pg_query.Node_List{List: &pg_query.List{}}}), nil},
		{"empty List", stmt(`{"List":{}}`), wrap(&pg_query.Node{Node: &pg_query.Node_List{List: &pg_query.List{}}}), nil},
		{"NULL list element", stmt(`{"List":{"items":[{},{"String":{"sval":"a"}},{}]}}`),
			wrap(&pg_query.Node{Node: &pg_query.Node_List{List: &pg_query.List{Items: []*pg_query.Node{{}, str("a"), {}}}}}), nil},
		{"nested lists", stmt(`{"List":{"items":[{"List":{"items":[{"List":{}},{"Integer":{"ival":3}}]}},{"String":{"sval":"b"}}]}}`),
			wrap(pg_query.MakeListNode([]*pg_query.Node{pg_query.MakeListNode([]*pg_query.Node{pg_query.MakeListNode(nil), pg_query.MakeIntNode(3)}), str("b")})), nil},
		{"enum", stmt(`{"SortBy":{"sortby_dir":"SORTBY_DESC","sortby_nulls":"SORTBY_NULLS_FIRST","location":-1}}`),
			wrap(&pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{SortbyDir: pg_query.SortByDir_SORTBY_DESC, SortbyNulls: pg_query.SortByNulls_SORTBY_NULLS_FIRST, Location: -1}}}), nil},
		{"enum's undefined value", stmt(`{"SortBy":{"sortby_dir":"SORT_BY_DIR_UNDEFINED"}}`),
			wrap(&pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{}}}), nil},
		{"unknown enum value", stmt(`{"SortBy":{"sortby_dir":"SORTBY_SIDEWAYS"}}`), nil, errUnknownEnum},
		{"enum as a number", stmt(`{"SortBy":{"sortby_dir":2}}`), nil, errMalformed},
		{"A_Const ival zero", stmt(`{"A_Const":{"ival":{},"location":7}}`),
			aConst(&pg_query.A_Const{Val: &pg_query.A_Const_Ival{Ival: &pg_query.Integer{}}, Location: 7}), nil},
		{"A_Const ival", stmt(`{"A_Const":{"ival":{"ival":-2147483648}}}`),
			aConst(&pg_query.A_Const{Val: &pg_query.A_Const_Ival{Ival: &pg_query.Integer{Ival: math.MinInt32}}}), nil},
		{"A_Const fval", stmt(`{"A_Const":{"fval":{"fval":"1.5e300"},"location":0}}`),
			aConst(&pg_query.A_Const{Val: &pg_query.A_Const_Fval{Fval: &pg_query.Float{Fval: "1.5e300"}}}), nil},
		{"A_Const boolval false", stmt(`{"A_Const":{"boolval":{}}}`),
			aConst(&pg_query.A_Const{Val: &pg_query.A_Const_Boolval{Boolval: &pg_query.Boolean{}}}), nil},
		{"A_Const boolval true", stmt(`{"A_Const":{"boolval":{"boolval":true}}}`),
			aConst(&pg_query.A_Const{Val: &pg_query.A_Const_Boolval{Boolval: &pg_query.Boolean{Boolval: true}}}), nil},
		{"A_Const sval", stmt(`{"A_Const":{"sval":{"sval":"x"},"location":3}}`),
			aConst(&pg_query.A_Const{Val: &pg_query.A_Const_Sval{Sval: &pg_query.String{Sval: "x"}}, Location: 3}), nil},
		{"A_Const bsval", stmt(`{"A_Const":{"bsval":{"bsval":"b101"}}}`),
			aConst(&pg_query.A_Const{Val: &pg_query.A_Const_Bsval{Bsval: &pg_query.BitString{Bsval: "b101"}}}), nil},
		{"A_Const isnull", stmt(`{"A_Const":{"isnull":true,"location":9}}`),
			aConst(&pg_query.A_Const{Isnull: true, Location: 9}), nil},
		{"A_Const two values", stmt(`{"A_Const":{"ival":{},"sval":{"sval":"x"}}}`), nil, errDuplicate},
		{"Boolean false", stmt(`{"Boolean":{"boolval":false}}`), wrap(&pg_query.Node{Node: &pg_query.Node_Boolean{Boolean: &pg_query.Boolean{}}}), nil},
		{"int32 max", stmt(`{"Integer":{"ival":2147483647}}`), wrap(pg_query.MakeIntNode(math.MaxInt32)), nil},
		{"-0", stmt(`{"Integer":{"ival":-0}}`), wrap(pg_query.MakeIntNode(0)), nil},
		{"int32 overflow", stmt(`{"Integer":{"ival":2147483648}}`), nil, errRange},
		{"int32 underflow", stmt(`{"Integer":{"ival":-2147483649}}`), nil, errRange},
		{"int64 max", stmt(`{"FetchStmt":{"direction":"FETCH_FORWARD","howMany":9223372036854775807}}`), fetch(math.MaxInt64), nil},
		{"int64 min", stmt(`{"FetchStmt":{"direction":"FETCH_FORWARD","howMany":-9223372036854775808}}`), fetch(math.MinInt64), nil},
		{"int64 overflow", stmt(`{"FetchStmt":{"howMany":9223372036854775808}}`), nil, errRange},
		{"20 digits", stmt(`{"FetchStmt":{"howMany":18446744073709551616}}`), nil, errRange},
		{"uint32 max", stmt(`{"TypeCast":{"typeName":{"typeOid":4294967295}}}`),
			wrap(&pg_query.Node{Node: &pg_query.Node_TypeCast{TypeCast: &pg_query.TypeCast{TypeName: &pg_query.TypeName{TypeOid: math.MaxUint32}}}}), nil},
		{"uint32 overflow", stmt(`{"TypeCast":{"typeName":{"typeOid":4294967296}}}`), nil, errRange},
		{"negative uint32", stmt(`{"TypeCast":{"typeName":{"typeOid":-1}}}`), nil, errRange},
		{"uint64 and a bitmapset", stmt(`{"RTEPermissionInfo":{"requiredPerms":18446744073709551615,"selectedCols":[0,3,1099511627776]}}`),
			wrap(&pg_query.Node{Node: &pg_query.Node_RtepermissionInfo{RtepermissionInfo: &pg_query.RTEPermissionInfo{RequiredPerms: math.MaxUint64, SelectedCols: []uint64{0, 3, 1 << 40}}}}), nil},
		{"double", stmt(`{"SubPlan":{"startup_cost":1.500000,"per_call_cost":-2.5e-3}}`),
			wrap(&pg_query.Node{Node: &pg_query.Node_SubPlan{SubPlan: &pg_query.SubPlan{StartupCost: 1.5, PerCallCost: -2.5e-3}}}), nil},
		{"double out of range", stmt(`{"SubPlan":{"startup_cost":1e999}}`), nil, errRange},
		{"double without digits after the point", stmt(`{"SubPlan":{"startup_cost":1.}}`), nil, errMalformed},
		{"bool", stmt(`{"SelectStmt":{"all":true,"groupDistinct":false}}`),
			wrap(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{All: true}}}), nil},
		{"empty Node", stmt(`{}`), wrap(&pg_query.Node{}), nil},
		{"empty message", stmt(`{"A_Star":{}}`), wrap(&pg_query.Node{Node: &pg_query.Node_AStar{AStar: &pg_query.A_Star{}}}), nil},

		{"empty input", ``, nil, errMalformed},
		{"not an object", `[]`, nil, errMalformed},
		{"truncated", `{"version":170007,"stmts":[{"stmt":{"String":{"sval":"ab`, nil, errMalformed},
		{"truncated after a value", `{"version":170007`, nil, errMalformed},
		{"truncated escape", sval(`"\u00`), nil, errMalformed},
		{"trailing data", `{"version":1}{}`, nil, errMalformed},
		{"missing colon", `{"version" 1}`, nil, errMalformed},
		{"missing comma", `{"version":1 "stmts":[]}`, nil, errMalformed},
		{"trailing comma", `{"version":1,}`, nil, errMalformed},
		{"trailing comma in a list", stmt(`{"List":{"items":[{},]}}`), nil, errMalformed},
		{"unknown field", `{"version":1,"verzion":2}`, nil, errUnknownField},
		{"unknown node type", stmt(`{"NoSuchStmt":{}}`), nil, errUnknownField},
		{"escaped key", `{"versio\u006e":1}`, nil, errUnknownField},
		{"field twice", `{"version":1,"version":2}`, nil, errDuplicate},
		{"Node with two members", stmt(`{"String":{},"Integer":{}}`), nil, errDuplicate},
		{"null message", `{"stmts":[{"stmt":null}]}`, nil, errMalformed},
		{"null list", `{"stmts":null}`, nil, errMalformed},
		{"string for a number", `{"version":"1"}`, nil, errMalformed},
		{"number for a string", sval(`1`), nil, errMalformed},
		{"leading zero", `{"version":01}`, nil, errMalformed},
		{"fraction for an integer", `{"version":1.0}`, nil, errMalformed},
		{"exponent for an integer", `{"version":1e3}`, nil, errMalformed},
		{"plus sign", `{"version":+1}`, nil, errMalformed},
		{"lone minus", `{"version":-}`, nil, errMalformed},
		{"bad literal", stmt(`{"SelectStmt":{"all":tru}}`), nil, errMalformed},
		{"unknown escape", sval(`"\x41"`), nil, errMalformed},
		{"bad hex", sval(`"\u00g1"`), nil, errMalformed},
		{"lone high surrogate", sval(`"\ud83d"`), nil, errMalformed},
		{"high surrogate then a letter", sval(`"\ud83dx"`), nil, errMalformed},
		{"high surrogate then not a low one", sval(`"\ud83d\u0041"`), nil, errMalformed},
		{"lone low surrogate", sval(`"\ude00"`), nil, errMalformed},
		{"raw control character", sval("\"a\nb\""), nil, errMalformed},
		{"raw control character after an escape", sval("\"\\n\x01\""), nil, errMalformed},
		{"invalid UTF-8", sval("\"a\xffb\""), nil, errInvalidUTF8},
		{"invalid UTF-8 after an escape", sval("\"\\t\xc3\""), nil, errInvalidUTF8},
		{"unterminated key", `{"version`, nil, errMalformed},
		{"unclosed object", `{"version":1`, nil, errMalformed},
		{"unclosed list", stmt(`{"List":{"items":[{}`), nil, errMalformed},
	}
	for _, c := range cases {
		got, err := decodeTree(c.in)
		switch {
		case c.err == errUnknownField || c.err == errUnknownEnum:
			if err == nil || !strings.Contains(err.Error(), c.err.Error()) {
				t.Errorf("%s: err = %v, want %v", c.name, err, c.err)
			}
		case c.err != nil:
			if !errors.Is(err, c.err) {
				t.Errorf("%s: err = %v, want %v", c.name, err, c.err)
			}
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case !proto.Equal(got, c.want):
			t.Errorf("%s:\n got: %v\nwant: %v", c.name, got, c.want)
		}
		if err != nil && got != nil {
			t.Errorf("%s: a tree with the error", c.name)
		}
		jsonAgrees(t, c.name, c.in)
	}
}

// decodeSeeds are JSON parse trees to start mutating from.
func decodeSeeds(t testing.TB) []string {
	var out []string
	for _, sql := range append(fuzzSeeds[:len(fuzzSeeds):len(fuzzSeeds)],
		"SELECT a, b::text, 'x\"<>\\', E'\\t', 'é' FROM t JOIN u USING (id) WHERE a > 1.5 AND b IN (1, -2) ORDER BY 1 DESC",
		"CREATE INDEX CONCURRENTLY i ON t (lower(a)) WHERE b IS NOT NULL",
		"ALTER TABLE t ADD COLUMN c int DEFAULT 0 NOT NULL, ALTER COLUMN d TYPE bigint USING d::bigint",
		"INSERT INTO t VALUES (1, true, NULL, B'101', X'ff') ON CONFLICT (id) DO UPDATE SET v = excluded.v",
		"CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT a'",
		"FETCH ALL FROM c",
	) {
		if j, err := parseJSON(sql); err == nil {
			out = append(out, j)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d seeds parse", len(out))
	}
	return out
}

// mutate changes s at random: bytes flipped, inserted (JSON's punctuation
// more often than not), dropped, ranges repeated or cut.
func mutate(rng *rand.Rand, s string) string {
	const punct = `{}[]":,\-0123456789eu.tn `
	b := []byte(s)
	for k := rng.Intn(3) + 1; k > 0; k-- {
		pos := rng.Intn(len(b) + 1)
		switch rng.Intn(5) {
		case 0:
			if pos < len(b) {
				b[pos] ^= byte(1 << rng.Intn(8))
			}
		case 1:
			c := punct[rng.Intn(len(punct))]
			if rng.Intn(4) == 0 {
				c = byte(rng.Intn(256))
			}
			b = append(b[:pos], append([]byte{c}, b[pos:]...)...)
		case 2:
			if pos < len(b) {
				b = append(b[:pos], b[pos+1:]...)
			}
		case 3:
			end := pos + rng.Intn(len(b)-pos+1)
			b = append(b[:end], append([]byte(string(b[pos:end])), b[end:]...)...)
		case 4:
			b = b[:pos]
		}
	}
	return string(b)
}

// TestDecodeTreeMutations runs a deterministic mutation loop in the normal
// test run (FuzzDecodeTree explores further): decodeTree never panics, and
// what it accepts protojson accepts too, with an equal tree. Some mutations
// must be accepted, or the loop would prove nothing.
func TestDecodeTreeMutations(t *testing.T) {
	seeds := decodeSeeds(t)
	rng := rand.New(rand.NewSource(1))
	accepted := 0
	for i := 0; i < 20000; i++ {
		in := mutate(rng, seeds[rng.Intn(len(seeds))])
		if _, err := decodeTree(in); err == nil {
			accepted++
		}
		jsonAgrees(t, "mutation", in)
	}
	if accepted < 200 {
		t.Errorf("only %d of 20,000 mutations accepted", accepted)
	}
}

func FuzzDecodeTree(f *testing.F) {
	for _, s := range decodeSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { jsonAgrees(t, "fuzz input", in) })
}

// TestDecodeTreeOwnsItsStrings: no string of the tree points into the JSON
// input, which may then be freed.
func TestDecodeTreeOwnsItsStrings(t *testing.T) {
	in, err := parseJSON(`SELECT 'a literal', "Quoted", E'esc\\aped' FROM s.t WHERE c = '` + strings.Repeat("long", 100) + `'`)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := decodeTree(in)
	if err != nil {
		t.Fatal(err)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(in)))
	hi := lo + uintptr(len(in))
	strs := 0
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Message() != nil:
				for i := 0; i < v.List().Len(); i++ {
					walk(v.List().Get(i).Message())
				}
			case fd.Message() != nil:
				walk(v.Message())
			case fd.Kind() == protoreflect.StringKind:
				strs++
				if p := uintptr(unsafe.Pointer(unsafe.StringData(v.String()))); p >= lo && p < hi {
					t.Errorf("%s %q points into the input", fd.FullName(), v.String())
				}
			}
			return true
		})
	}
	walk(tree.ProtoReflect())
	if strs < 6 {
		t.Fatalf("only %d strings in the tree", strs)
	}
}

// TestParseSQLMatchesPgQueryGo: parseSQL calls libpg_query itself, with
// its own declarations of libpg_query's result and error structs; trees
// and errors must be pg_query_go's, field for field (a layout mismatch
// would read garbage or crash here).
func TestParseSQLMatchesPgQueryGo(t *testing.T) {
	for _, sql := range []string{
		"SELECT 1",
		"CREATE TABLE t (id bigint PRIMARY KEY, note text DEFAULT 'x''y');\nALTER TABLE t ADD COLUMN u text;",
		"SELECT 'ünïcode', E'\\x41' FROM s.t WHERE a @> b",
		"SELEC 1",
		"SELECT (1",
		"CREATE TABLE t (a int,, b int)",
		"SELECT 1; SELECT 'unterminated",
		"",
	} {
		got, gotErr := parseSQL(sql)
		want, wantErr := parseWithProtobuf(sql)
		if !reflect.DeepEqual(gotErr, wantErr) {
			t.Errorf("%q: error %#v; pg_query_go's %#v", sql, gotErr, wantErr)
			continue
		}
		if wantErr == nil && !proto.Equal(got, want) {
			t.Errorf("%q: tree differs from pg_query_go's:\n%v\n%v", sql, got, want)
		}
		if wantErr != nil && wantErr.(*parser.Error).Cursorpos == 0 && sql != "SELECT 1; SELECT 'unterminated" {
			t.Errorf("%q: no cursor position in %#v", sql, wantErr)
		}
	}
}
