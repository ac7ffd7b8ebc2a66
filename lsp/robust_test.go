package lsp_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
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

	big := append(bytes.Repeat([]byte("SELECT 1; -- 10 MB of statements and comments, one finding at the end\n"), 10<<20/71), "UPDATE t SET a = 1;\n"...)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "untitled:big", "languageId": "sql", "version": 1, "text": string(big)}})
	m, _ = c.published("untitled:big", 1)
	if ds := diagsOf(m); len(ds) != 1 || ds[0]["code"] != "require-where-for-update-delete" {
		t.Errorf("10 MB document: %v", ds)
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

// TestSyntaxErrorsAtOnce: with a long debounce, an edit that makes or fixes
// a syntax error is linted at once, while other edits wait.
func TestSyntaxErrorsAtOnce(t *testing.T) {
	c := startRaw(t)
	c.initialize(map[string]any{"debounceMs": 3000}, nil)
	uri := "untitled:syntax"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "sql", "version": 1, "text": "SELECT 1;\n"}})
	c.published(uri, 1)
	edit := func(v int, text string) time.Duration {
		start := time.Now()
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": v},
			"contentChanges": []any{map[string]any{"text": text}}})
		_, at := c.published(uri, v)
		return at.Sub(start)
	}
	if d := edit(2, "SELECT 1 FROM;\n"); d > 1500*time.Millisecond {
		t.Errorf("new syntax error published after %v", d)
	}
	if d := edit(3, "SELECT 1;\n"); d > 1500*time.Millisecond {
		t.Errorf("fixed syntax error cleared after %v", d)
	}
	if d := edit(4, "SELECT 2;\n"); d < 2500*time.Millisecond {
		t.Errorf("an edit without syntax errors skipped the debounce (%v)", d)
	}
}
