package catalog

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/sqlreview/sqlreview/rules/source"
)

func TestScratch(t *testing.T) {
	files, _ := filepath.Glob(os.Getenv("SCRATCH"))
	sort.Strings(files)
	c := New()
	errs := 0
	for _, fn := range files {
		data, _ := os.ReadFile(fn)
		f := source.ParseText(filepath.Base(fn), string(data))
		for _, st := range f.Statements {
			if st.Err != nil {
				errs++
			}
		}
		c.ApplyFile(f)
	}
	os.WriteFile("/tmp/dump.txt", []byte(dump(c)), 0o644)
	t.Logf("files %d syntax errors %d", len(files), errs)
}
