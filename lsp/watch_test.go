package lsp_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules/engine"
)

// publishedAfter waits for the first publishDiagnostics of uri after the
// first n, then for quiet (no more for quiet), and returns every one after
// the first n.
func (c *rawClient) publishedAfter(uri string, n int, quiet time.Duration) []map[string]any {
	c.t.Helper()
	mine := func() []map[string]any {
		var out []map[string]any
		for _, m := range c.msgs {
			if m["method"] == "textDocument/publishDiagnostics" && m["params"].(map[string]any)["uri"] == uri {
				out = append(out, m)
			}
		}
		return out
	}
	c.wait(func(map[string]any) bool { return len(mine()) > n }, 10*time.Second)
	for {
		c.mu.Lock()
		before := len(mine())
		c.mu.Unlock()
		time.Sleep(quiet)
		c.mu.Lock()
		all := mine()
		c.mu.Unlock()
		if len(all) == before {
			return all[n:]
		}
	}
}

func pubDiags(t *testing.T, m map[string]any) []wireDiag {
	t.Helper()
	raw, _ := json.Marshal(m["params"].(map[string]any)["diagnostics"])
	var ds []wireDiag
	if err := json.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestDiskChangesWithoutClientWatching: a client that offers no dynamic
// registration of workspace/didChangeWatchedFiles (Neovim 0.7, Helix) and
// sends no file events still sees, through the server's own watcher, a
// config saved Emacs-style (backup rename, create, write, chmod: one
// re-lint, not three), a config broken on disk and fixed again, and an
// earlier migration replaced by git checkout.
func TestDiskChangesWithoutClientWatching(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "migrations")
	os.MkdirAll(dir, 0o755)
	first := filepath.Join(dir, "001_t.sql")
	file := filepath.Join(dir, "002_alter.sql")
	cfgPath := filepath.Join(root, ".sqlreview.yaml")
	os.WriteFile(cfgPath, []byte("rules:\n  default: recommended\n"), 0o644)
	os.WriteFile(first, []byte("CREATE TABLE t (id bigint PRIMARY KEY, c int);\n"), 0o644)
	text := "ALTER TABLE t ALTER COLUMN c TYPE bigint;\nALTER TABLE t ADD COLUMN n int;\n"
	os.WriteFile(file, []byte(text), 0o644)

	c := startRaw(t)
	rootURI := string(uri.File(root))
	c.call(1, "initialize", map[string]any{"processId": nil, "rootUri": rootURI, "capabilities": map[string]any{},
		"workspaceFolders": []any{map[string]any{"uri": rootURI, "name": "ws"}}, "initializationOptions": map[string]any{"debounceMs": 0}})
	c.notify("initialized", map[string]any{})
	docURI := string(uri.File(file))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": docURI, "languageId": "sql", "version": 1, "text": text}})
	open := c.publishedAfter(docURI, 0, 300*time.Millisecond)
	sameList(t, "diagnostics on open", keys(pubDiags(t, open[len(open)-1])), expected(t, file, text))
	seen := len(open)

	// Emacs saves: the old file becomes the backup, a new one is written.
	os.Rename(cfgPath, cfgPath+"~")
	os.WriteFile(cfgPath, []byte("rules:\n  default: recommended\n  disable: [prefer-bigint-over-int]\n"), 0o644)
	os.Chmod(cfgPath, 0o600)
	after := c.publishedAfter(docURI, seen, 500*time.Millisecond)
	if len(after) != 1 {
		t.Errorf("one save of the config re-linted %d times, want once", len(after))
	}
	want := expected(t, file, text)
	if strings.Contains(strings.Join(want, "\n"), "prefer-bigint-over-int") {
		t.Fatalf("the new config is not in effect for the engine: %q", want)
	}
	sameList(t, "diagnostics after the config was saved", keys(pubDiags(t, after[len(after)-1])), want)
	seen += len(after)

	// A broken config is one diagnostic naming it, as the CLI's error.
	os.WriteFile(cfgPath, []byte("rules: [\n"), 0o644)
	after = c.publishedAfter(docURI, seen, 500*time.Millisecond)
	seen += len(after)
	_, cfgErr := engine.ConfigFor(file)
	if cfgErr == nil {
		t.Fatal("the broken config loads")
	}
	wantBroken := []string{"0:0-0:0 1 config " + strings.TrimPrefix(cfgErr.Error(), engine.ErrUsage.Error()+": ")}
	sameList(t, "diagnostics with a broken config", keys(pubDiags(t, after[len(after)-1])), wantBroken)

	os.WriteFile(cfgPath, []byte("rules:\n  default: recommended\n"), 0o644)
	after = c.publishedAfter(docURI, seen, 500*time.Millisecond)
	seen += len(after)
	sameList(t, "diagnostics after the config was fixed", keys(pubDiags(t, after[len(after)-1])), expected(t, file, text))

	// git checkout replaces the earlier migration: delete, then create.
	os.Remove(first)
	os.WriteFile(first, []byte("CREATE TABLE t (id bigint PRIMARY KEY, c smallint);\n"), 0o644)
	after = c.publishedAfter(docURI, seen, 500*time.Millisecond)
	got := keys(pubDiags(t, after[len(after)-1]))
	want = expected(t, file, text)
	if !strings.Contains(strings.Join(want, "\n"), "from smallint to bigint") {
		t.Fatalf("the engine does not see the new 001: %q", want)
	}
	sameList(t, "diagnostics after 001 changed on disk", got, want)
}

// TestNeovim07Snippet runs the README's Neovim 0.7 setup
// (clients/nvim07_config.lua) in headless Neovim 0.7: two migrations of one
// project attach to one server (its root_dir is the project's), and a
// config rewritten on disk — which Neovim 0.7 never reports — changes the
// diagnostics.
func TestNeovim07Snippet(t *testing.T) {
	_, err := exec.LookPath("nvim")
	need(t, "nvim (Debian package neovim)", err == nil)
	root := copyProject(t)
	file := filepath.Join(root, "migrations", "002_orders.sql")
	cfgPath := filepath.Join(root, ".sqlreview.yaml")
	newConfig := "rules:\n  disable: [prefer-bigint-over-int]\n"
	bin := server(t) // built before the clock starts: a build under load takes minutes
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "nvim", "--headless", "-u", filepath.Join("clients", "nvim07_config.lua"), "-i", "NONE", "-n",
		"-c", "luafile "+filepath.Join("clients", "nvim_root_client.lua"))
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"SQLREVIEW_FIRST="+filepath.Join(root, "migrations", "001_users.sql"), "SQLREVIEW_FILE="+file,
		"SQLREVIEW_CONFIG="+cfgPath, "SQLREVIEW_NEW_CONFIG="+newConfig)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("nvim failed: %v\nstdout: %s\nstderr: %s", err, raw, stderr.String())
	}
	var out struct {
		Clients           int
		Attached          []int
		Open, AfterConfig []wireDiag
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%v: %q", err, raw)
	}
	if out.Clients != 1 || len(out.Attached) != 2 || out.Attached[0] != out.Attached[1] {
		t.Errorf("%d servers running, buffers attached to clients %v; want both buffers on one", out.Clients, out.Attached)
	}
	text, _ := os.ReadFile(file)
	// Expectations for the open step use the original config; the client
	// has rewritten it since.
	newText, _ := os.ReadFile(cfgPath)
	oldConfig, _ := os.ReadFile(filepath.Join("..", "testdata", "lsp", "project", ".sqlreview.yaml"))
	os.WriteFile(cfgPath, oldConfig, 0o644)
	sameList(t, "diagnostics on open", keys(out.Open), expected(t, file, string(text)))
	os.WriteFile(cfgPath, newText, 0o644)
	want := expected(t, file, string(text))
	if strings.Contains(strings.Join(want, "\n"), "prefer-bigint-over-int") {
		t.Fatalf("the new config is not in effect for the engine: %q", want)
	}
	sameList(t, "diagnostics after the config changed on disk", keys(out.AfterConfig), want)
}

// TestClientFileEventsSettle: a client that watches files itself (Emacs
// eglot) reports one save of the config as several events in a row; the
// server reloads once, not once per event.
func TestClientFileEventsSettle(t *testing.T) {
	root := copyProject(t)
	file := filepath.Join(root, "migrations", "002_orders.sql")
	cfgPath := filepath.Join(root, ".sqlreview.yaml")
	text, _ := os.ReadFile(file)
	c := startRaw(t)
	rootURI := string(uri.File(root))
	c.call(1, "initialize", map[string]any{"processId": nil, "rootUri": rootURI, "initializationOptions": map[string]any{"debounceMs": 0},
		"capabilities": map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}})
	c.notify("initialized", map[string]any{})
	docURI := string(uri.File(file))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": docURI, "languageId": "sql", "version": 1, "text": string(text)}})
	seen := len(c.publishedAfter(docURI, 0, 300*time.Millisecond))

	os.WriteFile(cfgPath, []byte("rules:\n  disable: [prefer-bigint-over-int]\n"), 0o644)
	cfgURI := string(uri.File(cfgPath))
	for _, kind := range []int{3, 1, 2} { // deleted (renamed to the backup), created, changed
		c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": cfgURI, "type": kind}}})
		time.Sleep(20 * time.Millisecond)
	}
	after := c.publishedAfter(docURI, seen, 500*time.Millisecond)
	if len(after) != 1 {
		t.Errorf("one save of the config, reported as 3 events, re-linted %d times; want once", len(after))
	}
	sameList(t, "diagnostics after the config changed", keys(pubDiags(t, after[len(after)-1])), expected(t, file, string(text)))
}

// TestEglotSnippet runs the README's eglot setup (clients/eglot_config.el)
// in batch Emacs: two migrations of one git project are served by one
// server, the diagnostics equal the engine's, and eglot watches the files
// the server asked for (so the server does not watch them twice).
func TestEglotSnippet(t *testing.T) {
	_, err := exec.LookPath("emacs")
	need(t, "emacs (Debian packages emacs-nox elpa-eglot)", err == nil)
	root := copyProject(t)
	if out, err := exec.Command("git", "init", "-q", root).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	file := filepath.Join(root, "migrations", "002_orders.sql")
	bin := server(t) // built before the clock starts: a build under load takes minutes
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "emacs", "--batch", "-l", filepath.Join("clients", "eglot_client.el"))
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"SQLREVIEW_FIRST="+filepath.Join(root, "migrations", "001_users.sql"), "SQLREVIEW_FILE="+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		if strings.Contains(stderr.String(), `"eglot"`) && strings.Contains(stderr.String(), "Cannot open load file") {
			need(t, "eglot (Debian package elpa-eglot)", false)
		}
		t.Fatalf("emacs failed: %v\nstdout: %s\nstderr: %s", err, raw, stderr.String())
	}
	var out struct {
		Servers    int
		SameServer bool
		Watches    int
		Open       []wireDiag
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%v: %q", err, raw)
	}
	if out.Servers != 1 || !out.SameServer {
		t.Errorf("%d servers, same server for both buffers: %v; want one shared", out.Servers, out.SameServer)
	}
	if out.Watches == 0 {
		t.Error("eglot watches no files: the server's watcher registration was not accepted")
	}
	text, _ := os.ReadFile(file)
	sameList(t, "diagnostics on open", keys(out.Open), expected(t, file, string(text)))
}
