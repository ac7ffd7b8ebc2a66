// Package gitbase reads a git repository for `check --new-from-rev` and
// `--staged`: the files changed since the merge base of a revision and
// HEAD, and the migration files as they were at that base, which the
// integrity rules compare the working tree with (an applied file edited,
// renamed or deleted; a new file sorting before the newest one).
//
// The base must be in the clone: a shallow clone (actions/checkout's
// default fetch-depth: 1) holds neither the base branch nor the merge base,
// and gets one line saying how to fetch it.
package gitbase

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sqlreview/sqlreview/rules/integrity"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// Git runs a git command in dir and returns its standard output. The error
// is one line naming the command and git's own message.
func Git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), strings.Join(strings.Fields(msg), " "))
	}
	return out.String(), nil
}

// Toplevel returns the root of the work tree holding dir, symlinks
// resolved.
func Toplevel(dir string) (string, error) {
	top, err := Git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("--new-from-rev/--staged need a git work tree: %v", err)
	}
	return resolve(strings.TrimSpace(top)), nil
}

// MissingError is the one line for a base the clone does not hold.
func MissingError(rev string) error {
	return fmt.Errorf("base revision %s is not in this clone; fetch it (actions/checkout fetch-depth: 0, or git fetch --deepen)", rev)
}

// Base is a repository at the merge base of a revision and HEAD.
type Base struct {
	Top    string // work tree root, symlinks resolved
	Rev    string // the revision as given
	Commit string // the merge base
	// dirs holds the versioned .sql blobs of each directory at the base, by
	// slash-separated directory relative to Top ("." for the root).
	dirs map[string][]blob
}

type blob struct{ name, oid string }

// Open finds the merge base of rev and HEAD in the repository holding dir
// and lists its migration files. A rev the clone lacks, or a merge base a
// shallow clone cut off, is MissingError.
func Open(dir, rev string) (*Base, error) {
	top, err := Toplevel(dir)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("--new-from-rev %q: not a revision", rev)
	}
	if _, err := Git(top, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, MissingError(rev)
	}
	mb, err := Git(top, "merge-base", rev, "HEAD")
	if err != nil {
		if shallow, _ := Git(top, "rev-parse", "--is-shallow-repository"); strings.TrimSpace(shallow) == "true" {
			return nil, MissingError(rev)
		}
		return nil, fmt.Errorf("--new-from-rev %s: it has no common history with HEAD (%v)", rev, err)
	}
	b := &Base{Top: top, Rev: rev, Commit: strings.TrimSpace(mb), dirs: map[string][]blob{}}
	tree, err := Git(top, "ls-tree", "-r", "-z", "--full-tree", b.Commit)
	if err != nil {
		return nil, err
	}
	for _, entry := range strings.Split(tree, "\x00") {
		meta, p, ok := strings.Cut(entry, "\t")
		fields := strings.Fields(meta)
		if !ok || len(fields) != 3 || fields[1] != "blob" || fields[0] == "120000" {
			continue
		}
		name := path.Base(p)
		if !strings.EqualFold(path.Ext(name), ".sql") {
			continue
		}
		if _, ok := migfile.Parse(name); ok {
			b.dirs[path.Dir(p)] = append(b.dirs[path.Dir(p)], blob{name: name, oid: fields[2]})
		}
	}
	return b, nil
}

// Where completes "already …" in integrity messages.
func (b *Base) Where() string {
	short := b.Commit
	if len(short) > 7 {
		short = short[:7]
	}
	return fmt.Sprintf("merged at %s (merge base %s)", b.Rev, short)
}

// rel is an absolute, resolved path relative to Top, slash-separated; ok
// is false outside the work tree.
func (b *Base) rel(abs string) (string, bool) {
	r, err := filepath.Rel(b.Top, abs)
	if err != nil || !filepath.IsLocal(r) && r != "." {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// Dirs lists the directories at or below root (absolute, resolved) that
// held versioned .sql files at the base.
func (b *Base) Dirs(root string) ([]string, error) {
	r, ok := b.rel(root)
	if !ok {
		return nil, nil
	}
	var out []string
	for d := range b.dirs {
		if r == "." || d == r || strings.HasPrefix(d, r+"/") {
			out = append(out, filepath.Join(b.Top, filepath.FromSlash(d)))
		}
	}
	sort.Strings(out)
	return out, nil
}

// Files returns the versioned .sql files directly in dir (absolute,
// resolved) at the base, with their content checksums.
func (b *Base) Files(dir string) ([]integrity.File, error) {
	r, ok := b.rel(dir)
	if !ok {
		return nil, nil
	}
	blobs := b.dirs[r]
	if len(blobs) == 0 {
		return nil, nil
	}
	oids := make([]string, len(blobs))
	for i, bl := range blobs {
		oids[i] = bl.oid
	}
	contents, err := b.readBlobs(oids)
	if err != nil {
		return nil, err
	}
	var out []integrity.File
	for i, bl := range blobs {
		p := bl.name
		if r != "." {
			p = r + "/" + bl.name
		}
		if f, ok := integrity.NewFile(p, contents[i]); ok {
			out = append(out, f)
		}
	}
	return out, nil
}

// readBlobs reads the objects with one `git cat-file --batch`.
func (b *Base) readBlobs(oids []string) ([][]byte, error) {
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = b.Top
	cmd.Stdin = strings.NewReader(strings.Join(oids, "\n") + "\n")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	rd := bufio.NewReader(stdout)
	out := make([][]byte, 0, len(oids))
	for range oids {
		header, err := rd.ReadString('\n')
		if err != nil {
			break
		}
		fields := strings.Fields(header)
		if len(fields) != 3 {
			break // "<oid> missing"
		}
		size, err := strconv.Atoi(fields[2])
		if err != nil {
			break
		}
		data := make([]byte, size+1) // content and its newline
		if _, err := io.ReadFull(rd, data); err != nil {
			break
		}
		out = append(out, data[:size])
	}
	io.Copy(io.Discard, rd)
	werr := cmd.Wait()
	if len(out) != len(oids) {
		msg := strings.TrimSpace(errb.String())
		if msg == "" && werr != nil {
			msg = werr.Error()
		}
		return nil, fmt.Errorf("git cat-file --batch: cannot read the files at %s: %s", b.Commit, msg)
	}
	return out, nil
}

// Changed returns the absolute paths of the files added, copied, modified
// or renamed since the base, working tree changes and untracked files
// included.
func (b *Base) Changed() (map[string]bool, error) {
	out, err := Git(b.Top, "diff", "--name-only", "-z", "--diff-filter=ACMR", b.Commit)
	if err != nil {
		return nil, err
	}
	untracked, err := Git(b.Top, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	return b.paths(out, untracked), nil
}

// Staged returns the absolute paths of the files added, copied, modified or
// renamed in the index of the repository holding dir.
func Staged(dir string) (map[string]bool, error) {
	top, err := Toplevel(dir)
	if err != nil {
		return nil, err
	}
	out, err := Git(top, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
	if err != nil {
		return nil, err
	}
	return (&Base{Top: top}).paths(out), nil
}

func (b *Base) paths(lists ...string) map[string]bool {
	files := map[string]bool{}
	for _, l := range lists {
		for _, name := range strings.Split(l, "\x00") {
			if name != "" {
				files[filepath.Join(b.Top, filepath.FromSlash(name))] = true
			}
		}
	}
	return files
}

func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
