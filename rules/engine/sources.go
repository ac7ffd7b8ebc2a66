package engine

// Catalog sources: where the schema a file is checked against comes from.
//
//   - Replay (the default): the versioned migrations before the file in its
//     directory, replayed in version order, starting from an empty schema.
//   - A schema file (config lint.catalog, e.g. the output of pg_dump -s),
//     relative to the config's directory: applied first, then the earlier
//     migrations are replayed on top, as for a baseline whose older
//     migrations were squashed into it. A missing or unreadable file stops
//     the run (exit 2); statements with syntax errors are skipped with one
//     warning per file on standard error (the rest still seeds the catalog).
//   - A live database (Options.DatabaseURL, check --database-url): the
//     schema read from its pg_catalog (tables, columns, constraints,
//     indexes, function volatility), once per run. The database is the
//     truth about what has been applied, so nothing is replayed and the
//     schema file is not used: each checked file sees the database plus the
//     checked files before it in its directory — the files given are the
//     pending ones. This is what the migration runner's review gate does
//     (orchestrator/review.go). The rules that need the database itself
//     (dml-dry-run, affected-row-limit, object-owner-check,
//     insert-row-limit for INSERT ... SELECT) query it read-only through
//     rules.Pass.DB.

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/dburl"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/catalog/livedb"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/dbq"
	"github.com/sqlreview/sqlreview/rules/source"
)

// ConnectTimeout bounds connecting to --database-url and reading its schema.
const ConnectTimeout = 15 * time.Second

// liveSource is an open --database-url.
type liveSource struct {
	conn *pgx.Conn
	cat  *catalog.Catalog
	db   rules.Database
}

// openLive connects to the database and reads its catalog. Errors never
// carry the URL or its password.
func openLive(dbURL string) (*liveSource, error) {
	ctx, cancel := context.WithTimeout(context.Background(), ConnectTimeout)
	defer cancel()
	target, err := dburl.Database(dbURL)
	if err != nil {
		return nil, fmt.Errorf("%w: --database-url: %v", ErrUsage, err)
	}
	fail := func(what string, err error) error {
		return fmt.Errorf("%w: --database-url: cannot %s %s: %s", ErrUsage, what, target.Display, dburl.Redact(dbURL, dburl.ConnectCause(err)))
	}
	cfg := target.Config
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > ConnectTimeout {
		cfg.ConnectTimeout = ConnectTimeout
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fail("connect to", err)
	}
	cat, err := livedb.Read(ctx, conn)
	if err == nil {
		err = livedb.Functions(ctx, conn, cat)
	}
	if err != nil {
		conn.Close(context.Background())
		return nil, fail("read the schema of", err)
	}
	return &liveSource{conn: conn, cat: cat, db: dbq.New(conn)}, nil
}

func (l *liveSource) close() {
	if l != nil {
		l.conn.Close(context.Background())
	}
}

// schemaSeed is a parsed lint.catalog file.
type schemaSeed struct {
	cat *catalog.Catalog
	err error
}

// seedFor returns the catalog a directory governed by cfg starts from: the
// live database's, the schema file's, or an empty one. Each call returns a
// catalog of its own.
func (r *runner) seedFor(cfg *config.Config) (*catalog.Catalog, error) {
	if r.live != nil {
		return r.live.cat.Clone(), nil
	}
	if cfg == nil || cfg.Lint.Catalog == "" {
		return catalog.New(), nil
	}
	path, err := cfg.Confine("lint.catalog", cfg.Lint.Catalog, "")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seeds == nil {
		r.seeds = map[string]*schemaSeed{}
	}
	s, ok := r.seeds[path]
	if !ok {
		s = &schemaSeed{}
		s.cat, s.err = r.loadSchemaFile(cfg, path)
		r.seeds[path] = s
	}
	if s.err != nil {
		return nil, s.err
	}
	return s.cat.Clone(), nil
}

// loadSchemaFile parses and applies a schema file; r.mu is held.
func (r *runner) loadSchemaFile(cfg *config.Config, path string) (*catalog.Catalog, error) {
	where := "lint.catalog"
	if cfg.Path != "" {
		where = cfg.Path + ": lint.catalog"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: cannot read schema file %s: %v", ErrUsage, where, path, unwrapPathErr(err))
	}
	f := source.Parse(path, data)
	if f.Problem != nil {
		return nil, fmt.Errorf("%w: %s: schema file %s: %s", ErrUsage, where, path, f.Problem.Message)
	}
	bad := 0
	var first *source.SyntaxError
	for _, st := range f.Statements {
		if st.Err != nil {
			if first == nil {
				first = st.Err
			}
			bad++
		}
	}
	if bad > 0 {
		pos := f.Position(first.Offset)
		// The parser's message quotes the text near the error: not echoed,
		// since lint.catalog may name a file that is not SQL at all.
		r.res.Warnings = append(r.res.Warnings, fmt.Sprintf("%s:%d:%d: schema file (lint.catalog): %d statement(s) with syntax errors skipped; objects they define are unknown to the checks",
			path, pos.Line, pos.Column, bad))
	}
	cat := catalog.New()
	replayFile(cat, f)
	return cat, nil
}
