package release

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sqlreview/sqlreview/rules/config"
)

// memSaver keeps releases in memory: these tests are about what Create
// records, not the store.
type memSaver struct{ saved *Release }

func (m *memSaver) SaveRelease(_ context.Context, rel *Release, newID func(int) string) (*Release, bool, error) {
	rel.ID = newID(1)
	m.saved = rel
	return rel, true, nil
}
func (m *memSaver) NewestRolledOut(context.Context) (*Release, error) { return nil, nil }
func (m *memSaver) Location() string                                  { return "memory" }

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestReleaseRecordsCommittedPolicy: the release records the config and
// allowed signers as committed, its digest covers them, a stored copy
// edited afterwards fails Verify, and uncommitted edits are refused.
func TestReleaseRecordsCommittedPolicy(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const signers = "alice ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBJPOKMrVlbCkeC+MrEkz2cTPjWgYj3s2iWAYHnqSd7N alice\n"
	write(".sqlreview.yaml", "signing: {allowed-signers: allowed_signers}\n")
	write("allowed_signers", signers)
	write("migrations/0001_a.sql", "CREATE TABLE a (id bigint PRIMARY KEY);\n")
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "init")
	cfg, err := config.Load(filepath.Join(dir, ".sqlreview.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Dir: filepath.Join(dir, "migrations"), Config: cfg, Author: "ci"}
	out, err := Create(context.Background(), &memSaver{}, in)
	if err != nil {
		t.Fatal(err)
	}
	rel := out.Release
	if p := rel.Policy; p == nil || string(p.Config) != "signing: {allowed-signers: allowed_signers}\n" || string(p.AllowedSigners) != signers || p.AllowedSignersPath != "allowed_signers" {
		t.Fatalf("policy = %+v", rel.Policy)
	}
	if rel.Digest == Digest(rel.Files) {
		t.Error("the digest does not cover the recorded config")
	}
	if err := rel.Verify(); err != nil {
		t.Fatal(err)
	}
	rel.Policy.AllowedSigners = []byte(signers + "mallory " + signers[len("alice "):])
	want := "release " + rel.ID + ": stored files or recorded config do not match its digest; the state store was modified; create a new release"
	if err := rel.Verify(); err == nil || err.Error() != want {
		t.Errorf("edited allowed signers: %v", err)
	}
	rel.Policy = nil
	if err := rel.Verify(); err == nil {
		t.Error("a release stripped of its config verifies")
	}

	write("allowed_signers", signers+"# bob soon\n")
	_, err = Create(context.Background(), &memSaver{}, in)
	want = "release refused: uncommitted changes to allowed_signers (a release records the config and the allowed signers as committed); commit them, or pass --allow-dirty to record the release as dirty"
	if !errors.Is(err, ErrDirty) || err.Error() != want {
		t.Errorf("uncommitted allowed signers:\n got %v\nwant %s", err, want)
	}
	in.AllowDirty = true
	if out, err := Create(context.Background(), &memSaver{}, in); err != nil || !out.Release.Dirty {
		t.Errorf("--allow-dirty: %v", err)
	}
}
