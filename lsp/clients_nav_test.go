package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// navDirOnDisk copies testdata/lsp/nav (the directory of
// navigation_test.go) to a temp directory and returns the path of its last
// file, 003_use.sql.
func navDirOnDisk(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "testdata", "lsp", "nav")
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "003_use.sql")
}

type wireLoc struct {
	URI   string         `json:"uri"`
	Range protocol.Range `json:"range"`
}

func (l wireLoc) String() string {
	return fmt.Sprintf("%s:%d:%d-%d:%d", filepath.Base(l.URI), l.Range.Start.Line, l.Range.Start.Character, l.Range.End.Line, l.Range.End.Character)
}

type wireSymbol struct {
	Name     string         `json:"name"`
	Detail   string         `json:"detail"`
	Range    protocol.Range `json:"range"`
	Children []wireSymbol   `json:"children"`
}

// outlineText renders symbols as TestDocumentSymbols does.
func outlineText(syms []wireSymbol) string {
	var lines []string
	for _, s := range syms {
		line := fmt.Sprintf("%s @%d:", s.Name, s.Range.Start.Line)
		for _, c := range s.Children {
			line += fmt.Sprintf(" %s(%s %d:%d)", c.Name, c.Detail, c.Range.Start.Line, c.Range.Start.Character)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

const wantNavOutline = "ALTER TABLE users @2: users(alters table 2:12) email_len(alters constraint 2:38)\n" +
	"SELECT norm @3: norm(uses function 3:7) email(uses column 3:12) feeling(uses column 3:20) users(uses table 3:33)\n" +
	"CREATE TABLE orders @4: orders(creates table 4:13) id(creates column 4:21) user_id(creates column 4:44)\n" +
	"SELECT id @5: id(uses column 5:7) orders(uses table 5:15)"

// TestVSCodeClientNavigation: definition, references, symbols, folding and
// completion on a three-file migration directory, through the client
// library VS Code extensions use.
func TestVSCodeClientNavigation(t *testing.T) {
	_, err := exec.LookPath("node")
	need(t, "node", err == nil)
	_, err = os.Stat(filepath.Join("clients", "node_modules", "vscode-languageserver-protocol"))
	need(t, "npm package vscode-languageserver-protocol (npm ci in lsp/clients)", err == nil)
	file := navDirOnDisk(t)
	sc, _ := json.Marshal(map[string]any{
		"server": server(t), "root": filepath.Dir(file), "file": file,
		"definitionAt": protocol.Position{Line: 3, Character: 8},
		"referencesAt": protocol.Position{Line: 3, Character: 35},
		"completionAt": protocol.Position{Line: 5, Character: 7},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("clients", "vscode_nav.js"), string(sc))
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("client failed: %v\n%s", err, raw)
	}
	var out struct {
		Capabilities map[string]any
		Definition   wireLoc
		References   []wireLoc
		Symbols      []wireSymbol
		Folding      []protocol.FoldingRange
		Completion   []string
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	for _, c := range []string{"definitionProvider", "referencesProvider", "documentSymbolProvider", "foldingRangeProvider", "completionProvider"} {
		if out.Capabilities[c] == nil {
			t.Errorf("initialize does not advertise %s", c)
		}
	}
	if got := out.Definition.String(); got != "001_init.sql:6:16-6:20" {
		t.Errorf("definition of norm: %s", got)
	}
	var refs []string
	for _, l := range out.References {
		refs = append(refs, l.String())
	}
	if got, want := strings.Join(refs, " "), "001_init.sql:1:13-1:18 001_init.sql:5:32-5:37 002_more.sql:0:12-0:17 002_more.sql:1:12-1:17 003_use.sql:2:12-2:17 003_use.sql:3:33-3:38"; got != want {
		t.Errorf("references of users:\n got %s\nwant %s", got, want)
	}
	if got := outlineText(out.Symbols); got != wantNavOutline {
		t.Errorf("symbols:\n%s\nwant:\n%s", got, wantNavOutline)
	}
	if len(out.Folding) != 1 || out.Folding[0].StartLine != 0 || out.Folding[0].EndLine != 1 || out.Folding[0].Kind != protocol.FoldingRangeKindComment {
		t.Errorf("folding: %+v, want the two comment lines 0-1", out.Folding)
	}
	if got := strings.Join(out.Completion, " "); got != "id user_id orders users mood norm" {
		t.Errorf("completion: %s", got)
	}
}

// TestNeovimClientNavigation: definition and symbols from headless Neovim
// 0.7's built-in client on the same directory.
func TestNeovimClientNavigation(t *testing.T) {
	_, err := exec.LookPath("nvim")
	need(t, "nvim (Debian package neovim)", err == nil)
	file := navDirOnDisk(t)
	bin := server(t) // built before the clock starts: a build under load takes minutes
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+filepath.Join("clients", "nvim_nav.lua"))
	cmd.Env = append(os.Environ(), "SQLREVIEW_BIN="+bin, "SQLREVIEW_FILE="+file, "SQLREVIEW_ROOT="+filepath.Dir(file),
		"SQLREVIEW_DEF_LINE=4", "SQLREVIEW_DEF_CHAR=46") // user_id in CREATE TABLE orders: this file
	var stderr strings.Builder
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("nvim failed: %v\nstdout: %s\nstderr: %s", err, raw, stderr.String())
	}
	var out struct {
		Definition wireLoc
		Symbols    []wireSymbol
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	if got := out.Definition.String(); got != "003_use.sql:4:44-4:51" {
		t.Errorf("definition of user_id: %s", got)
	}
	if got := outlineText(out.Symbols); got != wantNavOutline {
		t.Errorf("symbols:\n%s\nwant:\n%s", got, wantNavOutline)
	}
}
