package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestVSCodeOneCopy: a client that pulls diagnostics (as VS Code does, with
// the client library VS Code extensions use) is never pushed to, so what it
// shows (pushed plus pulled, kept apart as VS Code keeps them) is exactly one
// copy of each finding: on open, after an edit, and after a config change on
// disk, for which the server asks it to pull again
// (workspace/diagnostic/refresh). Neovim 0.7 cannot pull and is pushed to
// (TestNeovimClient).
func TestVSCodeOneCopy(t *testing.T) {
	_, err := exec.LookPath("node")
	need(t, "node", err == nil)
	_, err = os.Stat(filepath.Join("clients", "node_modules", "vscode-languageserver-protocol"))
	need(t, "npm package vscode-languageserver-protocol (npm ci in lsp/clients)", err == nil)

	root := copyProject(t)
	file := filepath.Join(root, "migrations", "002_orders.sql")
	newConfig := "rules:\n  disable: [prefer-bigint-over-int]\n"
	sc, _ := json.Marshal(map[string]any{"server": server(t), "root": root, "file": file, "newConfig": newConfig})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("clients", "vscode_pull.js"), string(sc))
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("client failed: %v\n%s", err, raw)
	}
	var out struct {
		Open, AfterEdit, AfterConfig []wireDiag
		EditText                     string
		Pushes, Refreshes, ExitCode  int
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	if out.Pushes != 0 {
		t.Errorf("the server pushed %d times to a client that pulls", out.Pushes)
	}
	cfgPath := filepath.Join(root, ".sqlreview.yaml")
	newCfg, _ := os.ReadFile(cfgPath)
	oldConfig, _ := os.ReadFile(filepath.Join("..", "testdata", "lsp", "project", ".sqlreview.yaml"))
	os.WriteFile(cfgPath, oldConfig, 0o644)
	text, _ := os.ReadFile(file)
	sameList(t, "shown on open", keys(out.Open), expected(t, file, string(text)))
	sameList(t, "shown after an edit", keys(out.AfterEdit), expected(t, file, out.EditText))
	os.WriteFile(cfgPath, newCfg, 0o644)
	sameList(t, "shown after the config change", keys(out.AfterConfig), expected(t, file, out.EditText))
	if out.Refreshes != 1 {
		t.Errorf("workspace/diagnostic/refresh sent %d times after one config change, want 1", out.Refreshes)
	}
	if out.ExitCode != 0 {
		t.Errorf("exit code %d", out.ExitCode)
	}
}

// TestPullUnchangedOnTheWire: over stdio, a pull that repeats the result id
// of the last report, with no edit in between, is answered
// {"kind":"unchanged"} with that id (LSP 3.17), not the whole report again.
func TestPullUnchangedOnTheWire(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "001_m.sql")
	text := "CREATE TABLE t (id int);\n"
	os.WriteFile(path, []byte(text), 0o644)
	c := startRaw(t)
	c.initialize(nil, map[string]any{"textDocument": map[string]any{"diagnostic": map[string]any{}}})
	uri := "file://" + path
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "sql", "version": 1, "text": text}})
	first := c.call(2, "textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": uri}})["result"].(map[string]any)
	id, _ := first["resultId"].(string)
	if first["kind"] != "full" || id == "" || len(first["items"].([]any)) != 2 {
		t.Fatalf("first pull: %v, want a full report of 2 with a resultId", first)
	}
	again := c.call(3, "textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": uri}, "previousResultId": id})["result"].(map[string]any)
	if want := map[string]any{"kind": "unchanged", "resultId": id}; fmt.Sprint(again) != fmt.Sprint(want) {
		t.Errorf("pull with the last result id: %v, want %v", again, want)
	}
}
