package rollout

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator/release"
)

// ErrUnanchored refuses a gated stage of a release whose recorded config
// or allowed signers are not the ones of its commit in the repository.
var ErrUnanchored = errors.New("release not from the repository")

// anchorPolicy ties a release's recorded config and allowed signers to the
// repository the rollout runs from. The release lives in the state store,
// which is not trusted: someone who can write it could record a release
// whose config lists their own key, consistent with its digest. Its gates
// count only if the config and allowed signers it recorded are those of its
// commit, and that commit is in the history of the checked-out HEAD (merged,
// not on some branch). The working tree itself is never read: editing it
// changes nothing. Outside a git work tree there is nothing to compare
// with (a rollout job runs in a checkout); inside one, a missing commit is
// refused, since a forger would name one.
func (r *prepared) anchorPolicy() error {
	rel, dir := r.rel, r.Config.Dir
	if dir == "" || !insideGit(dir) {
		return nil
	}
	short := rel.Commit
	if len(short) > 12 {
		short = short[:12]
	}
	if rel.Commit == "" {
		return fmt.Errorf("%w: release %s was created outside git, so its recorded config cannot be checked against the repository; create a new release from a git checkout", ErrUnanchored, rel.ID)
	}
	if _, err := git(dir, "cat-file", "-e", rel.Commit+"^{commit}"); err != nil {
		return fmt.Errorf("%w: commit %s of release %s is not in this checkout; fetch the history (e.g. fetch-depth: 0) so its recorded config can be checked, then rerun", ErrUnanchored, short, rel.ID)
	}
	if _, err := git(dir, "merge-base", "--is-ancestor", rel.Commit, "HEAD"); err != nil {
		return fmt.Errorf("%w: commit %s of release %s is not in the history of the checked-out HEAD; roll out from the branch it was released from", ErrUnanchored, short, rel.ID)
	}
	files := []struct {
		path string
		data []byte
	}{{rel.Policy.ConfigPath, rel.Policy.Config}}
	if rel.Policy.AllowedSignersPath != "" {
		files = append(files, struct {
			path string
			data []byte
		}{rel.Policy.AllowedSignersPath, rel.Policy.AllowedSigners})
	}
	for _, f := range files {
		committed, err := git(dir, "show", rel.Commit+":./"+f.path)
		if err != nil || !bytes.Equal(committed, f.data) {
			return fmt.Errorf("%w: the %s recorded in release %s is not the one of its commit %s (%v, or the release was made with uncommitted changes); create a new release from a clean checkout",
				ErrUnanchored, f.path, rel.ID, short, release.ErrTampered)
		}
	}
	return nil
}

func insideGit(dir string) bool {
	out, err := git(dir, "rev-parse", "--is-inside-work-tree")
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	return cmd.Output()
}
