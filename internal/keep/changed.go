package keep

import (
	"path/filepath"

	"github.com/sqlreview/sqlreview/rules/engine"
)

// ChangedFirst keeps the findings in the files a pull request changed before
// those in other files: on a repository with a history of findings, a cap
// must not spend itself on old files and hide what the pull request adds.
// changed holds absolute, cleaned paths, as gitbase returns them; a
// finding's path is made absolute against the current directory, as the
// engine reports it. Combine it with Then(ChangedFirst(c), BySeverity).
func ChangedFirst(changed map[string]bool) Order {
	in := func(f *engine.Finding) bool {
		abs, err := filepath.Abs(f.Path)
		return err == nil && changed[abs]
	}
	return func(a, b *engine.Finding) bool { return in(a) && !in(b) }
}
