package release

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// ErrDirty refuses a release of migration files git has uncommitted
// changes to: the release would record a commit that lacks them.
var ErrDirty = errors.New("release refused")

// uncommittedMigrations lists (repository paths, as git prints them) the
// migration files of dir that differ from the commit: modified, staged,
// deleted, untracked or ignored. Outside a git work tree, or without git,
// there is no commit to differ from and the list is empty.
func uncommittedMigrations(dir string) ([]string, error) {
	prefix, ok := gitPrefix(dir)
	if !ok {
		return nil, nil
	}
	cmd := exec.Command("git", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching", "--", ".")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the git state of the migrations (git status failed: %v); fix the repository, or release from a directory outside git", dir, err)
	}
	var paths []string
	entries := strings.Split(string(out), "\x00")
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		if len(e) < 4 {
			continue
		}
		status, p := e[:2], e[3:]
		if status[0] == 'R' || status[0] == 'C' {
			i++ // the entry after a rename or copy is its source path
		}
		if isMigrationIn(p, prefix) {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return paths, nil
}

// gitPrefix is dir's path in its git work tree ("" at the top, else
// ending in "/"); ok is false outside a work tree.
func gitPrefix(dir string) (string, bool) {
	cmd := exec.Command("git", "rev-parse", "--is-inside-work-tree", "--show-prefix")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", false
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) == 0 || lines[0] != "true" {
		return "", false
	}
	if len(lines) < 2 {
		return "", true
	}
	return lines[1], true
}

// isMigrationIn reports whether the repository path p is a versioned .sql
// file directly in the directory prefix, as ReadMigrationFiles reads them.
func isMigrationIn(p, prefix string) bool {
	rest, ok := strings.CutPrefix(p, prefix)
	if !ok || strings.Contains(rest, "/") || !strings.EqualFold(filepath.Ext(rest), ".sql") {
		return false
	}
	_, ok = migfile.Parse(rest)
	return ok
}

// listSome joins up to n items and says how many more there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// uncommittedPolicy lists the files of the release's policy (the config
// and the allowed signers it names) whose recorded bytes are not those of
// git's HEAD: the release records them "as committed", so an edited or
// untracked copy is refused like an edited migration. The bytes are
// compared, not git's status, which is also what a rollout checks. Outside
// git the list is empty.
func uncommittedPolicy(cfg *config.Config, p *Policy) []string {
	if p == nil {
		return nil
	}
	dir := filepath.Dir(cfg.Path)
	if _, ok := gitPrefix(dir); !ok {
		return nil
	}
	var dirty []string
	check := func(path string, data []byte) {
		cmd := exec.Command("git", "show", "HEAD:./"+path)
		cmd.Dir = dir
		committed, err := cmd.Output()
		if err != nil || !bytes.Equal(committed, data) {
			dirty = append(dirty, path)
		}
	}
	check(p.ConfigPath, p.Config)
	if p.AllowedSignersPath != "" {
		check(p.AllowedSignersPath, p.AllowedSigners)
	}
	return dirty
}
