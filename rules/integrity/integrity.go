// Package integrity compares a migration directory with the migrations
// already merged or applied elsewhere — the files at a base revision, the
// previous release, or a database's history — and reports what a rollout
// would refuse: an applied file that was edited, renamed or deleted, and a
// new file whose version sorts before the newest applied one. Each rule is
// a metadata literal and one check function over a Comparison; All and
// checks below are the registry.
//
// The comparison is by version, the key the history records: a base file
// and a current file with the same version are the same migration. Content
// is compared by migfile.Checksum, the checksum apply records, so a
// checkout that only turned LF into CRLF is no edit.
package integrity

import (
	"fmt"
	"sort"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// File is one versioned migration file, at the base or today.
type File struct {
	// Path is the file as it is in the repository (slash-separated,
	// relative to the repository root), for messages.
	Path     string
	Name     string // base name, which carries the version
	Version  migfile.Version
	Checksum string // migfile.Checksum of the content; "" when unknown
	// Baseline marks a base entry that stands for every version up to its
	// own (a database baselined at that version): it counts for ordering
	// only, since no content was applied.
	Baseline bool
}

// NewFile describes a migration file from its repository path and content;
// ok is false for a file name without a version.
func NewFile(path string, data []byte) (File, bool) {
	name := baseName(path)
	v, ok := migfile.Parse(name)
	if !ok {
		return File{}, false
	}
	return File{Path: path, Name: name, Version: v, Checksum: migfile.Checksum(data)}, true
}

func baseName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' || p[i] == '\\' {
			return p[i+1:]
		}
	}
	return p
}

// Problem is one integrity finding, on File: the current file, or for a
// deleted one the base file (which no longer exists).
type Problem struct {
	Rule    *rules.Rule
	File    *File
	Message string
}

// Comparison is one directory's files today against its base.
type Comparison struct {
	// Where says how the base holds its files, completing "already …" in
	// messages: "merged at main (merge base 3f2a1c0)", "applied in the
	// target database", "released in release_20261207-RC1".
	Where   string
	Base    []File
	Current []File
	// AllowOutOfOrder is migrations.out-of-order: allow.
	AllowOutOfOrder bool

	baseByKey, currentByKey map[string]*File
	// renamedTo maps a base file whose version is gone to the new file
	// with its content; renamedFrom is the reverse.
	renamedTo, renamedFrom map[*File]*File
	problems               []Problem
}

// check is one rule's check function.
type check func(*Comparison)

// checks is the registry: every integrity rule with its check function.
var checks = []struct {
	rule *rules.Rule
	run  check
}{
	{EditedMigration, checkEdited},
	{RenamedMigration, checkRenamed},
	{DeletedMigration, checkDeleted},
	{OutOfOrderMigration, checkOutOfOrder},
}

// All lists the integrity rules.
var All = func() []*rules.Rule {
	out := make([]*rules.Rule, len(checks))
	for i, c := range checks {
		out[i] = c.rule
	}
	return out
}()

// Compare runs the enabled rules (enabled nil = all) and returns their
// problems in path order.
func Compare(c *Comparison, enabled func(*rules.Rule) bool) []Problem {
	c.index()
	for _, ch := range checks {
		if enabled == nil || enabled(ch.rule) {
			ch.run(c)
		}
	}
	sort.SliceStable(c.problems, func(i, j int) bool { return c.problems[i].File.Path < c.problems[j].File.Path })
	return c.problems
}

func (c *Comparison) report(r *rules.Rule, f *File, format string, args ...any) {
	c.problems = append(c.problems, Problem{Rule: r, File: f, Message: fmt.Sprintf(format, args...)})
}

// index matches base and current files by version, and a base version
// that is gone to a new file with the same content (a renamed version).
func (c *Comparison) index() {
	c.baseByKey, c.currentByKey = map[string]*File{}, map[string]*File{}
	c.renamedTo, c.renamedFrom = map[*File]*File{}, map[*File]*File{}
	for i := range c.Base {
		b := &c.Base[i]
		c.baseByKey[b.Version.Key()] = b
	}
	for i := range c.Current {
		c.currentByKey[c.Current[i].Version.Key()] = &c.Current[i]
	}
	for i := range c.Base {
		b := &c.Base[i]
		if b.Baseline || b.Checksum == "" || c.currentByKey[b.Version.Key()] != nil {
			continue
		}
		for j := range c.Current {
			f := &c.Current[j]
			if f.Checksum == b.Checksum && c.baseByKey[f.Version.Key()] == nil && c.renamedFrom[f] == nil {
				c.renamedTo[b], c.renamedFrom[f] = f, b
				break
			}
		}
	}
}

// applied returns the base file of f's version that was applied with
// content (not a baseline entry), or nil.
func (c *Comparison) applied(f *File) *File {
	b := c.baseByKey[f.Version.Key()]
	if b == nil || b.Baseline {
		return nil
	}
	return b
}
