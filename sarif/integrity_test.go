package sarif

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sqlreview/sqlreview/internal/gitbase"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// TestDeletedFileFinding: a finding on a migration file that no longer
// exists (deleted since the base revision) still gives a valid log: a
// location under %SRCROOT% at line 1, column 1, and a fingerprint.
func TestDeletedFileFinding(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	os.MkdirAll(filepath.Join(dir, "migrations"), 0o755)
	os.WriteFile(filepath.Join(dir, "migrations/001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "migrations/002_audit.sql"), []byte("CREATE TABLE audit (id bigint PRIMARY KEY);\n"), 0o644)
	run("init", "-q")
	run("add", ".")
	run("commit", "-q", "-m", "base")
	run("checkout", "-q", "-b", "feature")
	run("rm", "-q", "migrations/002_audit.sql")
	base, err := gitbase.Open(dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Check([]string{filepath.Join(dir, "migrations")}, engine.Options{Base: base, RepoRoot: base.Top})
	if err != nil {
		t.Fatal(err)
	}
	data, err := Encode(res, Options{Version: testVersion, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	doc := decodeChecked(t, data)
	if len(doc.Results) != 1 {
		t.Fatalf("want one result, got %d: %s", len(doc.Results), data)
	}
	r := doc.Results[0]
	pl := r.Locations[0].PhysicalLocation
	if r.RuleID != "deleted-applied-migration" || pl.ArtifactLocation.URI != "migrations/002_audit.sql" || pl.ArtifactLocation.URIBaseID != SrcRoot ||
		*pl.Region != (regionDoc{StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 1}) || r.PartialFingerprints[FingerprintKey] == "" {
		t.Errorf("result %+v at %+v %+v", r, pl.ArtifactLocation, pl.Region)
	}
}
