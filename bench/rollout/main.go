//go:build ignore

// Command rollout measures `sqlreview rollout` over a fleet: N databases on
// one throwaway local server (CREATE DATABASE … TEMPLATE a prepared empty
// one) as the tenants of prod, a 10-file release, concurrency 16, the
// embedded SQLite state store — the orchestrator of the CLI, in process.
// It reports the wall time, targets/s and the orchestrator's own overhead
// per target: a target's time from claim to recorded outcome minus the
// time its files took in the database (from its history).
//
// Usage: go run ./bench/rollout/main.go [-targets 200] [-concurrency 16] [-files 10] [-no-review] [-cpuprofile FILE]
//
// It is one file built only when named (go:build ignore), so that
// `go install ./...` (which pre-commit runs) builds sqlreview alone.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/rollout"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/rules/config"
)

func main() {
	n := flag.Int("targets", 200, "databases in prod")
	conc := flag.Int("concurrency", 16, "targets at once")
	files := flag.Int("files", 10, "migration files in the release")
	noReview := flag.Bool("no-review", false, "skip each target's live-schema review (rollout --no-review)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the rollout to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/rollout:", err)
			os.Exit(2)
		}
		defer f.Close()
		profile = f
	}
	if err := run(*n, *conc, *files, *noReview); err != nil {
		fmt.Fprintln(os.Stderr, "bench/rollout:", err)
		os.Exit(2)
	}
}

var profile *os.File

func run(n, conc, nfiles int, noReview bool) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "bench-rollout-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	srv, err := pgtest.Start()
	if err != nil {
		return err
	}
	defer srv.Stop()

	setup := time.Now()
	if err := srv.Exec("postgres", "CREATE DATABASE tenant_template"); err != nil {
		return err
	}
	cfg := config.Default()
	cfg.Dir = tmp
	env := config.Environment{Name: "prod", Concurrency: conc}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("tenant%03d", i)
		if err := srv.Exec("postgres", fmt.Sprintf("CREATE DATABASE %s TEMPLATE tenant_template", name)); err != nil {
			return err
		}
		env.Targets = append(env.Targets, config.Target{Name: name, URL: srv.URL(name)})
	}
	cfg.Environments = []config.Environment{env}
	mig := filepath.Join(tmp, "migrations")
	os.MkdirAll(mig, 0o755)
	for i := 1; i <= nfiles; i++ {
		body := fmt.Sprintf("CREATE TABLE t%02d (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n", i)
		if i > 1 {
			body += fmt.Sprintf("ALTER TABLE t%02d ADD COLUMN note text;\n", i-1)
		}
		if err := os.WriteFile(filepath.Join(mig, fmt.Sprintf("%04d_t%02d.sql", i, i)), []byte(body), 0o644); err != nil {
			return err
		}
	}
	st, err := store.Open(ctx, "", tmp)
	if err != nil {
		return err
	}
	defer st.Close()
	out, err := release.Create(ctx, st, release.Input{Dir: mig, Config: cfg, Author: "bench"})
	if err != nil {
		return err
	}
	if out.Blocked {
		return fmt.Errorf("release refused by review: %v", out.Findings)
	}
	setupTime := time.Since(setup)
	// The machine may be shared: the load before the run is part of the
	// result.
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(b))[:3], " ")
	}

	if profile != nil {
		if err := pprof.StartCPUProfile(profile); err != nil {
			return err
		}
	}
	srvCPU0, srvErr := srv.CPU()
	cliCPU0 := processCPU()
	start := time.Now()
	res, err := rollout.Run(ctx, rollout.Options{Config: cfg, Store: st, Release: out.Release.ID, Env: "prod",
		Warn: os.Stderr, Version: "bench", NoReview: noReview})
	wall := time.Since(start)
	cliCPU := processCPU() - cliCPU0
	if profile != nil {
		pprof.StopCPUProfile()
	}
	// Backends still exiting after their client closed are counted once
	// the postmaster reaps them.
	time.Sleep(300 * time.Millisecond)
	srvCPU1, srvErr1 := srv.CPU()
	if err != nil {
		return err
	}
	if !res.Done {
		return fmt.Errorf("rollout not done: %s", res.Stopped)
	}

	// Per target: claim→outcome in the store, file time in its history.
	var target, files, over []time.Duration
	for _, r := range res.Targets {
		if r.StartedAt == nil || r.FinishedAt == nil {
			continue
		}
		tt := r.FinishedAt.Sub(*r.StartedAt)
		ft, err := fileTime(ctx, srv.URL(r.Target))
		if err != nil {
			return err
		}
		target, files, over = append(target, tt), append(files, ft), append(over, tt-ft)
	}
	fmt.Printf("PostgreSQL %d on loopback (fsync off), %d databases (setup %s), %d-file release, concurrency %d, SQLite state store, review %v\n\n",
		srv.Major, n, setupTime.Round(time.Millisecond), nfiles, conc, !noReview)
	fmt.Printf("wall time        %s\n", wall.Round(time.Millisecond))
	fmt.Printf("targets/s        %.1f\n", float64(len(res.Targets))/wall.Seconds())
	fmt.Printf("per target       median %s (files in the database: median %s)\n", median(target), median(files))
	fmt.Printf("orchestrator     median %s, mean %s per target (connect, lock, history, plan, claim, record)\n", median(over), mean(over))
	perTarget := func(d time.Duration) time.Duration {
		return (d / time.Duration(len(res.Targets))).Round(100 * time.Microsecond)
	}
	if srvErr == nil && srvErr1 == nil {
		fmt.Printf("CPU per target   PostgreSQL %s, this process %s (load average before: %s)\n", perTarget(srvCPU1-srvCPU0), perTarget(cliCPU), load)
	} else {
		fmt.Printf("CPU per target   this process %s\n", perTarget(cliCPU))
	}
	return nil
}

// fileTime sums the durations of the files a target's history records.
func fileTime(ctx context.Context, url string) (time.Duration, error) {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, err
	}
	defer c.Close(ctx)
	var ms int64
	err = c.QueryRow(ctx, `SELECT coalesce(sum(duration_ms), 0)::bigint FROM sqlreview.history`).Scan(&ms)
	return time.Duration(ms) * time.Millisecond, err
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2].Round(100 * time.Microsecond)
}

func mean(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return (t / time.Duration(len(ds))).Round(100 * time.Microsecond)
}

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
