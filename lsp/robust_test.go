package lsp_test

import (
	"bytes"
	"strings"
	"testing"
)

func diagsOf(m map[string]any) []map[string]any {
	var out []map[string]any
	for _, d := range m["params"].(map[string]any)["diagnostics"].([]any) {
		out = append(out, d.(map[string]any))
	}
	return out
}

// TestNeverDown: malformed JSON-RPC, unknown methods and notifications,
// notifications with bad params, edits to unknown documents, binary and
// invalid UTF-8 text and a 10 MB document each get an error response or a
// finding, and the server keeps answering.
func TestNeverDown(t *testing.T) {
	c := startRaw(t)
	c.initialize(map[string]any{"debounceMs": 0}, nil)
	c.sendRaw([]byte(`{"jsonrpc":"2.0","id":2,"method":`))            // truncated JSON
	c.sendRaw([]byte(`[1,2,3]`))                                      // not a message
	c.notify("$/somethingNew", map[string]any{})                      // unknown $/ notification
	c.notify("textDocument/didChange", map[string]any{"bogus": true}) // bad params
	c.notify("textDocument/didOpen", "not an object")                 // bad params
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": "file:///nope.sql", "version": 2}, "contentChanges": []any{}})
	if r := c.call(3, "sqlreview/unknown", map[string]any{}); r["error"] == nil {
		t.Errorf("unknown request: %v", r)
	}
	if r := c.call(4, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///never-opened.sql"}, "position": map[string]any{"line": 0, "character": 0}}); r["error"] != nil {
		t.Errorf("hover on an unknown document: %v", r)
	}

	binary := string([]byte{0, 1, 2, 0xff, 0xfe, 'S', 'E', 'L', 0})
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "untitled:binary", "languageId": "sql", "version": 1, "text": binary}})
	m, _ := c.published("untitled:binary", 1)
	if ds := diagsOf(m); len(ds) != 1 || ds[0]["code"] != "unreadable-file" {
		t.Errorf("binary text: %v", ds)
	}

	big := bytes.Repeat([]byte("UPDATE users SET c = 1; -- ...\n"), 10<<20/31)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "untitled:big", "languageId": "sql", "version": 1, "text": string(big)}})
	m, _ = c.published("untitled:big", 1)
	if len(diagsOf(m)) == 0 {
		t.Error("10 MB document: no diagnostics")
	}

	// untitled: documents are linted with the default config and no catalog.
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "untitled:Untitled-1", "languageId": "sql", "version": 1,
		"text": "CREATE INDEX i ON t (a);\nSELECT 1 FROM\n"}})
	m, _ = c.published("untitled:Untitled-1", 1)
	var codes []string
	for _, d := range diagsOf(m) {
		codes = append(codes, d["code"].(string))
	}
	if got := strings.Join(codes, ","); !strings.Contains(got, "require-concurrent-index-creation") || !strings.Contains(got, "syntax-error") {
		t.Errorf("untitled document: %s", got)
	}
	if r := c.call(5, "shutdown", nil); r["error"] != nil {
		t.Errorf("shutdown after all that: %v", r)
	}
}

// TestURIEchoAndUTF8: a URI with lowercase percent-escapes (as Neovim sends)
// comes back byte for byte, and a client offering utf-8 positions gets byte
// columns.
func TestURIEchoAndUTF8(t *testing.T) {
	c := startRaw(t)
	r := c.initialize(map[string]any{"debounceMs": 0}, map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-8", "utf-16"}}})
	if enc := r["result"].(map[string]any)["capabilities"].(map[string]any)["positionEncoding"]; enc != "utf-8" {
		t.Fatalf("positionEncoding %v", enc)
	}
	uri := "file:///tmp/caf%c3%a9/does-not-exist/001_x.sql"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "sql", "version": 1,
		"text": "SELECT 'é'; UPDATE t SET a = 1;\n"}})
	m, _ := c.published(uri, 1)
	ds := diagsOf(m)
	if len(ds) == 0 {
		t.Fatal("no diagnostics")
	}
	start := ds[0]["range"].(map[string]any)["start"].(map[string]any)
	// "SELECT 'é'; " is 13 bytes (é is two) and 12 characters.
	if ds[0]["code"] != "require-where-for-update-delete" || start["character"].(float64) != 13 {
		t.Errorf("utf-8 column: %v", ds[0])
	}
}
