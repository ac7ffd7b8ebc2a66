package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestConfigParityWithCLI: the editor applies the workspace config as
// `sqlreview check .` does. A file the config's files.include leaves out,
// or files.exclude removes, or that sits in a hidden directory, gets no
// diagnostics (the CLI never checks it);
// an included one does; an untitled buffer is linted with the workspace's
// config (its severities), not the defaults.
func TestConfigParityWithCLI(t *testing.T) {
	ws := t.TempDir()
	os.WriteFile(filepath.Join(ws, ".sqlreview.yaml"), []byte(
		"files:\n  include: [\"migrations/**/*.sql\"]\n  exclude: [\"migrations/legacy/**\"]\n"+
			"rules:\n  severity:\n    prefer-bigint-over-int: error\n"), 0o644)
	ctx := context.Background()
	s := NewServer(Options{})
	s.Initialize(ctx, &protocol.InitializeParams{WorkspaceFoldersInitializeParams: protocol.WorkspaceFoldersInitializeParams{
		WorkspaceFolders: protocol.NewNullable([]protocol.WorkspaceFolder{{URI: uri.File(ws), Name: "ws"}})}})
	text := "CREATE TABLE t (id int PRIMARY KEY);\n"
	pulled := func(u uri.URI) []string {
		t.Helper()
		rep, err := s.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range rep.(*protocol.RelatedFullDocumentDiagnosticReport).Items {
			out = append(out, fmt.Sprintf("%s %d", d.Code.(protocol.String), d.Severity))
		}
		return out
	}
	open := func(u uri.URI) {
		s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: text}})
	}
	for _, c := range []struct {
		rel  string
		want []string
	}{
		{"migrations/001_t.sql", []string{"prefer-bigint-over-int 1"}},
		{"migrations/legacy/001_t.sql", nil},
		{"scratch/001_t.sql", nil},
		{"migrations/.old/001_t.sql", nil}, // the CLI's walk skips hidden directories
	} {
		p := filepath.Join(ws, filepath.FromSlash(c.rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
		u := uri.File(p)
		open(u)
		sameStrings(t, c.rel, pulled(u), c.want)
	}
	untitled := uri.URI("untitled:Untitled-1")
	open(untitled)
	sameStrings(t, "untitled buffer", pulled(untitled), []string{"prefer-bigint-over-int 1"})
}

func sameStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %q, want %q", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: got %q, want %q", what, got, want)
			return
		}
	}
}
