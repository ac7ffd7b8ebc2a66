package main

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/internal/buildinfo"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// dbArgs are the flags every database command shares.
type dbArgs struct {
	url, configPath, format, historySchema string
	// env and target choose the databases from the config's
	// environments instead of url.
	env, target string
	noReview    bool
	lockWait    time.Duration
	release     string
	dir         string
	// routes asks runTargets to refuse, with --env, a migration file
	// routed to a database no target of the environment is (plan, apply).
	routes bool
}

func (a *dbArgs) register(fs *flag.FlagSet) {
	fs.StringVar(&a.url, "database-url", "", "`URL`: target database URL (default: $SQLREVIEW_DATABASE_URL)")
	fs.StringVar(&a.env, "env", "", "`E`: run on every target of this environment of the config, instead of --database-url")
	fs.StringVar(&a.target, "target", "", "`T`: with --env: only this target")
	fs.StringVar(&a.configPath, "config", "", "`FILE`: config file (default: the nearest .sqlreview.yaml)")
	fs.StringVar(&a.format, "format", "text", "`FORMAT`: output format: text or json")
	fs.StringVar(&a.historySchema, "history-schema", "", "`SCHEMA`: schema holding the history (default: migrations.history-schema, else sqlreview)")
}

// parseDB parses a database command line; positional holds how many
// positional arguments are allowed (the migrations directory). Which
// databases to open is settled by selectTargets, once the config is read.
func parseDB(name string, args []string, a *dbArgs, fs *flag.FlagSet, positional int) error {
	a.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > positional {
		return usagef("%s: unexpected argument %q; run `sqlreview %s --help`", name, pos[positional], name)
	}
	if len(pos) == 1 {
		a.dir = pos[0]
	}
	if a.format != "text" && a.format != "json" {
		return usagef("%s: --format %q: use text or json", name, a.format)
	}
	// The variable is a default for --database-url: --env replaces it.
	if a.url == "" && a.env == "" {
		a.url = os.Getenv("SQLREVIEW_DATABASE_URL")
	}
	return nil
}

// loadDBConfig loads the config for a database command: --config, else the
// nearest one up from the migrations directory (or the current directory).
func loadDBConfig(a *dbArgs) (*config.Config, error) {
	path := a.configPath
	if path == "" {
		start := "."
		if a.dir != "" {
			start = a.dir
		}
		p, err := config.Find(start)
		if err != nil {
			return nil, err
		}
		path = p
	}
	cfg := config.Default()
	if path != "" {
		c, err := config.Load(path)
		if err != nil {
			return nil, err
		}
		if err := engine.ValidateConfig(c); err != nil {
			return nil, err
		}
		cfg = c
	}
	if a.dir == "" {
		a.dir = cfg.Migrations.Dir
		if cfg.Dir != "" && !filepath.IsAbs(a.dir) {
			a.dir = filepath.Join(cfg.Dir, a.dir)
		}
	}
	return cfg, nil
}

// openRunner connects to one database of a command: the only place a
// database command turns a URL into a connection.
func openRunner(ctx context.Context, a *dbArgs, cfg *config.Config, t targets.Target, out, warn io.Writer) (*runner.Runner, error) {
	// Progress lines carry file names and SQL: escaped on the way out.
	// They end with a newline, so nothing is held back for a Close.
	if out != nil {
		out = report.NewTextGuard(out)
	}
	if warn != nil {
		warn = report.NewTextGuard(warn)
	}
	opt := runner.Options{
		DatabaseURL: t.URL, RouteDatabase: t.Database, Dir: a.dir, Config: cfg, HistorySchema: a.historySchema, LockWait: a.lockWait,
		NoReview: a.noReview, Out: out, Warn: warn, ToolVersion: buildinfo.Version(), ReleaseID: a.release,
	}
	if a.format == "text" {
		opt.OnReview = func(p *plan.Plan) { writeFindings(out, p) }
	}
	return runner.Open(ctx, opt)
}
