package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/buildinfo"
	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/internal/testenv"
	"github.com/sqlreview/sqlreview/lsp"
	"go.lsp.dev/protocol"
)

// The version `sqlreview version` prints is the one history rows, SARIF
// and the language server's serverInfo record: all read buildinfo.Version.
func TestVersionSameEverywhere(t *testing.T) {
	const stamp = "v7.7.7-test"
	buildinfo.SetRelease(stamp)
	defer buildinfo.SetRelease(version)

	code, out, _ := runCLI(t, "", "", "version")
	if code != exitOK || !strings.HasPrefix(out, "sqlreview "+stamp+"\n") || !strings.Contains(out, "\nparser: PostgreSQL 17.") || !strings.Contains(out, "\ngo: go1.") {
		t.Fatalf("version: exit %d\n%s", code, out)
	}
	var d buildinfo.Details
	_, out, _ = runCLI(t, "", "", "version", "--format", "json")
	if err := json.Unmarshal([]byte(out), &d); err != nil || d.Version != stamp || !strings.HasPrefix(d.PostgresGrammar, "17.") || d.PgQueryGo == "" {
		t.Fatalf("version --format json: %v\n%s", err, out)
	}

	dir := writeFiles(t, map[string]string{"migrations/001_t.sql": "CREATE TABLE t (id bigint PRIMARY KEY);\n"})
	_, out, _ = runCLI(t, dir, "", "check", "--format", "sarif", "migrations")
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Version string } `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil || len(sarif.Runs) != 1 || sarif.Runs[0].Tool.Driver.Version != stamp {
		t.Errorf("SARIF tool.driver.version: %v\n%s", err, out)
	}

	res, err := lsp.NewServer(lsp.Options{}).Initialize(context.Background(), &protocol.InitializeParams{})
	if v, _ := res.ServerInfo.Version.Get(); err != nil || v != stamp {
		t.Errorf("LSP serverInfo: %v %+v", err, res.ServerInfo)
	}

	url := pgtest.NewDB(t)
	if code, out, errOut := runCLI(t, dir, "", "apply", "migrations", "--database-url", url); code != exitOK {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errOut)
	}
	_, out, _ = runCLI(t, dir, "", "history", "--database-url", url, "--format", "json")
	var hist struct {
		History []struct {
			ToolVersion string `json:"toolVersion"`
		} `json:"history"`
	}
	if err := json.Unmarshal([]byte(out), &hist); err != nil || len(hist.History) != 1 || hist.History[0].ToolVersion != stamp {
		t.Errorf("history row toolVersion: %v\n%s", err, out)
	}
}

// A release build shows its -ldflags stamp; a `go build` in a git checkout
// shows "(devel)-" and the commit, with "+dirty" once a file is modified.
func TestVersionOfRealBuilds(t *testing.T) {
	testenv.Need(t, !testing.Short(), "-short: this test builds sqlreview three times (minutes on a busy machine)")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// A clone: Go records VCS state only where .git is a directory (not in
	// a `git worktree`), and the test must not touch the developer's tree.
	clone := filepath.Join(t.TempDir(), "src")
	gitRun(t, "", "clone", "--quiet", root, clone)
	rev := gitRun(t, clone, "rev-parse", "HEAD")

	// Without -trimpath: the dependencies' compiled packages come from the
	// build cache; only sqlreview's own packages compile in the clone.
	build := func(dir string, extra ...string) string {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "sqlreview")
		args := append([]string{"build", "-buildvcs=true", "-o", bin}, extra...)
		cmd := exec.Command("go", append(args, "./cmd/sqlreview")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "version").Output()
		if err != nil {
			t.Fatalf("version: %v", err)
		}
		first, _, _ := strings.Cut(string(out), "\n")
		return first
	}
	if got, want := build(clone), "sqlreview (devel)-"+rev[:12]; got != want {
		t.Errorf("build of a clean checkout: %q, want %q", got, want)
	}
	if err := os.WriteFile(filepath.Join(clone, "go.mod"), append(mustRead(t, filepath.Join(clone, "go.mod")), "\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := build(clone), "sqlreview (devel)-"+rev[:12]+"+dirty"; got != want {
		t.Errorf("build of a modified checkout: %q, want %q", got, want)
	}
	// The stamp of a release build wins over the VCS state (built where
	// the test runs: its packages are in the build cache).
	if got, want := build(root, "-ldflags", "-X main.version=v1.2.3"), "sqlreview v1.2.3"; got != want {
		t.Errorf("release build: %q, want %q", got, want)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
