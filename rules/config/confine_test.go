package config

import (
	"os"
	"path/filepath"
	"testing"
)

// TestConfineOutsideGit: without a git work tree the config's directory is
// the root; "..", links and ".." after a link are resolved as the system
// resolves them.
func TestConfineOutsideGit(t *testing.T) {
	base, _ := filepath.EvalSymlinks(t.TempDir())
	dir := filepath.Join(base, "proj")
	os.MkdirAll(filepath.Join(dir, "in"), 0o755)
	os.MkdirAll(filepath.Join(base, "other", "sub"), 0o755)
	os.Symlink(filepath.Join(base, "other", "sub"), filepath.Join(dir, "link"))
	c, err := Parse(filepath.Join(dir, ".sqlreview.yaml"), []byte("lint: {catalog: x.sql}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Root() != dir {
		t.Fatalf("Root() = %q; want %q", c.Root(), dir)
	}
	for p, ok := range map[string]bool{
		"schema.sql": true, "in/../schema.sql": true, "new/dir/r.json": true, dir + "/in/x.sql": true,
		"../x.sql": false, "link/x.sql": false, "link/../x.sql": false, "link/../../proj/x.sql": true, base + "/x.sql": false,
	} {
		_, err := c.Confine("lint.catalog", p, "")
		if (err == nil) != ok {
			t.Errorf("Confine(%q) error = %v; want allowed %v", p, err, ok)
		}
	}
	_, err = c.Confine("lint.catalog", "../x.sql", "")
	want := filepath.Join(dir, ".sqlreview.yaml") + `:1: lint.catalog: "../x.sql" is outside the repository (` + dir + `); a config file can only name files inside its repository`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v; want %q", err, want)
	}
	if p, err := Default().Confine("lint.catalog", "../anything", ""); err != nil || p != "../anything" {
		t.Errorf("Default(): %q %v", p, err)
	}
}
