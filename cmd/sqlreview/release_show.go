package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/internal/buildinfo"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/rollout"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// releaseShow prints a release, marks its files that are new per
// environment (by the state store's record; with --env, by the live
// history of that environment's targets) and, with --sql, prints them.
func releaseShow(ctx context.Context, c *releaseCmd, cfg *config.Config, st *store.Store, stdout io.Writer) (int, error) {
	if len(c.pos) != 1 {
		return exitError, usagef("release show: give the release id")
	}
	rel, err := st.Release(ctx, c.pos[0])
	if err != nil {
		return exitError, err
	}
	newIn, err := newFilesByEnv(ctx, c, cfg, st, rel)
	if err != nil {
		return exitError, err
	}
	apps, _ := st.Approvals(ctx, rel.ID, "")
	gates, err := rollout.Gates(ctx, st, cfg, rel, os.Getenv)
	if err != nil {
		return exitError, err
	}
	if c.a.format == "json" {
		return exitOK, writeJSON(stdout, showJSON(rel, apps, newIn, gates))
	}
	fmt.Fprintf(stdout, "release %s\ndigest  %s\ncommit  %s\nauthor  %s\ncreated %s\nreview  %d findings (%d errors, %d warnings), fail-on %s\n",
		rel.ID, rel.Digest, commitText(rel), orDash(rel.Author), rel.CreatedAt.Format(time.RFC3339), rel.Review.Findings, rel.Review.Errors, rel.Review.Warnings, rel.Review.FailOn)
	for _, p := range rel.Review.Policies {
		fmt.Fprintf(stdout, "review  %s: %s\n", report.Escape(strings.Join(p.Environments, ", ")), policyText(p.Review))
	}
	if len(cfg.Environments) > 0 {
		// Computed again from the release's content: the stored risk is
		// what release create saw, which the store's record may have
		// changed since.
		fmt.Fprintln(stdout, "risk of the files new in each environment (by the state store's record):")
		for _, e := range cfg.Environments {
			fmt.Fprintf(stdout, "  %s: %s\n", report.Escape(e.Name), report.Escape(gates[e.Name].Risk.Phrase()))
			writeFlow(stdout, "    ", gates[e.Name].Progress)
		}
	}
	fmt.Fprintln(stdout, "files:")
	where := routeTargets(cfg)
	for _, f := range rel.Files {
		line := fmt.Sprintf("  %-20s %s  %s", report.Escape(f.Version), shortDigest(f.SHA256), report.Escape(f.Name))
		if v, ok := migfile.Parse(f.Name); ok {
			line += routeText(v, where)
		}
		if envs := newIn[f.Name]; len(envs) > 0 {
			line += "  new in " + report.Escape(strings.Join(envs, ", "))
		}
		fmt.Fprintln(stdout, line)
	}
	for _, ap := range apps {
		fmt.Fprintf(stdout, "approved for %s by %s at %s %s\n", report.Escape(ap.Env), report.Escape(ap.By), ap.At.Format(time.RFC3339), report.Escape(ap.Comment))
	}
	if c.sql {
		writeNewSQL(stdout, rel, newIn, len(cfg.Environments) == 0)
	}
	return exitOK, nil
}

// policyText is one environment policy's review of a release, for show
// and create.
func policyText(r release.ReviewSummary) string {
	s := fmt.Sprintf("%d findings (%d errors, %d warnings), fail-on %s", r.Findings, r.Errors, r.Warnings, r.FailOn)
	if r.Blocking > 0 {
		s += fmt.Sprintf("; %d at or above fail-on: rollout refused", r.Blocking)
	}
	return s
}

// routeText is a file's kind and, for a routed file, its database and
// the targets known to be it.
func routeText(v migfile.Version, where map[string][]string) string {
	s := ""
	if v.Kind != "" {
		s += "  " + v.Kind
	}
	if v.Database != "" {
		s += "  -> database " + report.Escape(v.Database)
		if ts := where[v.Database]; len(ts) > 0 {
			s += " (" + report.Escape(strings.Join(ts, ", ")) + ")"
		}
	}
	return s
}

// routeTargets maps a database name to the targets ("env/target") whose
// database it is, as far as it is known here (a target whose URL needs an
// unset variable and has no database: key is left out).
func routeTargets(cfg *config.Config) map[string][]string {
	out := map[string][]string{}
	for _, e := range cfg.Environments {
		ts, err := targets.Resolve(cfg, e, os.Getenv)
		if err != nil {
			continue
		}
		for _, t := range ts {
			if name, ok := t.RouteName(); ok {
				out[name] = append(out[name], e.Name+"/"+t.Name)
			}
		}
	}
	return out
}

// newFilesByEnv maps each file name of rel to the environments it is new
// in, in the config's order.
func newFilesByEnv(ctx context.Context, c *releaseCmd, cfg *config.Config, st *store.Store, rel *release.Release) (map[string][]string, error) {
	byEnv := map[string][]string{}
	if c.env != "" {
		names, err := rollout.NewFilesLive(ctx, cfg, rel, c.env, os.Getenv, buildinfo.Version())
		if errors.Is(err, targets.ErrSelection) {
			return nil, usagef("release show: %s", err)
		}
		if err != nil {
			return nil, err
		}
		byEnv[c.env] = names
	} else {
		var err error
		if byEnv, _, err = store.NewFilesRecorded(ctx, st, cfg, cfg.Environments, rel, os.Getenv); err != nil {
			return nil, err
		}
	}
	newIn := map[string][]string{}
	for _, e := range cfg.Environments {
		for _, name := range byEnv[e.Name] {
			newIn[name] = append(newIn[name], e.Name)
		}
	}
	return newIn, nil
}

func showJSON(rel *release.Release, apps []store.Approval, newIn map[string][]string, gates map[string]rollout.Gate) map[string]any {
	if apps == nil {
		apps = []store.Approval{}
	}
	type file struct {
		release.File
		NewIn []string `json:"newIn"`
	}
	files := make([]file, 0, len(rel.Files))
	for _, f := range rel.Files {
		envs := newIn[f.Name]
		if envs == nil {
			envs = []string{}
		}
		files = append(files, file{f, envs})
	}
	return map[string]any{"id": rel.ID, "digest": rel.Digest, "files": files, "commit": rel.Commit, "dirty": rel.Dirty,
		"author": rel.Author, "createdAt": rel.CreatedAt, "review": rel.Review, "approvals": apps, "gates": gates}
}

// writeNewSQL prints the SQL of the files that are new somewhere (every
// file when no environment is configured), each after a comment line
// naming it. Control characters are escaped, as in all terminal output.
func writeNewSQL(w io.Writer, rel *release.Release, newIn map[string][]string, all bool) {
	for _, f := range rel.Files {
		envs := newIn[f.Name]
		if len(envs) == 0 && !all {
			continue
		}
		where := ""
		if len(envs) > 0 {
			where = " (new in " + strings.Join(envs, ", ") + ")"
		}
		fmt.Fprintf(w, "\n-- %s%s\n", report.Escape(f.Name), report.Escape(where))
		text := strings.TrimRight(string(f.Content), "\r\n")
		for _, l := range strings.Split(text, "\n") {
			// A line of SQL may start with "::" (a cast continued from
			// the line before), which CI logs read as a command.
			fmt.Fprintln(w, report.EscapeLineStart(strings.TrimSuffix(l, "\r")))
		}
	}
}

// releaseDiff prints the schema change a release makes on an environment
// (its first target, or --target): see runner.PreviewChange.
func releaseDiff(ctx context.Context, c *releaseCmd, cfg *config.Config, st *store.Store, stdout, stderr io.Writer) (int, error) {
	if len(c.pos) != 1 || c.env == "" {
		return exitError, usagef("release diff: give the release id and --env E")
	}
	rel, err := st.Release(ctx, c.pos[0])
	if err != nil {
		return exitError, err
	}
	t, err := runner.PreviewTarget(cfg, c.env, c.target, os.Getenv)
	if errors.Is(err, targets.ErrSelection) {
		return exitError, usagef("release diff: %s", err)
	}
	if err != nil {
		return exitError, err
	}
	change, err := runner.PreviewChange(ctx, runner.PreviewOptions{Config: cfg, Release: rel, Env: c.env, Target: t, Warn: stderr, Version: buildinfo.Version()})
	if err != nil {
		return exitError, err
	}
	if c.a.format == "json" {
		return exitOK, writeJSON(stdout, change)
	}
	writeSchemaChange(stdout, rel.ID, change)
	return exitOK, nil
}

// writeSchemaChange prints a previewed change: a line naming the release,
// the target and the pending files, then the changed statements as drift
// prints them.
func writeSchemaChange(w io.Writer, release string, ch *runner.SchemaChange) {
	where := report.Escape(ch.Env + "/" + ch.Target)
	if len(ch.Pending) == 0 {
		fmt.Fprintf(w, "release %s on %s: nothing to apply, no schema change\n", report.Escape(release), where)
		return
	}
	files := report.Escape(strings.Join(ch.Pending, ", "))
	if len(ch.Removed)+len(ch.Added) == 0 {
		fmt.Fprintf(w, "release %s on %s applies %s: no schema change\n", report.Escape(release), where, files)
		return
	}
	fmt.Fprintf(w, "release %s on %s applies %s; the schema change:\n", report.Escape(release), where, files)
	writeDrift(w, ch.Removed, ch.Added)
}
