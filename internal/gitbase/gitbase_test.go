package gitbase

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sqlreview/sqlreview/rules/migfile"
)

func gitT(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBaseFiles: the base lists the versioned .sql files of each directory
// at the merge base, with repository paths and content checksums, whatever
// the working tree holds now.
func TestBaseFiles(t *testing.T) {
	dir, _ := filepath.EvalSymlinks(t.TempDir())
	writeFile(t, dir, "db/migrations/001_a.sql", "SELECT 1;\r\n")
	writeFile(t, dir, "db/migrations/seed.sql", "SELECT 0;\n")
	writeFile(t, dir, "db/other/002_b.SQL", "SELECT 2;\n")
	writeFile(t, dir, "notes/003_c.txt", "x\n")
	gitT(t, dir, "init", "-q")
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "base")
	gitT(t, dir, "checkout", "-q", "-b", "feature")
	os.RemoveAll(filepath.Join(dir, "db"))
	b, err := Open(filepath.Join(dir, "notes"), "main")
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := b.Dirs(filepath.Join(dir, "db"))
	if want := []string{filepath.Join(dir, "db/migrations"), filepath.Join(dir, "db/other")}; !reflect.DeepEqual(dirs, want) {
		t.Errorf("Dirs = %v, want %v", dirs, want)
	}
	files, err := b.Files(filepath.Join(dir, "db/migrations"))
	if err != nil || len(files) != 1 {
		t.Fatalf("Files = %v, %v", files, err)
	}
	// The checksum is apply's: CRLF counts as LF.
	if f := files[0]; f.Path != "db/migrations/001_a.sql" || f.Version.Key() != "1" || f.Checksum != migfile.Checksum([]byte("SELECT 1;\n")) {
		t.Errorf("file %+v", f)
	}
}

// TestOpenErrors: no repository, a revision the clone lacks, and unrelated
// histories are one line each.
func TestOpenErrors(t *testing.T) {
	if _, err := Open(t.TempDir(), "main"); err == nil || err.Error()[:len("--new-from-rev/--staged need a git work tree")] != "--new-from-rev/--staged need a git work tree" {
		t.Errorf("outside git: %v", err)
	}
	dir := t.TempDir()
	writeFile(t, dir, "a.sql", "SELECT 1;\n")
	gitT(t, dir, "init", "-q")
	gitT(t, dir, "add", ".")
	gitT(t, dir, "commit", "-q", "-m", "one")
	if _, err := Open(dir, "origin/main"); err == nil || err.Error() != "base revision origin/main is not in this clone; fetch it (actions/checkout fetch-depth: 0, or git fetch --deepen)" {
		t.Errorf("missing: %v", err)
	}
	gitT(t, dir, "checkout", "-q", "--orphan", "other")
	gitT(t, dir, "commit", "-q", "-m", "two")
	if _, err := Open(dir, "main"); err == nil || err.Error()[:len("--new-from-rev main: it has no common history with HEAD")] != "--new-from-rev main: it has no common history with HEAD" {
		t.Errorf("unrelated: %v", err)
	}
	if _, err := Open(dir, "--output=x"); err == nil || err.Error() != `--new-from-rev "--output=x": not a revision` {
		t.Errorf("option as revision: %v", err)
	}
}
