package main

// `sqlreview check --fix`: apply the fixes the rules attach to their
// findings, in the style of ruff.
//
//   - Only unsuppressed findings are fixed (and, with --baseline, only those
//     the baseline does not hold). --fix applies fixes marked safe;
//     --unsafe-fixes (which implies --fix) applies the unsafe ones too.
//   - Per file, fixes are taken in position order; a fix whose edits
//     overlap an edit already taken (or insert at the same offset) waits for
//     the next pass. After each pass every file is checked again, since a
//     fix can change a later file's catalog or make room for another fix;
//     at most maxFixPasses passes run.
//   - A file with a syntax error is not fixed: fix the error and run again.
//     A fixed text that would no longer parse is never written (the fixes
//     that break it are dropped and named on standard error).
//   - Files are rewritten atomically, keeping their permissions; a symlink
//     is followed, and a file that changed on disk since it was read is
//     left alone.
//   - The report and the exit code are those of the findings that remain;
//     a summary ("fixed 3 findings in 2 files (2 remaining)") goes to
//     standard error so that machine-readable reports stay clean.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// maxFixPasses bounds the check → fix loop.
const maxFixPasses = 10

// fixStats is what a --fix run did.
type fixStats struct {
	fixed     int             // fixes applied
	files     map[string]bool // files rewritten
	converged bool            // false when fixes were still applicable after maxFixPasses
}

// checkAndFix runs check and fix passes until no fix applies and returns the
// result of the last check (findings before any baseline filter). Notes for
// the user (files skipped, fixes dropped) go to stderr.
func checkAndFix(a *checkArgs, opt engine.Options, stderr io.Writer) (*engine.Result, *fixStats, error) {
	st := &fixStats{files: map[string]bool{}, converged: true}
	noted := map[string]bool{}
	note := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if !noted[msg] {
			noted[msg] = true
			fmt.Fprintf(stderr, "sqlreview: %s\n", oneLine(msg))
		}
	}
	for pass := 0; ; pass++ {
		res, err := engine.Check(a.paths, opt)
		if err != nil {
			return nil, nil, err
		}
		plan, broken, err := planFixes(res, a.unsafeFixes, a.baseline)
		if err != nil {
			return nil, nil, err
		}
		for _, path := range broken {
			note("%s: not fixed: it has a syntax error; fix that and run again", path)
		}
		if len(plan) == 0 {
			return res, st, nil
		}
		if pass == maxFixPasses {
			st.converged = false
			return res, st, nil
		}
		applied := 0
		for _, path := range sortedKeys(plan) {
			n, err := fixFile(path, res.Sources[path], plan[path], note)
			if err != nil {
				return nil, nil, err
			}
			if n > 0 {
				applied += n
				st.files[path] = true
			}
		}
		st.fixed += applied
		if applied == 0 {
			return res, st, nil
		}
	}
}

// planFixes returns, per file, the fixes to apply: those of unsuppressed
// findings (not in the baseline), safe ones unless unsafe is set, in files
// without syntax errors; and the files with fixes skipped for a syntax error.
func planFixes(res *engine.Result, unsafe bool, baseline string) (map[string][]*rules.Fix, []string, error) {
	findings := res.Findings
	if baseline != "" {
		cp := *res
		cp.Findings = append([]engine.Finding(nil), res.Findings...)
		if _, err := applyBaseline(baseline, &cp); err != nil {
			return nil, nil, err
		}
		findings = cp.Findings
	}
	broken := map[string]bool{}
	for _, f := range findings {
		if f.Rule != nil && (f.Rule.Name == "syntax-error" || f.Rule.Name == "unreadable-file") {
			broken[f.Path] = true
		}
	}
	plan := map[string][]*rules.Fix{}
	var skipped []string
	for _, f := range findings {
		if !engine.Fixable(&f, unsafe) || f.Path == engine.StdinPath || res.Sources[f.Path] == nil {
			continue
		}
		if broken[f.Path] {
			if len(skipped) == 0 || skipped[len(skipped)-1] != f.Path {
				skipped = append(skipped, f.Path)
			}
			continue
		}
		plan[f.Path] = append(plan[f.Path], f.Fix)
	}
	return plan, skipped, nil
}

// fixFile applies fixes to one file and writes it; it returns how many
// fixes it applied.
func fixFile(path string, src *source.File, fixes []*rules.Fix, note func(string, ...any)) (int, error) {
	if src == nil || src.Problem != nil {
		return 0, nil
	}
	text := src.Text
	out, chosen := engine.ApplyFixes(path, text, fixes, func(fx *rules.Fix) {
		note("%s: fix %q would make the file unparseable; not applied (please report this bug)", path, fx.Title)
	})
	if len(chosen) == 0 {
		return 0, nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return 0, fmt.Errorf("--fix: %s: %v", path, unwrapPath(err))
	}
	disk, err := os.ReadFile(target)
	if err != nil {
		return 0, fmt.Errorf("--fix: %s: %v", path, unwrapPath(err))
	}
	if string(disk) != text {
		note("%s: changed on disk while being checked; not fixed", path)
		return 0, nil
	}
	if err := writeFileAtomic(target, []byte(out)); err != nil {
		return 0, fmt.Errorf("--fix: writing %s: %v", path, unwrapPath(err))
	}
	return len(chosen), nil
}

func sortedKeys(m map[string][]*rules.Fix) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// printFixSummary writes the --fix summary to stderr: how many findings
// were fixed, how many remain (after the baseline), and how many of those
// have a fix that was not applied because it is unsafe.
func printFixSummary(stderr io.Writer, st *fixStats, res *engine.Result, unsafe bool) {
	remaining, hidden := 0, 0
	for _, f := range res.Findings {
		if f.Suppressed {
			continue
		}
		remaining++
		if f.Fix != nil && !f.Fix.Safe && !unsafe {
			hidden++
		}
	}
	msg := fmt.Sprintf("fixed %s", plural(st.fixed, "finding"))
	if len(st.files) > 0 {
		msg += fmt.Sprintf(" in %s", plural(len(st.files), "file"))
	}
	msg += fmt.Sprintf(" (%d remaining)", remaining)
	if hidden > 0 {
		msg += fmt.Sprintf("; %d more fixable with --unsafe-fixes", hidden)
	}
	fmt.Fprintf(stderr, "sqlreview: %s\n", msg)
	if !st.converged {
		fmt.Fprintf(stderr, "sqlreview: fixes still apply after %d passes; run again\n", maxFixPasses)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
