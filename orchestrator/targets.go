package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator/redact"

	"github.com/sqlreview/sqlreview/rules/config"
)

// ErrTargetSelection is a bad choice of targets on a command line: both or
// neither of a URL and an environment, an unknown environment or target.
var ErrTargetSelection = errors.New("target selection")

type selectionError struct{ msg string }

func (e selectionError) Error() string        { return e.msg }
func (e selectionError) Is(target error) bool { return target == ErrTargetSelection }

func selectionErrorf(format string, args ...any) error {
	return selectionError{fmt.Sprintf(format, args...)}
}

// SelectTargets lists the databases a command runs on: the one of url, or
// the targets of environment env from the config (only target, when set),
// with their URLs resolved as rollout resolves them. Exactly one of url
// and env must be given. Every returned target has a usable URL; a
// selected target whose URL needs an unset variable is an error naming it.
func SelectTargets(cfg *config.Config, env, target, url string, getenv func(string) string) ([]ResolvedTarget, error) {
	switch {
	case url != "" && env != "":
		return nil, selectionErrorf("give either --database-url or --env, not both")
	case target != "" && env == "":
		return nil, selectionErrorf("--target %s needs --env E: a target is named in an environment of the config", target)
	case url == "" && env == "":
		return nil, selectionErrorf("no database; give --database-url URL, set SQLREVIEW_DATABASE_URL, or give --env E [--target T]")
	case url != "":
		return []ResolvedTarget{{URL: url}}, nil
	}
	idx, err := FindEnv(cfg, env)
	if err != nil {
		return nil, selectionError{err.Error()}
	}
	all, err := ResolveTargets(cfg, cfg.Environments[idx], getenv)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, selectionErrorf("environment %s has no targets; add targets or targets-from", env)
	}
	selected := all
	if target != "" {
		selected = nil
		var names []string
		for _, t := range all {
			names = append(names, t.Name)
			if t.Name == target {
				selected = append(selected, t)
			}
		}
		if selected == nil {
			return nil, selectionErrorf("environment %s has no target %q; its targets: %s", env, target, strings.Join(names, ", "))
		}
	}
	for _, t := range selected {
		if t.Missing != "" {
			return nil, fmt.Errorf("environment %s, target %s: the URL needs %s; set it in the environment", env, t.Name, t.Missing)
		}
	}
	return selected, nil
}

// Label names a target in output: its config name, else its database as
// user@host:port/db (never the password).
func (t ResolvedTarget) Label() string {
	if t.Name != "" {
		return t.Name
	}
	return redact.URL(t.URL)
}

// Identity is the database a target is, whatever URL reaches it: the
// server's system identifier (pg_control_system(), the same for a server
// and its physical replicas, different for another cluster) and the
// database name. A target whose URL is changed to another database gets
// another identity.
type Identity struct {
	SystemID string `json:"systemId,omitempty"`
	Database string `json:"database,omitempty"`
}

// IsZero reports whether nothing is known about the database.
func (id Identity) IsZero() bool { return id.SystemID == "" && id.Database == "" }

func (id Identity) String() string {
	return fmt.Sprintf("system id %s, db %s", orDash(id.SystemID), orDash(id.Database))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Identity reads which database the runner is connected to.
func (r *Runner) Identity(ctx context.Context) (Identity, error) {
	var id Identity
	err := r.conn.QueryRow(ctx, `SELECT (SELECT system_identifier::text FROM pg_control_system()), current_database()`).Scan(&id.SystemID, &id.Database)
	if err != nil {
		return Identity{}, r.wrap(err, "read the server's system identifier")
	}
	return id, nil
}

// Redact removes the runner's database URL and password from s, for text
// printed from an error of this target.
func (r *Runner) Redact(s string) string { return r.red.Redact(s) }
