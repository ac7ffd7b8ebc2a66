package lsp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// diagLines renders diagnostics as "L:C-L:C code message" (0-based, as
// the protocol has them).
func diagLines(ds []map[string]any) []string {
	var out []string
	for _, d := range ds {
		r := d["range"].(map[string]any)
		s, e := r["start"].(map[string]any), r["end"].(map[string]any)
		out = append(out, fmt.Sprintf("%v:%v-%v:%v %v %v", s["line"], s["character"], e["line"], e["character"], d["code"], d["message"]))
	}
	return out
}

// Statements too deep for libpg_query used to overflow its stack and kill
// the server, even when they only sat in a migration before the opened
// one (the server replays those for the catalog). Now each is a
// syntax-error diagnostic and the server keeps serving; an unterminated
// comment and a \connect are diagnostics too.
func TestTooDeepStatementsDoNotStopTheServer(t *testing.T) {
	tooDeep := func(shape string) string {
		return "statement too deeply nested for the parser (" + shape + "; at most 1000 levels are accepted); split it into smaller expressions or statements"
	}
	files := []struct{ name, text, want string }{
		{"001_plus.sql", "SELECT 1" + strings.Repeat("+1", 40000) + ";\n",
			"0:2008-0:2009 syntax-error " + tooDeep("an operator chain of 40000")},
		{"002_concat.sql", "SELECT 'a'" + strings.Repeat("||'a'", 40000) + ";\n",
			"0:5010-0:5012 syntax-error " + tooDeep("an operator chain of 40000")},
		{"003_arrow.sql", "SELECT j" + strings.Repeat("->'a'", 40000) + " FROM t;\n",
			"0:5008-0:5010 syntax-error " + tooDeep("an operator chain of 40000")},
		{"004_paren.sql", "SELECT " + strings.Repeat("(", 40000) + "1" + strings.Repeat(")", 40000) + ";\n",
			"0:1007-0:1008 syntax-error " + tooDeep("40000 nested levels of parentheses, subqueries or CASE")},
		{"005_comment.sql", "SELECT 1;\n/* the rest is hidden\nDROP TABLE t;\n",
			"1:0-1:2 syntax-error unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */"},
		{"006_connect.sql", "\\connect reporting\n",
			"0:0-0:18 unsupported-psql-meta-command sqlreview runs SQL only and skips psql's \\connect, which switches to another database or user: the statements after it would run on the wrong one; give that database its own migrations"},
	}
	dir := t.TempDir()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	next := filepath.Join(dir, "007_next.sql")
	os.WriteFile(next, []byte("UPDATE t SET a = 1;\n"), 0o644)

	c := startRaw(t)
	c.initialize(map[string]any{"debounceMs": 0}, nil)
	open := func(path, text string) []string {
		uri := "file://" + path
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "sql", "version": 1, "text": text}})
		m, _ := c.published(uri, 1)
		return diagLines(diagsOf(m))
	}
	// First the file after all of them: the server replays them unopened.
	if got := open(next, "UPDATE t SET a = 1;\n"); len(got) != 1 || !strings.Contains(got[0], "require-where-for-update-delete") {
		t.Fatalf("007_next.sql: %q", got)
	}
	for _, f := range files {
		if got := open(filepath.Join(dir, f.name), f.text); len(got) != 1 || got[0] != f.want {
			t.Errorf("%s:\n got %q\nwant %q", f.name, got, f.want)
		}
	}
	if r := c.call(2, "shutdown", nil); r["error"] != nil {
		t.Errorf("shutdown: %v", r)
	}
}
