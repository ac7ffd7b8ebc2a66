package lsp

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/source"
)

// fixture opens 002_change.sql after 001_users.sql in a temp directory.
func fixture(t *testing.T, text string) (*Server, uri.URI) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n"), 0o644)
	path := filepath.Join(dir, "002_change.sql")
	os.WriteFile(path, []byte(text), 0o644)
	s := NewServer(Options{})
	ctx := context.Background()
	s.Initialize(ctx, &protocol.InitializeParams{})
	u := uri.File(path)
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: text}})
	return s, u
}

// apply applies a workspace edit to the open document, as a client would.
func apply(t *testing.T, s *Server, u uri.URI, e *protocol.WorkspaceEdit) {
	t.Helper()
	snap := s.snapshot(string(u))
	edits := e.Changes[uri.URI(snap.doc.uri)]
	if len(edits) == 0 {
		t.Fatalf("edit has no changes for %s: %+v", snap.doc.uri, e)
	}
	sort.Slice(edits, func(i, j int) bool {
		return s.offset(snap.lines, edits[i].Range.Start) > s.offset(snap.lines, edits[j].Range.Start)
	})
	text := snap.text
	for _, te := range edits {
		lines := source.NewLines(text)
		text = text[:s.offset(lines, te.Range.Start)] + te.NewText + text[s.offset(lines, te.Range.End):]
	}
	s.DidChange(context.Background(), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: snap.version + 1},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: text}},
	})
}

func codes(t *testing.T, s *Server, u uri.URI) []string {
	t.Helper()
	rep, err := s.Diagnostic(context.Background(), &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range rep.(*protocol.RelatedFullDocumentDiagnosticReport).Items {
		out = append(out, string(d.Code.(protocol.String)))
	}
	return out
}

func text(s *Server, u uri.URI) string { return s.snapshot(string(u)).text }

// TestIgnoreActions: "Ignore RULE for this statement" and "… for this file"
// insert a suppression with the reason placeholder, and the finding is gone.
func TestIgnoreActions(t *testing.T) {
	for _, scope := range []string{"statement", "file"} {
		t.Run(scope, func(t *testing.T) {
			s, u := fixture(t, "SELECT 1;\n  ALTER TABLE users DROP COLUMN email;\n")
			if c := codes(t, s, u); strings.Join(c, ",") != "ban-drop-column" {
				t.Fatalf("findings %v", c)
			}
			acts, _ := s.CodeAction(context.Background(), &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u},
				Range: protocol.Range{Start: protocol.Position{Line: 1, Character: 30}, End: protocol.Position{Line: 1, Character: 30}}})
			var act *protocol.CodeAction
			for _, a := range acts {
				if ca := a.(*protocol.CodeAction); ca.Title == "Ignore ban-drop-column for this "+scope {
					act = ca
				}
			}
			if act == nil {
				t.Fatalf("no ignore action among %d", len(acts))
			}
			apply(t, s, u, act.Edit)
			if c := codes(t, s, u); len(c) != 0 {
				t.Errorf("after ignoring: %v\n%s", c, text(s, u))
			}
			want := "  -- sqlreview:ignore ban-drop-column -- " + ReasonPlaceholder + "\n  ALTER"
			if scope == "file" {
				want = "-- sqlreview:ignore-file ban-drop-column -- " + ReasonPlaceholder + "\nSELECT 1;"
			}
			if !strings.Contains(text(s, u), want) {
				t.Errorf("text:\n%s", text(s, u))
			}
		})
	}
}

// TestFixAll: source.fixAll.sqlreview applies every safe fix at once.
func TestFixAll(t *testing.T) {
	s, u := fixture(t, "CREATE INDEX a_idx ON users (email);\nCREATE TABLE t (id int PRIMARY KEY, at timestamp);\n")
	before := codes(t, s, u)
	acts, _ := s.CodeAction(context.Background(), &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{FixAllKind}}})
	if len(acts) != 1 {
		t.Fatalf("%d actions, want the fix-all one", len(acts))
	}
	apply(t, s, u, acts[0].(*protocol.CodeAction).Edit)
	after := codes(t, s, u)
	for _, c := range after {
		if c == "require-concurrent-index-creation" || c == "prefer-bigint-over-int" || c == "prefer-timestamptz" {
			t.Errorf("%s still reported after fix-all (before %v):\n%s", c, before, text(s, u))
		}
	}
}

// TestFixAllIsCheckFix: the editor's fix-all applies exactly the fixes
// `check --fix` applies to the same findings (one choice, in
// engine.ApplyFixes): position order, overlapping fixes left for the next
// run.
func TestFixAllIsCheckFix(t *testing.T) {
	src := "CREATE INDEX a_idx ON users (email);\nCREATE INDEX b_idx ON users (id, email);\n" +
		"CREATE TABLE t (id int PRIMARY KEY, at timestamp, n int);\n"
	s, u := fixture(t, src)
	acts, _ := s.CodeAction(context.Background(), &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{FixAllKind}}})
	if len(acts) != 1 {
		t.Fatalf("%d actions, want the fix-all one", len(acts))
	}
	res, _ := s.current(string(u))
	var fixes []*rules.Fix
	for i := range res.findings {
		if engine.Fixable(&res.findings[i], false) {
			fixes = append(fixes, res.findings[i].Fix)
		}
	}
	want, chosen := engine.ApplyFixes("002_change.sql", src, fixes, nil)
	if len(chosen) < 3 {
		t.Fatalf("only %d fixes chosen; the test needs several", len(chosen))
	}
	apply(t, s, u, acts[0].(*protocol.CodeAction).Edit)
	if got := text(s, u); got != want {
		t.Errorf("fix-all gave\n%s\ncheck --fix gives\n%s", got, want)
	}
}

// TestHoverAndCompletion: hover over a rule name in a suppression, over a
// table and over a column; completion of rule names in a suppression.
func TestHoverAndCompletion(t *testing.T) {
	doc := "-- sqlreview:ignore ban-drop-column -- fine\nALTER TABLE users DROP COLUMN email;\n-- sqlreview:ignore ban-\n"
	s, u := fixture(t, doc)
	hover := func(line, char uint32) string {
		h, err := s.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: line, Character: char}}})
		if err != nil || h == nil {
			return ""
		}
		return h.Contents.(*protocol.MarkupContent).Value
	}
	if h := hover(0, 25); !strings.Contains(h, "**ban-drop-column** (SR201)") || !strings.Contains(h, "Good:") {
		t.Errorf("hover on a suppressed rule name: %q", h)
	}
	if h := hover(1, 14); !strings.Contains(h, "table **public.users**") || !strings.Contains(h, "email text NOT NULL") || !strings.Contains(h, "001_users.sql") {
		t.Errorf("hover on a table: %q", h)
	}
	if h := hover(1, 32); !strings.Contains(h, "column **users.email** `text NOT NULL`") {
		t.Errorf("hover on a column: %q", h)
	}
	res, _ := s.Completion(context.Background(), &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 2, Character: 24}}})
	items, _ := res.(protocol.CompletionItemSlice)
	found := false
	for _, it := range items {
		if it.Label == "ban-drop-column" {
			te := it.TextEdit.(*protocol.TextEdit)
			found = te.Range.Start.Character == 20 && te.Range.End.Character == 24
		}
	}
	if !found {
		t.Errorf("completion: %d items, ban-drop-column replacing \"ban-\" missing", len(items))
	}
	// Outside suppression comments, the replayed schema's names (no rule names).
	res, _ = s.Completion(context.Background(), &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 1, Character: 5}}})
	var labels []string
	items, _ = res.(protocol.CompletionItemSlice)
	for _, it := range items {
		labels = append(labels, it.Label)
	}
	if strings.Join(labels, " ") != "id email users" {
		t.Errorf("completion outside a suppression: %v", labels)
	}
}

// TestHoverOnTableTheReplayNeverSaw: a table only changed, never created,
// in the migrations is shown as existing, with what the file added to it.
func TestHoverOnTableTheReplayNeverSaw(t *testing.T) {
	s, u := fixture(t, "ALTER TABLE employee ADD COLUMN nick_name text;\nALTER TABLE public.employee ADD COLUMN badge int;\n")
	h, _ := s.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 1, Character: 21}}})
	want := "table **public.employee**\n\n```sql\nemployee (\n  -- columns unknown\n  nick_name text\n)\n```\n\n" +
		"created before the migrations sqlreview reads: only the changes they make to it are known"
	if h == nil || h.Contents.(*protocol.MarkupContent).Value != want {
		t.Errorf("hover: %+v\nwant %q", h, want)
	}
}

// An index known only from an ALTER INDEX has no table or columns to show.
func TestHoverOnIndexTheReplayNeverSaw(t *testing.T) {
	s, u := fixture(t, "ALTER INDEX legacy_idx RENAME TO orders_idx;\nDROP INDEX orders_idx;\n")
	h, _ := s.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 1, Character: 13}}})
	want := "index **public.orders_idx** (existing; its table and columns are not in the replayed migrations)"
	// The DROP is flagged: the rule's help comes first, the object last.
	if h == nil || !strings.HasSuffix(h.Contents.(*protocol.MarkupContent).Value, "\n\n---\n\n"+want) {
		t.Errorf("hover: %+v\nwant it to end with %q", h, want)
	}
}

// TestOpenBufferInvalidatesLaterFiles: the catalog of an open file follows
// the unsaved buffer of an earlier migration, and the disk again once that
// buffer is closed.
func TestOpenBufferInvalidatesLaterFiles(t *testing.T) {
	s, u := fixture(t, "ALTER TABLE users ADD COLUMN age bigint;\n")
	hover := func() string {
		h, _ := s.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 0, Character: 14}}})
		if h == nil {
			return ""
		}
		return h.Contents.(*protocol.MarkupContent).Value
	}
	if h := hover(); !strings.Contains(h, "email text") {
		t.Fatalf("hover from disk: %q", h)
	}
	first := uri.File(filepath.Join(filepath.Dir(u.FsPath()), "001_users.sql"))
	ctx := context.Background()
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: first, LanguageID: "sql", Version: 1,
		Text: "CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\n"}})
	if h := hover(); !strings.Contains(h, "nickname text") || strings.Contains(h, "email") {
		t.Errorf("hover with the 001 buffer open: %q", h)
	}
	s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: first}})
	if h := hover(); !strings.Contains(h, "email text") {
		t.Errorf("hover after closing the buffer: %q", h)
	}
	// A change on disk, reported by the client's file watcher.
	os.WriteFile(first.FsPath(), []byte("CREATE TABLE users (id bigint PRIMARY KEY, phone text);\n"), 0o644)
	s.DidChangeWatchedFiles(ctx, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: first, Type: protocol.FileChangeTypeChanged}}})
	if h := hover(); !strings.Contains(h, "phone text") {
		t.Errorf("hover after the file changed on disk: %q", h)
	}
	// A new earlier migration appears.
	second := filepath.Join(filepath.Dir(u.FsPath()), "001a_more.sql")
	os.WriteFile(second, []byte("ALTER TABLE users ADD COLUMN city text;\n"), 0o644)
	s.DidChangeWatchedFiles(ctx, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uri.File(second), Type: protocol.FileChangeTypeCreated}}})
	if h := hover(); !strings.Contains(h, "city text") {
		t.Errorf("hover after a migration was created: %q", h)
	}
}

// TestMultiRootConfigs: each file gets its nearest config, in any of the
// workspace's roots; a broken config is one diagnostic naming it, and
// fixing it (didChangeConfiguration) brings the findings back.
func TestMultiRootConfigs(t *testing.T) {
	ws := t.TempDir()
	ctx := context.Background()
	var roots []protocol.WorkspaceFolder
	for _, name := range []string{"a", "b"} {
		os.MkdirAll(filepath.Join(ws, name), 0o755)
		roots = append(roots, protocol.WorkspaceFolder{URI: uri.File(filepath.Join(ws, name)), Name: name})
	}
	os.WriteFile(filepath.Join(ws, "a", ".sqlreview.yaml"), []byte("rules:\n  severity:\n    prefer-bigint-over-int: error\n"), 0o644)
	os.WriteFile(filepath.Join(ws, "b", ".sqlreview.yaml"), []byte("rules:\n  fial-on: x\n"), 0o644)
	s := NewServer(Options{})
	s.Initialize(ctx, &protocol.InitializeParams{WorkspaceFoldersInitializeParams: protocol.WorkspaceFoldersInitializeParams{
		WorkspaceFolders: protocol.NewNullable(roots)}})
	sev := func(u uri.URI) (protocol.DiagnosticSeverity, string) {
		rep, err := s.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
		if err != nil {
			t.Fatal(err)
		}
		items := rep.(*protocol.RelatedFullDocumentDiagnosticReport).Items
		if len(items) != 1 {
			t.Fatalf("%s: %d diagnostics", u, len(items))
		}
		return items[0].Severity, string(items[0].Message.(protocol.String))
	}
	var uris []uri.URI
	for _, name := range []string{"a", "b"} {
		p := filepath.Join(ws, name, "001_t.sql")
		text := "CREATE TABLE t (id int PRIMARY KEY);\n"
		os.WriteFile(p, []byte(text), 0o644)
		u := uri.File(p)
		uris = append(uris, u)
		s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: text}})
	}
	if got, msg := sev(uris[0]); got != protocol.DiagnosticSeverityError {
		t.Errorf("root a: severity %d (%s), want error from a's config", got, msg)
	}
	if _, msg := sev(uris[1]); !strings.Contains(msg, ".sqlreview.yaml") || !strings.Contains(msg, "fial-on") {
		t.Errorf("root b's broken config: %q", msg)
	}
	os.WriteFile(filepath.Join(ws, "b", ".sqlreview.yaml"), []byte("rules:\n  default: recommended\n"), 0o644)
	s.DidChangeConfiguration(ctx, &protocol.DidChangeConfigurationParams{})
	if got, msg := sev(uris[1]); got != protocol.DiagnosticSeverityWarning {
		t.Errorf("root b after the fix: severity %d (%s)", got, msg)
	}
}

// TestSchemaDumpNotLinted: an open schema dump (it starts with the dump
// header) gets no diagnostics; the same text without the header does.
func TestSchemaDumpNotLinted(t *testing.T) {
	body := "CREATE TABLE users (id int);\nCREATE TABLE (;\n"
	s, u := fixture(t, body)
	if got := codes(t, s, u); len(got) == 0 {
		t.Fatalf("the text without the header has no findings; the test needs some")
	}
	s, u = fixture(t, migfile.SchemaDumpHeader+": the schema of a database, not a migration.\n\n"+body)
	if got := codes(t, s, u); len(got) != 0 {
		t.Errorf("schema dump diagnostics: %q", got)
	}
}
