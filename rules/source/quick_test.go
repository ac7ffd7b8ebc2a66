package source

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestQuickCorpus(t *testing.T) {
	for _, dir := range []string{"pg-regress", "migrations/concourse", "migrations/openmeter", "migrations/ory-kratos", "migrations/trigger-dev"} {
		files, _ := filepath.Glob("../../../shared/corpus/" + dir + "/*.sql")
		st, errs, bytes := 0, 0, 0
		t0 := time.Now()
		for _, p := range files {
			data, _ := os.ReadFile(p)
			bytes += len(data)
			f := Parse(p, data)
			st += len(f.Statements)
			for _, s := range f.Statements {
				if s.Err != nil {
					errs++
					if dir != "pg-regress" {
						fmt.Printf("%s:%v: %s\n", p, f.Position(s.Err.Offset), s.Err.Message)
					}
				}
			}
		}
		el := time.Since(t0)
		fmt.Printf("%s: files=%d stmts=%d errs=%d bytes=%d %v %.0f stmt/s\n", dir, len(files), st, errs, bytes, el, float64(st)/el.Seconds())
	}
}
