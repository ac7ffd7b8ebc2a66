package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/clitest"
	"github.com/sqlreview/sqlreview/internal/testenv"
)

// TestPreCommitHook installs the repository's .pre-commit-hooks.yaml with
// the real pre-commit (`pre-commit try-repo`, which builds sqlreview with
// `go install ./...` exactly as a user's pre-commit would) and commits
// migrations in a sample repository: a good one passes, one that creates an
// index on an existing table fails with the finding.
//
// The hook repository is a snapshot of this work tree (tracked and untracked
// files, as `git add -A` would see them), so the test checks the code being
// edited, not the last commit. The snapshot's hook manifest is staged but not
// committed, which makes try-repo take its "uncommitted changes" path: the
// way a developer tries the hook before committing it.
func TestPreCommitHook(t *testing.T) {
	preCommit, err := exec.LookPath("pre-commit")
	testenv.Need(t, err == nil, "pre-commit is not installed (apt-get install pre-commit)")
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not on PATH; pre-commit's golang hooks need it", tool)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatalf("hook manifest: %v", err)
	}
	hookRepo := snapshotRepo(t, root)
	// GOMODCACHE: pre-commit points GOPATH at its own environment, which
	// would download every module again; the shared module cache makes the
	// install work offline. The build cache (GOCACHE) is shared anyway, so
	// the cgo build of the parser is done once.
	env := append(os.Environ(), "GOMODCACHE="+goEnv(t, "GOMODCACHE"), "NO_COLOR=1")
	checkHookCommits(t, preCommit, hookRepo, "sqlreview", env)
}

// TestPreCommitSystemHook runs the prebuilt variant, sqlreview-system
// (language: system), with `pre-commit try-repo` offline and without Go on
// PATH: the sqlreview on PATH reviews the commits exactly as the golang
// hook's does.
func TestPreCommitSystemHook(t *testing.T) {
	preCommit, err := exec.LookPath("pre-commit")
	testenv.Need(t, err == nil, "pre-commit is not installed (apt-get install pre-commit)")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	hookRepo := snapshotRepo(t, root)
	bin := clitest.Binary(t)
	// PATH: the sqlreview binary, pre-commit, git and the system's tools;
	// no Go.
	path := []string{filepath.Dir(bin)}
	for _, tool := range []string{preCommit, "git"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Fatalf("%s: %v", tool, err)
		}
		path = append(path, filepath.Dir(p))
	}
	path = append(path, "/usr/bin", "/bin")
	for _, dir := range path {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			t.Fatalf("%s holds go; the system hook must run without it", dir)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+strings.Join(path, string(os.PathListSeparator)), "NO_COLOR=1")
	checkHookCommits(t, preCommit, hookRepo, "sqlreview-system", env)
}

// checkHookCommits commits migrations in a sample repository through the
// hook hookID of hookRepo (`pre-commit try-repo`): a good one passes, one
// that creates an index on an existing table fails with the finding, and
// only the staged files are reported.
func checkHookCommits(t *testing.T, preCommit, hookRepo, hookID string, env []string) {
	t.Helper()
	sample := writeFiles(t, map[string]string{
		"migrations/202501150900_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
		"README.md":                         "sample\n",
	})
	gitT(t, sample, "init", "-q")
	gitT(t, sample, "add", ".")
	gitT(t, sample, "commit", "-q", "-m", "users")

	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout(t))
	defer cancel()
	tryRepo := func(args ...string) (int, string) {
		t.Helper()
		cmd := exec.CommandContext(ctx, preCommit, append([]string{"try-repo", "--color", "never", hookRepo, hookID}, args...)...)
		cmd.Dir = sample
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ctx.Err() != nil {
			t.Fatalf("pre-commit try-repo timed out; output so far:\n%s", out.String())
		}
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("pre-commit try-repo: %v\n%s", err, out.String())
		}
		code := 0
		if exit != nil {
			code = exit.ExitCode()
		}
		return code, out.String()
	}

	// A good migration: a new table and its index in the same file.
	writeFile(t, sample, "migrations/202501160900_orders.sql",
		"CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL);\nCREATE INDEX orders_user_id_idx ON orders (user_id);\n")
	gitT(t, sample, "add", "migrations")
	code, out := tryRepo()
	if code != 0 || !strings.Contains(out, "sqlreview") || !strings.Contains(out, "Passed") {
		t.Fatalf("good migration: pre-commit exit %d, want 0 and Passed:\n%s", code, out)
	}
	gitT(t, sample, "commit", "-q", "-m", "orders")

	// A bad one: orders exists (an earlier migration created it), so a plain
	// CREATE INDEX locks its writes.
	writeFile(t, sample, "migrations/202501170900_orders_index.sql", "CREATE INDEX orders_id_user_idx ON orders (id, user_id);\n")
	gitT(t, sample, "add", "migrations")
	code, out = tryRepo()
	for _, want := range []string{
		"Failed",
		"migrations/202501170900_orders_index.sql:1:1: error:",
		"[require-concurrent-index-creation]",
	} {
		if code != 1 || !strings.Contains(out, want) {
			t.Fatalf("bad migration: pre-commit exit %d, want 1 and %q in:\n%s", code, want, out)
		}
	}
	// Only the staged file is passed: the earlier migrations are replayed
	// for the catalog but not reported on.
	if strings.Contains(out, "202501160900_orders.sql:") {
		t.Errorf("an already committed migration was reported:\n%s", out)
	}

	// The same with explicit files, the way `pre-commit run --files` works.
	code, out = tryRepo("--files", "migrations/202501160900_orders.sql")
	if code != 0 || !strings.Contains(out, "Passed") {
		t.Errorf("--files good migration: exit %d:\n%s", code, out)
	}
}

// snapshotRepo copies root's tracked and untracked (not ignored) files into
// a new repository, commits all but the hook manifest, and stages that.
func snapshotRepo(t *testing.T, root string) string {
	t.Helper()
	list, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files in %s: %v", root, err)
	}
	dst := t.TempDir()
	for _, name := range strings.Split(string(list), "\x00") {
		if name == "" {
			continue
		}
		if err := copyPath(filepath.Join(root, name), filepath.Join(dst, name)); err != nil {
			if os.IsNotExist(err) {
				continue // deleted in the work tree
			}
			t.Fatal(err)
		}
	}
	gitT(t, dst, "init", "-q")
	gitT(t, dst, "add", "-A", "--", ".", ":!.pre-commit-hooks.yaml")
	gitT(t, dst, "commit", "-q", "-m", "snapshot")
	gitT(t, dst, "add", ".pre-commit-hooks.yaml")
	return dst
}

func copyPath(src, dst string) error {
	st, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	switch {
	case st.Mode()&os.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		return os.Symlink(target, dst)
	case st.Mode().IsRegular():
		in, err := os.Open(src)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, st.Mode().Perm())
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	}
	return nil // submodules and other non-files are not part of the hook
}

func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

// hookTimeout leaves the hook runs the test's remaining time, less a margin
// to report a timeout cleanly; the first run builds the cgo parser.
func hookTimeout(t *testing.T) time.Duration {
	d := 15 * time.Minute
	if deadline, ok := t.Deadline(); ok {
		if left := time.Until(deadline) - 30*time.Second; left < d {
			d = left
		}
	}
	return d
}

// TestPreCommitBuildsOneBinary: pre-commit's golang hooks run
// `go install ./...` in the hook repository, which builds every main
// package below it. Only sqlreview is one; the benchmarks and the code
// generator are single files run with `go run FILE` (//go:build ignore),
// still type-checked here so they do not rot.
func TestPreCommitBuildsOneBinary(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-f", "{{if eq .Name \"main\"}}{{.ImportPath}}{{end}}", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if got, want := strings.TrimSpace(string(out)), "github.com/sqlreview/sqlreview/cmd/sqlreview"; got != want {
		t.Errorf("`go install ./...` builds:\n%s\nwant only %s", got, want)
	}
	for _, file := range []string{"bench/apply/main.go", "bench/rollout/main.go", "rules/internal/walkgen/main.go"} {
		vet := exec.Command("go", "vet", file)
		vet.Dir = root
		if out, err := vet.CombinedOutput(); err != nil {
			t.Errorf("go vet %s: %v\n%s", file, err, out)
		}
	}
}
