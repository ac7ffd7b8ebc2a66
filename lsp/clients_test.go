package lsp_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/sqlreview/sqlreview/internal/testenv"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// serverBin is `sqlreview lsp`'s binary, built once by TestMain.
var serverBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sqlreview-lsp-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	serverBin = filepath.Join(dir, "sqlreview")
	if runtime.GOOS == "windows" {
		serverBin += ".exe"
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	buildOnce sync.Once
	buildErr  error
)

// server builds the binary on first use, so tests that drive the server
// in-process do not wait for (or depend on) the build.
//
// SQLREVIEW_TEST_SERVER names another binary to test instead (to compare a
// benchmark with an earlier build's, in paired runs).
func server(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("SQLREVIEW_TEST_SERVER"); bin != "" {
		return bin
	}
	buildOnce.Do(func() {
		out, err := exec.Command("go", "build", "-o", serverBin, "../cmd/sqlreview").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building sqlreview: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return serverBin
}

// need skips the test when a real client is missing locally; in CI (CI set)
// a missing client is a failure: .ci/run installs them.
func need(t *testing.T, what string, ok bool) {
	t.Helper()
	testenv.Need(t, ok, "%s is missing", what)
}

// copyProject copies testdata/lsp/project into a temp dir, since the tests
// rewrite its config.
func copyProject(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "testdata", "lsp", "project")
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// wireDiag is a diagnostic as a client receives it.
type wireDiag struct {
	Range struct {
		Start struct{ Line, Character int }
		End   struct{ Line, Character int }
	}
	Severity        int
	Code            string
	Source          string
	Message         string
	Tags            []int
	CodeDescription struct{ Href string }
}

func (d wireDiag) key() string {
	return fmt.Sprintf("%d:%d-%d:%d %d %s %s", d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, d.Severity, d.Code, d.Message)
}

// expected renders the engine's unsuppressed findings for text as the
// client must see them, with UTF-16 columns computed independently of the
// server's position code.
func expected(t *testing.T, path, text string) []string {
	t.Helper()
	fs, _, err := engine.CheckDocument(path, []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text, "\n")
	col16 := func(line, col int) int { // 1-based line and code-point column
		runes := []rune(lines[line-1])
		return len(utf16.Encode(runes[:col-1]))
	}
	var out []string
	for _, f := range fs {
		if f.Suppressed {
			continue
		}
		sev := map[string]int{"error": 1, "warning": 2, "info": 3}[f.Severity.String()]
		out = append(out, fmt.Sprintf("%d:%d-%d:%d %d %s %s", f.Start.Line-1, col16(f.Start.Line, f.Start.Column),
			f.End.Line-1, col16(f.End.Line, f.End.Column), sev, f.Rule.Name, f.Message))
	}
	return out
}

func keys(ds []wireDiag) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.key())
	}
	return out
}

func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got:\n  %s\n want:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestVSCodeClient drives the server with the npm vscode-languageserver-protocol
// client: diagnostics on open equal the engine's findings (same lines and
// UTF-16 columns), pull diagnostics agree, the preferred quick fix removes its
// finding, a burst of 50 edits ends with the last version's diagnostics, a
// config change is picked up, unknown methods do no harm, and shutdown/exit
// ends the process with 0.
func TestVSCodeClient(t *testing.T) {
	_, err := exec.LookPath("node")
	need(t, "node", err == nil)
	_, err = os.Stat(filepath.Join("clients", "node_modules", "vscode-languageserver-protocol"))
	need(t, "npm package vscode-languageserver-protocol (npm ci in lsp/clients)", err == nil)

	root := copyProject(t)
	file := filepath.Join(root, "migrations", "002_orders.sql")
	newConfig := "rules:\n  disable: [prefer-bigint-over-int]\n"
	sc, _ := json.Marshal(map[string]any{
		"server": server(t), "root": root, "file": file, "debounceMs": 20,
		"fixRule": "require-concurrent-index-creation", "newConfig": newConfig,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("clients", "vscode_client.js"), string(sc))
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("client failed: %v\n%s", err, raw)
	}
	var out struct {
		PositionEncoding    string
		URIEchoed           string
		Open, Pulled        []wireDiag
		ActionTitles        []string
		AfterFix            []wireDiag
		AfterFixText        string
		Hover               string
		BurstVersions       []int
		BurstLast           []wireDiag
		BurstText           string
		AfterConfig         []wireDiag
		UnknownRequestError int
		AliveAfterUnknown   bool
		Registered          []string
		ExitCode            int
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	if out.PositionEncoding != "utf-16" {
		t.Errorf("positionEncoding %q, want utf-16", out.PositionEncoding)
	}
	// The client rewrote the config; expectations before that step use the
	// original one.
	cfgPath := filepath.Join(root, ".sqlreview.yaml")
	oldConfig, _ := os.ReadFile(filepath.Join("..", "testdata", "lsp", "project", ".sqlreview.yaml"))
	os.WriteFile(cfgPath, oldConfig, 0o644)
	text, _ := os.ReadFile(file)
	want := expected(t, file, string(text))
	if len(want) < 5 {
		t.Fatalf("fixture gives only %d findings", len(want))
	}
	sameList(t, "diagnostics on open", keys(out.Open), want)
	sameList(t, "pulled diagnostics", keys(out.Pulled), want)
	for _, d := range out.Open {
		if d.Source != "sqlreview" || d.CodeDescription.Href == "" {
			t.Errorf("diagnostic %s: source %q href %q", d.Code, d.Source, d.CodeDescription.Href)
		}
		if unused := d.Code == "unused-suppression"; unused != (len(d.Tags) == 1 && d.Tags[0] == 1) {
			t.Errorf("diagnostic %s has tags %v", d.Code, d.Tags)
		}
	}
	for _, title := range []string{"Ignore require-concurrent-index-creation for this statement", "Ignore require-concurrent-index-creation for this file"} {
		if !strings.Contains(strings.Join(out.ActionTitles, "\n"), title) {
			t.Errorf("code actions %q lack %q", out.ActionTitles, title)
		}
	}
	if !strings.Contains(out.AfterFixText, "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\nCREATE INDEX CONCURRENTLY users_email_idx") {
		t.Errorf("fix not applied:\n%s", out.AfterFixText)
	}
	sameList(t, "diagnostics after the fix", keys(out.AfterFix), expected(t, file, out.AfterFixText))
	for _, d := range out.AfterFix {
		if d.Code == "require-concurrent-index-creation" && d.Range.Start.Line == 2 && d.Range.Start.Character == 0 {
			t.Errorf("the fixed finding is still reported: %s", d.key())
		}
	}
	if len(out.AfterFix) == 0 || !strings.Contains(out.Hover, "**"+out.AfterFix[0].Code+"**") || !strings.Contains(out.Hover, "Bad:") {
		t.Errorf("hover over the first finding: %q", out.Hover)
	}
	if n := len(out.BurstVersions); n == 0 || out.BurstVersions[n-1] != 52 {
		t.Errorf("burst: published versions %v, want the last to be 52", out.BurstVersions)
	}
	for i := 1; i < len(out.BurstVersions); i++ {
		if out.BurstVersions[i] < out.BurstVersions[i-1] {
			t.Errorf("burst: an older version was published after a newer one: %v", out.BurstVersions)
		}
	}
	sameList(t, "diagnostics after the burst", keys(out.BurstLast), expected(t, file, out.BurstText))
	// The new config disables prefer-bigint-over-int and drops the severity
	// override, both visible to the client.
	os.WriteFile(cfgPath, []byte(newConfig), 0o644)
	wantCfg := expected(t, file, out.BurstText)
	for _, d := range out.AfterConfig {
		if d.Code == "prefer-bigint-over-int" || (d.Code == "prefer-timestamptz" && d.Severity != 2) {
			t.Errorf("config change not applied: %s", d.key())
		}
	}
	sameList(t, "diagnostics after the config change", keys(out.AfterConfig), wantCfg)
	if out.UnknownRequestError != -32601 || !out.AliveAfterUnknown {
		t.Errorf("unknown request: error %d, alive %v", out.UnknownRequestError, out.AliveAfterUnknown)
	}
	if len(out.Registered) == 0 || out.Registered[0] != "workspace/didChangeWatchedFiles" {
		t.Errorf("file watchers not registered: %v", out.Registered)
	}
	if out.ExitCode != 0 {
		t.Errorf("exit code after shutdown+exit: %d", out.ExitCode)
	}
	if out.URIEchoed == "" {
		t.Error("no URI echoed")
	}
}

// TestNeovimClient drives the server from headless Neovim 0.7 (vim.lsp with
// start_client): diagnostics equal the engine's findings, the URI Neovim
// sends (lowercase percent-escapes for the non-ASCII directory name) is
// echoed so the diagnostics land on the buffer, and the preferred quick fix,
// applied by Neovim, removes its finding.
func TestNeovimClient(t *testing.T) {
	_, err := exec.LookPath("nvim")
	need(t, "nvim (Debian package neovim)", err == nil)
	root := filepath.Join(copyProject(t), "café")
	if err := os.Rename(filepath.Dir(root)+"/migrations", root); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "002_orders.sql")
	bin := server(t) // built before the clock starts: a build under load takes minutes
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+filepath.Join("clients", "nvim_client.lua"))
	cmd.Env = append(os.Environ(), "SQLREVIEW_BIN="+bin, "SQLREVIEW_FILE="+file, "SQLREVIEW_ROOT="+filepath.Dir(root),
		"SQLREVIEW_FIX_RULE=require-concurrent-index-creation")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("nvim failed: %v\nstdout: %s\nstderr: %s", err, raw, stderr.String())
	}
	var out struct {
		BufferURI, OpenURI string
		Open, AfterFix     []wireDiag
		Action             string
		AfterFixText       string
		Hover              string
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%v: %q", err, raw)
	}
	if out.OpenURI != out.BufferURI || !strings.Contains(out.BufferURI, "caf%") {
		t.Errorf("published for %q, buffer is %q", out.OpenURI, out.BufferURI)
	}
	text, _ := os.ReadFile(file)
	sameList(t, "diagnostics on open", keys(out.Open), expected(t, file, string(text)))
	sameList(t, "diagnostics after the fix", keys(out.AfterFix), expected(t, file, out.AfterFixText))
	if !strings.Contains(out.AfterFixText, "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\nCREATE INDEX CONCURRENTLY users_email_idx") {
		t.Errorf("fix %q not applied:\n%s", out.Action, out.AfterFixText)
	}
	if len(out.AfterFix) == 0 || !strings.Contains(out.Hover, out.AfterFix[0].Code) {
		t.Errorf("hover: %q", out.Hover)
	}
}

// TestVSCodeExtensionPackage compiles editors/vscode (TypeScript,
// vscode-languageclient) and packages it into a .vsix with @vscode/vsce; the
// package holds the compiled client and a manifest that starts `sqlreview
// lsp` for SQL with a setting for the binary's path.
func TestVSCodeExtensionPackage(t *testing.T) {
	ext := filepath.Join("..", "editors", "vscode")
	_, err := os.Stat(filepath.Join(ext, "node_modules", ".bin", "vsce"))
	need(t, "editors/vscode npm packages (npm ci in editors/vscode)", err == nil)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	vsix := filepath.Join(t.TempDir(), "sqlreview.vsix")
	for _, args := range [][]string{
		{filepath.Join("node_modules", ".bin", "tsc"), "-p", "."},
		{filepath.Join("node_modules", ".bin", "vsce"), "package", "--allow-missing-repository", "--skip-license", "-o", vsix},
	} {
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir = ext
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	zr, err := zip.OpenReader(vsix)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var manifest []byte
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		if f.Name == "extension/package.json" {
			rc, _ := f.Open()
			manifest, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if !names["extension/out/extension.js"] || !names["extension/node_modules/vscode-languageclient/package.json"] {
		t.Errorf("vsix lacks the compiled client or its dependency")
	}
	var m struct {
		Main             string
		ActivationEvents []string
		Contributes      struct {
			Configuration struct {
				Properties map[string]any
			}
		}
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	if m.Main != "./out/extension.js" || len(m.ActivationEvents) == 0 || m.ActivationEvents[0] != "onLanguage:sql" || m.Contributes.Configuration.Properties["sqlreview.path"] == nil {
		t.Errorf("manifest: %+v", m)
	}
}
