package store

import (
	"context"
	"fmt"

	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// DoneRuns lists, for each target of env, the releases that finished on
// it (succeeded, or skipped because everything was already applied).
func (s *Store) DoneRuns(ctx context.Context, env string) (map[string][]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT target, release_id FROM sqlreview_targets WHERE env = $1 AND status IN ('succeeded', 'skipped') ORDER BY target, release_id`, env)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var target, release string
		if err := rows.Scan(&target, &release); err != nil {
			return nil, err
		}
		out[target] = append(out[target], release)
	}
	return out, rows.Err()
}

// RolledOut lists the releases a rollout was started for, in any
// environment, newest first.
func (s *Store) RolledOut(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM sqlreview_releases r
WHERE EXISTS (SELECT 1 FROM sqlreview_targets t WHERE t.release_id = r.id)
ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// fileKey identifies a file's content: the same version with other content
// is another file.
func fileKey(f release.File) string { return f.Version + "\x00" + f.SHA256 }

// NewFilesRecorded returns, per environment of envs (of cfg), the names of
// the files of rel that are new there by the state store's record: not in
// a release that finished (succeeded or skipped) on every target of the
// environment, and how many targets each environment has. It reads no
// database, so it needs no secrets; files applied outside a rollout are not
// in the store, and NewFilesLive reads the targets' own history instead.
func NewFilesRecorded(ctx context.Context, st *Store, cfg *config.Config, envs []config.Environment, rel *release.Release, getenv func(string) string) (newFiles map[string][]string, targetCount map[string]int, err error) {
	files := map[string]map[string]bool{} // release id -> its file keys
	filesOf := func(id string) (map[string]bool, error) {
		if f, ok := files[id]; ok {
			return f, nil
		}
		r, err := st.Release(ctx, id)
		if err != nil {
			return nil, err
		}
		keys := map[string]bool{}
		for _, f := range r.Files {
			keys[fileKey(f)] = true
		}
		files[id] = keys
		return keys, nil
	}
	out := map[string][]string{}
	targetCount = map[string]int{}
	for _, e := range envs {
		ts, err := targets.Resolve(cfg, e, getenv)
		if err != nil {
			return nil, nil, err
		}
		targetCount[e.Name] = len(ts)
		done, err := st.DoneRuns(ctx, e.Name)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range rel.Files {
			for _, t := range ts {
				has, err := anyHas(done[t.Name], fileKey(f), filesOf)
				if err != nil {
					return nil, nil, err
				}
				if !has {
					out[e.Name] = append(out[e.Name], f.Name)
					break
				}
			}
			if len(ts) == 0 {
				out[e.Name] = append(out[e.Name], f.Name)
			}
		}
	}
	return out, targetCount, nil
}

// anyHas reports whether one of the releases holds the file key.
func anyHas(releases []string, key string, filesOf func(string) (map[string]bool, error)) (bool, error) {
	for _, id := range releases {
		keys, err := filesOf(id)
		if err != nil {
			return false, err
		}
		if keys[key] {
			return true, nil
		}
	}
	return false, nil
}

// CurrentRelease is the release status shows by default: the newest made
// from the checkout's commit (git HEAD of dir), else the newest a rollout
// was started for, else the newest. A newer release nobody rolled out
// (abandoned, or not yet started) does not hide the one in production.
func CurrentRelease(ctx context.Context, st *Store, dir string) (string, error) {
	rels, err := st.Releases(ctx)
	if err != nil {
		return "", err
	}
	if len(rels) == 0 {
		return "", fmt.Errorf("no releases yet; run `sqlreview release create`")
	}
	if dir == "" {
		dir = "."
	}
	if head := release.Head(dir); head != "" {
		for _, r := range rels {
			if r.Commit == head {
				return r.ID, nil
			}
		}
	}
	started, err := st.RolledOut(ctx)
	if err != nil {
		return "", err
	}
	if len(started) > 0 {
		return started[0], nil
	}
	return rels[0].ID, nil
}
