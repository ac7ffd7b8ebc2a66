package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/migfile"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// utf16Key renders a finding as the diagnostic a UTF-16 client must get,
// converting columns independently of the server's position code.
func utf16Key(lines []string, f engine.Finding) string {
	col := func(line, c int) int {
		if line-1 >= len(lines) {
			return c - 1
		}
		r := []rune(lines[line-1])
		if c-1 > len(r) {
			return c - 1
		}
		return len(utf16.Encode(r[:c-1]))
	}
	sev := map[string]int{"error": 1, "warning": 2, "info": 3}[f.Severity.String()]
	return fmt.Sprintf("%d:%d-%d:%d %d %s %s", f.Start.Line-1, col(f.Start.Line, f.Start.Column), f.End.Line-1, col(f.End.Line, f.End.Column), sev, f.Rule.Name, f.Message)
}

func diagKey(d protocol.Diagnostic) string {
	return fmt.Sprintf("%d:%d-%d:%d %d %s %s", d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character,
		d.Severity, d.Code, d.Message)
}

// TestCorpusMatchesCheck: over every file of ../shared/corpus/migrations
// (four real projects, 1,584 files), the diagnostics the server gives an
// editor that opens the file equal what `sqlreview check` reports for it
// (engine.Check, which the CLI's JSON output renders), position for position.
// The server's handler layer is driven in-process: open, pull diagnostics,
// close, in migration order like a developer walking the history.
func TestCorpusMatchesCheck(t *testing.T) {
	root, _ := filepath.Abs(shared.Path(t, "corpus", "migrations"))
	dirs, _ := filepath.Glob(filepath.Join(root, "*"))
	files := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		res, err := engine.Check([]string{dir}, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{}
		for _, f := range res.Findings {
			if f.Suppressed {
				continue
			}
			lines := strings.Split(res.Sources[f.Path].Text, "\n")
			want[f.Path] = append(want[f.Path], utf16Key(lines, f))
		}
		var paths []string
		for p := range res.Sources {
			paths = append(paths, p)
		}
		paths = migfile.Sort(paths)
		s := NewServer(Options{})
		ctx := context.Background()
		if _, err := s.Initialize(ctx, &protocol.InitializeParams{}); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			u := uri.File(p)
			s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: string(data)}})
			rep, err := s.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range rep.(*protocol.RelatedFullDocumentDiagnosticReport).Items {
				got = append(got, diagKey(d))
			}
			sort.Strings(got)
			w := append([]string(nil), want[p]...)
			sort.Strings(w)
			if strings.Join(got, "\n") != strings.Join(w, "\n") {
				t.Errorf("%s:\nserver:\n  %s\ncheck:\n  %s", p, strings.Join(got, "\n  "), strings.Join(w, "\n  "))
			}
			s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
			files++
		}
	}
	if files < 1500 {
		t.Errorf("compared %d files, want the whole corpus", files)
	}
}
