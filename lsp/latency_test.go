package lsp_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// TestSmallFileNoDebounce: with no debounce configured, a one-character
// edit to a 200-line migration is published well under the old fixed
// 100 ms debounce (its check costs a few milliseconds, less than a
// keystroke interval).
func TestSmallFileNoDebounce(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"), 0o644)
	path := filepath.Join(dir, "002_m.sql")
	text := migration200()
	os.WriteFile(path, []byte(text), 0o644)
	c := startRaw(t)
	c.initialize(nil, nil)
	uri := "file://" + path
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "sql", "version": 1, "text": text}})
	c.published(uri, 1)
	var ds []time.Duration
	for v := 2; v < 12; v++ {
		ds = append(ds, editAndWait(c, uri, v, 100))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	if p50 := ds[len(ds)/2]; p50 >= 80*time.Millisecond {
		t.Errorf("p50 edit-to-diagnostics %v on a 200-line file; want it well under the 100 ms debounce", p50)
	}
}

// editAndWait types (odd v: deletes) one character at the start of line and
// returns how long the diagnostics of version v took to arrive.
func editAndWait(c *rawClient, uri string, v, line int) time.Duration {
	ch := map[string]any{"range": map[string]any{"start": map[string]any{"line": line, "character": 0}, "end": map[string]any{"line": line, "character": 0}}, "text": " "}
	if v%2 == 1 {
		ch = map[string]any{"range": map[string]any{"start": map[string]any{"line": line, "character": 0}, "end": map[string]any{"line": line, "character": 1}}, "text": ""}
	}
	start := time.Now()
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": v}, "contentChanges": []any{ch}})
	_, at := c.published(uri, v)
	return at.Sub(start)
}
