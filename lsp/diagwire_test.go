package lsp

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/benchsql"

	"github.com/go-json-experiment/json/jsontext"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules/source"
)

// TestWireDiagnosticsAreProtocols: the diagnostics written straight to JSON
// are byte for byte what protocol.Marshal writes for the protocol values the
// server builds (s.diagnostics): in pull reports and in pushes, in UTF-16
// and UTF-8 positions, over the real migrations and PostgreSQL's own
// regression SQL (odd strings, non-ASCII text), and over a file whose
// messages quote control characters, quotes and backslashes and whose
// findings include an unused suppression (a tagged diagnostic).
func TestWireDiagnosticsAreProtocols(t *testing.T) {
	corpus := filepath.Join("..", "..", "shared", "corpus")
	files, _ := filepath.Glob(filepath.Join(corpus, "migrations", "*", "*.sql"))
	regress, _ := filepath.Glob(filepath.Join(corpus, "pg-regress", "*.sql"))
	files = append(files, regress...)
	if len(files) < 1000 {
		t.Fatalf("found %d corpus files under %s, want the shared corpus", len(files), corpus)
	}
	odd := filepath.Join(t.TempDir(), "001_odd.sql")
	oddText := "-- sqlreview:ignore ban-drop-column -- nothing to ignore\nCREATE TABLE \"t\\\"é\tx\" (id int);\nCREATE INDEX \"ü<&>\" ON \"t\\\"é\tx\" (id);\nALTER TABLE \"t\\\"é\tx\" ADD COLUMN \"a\u2028b\" int DEFAULT 1;\n"
	os.WriteFile(odd, []byte(oddText), 0o644)
	files = append(files, odd)
	// Thousands of findings (megabytes on the wire, encoded in two halves),
	// suppressed ones among them on both sides of the middle.
	big := filepath.Join(t.TempDir(), "002_big.sql")
	bigText := benchsql.FiveThousandStatements()
	for _, at := range []int{len(bigText) / 4, len(bigText) / 2, 3 * len(bigText) / 4} {
		next := at + strings.Index(bigText[at:], "\nCREATE INDEX") + 1
		bigText = bigText[:next] + "-- sqlreview:ignore require-concurrent-index-creation -- built before the table is in use\n" + bigText[next:]
	}
	os.WriteFile(big, []byte(bigText), 0o644)
	files = append(files, big)
	bigFindings, bigSuppressed := 0, 0
	tagged := false
	sample := map[bool]int{false: 3, true: 20}
	for _, utf8 := range []bool{false, true} {
		s := NewServer(Options{})
		s.utf8 = utf8
		for i, path := range files {
			if i%sample[utf8] != 0 && path != odd && path != big {
				continue // a sample of the corpus: linting it all takes long
			}
			abs, _ := filepath.Abs(path)
			data, err := os.ReadFile(abs)
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			res := s.lint(abs, 7, text, source.NewLines(text))
			diags := s.diagnostics(res)
			if path == big {
				for _, f := range res.findings {
					if f.Suppressed {
						bigSuppressed++
					}
				}
				bigFindings = len(res.findings)
			}
			w := s.wire(res)
			for _, d := range diags {
				tagged = tagged || !d.Tags.IsZero()
			}
			id := w.resultID
			wantReport, err := protocol.Marshal(&protocol.RelatedFullDocumentDiagnosticReport{FullDocumentDiagnosticReport: protocol.FullDocumentDiagnosticReport{Kind: "full", ResultID: &id, Items: diags}})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(w.report, wantReport) {
				t.Fatalf("%s (utf8 %v): pull report differs:\n got %.600s\nwant %.600s", path, utf8, w.report, wantReport)
			}
			u := string(uri.File(abs))
			wantPush, _ := protocol.Marshal(&protocol.PublishDiagnosticsParams{URI: uri.URI(u), Version: protocol.NewOptional(int32(7)), Diagnostics: diags})
			if got := s.publishParams(u, res); !bytes.Equal(got, wantPush) {
				t.Fatalf("%s (utf8 %v): push differs:\n got %.600s\nwant %.600s", path, utf8, got, wantPush)
			}
		}
	}
	if !tagged {
		t.Error("no diagnostic carried a tag: the unused-suppression case was not covered")
	}
	if bigFindings < parallelEncodeFindings || bigSuppressed != 2*3 {
		t.Errorf("the big file has %d findings (%d suppressed), want at least the %d that split the encoding and 6 suppressed", bigFindings, bigSuppressed, parallelEncodeFindings)
	}
}

// TestPullUnchanged: a pull that names the result id of the diagnostics the
// client already has is answered "unchanged" with that id; after an edit
// that changes the diagnostics, the full report comes with a new id; an
// edit that leaves them as they were (typing then deleting a character)
// is "unchanged" again.
func TestPullUnchanged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "001_m.sql")
	text := "CREATE TABLE t (id int);\nCREATE INDEX i ON t (id);\n"
	os.WriteFile(path, []byte(text), 0o644)
	s := NewServer(Options{})
	ctx := context.Background()
	u := uri.File(path)
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sql", Version: 1, Text: text}})
	pull := func(prev *string) protocol.DocumentDiagnosticReport {
		t.Helper()
		rep, err := s.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, PreviousResultID: prev})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	full, ok := pull(nil).(*protocol.RelatedFullDocumentDiagnosticReport)
	if !ok || full.ResultID == nil || len(full.Items) != 2 {
		t.Fatalf("first pull: %#v", full)
	}
	first := *full.ResultID
	un, ok := pull(&first).(*protocol.RelatedUnchangedDocumentDiagnosticReport)
	if !ok || un.Kind != "unchanged" || un.ResultID != first {
		t.Fatalf("pull with the current result id: %#v, want unchanged %q", un, first)
	}
	edit := func(v int32, line, from, to uint32, ins string) {
		s.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
			TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: v},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{
				Range: protocol.Range{Start: protocol.Position{Line: line, Character: from}, End: protocol.Position{Line: line, Character: to}}, Text: ins}},
		})
	}
	edit(2, 0, 19, 22, "bigint") // id int → id bigint: one finding fewer
	full, ok = pull(&first).(*protocol.RelatedFullDocumentDiagnosticReport)
	if !ok || full.ResultID == nil || *full.ResultID == first || len(full.Items) != 1 {
		t.Fatalf("pull after an edit with the old id: %#v, want a full report of 1 with a new id", full)
	}
	second := *full.ResultID
	edit(3, 1, 0, 0, " ")
	edit(4, 1, 0, 1, "")
	un, ok = pull(&second).(*protocol.RelatedUnchangedDocumentDiagnosticReport)
	if !ok || un.ResultID != second {
		t.Fatalf("pull after typing and deleting a character: %#v, want unchanged %q", un, second)
	}
}

// TestAppendJSONString: messages are quoted exactly as jsontext quotes them.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b\c`, `"`, `\`, `\\""`, "tab\there", "nl\n", "é", "\x7f", "\u2028", "<&>", "bad\xffutf8", `end\`} {
		want, _ := jsontext.AppendQuote(nil, s)
		if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("appendJSONString(%q) = %s, want x%s", s, got, want)
		}
	}
	// Long strings, read eight bytes at a time: each special character at
	// each place of a chunk, and twice in one chunk.
	for _, c := range []string{`"`, `\`, "\n", "\x00", "\x1f", "é", "\x7f", " ", "!", "#", "[", "]"} {
		for at := 0; at < 20; at++ {
			s := strings.Repeat("a", at) + c + strings.Repeat("b", 20-at) + c + "cd"
			want, _ := jsontext.AppendQuote(nil, s)
			if got := appendJSONString(nil, s); string(got) != string(want) {
				t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
			}
		}
	}
}
