package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/sqlreview/sqlreview/orchestrator/release"
)

// signedSchema records what the gates are verified with: the config and
// allowed signers a release was created from, the statement and signature
// of each approval, and the confirmations of manual rollouts.
const signedSchema = `
CREATE TABLE IF NOT EXISTS sqlreview_release_policy (
  release_id text PRIMARY KEY REFERENCES sqlreview_releases(id),
  config_path text NOT NULL,
  config text NOT NULL,
  allowed_signers_path text NOT NULL,
  allowed_signers text NOT NULL
);
ALTER TABLE sqlreview_approvals ADD COLUMN statement text NOT NULL DEFAULT '';
ALTER TABLE sqlreview_approvals ADD COLUMN signature text NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS sqlreview_rollout_confirmations (
  release_id text NOT NULL REFERENCES sqlreview_releases(id),
  env text NOT NULL,
  by_name text NOT NULL,
  comment text NOT NULL,
  digest text NOT NULL,
  at bigint NOT NULL,
  statement text NOT NULL,
  signature text NOT NULL,
  PRIMARY KEY (release_id, env, by_name)
);
`

// signedTables are the tables saveSigned and listSigned may name.
var signedTables = map[string]bool{"sqlreview_approvals": true, "sqlreview_rollout_confirmations": true}

func savePolicy(ctx context.Context, tx *sql.Tx, rel *release.Release) error {
	p := rel.Policy
	if p == nil {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sqlreview_release_policy (release_id, config_path, config, allowed_signers_path, allowed_signers) VALUES ($1, $2, $3, $4, $5)`,
		rel.ID, p.ConfigPath, string(p.Config), p.AllowedSignersPath, string(p.AllowedSigners))
	return err
}

func (s *Store) readPolicy(ctx context.Context, id string) (*release.Policy, error) {
	var p release.Policy
	var cfg, signers string
	err := s.db.QueryRowContext(ctx, `SELECT config_path, config, allowed_signers_path, allowed_signers FROM sqlreview_release_policy WHERE release_id = $1`, id).
		Scan(&p.ConfigPath, &cfg, &p.AllowedSignersPath, &signers)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p.Config, p.AllowedSigners = []byte(cfg), []byte(signers)
	return &p, nil
}

// Confirm records the confirmation of a manual rollout (again by the same
// person replaces it).
func (s *Store) Confirm(ctx context.Context, a Approval) error {
	return s.saveSigned(ctx, "sqlreview_rollout_confirmations", a)
}

// Confirmations lists the rollout confirmations of a release for env ("" = all).
func (s *Store) Confirmations(ctx context.Context, release, env string) ([]Approval, error) {
	return s.listSigned(ctx, "sqlreview_rollout_confirmations", release, env)
}

func (s *Store) saveSigned(ctx context.Context, table string, a Approval) error {
	if !signedTables[table] {
		return errors.New("unknown table " + table)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO `+table+` (release_id, env, by_name, comment, digest, at, statement, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (release_id, env, by_name) DO UPDATE SET comment = excluded.comment, digest = excluded.digest, at = excluded.at,
  statement = excluded.statement, signature = excluded.signature`,
		a.Release, a.Env, a.By, a.Comment, a.Digest, ms(a.At), a.Statement, a.Signature)
	return err
}

func (s *Store) listSigned(ctx context.Context, table, release, env string) ([]Approval, error) {
	if !signedTables[table] {
		return nil, errors.New("unknown table " + table)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT release_id, env, by_name, comment, digest, at, statement, signature FROM `+table+`
WHERE release_id = $1 AND ($2 = '' OR env = $2) ORDER BY at, by_name`, release, env)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Approval
	for rows.Next() {
		var a Approval
		var at int64
		if err := rows.Scan(&a.Release, &a.Env, &a.By, &a.Comment, &a.Digest, &at, &a.Statement, &a.Signature); err != nil {
			return nil, err
		}
		a.At = time.UnixMilli(at).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}
