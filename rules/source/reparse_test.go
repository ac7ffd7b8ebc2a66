package source

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sqlreview/sqlreview/internal/benchsql"
)

// describeFile renders everything Parse produces, with parse-tree locations
// made absolute (a statement parsed in another batch counts its locations
// from elsewhere), so two Files compare as text.
func describeFile(f *File) string {
	var b strings.Builder
	fmt.Fprintf(&b, "problem=%v meta=%v\ntokens=%v\ncomments=%v\n", f.Problem, f.MetaCommands, f.Tokens, f.Comments)
	for _, s := range f.Statements {
		describeStatement(&b, s)
		if body := s.Body(); body != nil {
			fmt.Fprintf(&b, "  body deferred=%v executes=%v\n", body.Deferred, body.Executes)
			for _, bs := range body.Statements {
				b.WriteString("  ")
				describeStatement(&b, bs)
			}
		}
	}
	return b.String()
}

func describeStatement(b *strings.Builder, s *Statement) {
	fmt.Fprintf(b, "#%d %d-%d semi=%d tok=%d-%d newer=%v", s.Index, s.Start, s.End, s.Semi, s.Tok0, s.TokN, s.NewerSyntax)
	if s.Err != nil {
		fmt.Fprintf(b, " err=%q@%d-%d", s.Err.Message, s.Err.Offset, s.Err.End)
	}
	if s.Node != nil {
		b.WriteString(" tree=")
		describeTree(b, s, s.Node.ProtoReflect())
	}
	b.WriteByte('\n')
}

func describeTree(b *strings.Builder, s *Statement, m protoreflect.Message) {
	b.WriteByte('{')
	// A location equal to the base of the parser call is zero, which a
	// message does not hold: every location is written, set or not.
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		if fd := fields.Get(i); isLocation(fd) {
			fmt.Fprintf(b, "%s:@%d ", fd.Name(), s.Abs(int32(m.Get(fd).Int())))
		}
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if isLocation(fd) {
			return true
		}
		b.WriteString(string(fd.Name()))
		b.WriteByte(':')
		switch {
		case fd.IsList():
			b.WriteByte('[')
			for i := 0; i < v.List().Len(); i++ {
				if fd.Message() != nil {
					describeTree(b, s, v.List().Get(i).Message())
				} else {
					fmt.Fprint(b, v.List().Get(i).Interface(), ",")
				}
			}
			b.WriteByte(']')
		case fd.Message() != nil:
			describeTree(b, s, v.Message())
		default:
			fmt.Fprint(b, v.Interface())
		}
		b.WriteByte(' ')
		return true
	})
	b.WriteByte('}')
}

func isLocation(fd protoreflect.FieldDescriptor) bool {
	return strings.HasSuffix(string(fd.Name()), "location") && fd.Kind() == protoreflect.Int32Kind && !fd.IsList()
}

// editSnippets are inserted at random places: text that opens or closes
// strings, comments, dollar quotes, bodies, parentheses and statements,
// psql meta-commands and COPY data, so that edits shift how the text
// around them splits.
var editSnippets = []string{"x", " ", ";", "'", `"`, "$$", "$f$", "--", "/*", "*/", "\n", "(", ")",
	"BEGIN ATOMIC ", "END;", `\`, "\\i other.sql\n", "COPY t FROM stdin;\n1\n\\.\n", "\ufeff", "é",
	"SELECT 1;", "CREATE TABLE t (a int);", "E'\\'", "SET standard_conforming_strings = off;", ":foo", "\\if false\n"}

func randomEdit(rng *rand.Rand, text string) string {
	pos := 0
	if len(text) > 0 {
		pos = rng.Intn(len(text) + 1)
	}
	for pos < len(text) && pos > 0 && !isRuneStart(text[pos]) {
		pos--
	}
	end := pos
	if rng.Intn(3) == 0 {
		end = min(len(text), pos+rng.Intn(24))
		for end < len(text) && !isRuneStart(text[end]) {
			end++
		}
	}
	ins := ""
	if rng.Intn(4) != 0 {
		ins = editSnippets[rng.Intn(len(editSnippets))]
	}
	return text[:pos] + ins + text[end:]
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }

// TestParseEditedIsParse: a file read again after edits through
// ParseEdited (the statements away from the edit taken from the previous
// parse) is exactly the File Parse makes of the new text — statements,
// ranges, trees, errors, tokens, comments — after chains of random edits
// on every file of pg-regress and on samples of the migration histories.
func TestParseEditedIsParse(t *testing.T) {
	var paths []string
	for _, pattern := range []string{"pg-regress/*.sql", "migrations/*/*.sql"} {
		m, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", pattern))
		paths = append(paths, m...)
	}
	if len(paths) < 200 {
		t.Fatalf("corpus not found (%d files)", len(paths))
	}
	rng := rand.New(rand.NewSource(7))
	cache := NewStmtCache(100000)
	spliced := 0
	for k, path := range paths {
		if k%3 != 0 {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		prev := ParseCached(path, data, cache)
		for e := 0; e < 3; e++ {
			text = randomEdit(rng, text)
			got := ParseEdited(path, []byte(text), prev, cache)
			if spliceParse(path, []byte(text), prev, nil) != nil {
				spliced++
			}
			want := Parse(path, []byte(text))
			if g, w := describeFile(got), describeFile(want); g != w {
				t.Fatalf("%s, edit %d: ParseEdited differs from Parse\n%s", path, e+1, firstDifference(g, w))
			}
			prev = got
		}
	}
	// Most edits must take the splice, or the test proves nothing about it.
	t.Logf("%d of the edits spliced", spliced)
	if spliced < 400 {
		t.Fatalf("only %d edits were spliced", spliced)
	}
}

func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			k := 0
			for k < min(len(gl), len(wl)) && gl[k] == wl[k] {
				k++
			}
			k = max(0, k-200)
			return fmt.Sprintf("line %d:\n got  …%.600s\n want …%.600s", i+1, gl[k:], wl[k:])
		}
	}
	return "no difference"
}

// TestParseEditedKeepsUntouchedStatements: a one-character edit in the
// middle of the 5,000-statement migration reparses the edited statement
// alone; every other statement keeps its tree from the previous parse.
func TestParseEditedKeepsUntouchedStatements(t *testing.T) {
	text := benchsql.FiveThousandStatements()
	prev := ParseCached("m.sql", []byte(text), NewStmtCache(20000))
	mid := strings.Index(text[len(text)/2:], "CREATE TABLE") + len(text)/2
	edited := text[:mid+len("CREATE TABLE t")] + "x" + text[mid+len("CREATE TABLE t"):]
	f := ParseEdited("m.sql", []byte(edited), prev, NewStmtCache(20000))
	if len(f.Statements) != 5000 {
		t.Fatalf("%d statements", len(f.Statements))
	}
	fresh := 0
	for i, s := range f.Statements {
		if s.Node != prev.Statements[i].Node {
			fresh++
			if !strings.Contains(f.Text[s.Start:s.End], "CREATE TABLE tx") {
				t.Errorf("statement %d was parsed again: %s", i, f.Text[s.Start:s.End])
			}
		}
	}
	if fresh != 1 {
		t.Fatalf("%d statements parsed again, want 1", fresh)
	}
}
