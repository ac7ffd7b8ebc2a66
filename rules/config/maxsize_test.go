package config

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFilesMaxSize: files.max-size is read from the config file, parsed in
// bytes, KB, MB or GB, defaults to 64 MB, and a bad value is one line
// naming the file, the line and the key.
func TestFilesMaxSize(t *testing.T) {
	if got := Default().Files.MaxBytes(); got != 64<<20 {
		t.Errorf("default max size %d, want %d", got, 64<<20)
	}
	for in, want := range map[string]int64{"64MB": 64 << 20, "512kb": 512 << 10, "1 GB": 1 << 30, "1000": 1000, "10B": 10} {
		c := Default()
		c.Files.MaxSize = in
		if err := c.Validate(nil, nil); err != nil {
			t.Errorf("max-size %q: %v", in, err)
		}
		if got := c.Files.MaxBytes(); got != want {
			t.Errorf("max-size %q = %d bytes, want %d", in, got, want)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, ".sqlreview.yaml")
	if err := os.WriteFile(path, []byte("files:\n  include: [\"**/*.sql\"]\n  max-size: 12XB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := path + `:3: files.max-size: expected a size greater than 0 such as "64MB", "512KB" or a number of bytes, got "12XB"`
	if err := c.Validate(nil, nil); err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	for _, bad := range []string{"0", "-1MB", "MB", "1.5MB", "99999999999GB"} {
		c := Default()
		c.Files.MaxSize = bad
		if err := c.Validate(nil, nil); err == nil {
			t.Errorf("max-size %q accepted", bad)
		}
	}
}
