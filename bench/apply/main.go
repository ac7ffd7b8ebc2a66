//go:build ignore

// Command apply measures `sqlreview apply` on a real history against psql,
// side by side on one throwaway server: the trigger-dev history (820 files)
// applied to an empty database by
//
//   - sqlreview apply (with and without the review gate),
//   - psql -X -v ON_ERROR_STOP=1 -f FILE, one process per file,
//   - one psql session over all files (-f repeated).
//
// Usage: go run ./bench/apply/main.go [-runs N] [-history DIR]
//
// It is one file built only when named (go:build ignore), so that
// `go install ./...` (which pre-commit runs) builds sqlreview alone.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

func main() {
	runs := flag.Int("runs", 3, "runs per method; the best is reported")
	history := flag.String("history", "../shared/corpus/migrations/trigger-dev", "migration directory")
	flag.Parse()
	if err := run(*runs, *history); err != nil {
		fmt.Fprintln(os.Stderr, "bench/apply:", err)
		os.Exit(2)
	}
}

func run(runs int, dir string) error {
	files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	if len(files) == 0 {
		return fmt.Errorf("%s has no .sql files; the shared corpus is required", dir)
	}
	files = migfile.Sort(files)
	tmp, err := os.MkdirTemp("", "bench-apply-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "sqlreview")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/sqlreview").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v: %s", err, out)
	}
	srv, err := pgtest.Start()
	if err != nil {
		return err
	}
	defer srv.Stop()
	psql := filepath.Join(srv.Bin, "psql")
	n := 0
	newDB := func() (string, error) {
		n++
		name := fmt.Sprintf("bench%d", n)
		return srv.URL(name), srv.Exec("postgres", "CREATE DATABASE "+name)
	}
	type method struct {
		name string
		run  func(url string) error
	}
	cmd := func(name string, args ...string) error {
		c := exec.Command(name, args...)
		c.Env = srv.Env()
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v: %s", filepath.Base(name), err, tail(out))
		}
		return nil
	}
	methods := []method{
		{"sqlreview apply --no-review", func(url string) error {
			return cmd(bin, "apply", dir, "--database-url", url, "--no-review")
		}},
		{"sqlreview apply (review against the live schema)", func(url string) error {
			// The review runs; its findings are the history's own, so only
			// the time counts here: fail-on never keeps the gate open.
			cfg := filepath.Join(tmp, "never.yaml")
			os.WriteFile(cfg, []byte("fail-on: never\n"), 0o644)
			return cmd(bin, "apply", dir, "--database-url", url, "--config", cfg)
		}},
		{"psql -f per file", func(url string) error {
			for _, f := range files {
				if err := cmd(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", f); err != nil {
					return err
				}
			}
			return nil
		}},
		{"one psql session", func(url string) error {
			args := []string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url}
			for _, f := range files {
				args = append(args, "-f", f)
			}
			return cmd(psql, args...)
		}},
	}
	fmt.Printf("%d files from %s, PostgreSQL %d on loopback, best of %d\n\n", len(files), dir, srv.Major, runs)
	fmt.Printf("| method | wall | files/s |\n|---|---|---|\n")
	best := map[string]time.Duration{}
	for r := 0; r < runs; r++ {
		for _, m := range methods {
			url, err := newDB()
			if err != nil {
				return err
			}
			t0 := time.Now()
			if err := m.run(url); err != nil {
				return fmt.Errorf("%s: %v", m.name, err)
			}
			d := time.Since(t0)
			if b, ok := best[m.name]; !ok || d < b {
				best[m.name] = d
			}
		}
	}
	names := make([]string, 0, len(methods))
	for _, m := range methods {
		names = append(names, m.name)
	}
	sort.SliceStable(names, func(i, j int) bool { return false })
	for _, name := range names {
		d := best[name]
		fmt.Printf("| %s | %.2f s | %.0f |\n", name, d.Seconds(), float64(len(files))/d.Seconds())
	}
	single := best["one psql session"]
	fmt.Printf("\nsqlreview apply --no-review / one psql session = %.2f×; / psql per file = %.2f×\n",
		best["sqlreview apply --no-review"].Seconds()/single.Seconds(),
		best["sqlreview apply --no-review"].Seconds()/best["psql -f per file"].Seconds())
	return nil
}

func tail(b []byte) string {
	if len(b) > 600 {
		b = b[len(b)-600:]
	}
	return string(b)
}
