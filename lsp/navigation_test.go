package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// navDir is testdata/lsp/nav, a migration directory: a table, its index,
// a type and a function in 001; a column and a constraint added in 002;
// 003 uses them and creates a table of its own. By file name.
var navDir = readNavDir()

func readNavDir() map[string]string {
	dir := filepath.Join("..", "testdata", "lsp", "nav")
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			panic(err)
		}
		out[e.Name()] = string(data)
	}
	return out
}

// navFixture writes navDir and opens 003_use.sql.
func navFixture(t *testing.T) (*Server, string, uri.URI) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range navDir {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := NewServer(Options{})
	ctx := context.Background()
	s.Initialize(ctx, &hierarchicalClient)
	u := uri.File(filepath.Join(dir, "003_use.sql"))
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: navDir["003_use.sql"]}})
	return s, dir, u
}

// at is the position of the n-th (0-based) occurrence of word in text.
func at(t *testing.T, text, word string, n int) protocol.Position {
	t.Helper()
	off := -1
	for i := 0; i <= n; i++ {
		for {
			j := strings.Index(text[off+1:], word)
			if j < 0 {
				t.Fatalf("%q occurs fewer than %d times", word, n+1)
			}
			off += 1 + j
			if !isWordByte(text, off-1) && !isWordByte(text, off+len(word)) {
				break
			}
		}
	}
	line := strings.Count(text[:off], "\n")
	return protocol.Position{Line: uint32(line), Character: uint32(off - (strings.LastIndex(text[:off], "\n") + 1))}
}

func isWordByte(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return false
	}
	c := text[i]
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func fmtLoc(dir string, l protocol.Location) string {
	return fmt.Sprintf("%s:%d:%d-%d:%d", filepath.Base(string(l.URI)), l.Range.Start.Line, l.Range.Start.Character, l.Range.End.Line, l.Range.End.Character)
}

// TestDefinitionAcrossMigrations: each kind of object jumps to the name in
// the statement that created it, in an earlier file or this one.
func TestDefinitionAcrossMigrations(t *testing.T) {
	s, dir, u := navFixture(t)
	text := navDir["003_use.sql"]
	for _, c := range []struct {
		word string
		n    int
		want string
	}{
		{"users", 0, "001_init.sql:1:13-1:18"},     // table
		{"email_len", 0, "002_more.sql:1:33-1:42"}, // constraint
		{"norm", 0, "001_init.sql:6:16-6:20"},      // function
		{"email", 0, "001_init.sql:3:2-3:7"},       // column
		{"feeling", 0, "002_more.sql:0:29-0:36"},   // column added later
		{"orders", 1, "003_use.sql:4:13-4:19"},     // table of this file
		{"id", 1, "003_use.sql:4:21-4:23"},         // its column, from a later statement
	} {
		res, err := s.Definition(context.Background(), &protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: at(t, text, c.word, c.n)}})
		if err != nil {
			t.Fatal(err)
		}
		loc, ok := res.(*protocol.Location)
		if !ok || loc == nil {
			t.Errorf("%s #%d: no definition (%T)", c.word, c.n, res)
			continue
		}
		if got := fmtLoc(dir, *loc); got != c.want {
			t.Errorf("%s #%d: definition at %s, want %s", c.word, c.n, got, c.want)
		}
	}
}

// TestReferencesAcrossMigrations: every mention of the users table in the
// directory, declaration included.
func TestReferencesAcrossMigrations(t *testing.T) {
	s, dir, u := navFixture(t)
	refs := func(decl bool) string {
		locs, err := s.References(context.Background(), &protocol.ReferenceParams{
			TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: at(t, navDir["003_use.sql"], "users", 1)},
			Context:                    protocol.ReferenceContext{IncludeDeclaration: decl}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range locs {
			got = append(got, fmtLoc(dir, l))
		}
		return strings.Join(got, " ")
	}
	uses := "001_init.sql:5:32-5:37 002_more.sql:0:12-0:17 002_more.sql:1:12-1:17 003_use.sql:2:12-2:17 003_use.sql:3:33-3:38"
	if got, want := refs(true), "001_init.sql:1:13-1:18 "+uses; got != want {
		t.Errorf("references:\n got %s\nwant %s", got, want)
	}
	// Without the declaration: CREATE INDEX … ON users is still a use.
	if got := refs(false); got != uses {
		t.Errorf("references without the declaration:\n got %s\nwant %s", got, uses)
	}
}

// TestDocumentSymbols: one symbol per statement with the objects it
// creates, alters or uses.
func TestDocumentSymbols(t *testing.T) {
	s, _, u := navFixture(t)
	res, err := s.DocumentSymbol(context.Background(), &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sym := range res.(protocol.DocumentSymbolSlice) {
		line := fmt.Sprintf("%s @%d:", sym.Name, sym.Range.Start.Line)
		for _, c := range sym.Children {
			line += fmt.Sprintf(" %s(%s %d:%d)", c.Name, *c.Detail, c.Range.Start.Line, c.Range.Start.Character)
		}
		got = append(got, line)
	}
	want := []string{
		"ALTER TABLE users @2: users(alters table 2:12) email_len(alters constraint 2:38)",
		"SELECT norm @3: norm(uses function 3:7) email(uses column 3:12) feeling(uses column 3:20) users(uses table 3:33)",
		"CREATE TABLE orders @4: orders(creates table 4:13) id(creates column 4:21) user_id(creates column 4:44)",
		"SELECT id @5: id(uses column 5:7) orders(uses table 5:15)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("symbols:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// hierarchicalClient declares hierarchical document symbols, as VS Code,
// Neovim and eglot do.
var hierarchicalClient = protocol.InitializeParams{Capabilities: protocol.ClientCapabilities{TextDocument: &protocol.TextDocumentClientCapabilities{
	DocumentSymbol: &protocol.DocumentSymbolClientCapabilities{HierarchicalDocumentSymbolSupport: ptr(true)}}}}

// TestDocumentSymbolsFlat: a client that does not declare
// hierarchicalDocumentSymbolSupport gets the outline as SymbolInformation
// (LSP: DocumentSymbol[] is only for clients that declare it): each
// statement, then the objects it touches with the statement as container.
func TestDocumentSymbolsFlat(t *testing.T) {
	dir := t.TempDir()
	for name, text := range navDir {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	s := NewServer(Options{})
	ctx := context.Background()
	s.Initialize(ctx, &protocol.InitializeParams{})
	u := uri.File(filepath.Join(dir, "003_use.sql"))
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: navDir["003_use.sql"]}})
	res, err := s.DocumentSymbol(ctx, &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	if err != nil {
		t.Fatal(err)
	}
	flat, ok := res.(protocol.SymbolInformationSlice)
	if !ok {
		t.Fatalf("result %T, want SymbolInformation list", res)
	}
	var got []string
	for _, si := range flat {
		line := fmt.Sprintf("%s %d:%d", si.Name, si.Location.Range.Start.Line, si.Location.Range.Start.Character)
		if si.ContainerName != nil {
			line += " in " + *si.ContainerName
		}
		if si.Location.URI != u {
			line += " at " + string(si.Location.URI)
		}
		got = append(got, line)
	}
	if len(got) < 6 || got[0] != "ALTER TABLE users 2:0" || got[1] != "users (alters table) 2:12 in ALTER TABLE users" ||
		got[len(got)-1] != "orders (uses table) 5:15 in SELECT id" {
		t.Errorf("flat symbols:\n%s", strings.Join(got, "\n"))
	}
}

// TestFoldingRanges: multi-line statements, function bodies and comment
// runs fold; one-line statements do not.
func TestFoldingRanges(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "001_init.sql")
	os.WriteFile(path, []byte(navDir["001_init.sql"]), 0o644)
	s := NewServer(Options{})
	ctx := context.Background()
	s.Initialize(ctx, &protocol.InitializeParams{})
	text := "-- header\n-- second line\n" + navDir["001_init.sql"] + "/* a\n block */\nSELECT 1;\n"
	u := uri.File(path)
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: text}})
	fr, err := s.FoldingRanges(ctx, &protocol.FoldingRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range fr {
		got = append(got, fmt.Sprintf("%d-%d%s", r.StartLine, r.EndLine, r.Kind))
	}
	want := "0-1comment 3-6 8-10 8-10 11-12comment"
	if strings.Join(got, " ") != want {
		t.Errorf("folds %s, want %s", strings.Join(got, " "), want)
	}
}

// TestCompletionOfSchemaNames: in SQL, the columns of the statement's
// tables come first, then tables, types and functions, all as replayed up
// to the cursor; the word typed so far is replaced.
func TestCompletionOfSchemaNames(t *testing.T) {
	s, _, u := navFixture(t)
	text := navDir["003_use.sql"] + "SELECT em FROM users;\n"
	s.DidChange(context.Background(), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: text}},
	})
	res, err := s.Completion(context.Background(), &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 6, Character: 9}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range res.(protocol.CompletionItemSlice) {
		got = append(got, it.Label)
		if te := it.TextEdit.(*protocol.TextEdit); te.Range.Start.Character != 7 || te.Range.End.Character != 9 {
			t.Errorf("%s replaces %+v, want 6:7-6:9", it.Label, te.Range)
		}
	}
	want := "id email feeling orders users mood norm"
	if strings.Join(got, " ") != want {
		t.Errorf("completion %q, want %q", strings.Join(got, " "), want)
	}
}

// TestHoverInFlaggedStatement: over a column of a flagged statement, hover
// shows the finding's docs and then the column with its table as replayed.
func TestHoverInFlaggedStatement(t *testing.T) {
	s, _, u := navFixture(t)
	text := navDir["003_use.sql"] + "ALTER TABLE users DROP COLUMN feeling;\n"
	s.DidChange(context.Background(), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: text}},
	})
	h, err := s.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 6, Character: 32}}})
	if err != nil || h == nil {
		t.Fatalf("hover %v, %v", h, err)
	}
	md := h.Contents.(*protocol.MarkupContent).Value
	docs := strings.Index(md, "**ban-drop-column**")
	col := strings.Index(md, "column **users.feeling** `mood`")
	if docs < 0 || col < docs || !strings.Contains(md, "  email text NOT NULL,\n  feeling mood") {
		t.Errorf("hover lacks the rule docs then the column:\n%s", md)
	}
}

// TestHoverOnEachKind: hover names an index, a type, a function and a
// constraint as the replay left them.
func TestHoverOnEachKind(t *testing.T) {
	s, _, u := navFixture(t)
	text := navDir["003_use.sql"] + "DROP INDEX users_email_idx;\nDROP TYPE mood;\n"
	s.DidChange(context.Background(), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: text}},
	})
	for _, c := range []struct {
		pos  protocol.Position
		want string
	}{
		{at(t, text, "users_email_idx", 0), "index **public.users_email_idx** on users (email)"},
		{at(t, text, "mood", 0), "enum type **public.mood** ok, sad"},
		{at(t, text, "norm", 0), "function **norm** (immutable)"},
		{at(t, text, "email_len", 0), "constraint **email_len** CHECK (length(email) < 300) on **users**"},
	} {
		h, err := s.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: c.pos}})
		if err != nil || h == nil {
			t.Errorf("%s: hover %v, %v", c.want, h, err)
			continue
		}
		if md := h.Contents.(*protocol.MarkupContent).Value; !strings.Contains(md, c.want) {
			t.Errorf("hover lacks %q:\n%s", c.want, md)
		}
	}
}

// TestQualifiedNames: a schema-qualified name resolves in its schema, not
// along the search path, and titles its statement whole.
func TestQualifiedNames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "001_app.sql")
	text := "CREATE TABLE users (id int);\nCREATE SCHEMA app;\nCREATE TABLE app.users (id int);\nSELECT id FROM app.users;\n"
	os.WriteFile(path, []byte(text), 0o644)
	s := NewServer(Options{})
	ctx := context.Background()
	s.Initialize(ctx, &hierarchicalClient)
	u := uri.File(path)
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: text}})
	res, _ := s.Definition(ctx, &protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 3, Character: 20}}})
	if loc, ok := res.(*protocol.Location); !ok || fmtLoc(dir, *loc) != "001_app.sql:2:17-2:22" {
		t.Errorf("definition of app.users: %+v", res)
	}
	syms, _ := s.DocumentSymbol(ctx, &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	if got := syms.(protocol.DocumentSymbolSlice)[2].Name; got != "CREATE TABLE app.users" {
		t.Errorf("title %q", got)
	}
}

// TestNavigationOnBrokenInput: every navigation request at every position
// of a file with syntax errors, unterminated quotes, psql meta-commands
// and non-ASCII names answers without a panic.
func TestNavigationOnBrokenInput(t *testing.T) {
	s, _, u := navFixture(t)
	text := "ALTER TABLE users ADD COLUMN \"é😀\" int;\nSELECT \"é😀\", FROM users WHERE;\n\\set x 1\n" +
		"CREATE FUNCTION f() RETURNS int AS $b$ SELECT 1 $b$ LANGUAGE sql;\nSELECT f(), 'open\n"
	s.DidChange(context.Background(), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: text}},
	})
	ctx := context.Background()
	doc := protocol.TextDocumentIdentifier{URI: u}
	lines := strings.Split(text, "\n")
	for l, line := range lines {
		for c := 0; c <= len(line)+1; c++ {
			pos := protocol.TextDocumentPositionParams{TextDocument: doc, Position: protocol.Position{Line: uint32(l), Character: uint32(c)}}
			s.Definition(ctx, &protocol.DefinitionParams{TextDocumentPositionParams: pos})
			s.References(ctx, &protocol.ReferenceParams{TextDocumentPositionParams: pos})
			s.Completion(ctx, &protocol.CompletionParams{TextDocumentPositionParams: pos})
			s.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: pos})
		}
	}
	s.DocumentSymbol(ctx, &protocol.DocumentSymbolParams{TextDocument: doc})
	s.FoldingRanges(ctx, &protocol.FoldingRangeParams{TextDocument: doc})
	res, _ := s.Definition(ctx, &protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: doc, Position: protocol.Position{Line: 1, Character: 9}}})
	if loc, ok := res.(*protocol.Location); !ok || loc.Range.Start != (protocol.Position{Line: 0, Character: 29}) {
		t.Errorf("definition of the non-ASCII column: %+v", res)
	}
}

// TestReferencesCachedPerDirectoryState: find-references reads and parses
// the directory's migrations once per state of the directory: a second
// request finds the same places without doing so again; an edit to the open
// document changes the state, and the next request sees the new use.
func TestReferencesCachedPerDirectoryState(t *testing.T) {
	s, dir, u := navFixture(t)
	ctx := context.Background()
	text := navDir["003_use.sql"]
	refs := func() string {
		t.Helper()
		locs, err := s.References(ctx, &protocol.ReferenceParams{
			TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: at(t, text, "users", 1)},
			Context:                    protocol.ReferenceContext{IncludeDeclaration: true}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range locs {
			got = append(got, fmtLoc(dir, l))
		}
		return strings.Join(got, " ")
	}
	builds := func() int {
		s.caches.mu.Lock()
		defer s.caches.mu.Unlock()
		return s.caches.setBuilds
	}
	first := refs()
	if again := refs(); again != first || builds() != 1 {
		t.Fatalf("second request: %s after %s, %d builds of the migration set; want the same places and 1 build", again, first, builds())
	}
	lines := strings.Count(text, "\n")
	s.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{
			Range: protocol.Range{Start: protocol.Position{Line: uint32(lines)}, End: protocol.Position{Line: uint32(lines)}}, Text: "SELECT 1 FROM users;\n"}},
	})
	text += "SELECT 1 FROM users;\n"
	want := first + fmt.Sprintf(" 003_use.sql:%d:14-%d:19", lines, lines)
	if got := refs(); got != want || builds() != 2 {
		t.Errorf("after an edit: %s (%d builds), want %s (2 builds)", got, builds(), want)
	}
}
