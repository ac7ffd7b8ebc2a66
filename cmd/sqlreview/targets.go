package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// selectTargets reads the config and lists the databases of a database
// command: --database-url, or --env E [--target T] (see
// targets.Select). A bad selection is a usage error.
func selectTargets(name string, a *dbArgs) (*config.Config, []targets.Target, error) {
	cfg, err := loadDBConfig(a)
	if err != nil {
		return nil, nil, err
	}
	ts, err := targets.Select(cfg, a.env, a.target, a.url, os.Getenv)
	if errors.Is(err, targets.ErrSelection) {
		return nil, nil, usagef("%s: %s", name, err)
	}
	if err == nil && a.env != "" {
		// The environment's review policy, as rollout applies it.
		cfg, err = cfg.ForEnvironment(a.env)
	}
	return cfg, ts, err
}

// targetWork is a command's work on one open database. It writes its text
// output to out and returns its JSON document (nil = none) and exit code;
// a non-nil error is printed as one redacted line and exits with code.
type targetWork func(ctx context.Context, r *runner.Runner, out io.Writer) (doc any, code int, err error)

// runTargets runs work on every selected database, one after the other,
// and returns the worst exit code. With --env, each target's text output
// follows a header line naming it (when there are several) and its
// errors name it; the JSON output is one object keyed by target name.
func runTargets(ctx context.Context, name string, a *dbArgs, stdout, stderr io.Writer, work targetWork) (int, error) {
	cfg, targets, err := selectTargets(name, a)
	if err != nil {
		return exitError, err
	}
	if a.routes && a.env != "" {
		if err := checkRoutes(a, cfg, stderr); err != nil {
			fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(err.Error()))
			return exitFindings, nil
		}
	}
	// With --format json, stdout carries the JSON document only.
	progress := stdout
	if a.format == "json" {
		progress = stderr
	}
	byTarget := map[string]any{}
	worst := exitOK
	for i, t := range targets {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "sqlreview: interrupted before %s\n", t.Label())
			return max(worst, exitFindings), nil
		}
		if len(targets) > 1 && a.format == "text" {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "==> %s <==\n", t.Label())
		}
		doc, code, err := runTarget(context.WithValue(ctx, targetNameKey{}, t.Name), a, cfg, t, progress, stderr, work)
		worst = max(worst, code)
		if a.env == "" {
			if doc != nil && a.format == "json" {
				if werr := writeJSON(stdout, doc); werr != nil {
					return exitError, werr
				}
			}
			continue
		}
		if err != nil {
			line := oneLine(err.Error())
			fmt.Fprintf(stderr, "sqlreview: target %s: %s\n", t.Name, line)
			if doc == nil {
				doc = map[string]string{"error": line}
			}
		}
		byTarget[t.Name] = doc
	}
	if a.env == "" {
		return worst, nil
	}
	if a.format == "json" {
		if err := writeJSON(stdout, byTarget); err != nil {
			return exitError, err
		}
	}
	return worst, nil
}

// runTarget opens one database and runs work on it. The returned error is
// redacted; with --database-url it has already been printed.
func runTarget(ctx context.Context, a *dbArgs, cfg *config.Config, t targets.Target, out, stderr io.Writer, work targetWork) (any, int, error) {
	red := redact.New(t.URL)
	report := func(err error, code int) (any, int, error) {
		err = red.RedactErr(err)
		if a.env == "" {
			fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(err.Error()))
		}
		return nil, code, err
	}
	r, err := openRunner(ctx, a, cfg, t, out, stderr)
	if err != nil {
		return report(err, exitError)
	}
	defer r.Close()
	doc, code, err := work(ctx, r, out)
	if err != nil {
		_, _, err = report(err, code)
		return doc, code, err
	}
	return doc, code, nil
}

// targetNameKey carries the config name of the target a targetWork runs
// on (empty with --database-url), for the work that records it.
type targetNameKey struct{}

// targetName is the config name of the target of a targetWork's ctx.
func targetName(ctx context.Context) string {
	name, _ := ctx.Value(targetNameKey{}).(string)
	return name
}

// checkRoutes refuses the directory's files routed (db##…) to a database
// no target of the environment is, as rollout refuses a release's (see
// plan.CheckRoutes). A directory that cannot be read is left to the
// per-target work to report.
func checkRoutes(a *dbArgs, cfg *config.Config, stderr io.Writer) error {
	files, err := migration.ReadFiles(a.dir)
	if err != nil {
		return nil
	}
	// All the environment's targets, whatever --target picked.
	idx, err := targets.FindEnv(cfg, a.env)
	if err != nil {
		return err
	}
	ts, err := targets.Resolve(cfg, cfg.Environments[idx], os.Getenv)
	if err != nil {
		return err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	unknown, err := plan.CheckRoutes(a.env, ts, names)
	if unknown != "" {
		fmt.Fprintf(stderr, "sqlreview: warning: %s/%s: its database is unknown here; routed files were not checked against %s's targets\n", a.env, unknown, a.env)
	}
	return err
}
