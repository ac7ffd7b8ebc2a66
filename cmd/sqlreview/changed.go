package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/rules/engine"
)

// git runs a git command in dir and returns its standard output. The error
// is one line naming the command and git's own message.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), oneLine(msg))
	}
	return out.String(), nil
}

// changedFiles returns the absolute paths of the files added, copied,
// modified or renamed since the merge base of rev and HEAD (working tree
// changes and untracked files included), or, with staged, in the index.
func changedFiles(rev string, staged bool) (map[string]bool, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	top, err := git(cwd, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev/--staged need a git work tree: %v", err)
	}
	top = strings.TrimSpace(top)
	var lists []string
	if staged {
		out, err := git(top, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
		if err != nil {
			return nil, err
		}
		lists = append(lists, out)
	} else {
		base, err := git(top, "merge-base", rev, "HEAD")
		if err != nil {
			return nil, fmt.Errorf("--new-from-rev %s: %v; fetch the base branch first (e.g. git fetch origin main)", rev, err)
		}
		out, err := git(top, "diff", "--name-only", "-z", "--diff-filter=ACMR", strings.TrimSpace(base))
		if err != nil {
			return nil, err
		}
		untracked, err := git(top, "ls-files", "--others", "--exclude-standard", "-z")
		if err != nil {
			return nil, err
		}
		lists = append(lists, out, untracked)
	}
	files := map[string]bool{}
	for _, l := range lists {
		for _, name := range strings.Split(l, "\x00") {
			if name != "" {
				files[filepath.Join(top, filepath.FromSlash(name))] = true
			}
		}
	}
	return files, nil
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
