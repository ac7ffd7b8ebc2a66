package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/sqlreview/sqlreview/internal/gitbase"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// changedOnly limits a check to the files changed since the merge base of
// --new-from-rev and HEAD (whose migrations the integrity rules compare the
// working tree with), or staged with --staged, and returns them (absolute
// paths).
func changedOnly(opt *engine.Options, rev string, staged bool) (map[string]bool, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	var changed map[string]bool
	if staged {
		changed, err = gitbase.Staged(cwd)
	} else {
		var base *gitbase.Base
		if base, err = gitbase.Open(cwd, rev); err == nil {
			changed, err = base.Changed()
			opt.Base, opt.RepoRoot = base, base.Top
		}
	}
	if err != nil {
		return nil, err
	}
	opt.Only = func(abs string) bool { return changed[abs] }
	return changed, nil
}

// changedSince returns the files changed since the merge base of rev and
// HEAD (absolute paths), for --changed-first: the check still reports every
// file.
func changedSince(rev string) (map[string]bool, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	base, err := gitbase.Open(cwd, rev)
	if err != nil {
		return nil, err
	}
	return base.Changed()
}

// baselineFile is the JSON shape of --write-baseline / --baseline.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Path        string `json:"path"`
	Rule        string `json:"rule"`
	Message     string `json:"message"`
}

// writeBaseline records today's unsuppressed findings.
func writeBaseline(path string, res *engine.Result) error {
	b := baselineFile{Version: 1, Findings: []baselineEntry{}}
	for _, f := range res.Findings {
		if !f.Suppressed {
			b.Findings = append(b.Findings, baselineEntry{Fingerprint: f.Fingerprint, Path: filepath.ToSlash(f.Path), Rule: f.Rule.Name, Message: f.Message})
		}
	}
	sort.SliceStable(b.Findings, func(i, j int) bool { return b.Findings[i].Fingerprint < b.Findings[j].Fingerprint })
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, append(data, '\n')); err != nil {
		return fmt.Errorf("--write-baseline %s: %v", path, unwrapPath(err))
	}
	return nil
}

// applyBaseline drops the findings recorded in the baseline file and returns
// how many it dropped.
func applyBaseline(path string, res *engine.Result) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("--baseline %s: %v; create it with --write-baseline", path, unwrapPath(err))
	}
	var b baselineFile
	if err := json.Unmarshal(data, &b); err != nil || b.Version != 1 {
		return 0, fmt.Errorf("--baseline %s: not a sqlreview baseline (write one with --write-baseline)", path)
	}
	known := map[string]bool{}
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	kept := res.Findings[:0]
	dropped := 0
	for _, f := range res.Findings {
		if !f.Suppressed && known[f.Fingerprint] {
			dropped++
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	return dropped, nil
}
