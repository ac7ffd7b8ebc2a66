package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestEditLaterStatementChangesEarlierFindings guards why a check is not
// incremental by statement: rules read the whole file (require-primary-key
// looks for a key added later in the migration, ban-drop-table for later
// statements, the transaction model spans the file), so an edit after a
// statement can change that statement's findings. Reusing the findings of
// the statements before an edit would keep this one stale.
func TestEditLaterStatementChangesEarlierFindings(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "001_m.sql")
	text := "CREATE TABLE t (id bigint);\nSELECT 1;\n"
	os.WriteFile(path, []byte(text), 0o644)
	s := NewServer(Options{})
	ctx := context.Background()
	u := uri.File(path)
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: text}})
	codes := func() string {
		t.Helper()
		rep, err := s.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range rep.(*protocol.RelatedFullDocumentDiagnosticReport).Items {
			out = append(out, diagKey(d))
		}
		return strings.Join(out, "\n")
	}
	before := codes()
	if !strings.HasPrefix(before, "0:13-0:14 1 require-primary-key") {
		t.Fatalf("before the edit: %s", before)
	}
	// Line 2 (after the CREATE TABLE) becomes the primary key.
	s.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{
			Range: protocol.Range{Start: protocol.Position{Line: 1}, End: protocol.Position{Line: 1, Character: 9}}, Text: "ALTER TABLE t ADD PRIMARY KEY (id);"}},
	})
	if after := codes(); strings.Contains(after, "0:13-0:14 1 require-primary-key") {
		t.Errorf("the finding on line 1 survived a primary key added on line 2:\n%s", after)
	}
}
