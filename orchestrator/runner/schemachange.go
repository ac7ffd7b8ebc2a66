package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// SchemaChange is what the pending files of a release change in a
// target's schema: the statements of its schema dump only before them
// (Removed) and only after them (Added), as drift reports them.
type SchemaChange struct {
	Env     string   `json:"env"`
	Target  string   `json:"target"`
	Pending []string `json:"pending"`
	Removed []string `json:"removed"`
	Added   []string `json:"added"`
}

// PreviewOptions say which release to preview on which target.
type PreviewOptions struct {
	Config  *config.Config
	Release *release.Release
	Env     string
	Target  targets.Target
	// Warn receives a warning when the scratch database cannot be dropped.
	Warn    io.Writer
	Version string

	// Parsed, when set, is the release's files parsed once for several
	// targets.
	Parsed *ParsedFiles
}

// scratchPrefix names the scratch databases of previews, so one left
// behind by a killed process is recognisable.
const scratchPrefix = "sqlreview_diff_"

// PreviewChange computes the schema change the release's pending files
// make on the target without touching it: the target's schema (its SQL
// dump) and history are copied into a scratch database created on the
// same server, the runner applies the pending files there exactly as it
// would on the target, and the scratch database's dumps before and after
// are compared. The scratch database is dropped whatever happens (with a
// fresh context, so an interrupt still drops it). Creating it needs the
// CREATEDB privilege; without it the error says so.
func PreviewChange(ctx context.Context, o PreviewOptions) (*SchemaChange, error) {
	if o.Warn == nil {
		o.Warn = io.Discard
	}
	if o.Parsed == nil {
		o.Parsed = NewParsedFiles(o.Release.SourceFiles())
	}
	red := redact.New(o.Target.URL)
	change := &SchemaChange{Env: o.Env, Target: o.Target.Name, Pending: []string{}, Removed: []string{}, Added: []string{}}
	r, err := Open(ctx, o.runnerOptions(""))
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", o.Target.Label(), red.RedactErr(err))
	}
	defer r.Close()
	p, err := r.PlanWithoutReview(ctx)
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", o.Target.Label(), red.RedactErr(err))
	}
	for _, pf := range p.Pending {
		change.Pending = append(change.Pending, pf.Name)
	}
	if len(p.Pending) == 0 {
		return change, nil
	}
	removed, added, err := o.replay(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", o.Target.Label(), red.RedactErr(err))
	}
	change.Removed, change.Added = nonNil(removed), nonNil(added)
	return change, nil
}

func (o *PreviewOptions) runnerOptions(database string) Options {
	return Options{DatabaseURL: o.Target.URL, RouteDatabase: o.Target.Database, Config: o.Config, NoReview: true, ToolVersion: o.Version,
		ReleaseID: o.Release.ID, Migrations: o.Parsed.Loader(), database: database}
}

// replay copies the target r into a scratch database, applies the pending
// files there and returns the dump statements only before and only after.
func (o *PreviewOptions) replay(ctx context.Context, r *Runner) (removed, added []string, err error) {
	dump, err := r.DumpSchema(ctx)
	if err != nil {
		return nil, nil, r.wrap(err, "dump the schema")
	}
	rows, err := history.Read(ctx, r.conn, r.schema)
	if err != nil {
		return nil, nil, r.wrap(err, "read the history")
	}
	name, err := createScratch(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	defer o.dropScratch(r, name)
	s, err := Open(ctx, o.runnerOptions(name))
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	s.Target = "the scratch database " + name
	// The dump turns off check_function_bodies for its session; the
	// pending files must run as on the target, with it on.
	if _, err := s.conn.PgConn().Exec(ctx, dump+"\nRESET check_function_bodies;").ReadAll(); err != nil {
		return nil, nil, s.wrap(err, "load the target's schema dump")
	}
	if _, err := s.conn.Exec(ctx, history.DDL(s.schema)); err != nil {
		return nil, nil, s.wrap(err, "create the history tables")
	}
	for i := range rows {
		if err := history.Upsert(ctx, s.conn, s.schema, &rows[i]); err != nil {
			return nil, nil, s.wrap(err, "copy the history")
		}
	}
	before, err := s.DumpSchema(ctx)
	if err != nil {
		return nil, nil, s.wrap(err, "dump the schema")
	}
	if _, err := s.Apply(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("preview interrupted (the scratch database is dropped): %w", ctx.Err())
		}
		return nil, nil, fmt.Errorf("the pending files fail on a copy of its schema: %w", err)
	}
	after, err := s.DumpSchema(ctx)
	if err != nil {
		return nil, nil, s.wrap(err, "dump the schema")
	}
	removed, added = multisetDiff(statements(before), statements(after))
	return removed, added, nil
}

// createScratch creates an empty database with a random name on r's
// server. A role without CREATEDB gets one line saying what to grant.
func createScratch(ctx context.Context, r *Runner) (string, error) {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := scratchPrefix + hex.EncodeToString(b)
	// From template0, as pg_dump's restores: what template1 holds would
	// collide with the dump. The target's encoding and libc locale come
	// along, so text loads and sorts as there.
	var encoding, collate, ctype string
	err := r.conn.QueryRow(ctx, `SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = current_database()`).
		Scan(&encoding, &collate, &ctype)
	if err != nil {
		return "", r.wrap(err, "read the database's encoding")
	}
	create := fmt.Sprintf(`CREATE DATABASE %s TEMPLATE template0 ENCODING %s LC_COLLATE %s LC_CTYPE %s`,
		pgutil.QuoteIdent(name), pgutil.QuoteLiteral(encoding), pgutil.QuoteLiteral(collate), pgutil.QuoteLiteral(ctype))
	if _, err := r.conn.Exec(ctx, create); err != nil {
		if pgutil.SQLState(err) == "42501" {
			var role string
			_ = r.conn.QueryRow(ctx, `SELECT current_user`).Scan(&role)
			return "", fmt.Errorf("role %s may not create databases: the preview replays the pending files in a scratch database on the same server; "+
				"grant CREATEDB to it (ALTER ROLE %s CREATEDB) or preview with a role that has it", pgutil.QuoteIdent(role), pgutil.QuoteIdent(role))
		}
		return "", r.wrap(err, "create the scratch database "+name)
	}
	return name, nil
}

// dropScratch drops the scratch database, also after an error or an
// interrupt; if that fails the warning names it so it can be dropped by
// hand.
func (o *PreviewOptions) dropScratch(r *Runner, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	warn := func(err error) {
		fmt.Fprintf(o.Warn, "sqlreview: warning: %s: could not drop the scratch database %s (%s); drop it by hand\n",
			o.Target.Label(), name, firstLine(r.red.Redact(err.Error())))
	}
	stmt := `DROP DATABASE IF EXISTS ` + pgutil.QuoteIdent(name)
	if r.ServerMajor >= 13 {
		// A session of the scratch copy still closing must not block it.
		stmt += ` WITH (FORCE)`
	}
	conn := r.conn
	if conn.IsClosed() {
		// An interrupt can close the session; the drop needs another.
		c, err := r.connect(ctx)
		if err != nil {
			warn(err)
			return
		}
		defer c.Close(context.Background())
		conn = c
	}
	if _, err := conn.Exec(ctx, stmt); err != nil {
		warn(err)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// PreviewTarget is the target a preview of environment env runs on: the
// one named target, else the environment's first.
func PreviewTarget(cfg *config.Config, env, target string, getenv func(string) string) (targets.Target, error) {
	if target == "" && env != "" {
		if idx, err := targets.FindEnv(cfg, env); err == nil {
			all, err := targets.Resolve(cfg, cfg.Environments[idx], getenv)
			if err != nil {
				return targets.Target{}, err
			}
			if len(all) > 0 {
				target = all[0].Name
			}
		}
	}
	ts, err := targets.Select(cfg, env, target, "", getenv)
	if err != nil {
		return targets.Target{}, err
	}
	return ts[0], nil
}
