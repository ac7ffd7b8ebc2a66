package lsp

import (
	"context"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestDocLinkPerRule: each diagnostic's codeDescription and the hover over
// it link the rule's own section of the rule reference.
func TestDocLinkPerRule(t *testing.T) {
	s, u := fixture(t, "ALTER TABLE users DROP COLUMN email;\nCREATE INDEX a_idx ON users (id);\n")
	rep, err := s.Diagnostic(context.Background(), &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range rep.(*protocol.RelatedFullDocumentDiagnosticReport).Items {
		got = append(got, string(d.Code.(protocol.String))+" "+string(d.CodeDescription.Href))
	}
	want := "ban-drop-column https://github.com/sqlreview/sqlreview/blob/main/docs/rules.md#ban-drop-column\n" +
		"require-concurrent-index-creation https://github.com/sqlreview/sqlreview/blob/main/docs/rules.md#require-concurrent-index-creation\n" +
		// The index build runs while the DROP COLUMN's lock is held.
		"expensive-statement-holding-access-exclusive https://github.com/sqlreview/sqlreview/blob/main/docs/rules.md#expensive-statement-holding-access-exclusive"
	if strings.Join(got, "\n") != want {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	h, _ := s.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 0, Character: 20}}})
	if h == nil || !strings.Contains(h.Contents.(*protocol.MarkupContent).Value, "[ban-drop-column](https://github.com/sqlreview/sqlreview/blob/main/docs/rules.md#ban-drop-column)") {
		t.Errorf("hover link: %+v", h)
	}
}
