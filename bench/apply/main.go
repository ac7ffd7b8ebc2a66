//go:build ignore

// Command apply measures `sqlreview apply` on every real history against
// psql, side by side on one throwaway server: each history in
// ../shared/corpus/migrations applied to an empty database by
//
//   - sqlreview apply --no-review,
//   - sqlreview apply with the review against the live schema,
//   - one psql session over all files (-f repeated),
//   - optionally psql -X -v ON_ERROR_STOP=1 -f FILE, one process per file
//     (-per-file), and another sqlreview binary (-baseline BIN, e.g. the
//     previous commit's) for paired comparisons,
//
// the methods alternating within each run, and prints one table: best of
// N per method, the ratios to one psql session, and every run's times.
//
// Usage: go run ./bench/apply/main.go [-runs N] [-corpus DIR] [-history DIR] [-per-file] [-baseline BIN]
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
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

func main() {
	runs := flag.Int("runs", 3, "runs per method; the best is reported")
	corpus := flag.String("corpus", "../shared/corpus/migrations", "directory of histories, one per subdirectory")
	history := flag.String("history", "", "one migration directory instead of every history in -corpus")
	perFile := flag.Bool("per-file", false, "also run psql once per file (slow)")
	baseline := flag.String("baseline", "", "another sqlreview binary to run alternately with --no-review, for a paired comparison")
	flag.Parse()
	dirs := []string{*history}
	if *history == "" {
		subs, _ := os.ReadDir(*corpus)
		dirs = dirs[:0]
		for _, d := range subs {
			if d.IsDir() {
				dirs = append(dirs, filepath.Join(*corpus, d.Name()))
			}
		}
	}
	if err := run(*runs, dirs, *perFile, *baseline); err != nil {
		fmt.Fprintln(os.Stderr, "bench/apply:", err)
		os.Exit(2)
	}
}

// method is one way of applying a history to an empty database.
type method struct {
	name string
	run  func(dir string, files []string, url string) error
}

// result is one history's times per method, in run order.
type result struct {
	dir   string
	files int
	times map[string][]time.Duration
}

func (r result) best(name string) time.Duration {
	var b time.Duration
	for i, d := range r.times[name] {
		if i == 0 || d < b {
			b = d
		}
	}
	return b
}

const (
	noReview   = "sqlreview --no-review"
	withReview = "sqlreview, review on"
	oneSession = "one psql session"
	perFileM   = "psql per file"
	baselineM  = "baseline --no-review"
)

func run(runs int, dirs []string, perFile bool, baseline string) error {
	tmp, err := os.MkdirTemp("", "bench-apply-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "sqlreview")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/sqlreview").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v: %s", err, out)
	}
	// The review runs; its findings are the histories' own, so only the
	// time counts here: fail-on never keeps the gate open.
	never := filepath.Join(tmp, "never.yaml")
	if err := os.WriteFile(never, []byte("fail-on: never\n"), 0o644); err != nil {
		return err
	}
	srv, err := pgtest.Start()
	if err != nil {
		return err
	}
	defer srv.Stop()
	psql := filepath.Join(srv.Bin, "psql")
	cmd := func(name string, args ...string) error {
		c := exec.Command(name, args...)
		c.Env = srv.Env()
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v: %s", filepath.Base(name), err, tail(out))
		}
		return nil
	}
	methods := []method{
		{noReview, func(dir string, _ []string, url string) error {
			return cmd(bin, "apply", dir, "--database-url", url, "--no-review")
		}},
		{withReview, func(dir string, _ []string, url string) error {
			return cmd(bin, "apply", dir, "--database-url", url, "--config", never)
		}},
		{oneSession, func(_ string, files []string, url string) error {
			args := []string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url}
			for _, f := range files {
				args = append(args, "-f", f)
			}
			return cmd(psql, args...)
		}},
	}
	if baseline != "" {
		methods = append(methods, method{baselineM, func(dir string, _ []string, url string) error {
			return cmd(baseline, "apply", dir, "--database-url", url, "--no-review")
		}})
	}
	if perFile {
		methods = append(methods, method{perFileM, func(_ string, files []string, url string) error {
			for _, f := range files {
				if err := cmd(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", f); err != nil {
					return err
				}
			}
			return nil
		}})
	}
	n := 0
	newDB := func() (string, error) {
		n++
		name := fmt.Sprintf("bench%d", n)
		return srv.URL(name), srv.Exec("postgres", "CREATE DATABASE "+name)
	}
	fmt.Printf("PostgreSQL %d on loopback, best of %d, load average before: %s\n\n", srv.Major, runs, loadavg())
	var results []result
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
		if len(files) == 0 {
			return fmt.Errorf("%s has no .sql files; the shared corpus is required", dir)
		}
		files = migfile.Sort(files)
		res := result{dir: dir, files: len(files), times: map[string][]time.Duration{}}
		for r := 0; r < runs; r++ {
			// Alternate the order of the methods from run to run, so that
			// none always runs first after a history change.
			for k := range methods {
				m := methods[(k+r)%len(methods)]
				url, err := newDB()
				if err != nil {
					return err
				}
				t0 := time.Now()
				if err := m.run(dir, files, url); err != nil {
					return fmt.Errorf("%s on %s: %v", m.name, dir, err)
				}
				res.times[m.name] = append(res.times[m.name], time.Since(t0))
			}
		}
		results = append(results, res)
	}
	printTable(results, methods)
	fmt.Printf("\nload average after: %s\n", loadavg())
	return nil
}

func printTable(results []result, methods []method) {
	fmt.Printf("| history | files | %s | %s | %s | no-review / psql | review / psql |", noReview, withReview, oneSession)
	extra := methods[3:]
	for _, m := range extra {
		fmt.Printf(" %s | %s / psql |", m.name, m.name)
	}
	fmt.Printf("\n|---|---|---|---|---|---|---|%s\n", strings.Repeat("---|---|", len(extra)))
	for _, r := range results {
		single := r.best(oneSession).Seconds()
		fmt.Printf("| %s | %d | %.2f s | %.2f s | %.2f s | %.2f× | %.2f× |", filepath.Base(r.dir), r.files,
			r.best(noReview).Seconds(), r.best(withReview).Seconds(), single,
			r.best(noReview).Seconds()/single, r.best(withReview).Seconds()/single)
		for _, m := range extra {
			fmt.Printf(" %.2f s | %.2f× |", r.best(m.name).Seconds(), r.best(m.name).Seconds()/single)
		}
		fmt.Println()
	}
	fmt.Println("\nEvery run (seconds, in run order):")
	for _, r := range results {
		for _, m := range methods {
			var ts []string
			for _, d := range r.times[m.name] {
				ts = append(ts, fmt.Sprintf("%.2f", d.Seconds()))
			}
			fmt.Printf("  %s, %s: %s\n", filepath.Base(r.dir), m.name, strings.Join(ts, " "))
		}
	}
}

// loadavg is the machine's load average (1, 5, 15 minutes), or "?".
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func tail(b []byte) string {
	if len(b) > 600 {
		b = b[len(b)-600:]
	}
	return string(b)
}
