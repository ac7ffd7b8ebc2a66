package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Root is the directory the paths of this config may reach: the git work
// tree holding the config file, or the config's directory outside git.
// A repository's config is written by whoever can open a pull request, so
// it must not read or write files elsewhere on the machine that runs it
// (a CI runner's credentials, another checkout). "" for Default().
func (c *Config) Root() string {
	if c.Dir == "" {
		return ""
	}
	start, err := filepath.Abs(c.Dir)
	if err != nil {
		return c.Dir
	}
	for dir := start; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return start
		}
		dir = parent
	}
}

// Confine resolves p, a path the config gives under key (relative paths
// against base, "" meaning the config's directory), and refuses it when it
// leads outside Root() once ".." and symbolic links are resolved. A path
// given on the command line is the user's choice and is not confined; a
// config without a file (Default()) has nothing to confine.
func (c *Config) Confine(key, p, base string) (string, error) {
	value := p
	if base == "" {
		base = c.Dir
	}
	if !filepath.IsAbs(p) && base != "" {
		// Not filepath.Join: it would clean "link/.." before the link is
		// followed.
		p = base + string(filepath.Separator) + p
	}
	root := c.Root()
	if root == "" {
		return p, nil
	}
	realRoot, err := resolve(root)
	if err != nil {
		return "", c.confineError(key, fmt.Sprintf("cannot resolve the repository root %s: %v", root, unwrapPathError(err)))
	}
	real, err := resolve(p)
	if err != nil {
		return "", c.confineError(key, fmt.Sprintf("cannot resolve %q: %v", value, unwrapPathError(err)))
	}
	if !within(realRoot, real) {
		return "", c.confineError(key, fmt.Sprintf("%q is outside the repository (%s); a config file can only name files inside its repository", value, root))
	}
	return p, nil
}

func (c *Config) confineError(key, msg string) error {
	return &Error{Path: c.Path, Line: c.lines[key], Msg: key + ": " + msg}
}

// resolve returns the real path p leads to, component by component as
// the system does: a symbolic link is followed before a ".." after it is
// applied (cleaning "link/.." away first would miss where it leads). The
// components that do not exist yet (a report file, its new directories)
// are taken as written.
func resolve(p string) (string, error) {
	cur := string(filepath.Separator)
	if !filepath.IsAbs(p) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		cur, err = filepath.EvalSymlinks(wd)
		if err != nil {
			return "", err
		}
	}
	missing := false
	for _, comp := range strings.Split(filepath.ToSlash(p), "/") {
		switch comp {
		case "", ".":
			continue
		case "..":
			cur = filepath.Dir(cur)
			continue
		}
		next := filepath.Join(cur, comp)
		if !missing {
			real, err := filepath.EvalSymlinks(next)
			switch {
			case err == nil:
				next = real
			case errors.Is(err, fs.ErrNotExist):
				missing = true
			default:
				return "", err
			}
		}
		cur = next
	}
	return cur, nil
}

// within reports whether p is root or below it.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
