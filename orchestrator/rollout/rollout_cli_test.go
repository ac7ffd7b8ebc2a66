package rollout

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// TestRolloutCLI drives release create, rollout, approve, status and
// history --env through the binary, with the URLs only in the environment.
func TestRolloutCLI(t *testing.T) {
	dir := t.TempDir()
	mig := filepath.Join(dir, "migrations")
	os.MkdirAll(mig, 0o755)
	for name, body := range releaseFiles {
		os.WriteFile(filepath.Join(mig, name), []byte(body), 0o644)
	}
	_, alicePub, _ := sshKey(t, dir, "alice")
	os.WriteFile(filepath.Join(dir, "allowed_signers"), []byte("alice "+alicePub+"\n"), 0o644)
	cfg := `migrations: {dir: migrations}
signing: {allowed-signers: allowed_signers}
environments:
  - name: staging
    targets: [{name: app-staging, url: "${STAGING_URL}"}]
  - name: prod
    approval: required
    targets: [{name: tenant-a, url: "${TENANT_A_URL}"}, {name: tenant-b, url: "${TENANT_B_URL}"}]
`
	os.WriteFile(filepath.Join(dir, ".sqlreview.yaml"), []byte(cfg), 0o644)
	urls := []string{pgtest.NewDB(t), pgtest.NewDB(t), pgtest.NewDB(t)}
	env := []string{"STAGING_URL=" + urls[0], "TENANT_A_URL=" + urls[1], "TENANT_B_URL=" + urls[2]}
	conf := "--config=" + filepath.Join(dir, ".sqlreview.yaml")
	var all strings.Builder
	run := func(want int, args ...string) cliRun {
		t.Helper()
		r := runCLI(t, env, append(args, conf)...)
		all.WriteString(r.Stdout + r.Stderr)
		if r.Code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, r.Code, want, r.Stdout, r.Stderr)
		}
		return r
	}
	r := run(0, "release", "create", "--format", "json")
	var rel struct {
		ID     string `json:"id"`
		Digest string `json:"digest"`
		Files  []struct{ Version, Name, SHA256 string }
	}
	if err := json.Unmarshal([]byte(r.Stdout), &rel); err != nil || len(rel.Files) != 3 || !strings.HasPrefix(rel.ID, "release_") {
		t.Fatalf("release create: %v %s", err, r.Stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, ".sqlreview", "state.db")); err != nil {
		t.Fatalf("embedded store: %v", err)
	}
	r = run(1, "rollout", "--release", rel.ID, "--env", "prod")
	if !strings.Contains(r.Stderr, "environment staging has not fully succeeded") {
		t.Errorf("prod first: %s", r.Stderr)
	}
	r = run(0, "rollout", "--release", rel.ID, "--env", "staging", "--events-json")
	if !strings.Contains(r.Stdout, `"kind":"stage.finished"`) {
		t.Errorf("events: %s", r.Stdout)
	}
	r = run(1, "rollout", "--release", rel.ID, "--env", "prod")
	if !strings.Contains(r.Stderr, "sqlreview approve --release "+rel.ID+" --env prod --by NAME") {
		t.Errorf("no approval: %s", r.Stderr)
	}
	r = run(1, "approve", "--release", rel.ID, "--env", "prod", "--by", "mallory", "--key", filepath.Join(dir, "alice"))
	if want := "sqlreview: not recorded: approval by mallory is signed with key "; !strings.HasPrefix(r.Stderr, want) {
		t.Errorf("approve with a key not listed for mallory: %s", r.Stderr)
	}
	r = run(0, "approve", "--release", rel.ID, "--env", "prod", "--by", "alice", "--comment", "ok", "--key", filepath.Join(dir, "alice"))
	if want := "approved " + rel.ID + " for prod by alice (digest " + strings.TrimPrefix(rel.Digest, "sha256:")[:12] + ", signed)\nprod: low risk; approval complete (step 1: alice)\n"; r.Stdout != want {
		t.Errorf("approve: %q, want %q", r.Stdout, want)
	}
	run(0, "rollout", "--release", rel.ID, "--env", "prod")
	r = run(0, "status", "--format", "json")
	var st struct {
		Release      string
		Environments []struct {
			Name, Status string
			ApprovedBy   []string
			Targets      []struct{ Name, Status string }
		}
	}
	if err := json.Unmarshal([]byte(r.Stdout), &st); err != nil {
		t.Fatal(err)
	}
	if st.Release != rel.ID || len(st.Environments) != 2 || st.Environments[1].Status != "succeeded" || len(st.Environments[1].Targets) != 2 ||
		st.Environments[1].Targets[1].Name != "tenant-b" || st.Environments[1].Targets[1].Status != "succeeded" || st.Environments[1].ApprovedBy[0] != "alice" {
		t.Errorf("status = %s", r.Stdout)
	}
	r = run(0, "history", "--env", "prod", "--format", "json")
	var h struct {
		History []struct {
			Target, Version string
			ReleaseID       string `json:"releaseId"`
		}
	}
	if err := json.Unmarshal([]byte(r.Stdout), &h); err != nil || len(h.History) != 6 || h.History[0].ReleaseID != rel.ID || h.History[0].Target != "tenant-a" {
		t.Errorf("history --env: %v %s", err, r.Stdout)
	}
	run(0, "history", "--env", "prod", "--target", "tenant-a")
	run(0, "release", "list")
	run(0, "release", "show", rel.ID)
	text := all.String()
	if strings.Contains(text, pgtest.Password) {
		t.Error("CLI output contains the password")
	}
	for _, u := range urls {
		if strings.Contains(text, u) {
			t.Error("CLI output contains a database URL")
		}
	}
}
