package engine

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
)

// The fix audit: every rule's Fix availability is true to what it reports,
// and every fix, applied to the rule's Doc.Bad and to every fixture of the
// rule (with the fixture's settings and catalog), leaves SQL that parses and
// that the fix's rule no longer reports where it offered a fix.

// fixCase is SQL linted by one rule under a fixture's setup.
type fixCase struct {
	cfg   *config.Config
	ov    Overrides
	setup string // earlier migration, in the catalog
	text  string
}

func (c *fixCase) lint(t *testing.T, text string) []Finding {
	t.Helper()
	l, err := NewLinter(c.cfg, c.ov)
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.New()
	if c.setup != "" {
		cat.ApplyFile(source.ParseText("setup.sql", c.setup))
	}
	return l.Lint(source.ParseText("fix.sql", text), cat, "fix.sql")
}

// fixCaseFromFixture reads a fixture's directives (see fixtures_test.go).
func fixCaseFromFixture(t *testing.T, r *rules.Rule, path string) *fixCase {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := &fixCase{cfg: ruleOnly(r), text: string(data)}
	lines := strings.Split(c.text, "\n")
	for i, line := range lines {
		body, ok := strings.CutPrefix(strings.TrimSpace(line), "-- fixture:")
		if !ok {
			continue
		}
		body = strings.TrimSpace(body)
		switch {
		case strings.HasPrefix(body, "pg-version="):
			c.ov.PGVersion, _ = strconv.Atoi(strings.TrimPrefix(body, "pg-version="))
		case strings.HasPrefix(body, "setting "):
			k, v, _ := strings.Cut(strings.TrimPrefix(body, "setting "), "=")
			if c.cfg.Rules.Settings[r.Name] == nil {
				c.cfg.Rules.Settings[r.Name] = map[string]any{}
			}
			c.cfg.Rules.Settings[r.Name][k] = parseSettingValue(v)
		case strings.HasPrefix(body, "enable "):
			// Other rules' findings are not this audit's concern.
		case body == "existing above":
			c.setup = strings.Join(lines[:i], "\n")
			c.text = strings.Repeat("\n", i) + strings.Join(lines[i:], "\n")
		}
	}
	return c
}

func ruleOnly(r *rules.Rule) *config.Config {
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{r.Name}
	cfg.Rules.Settings = map[string]map[string]any{}
	cfg.Rules.Severity = map[string]string{}
	return cfg
}

// fixAll applies r's fixes (safe and unsafe) the way `check --fix` does:
// non-overlapping ones in position order, then again, up to 10 passes. It
// returns the fixed text and how many fixes it applied.
func fixAll(t *testing.T, r *rules.Rule, c *fixCase, text string) (string, int) {
	t.Helper()
	applied := 0
	for pass := 0; pass < 10; pass++ {
		var fixes []*rules.Fix
		for _, f := range c.lint(t, text) {
			if f.Rule == r && !f.Suppressed && f.Fix != nil && len(f.Fix.Edits) > 0 {
				fixes = append(fixes, f.Fix)
			}
		}
		sort.SliceStable(fixes, func(i, j int) bool { return minStart(fixes[i]) < minStart(fixes[j]) })
		var taken []rules.Edit
		n := 0
	next:
		for _, fx := range fixes {
			for _, e := range fx.Edits {
				if e.Start < 0 || e.End < e.Start || e.End > len(text) {
					t.Fatalf("%s: fix %q has an edit out of range [%d,%d) of %d bytes", r.Name, fx.Title, e.Start, e.End, len(text))
				}
				for _, o := range taken {
					if e.Start == o.Start || (e.Start < o.End && o.Start < e.End) {
						continue next
					}
				}
			}
			taken = append(taken, fx.Edits...)
			n++
		}
		if n == 0 {
			return text, applied
		}
		applied += n
		sort.Slice(taken, func(i, j int) bool { return taken[i].Start > taken[j].Start })
		for _, e := range taken {
			text = text[:e.Start] + e.NewText + text[e.End:]
		}
	}
	t.Fatalf("%s: fixes did not converge in 10 passes:\n%s", r.Name, text)
	return text, applied
}

func minStart(fx *rules.Fix) int {
	m := -1
	for _, e := range fx.Edits {
		if m < 0 || e.Start < m {
			m = e.Start
		}
	}
	return m
}

func syntaxErrors(text string) int {
	n := 0
	for _, s := range source.ParseText("fix.sql", text).Statements {
		if s.Err != nil {
			n++
		}
	}
	return n
}

// checkFixes fixes c's text with r's fixes and checks the result.
func checkFixes(t *testing.T, r *rules.Rule, c *fixCase, where string) int {
	t.Helper()
	before := c.lint(t, c.text)
	for _, f := range before {
		if f.Rule == r && r.Fix == rules.FixAlways && f.Fix == nil && !inPLpgSQLBody(c.text, f.StartOffset) {
			t.Errorf("%s: %s:%d: Fix is always but this finding has none: %s", r.Name, where, f.Start.Line, f.Message)
		}
	}
	fixed, n := fixAll(t, r, c, c.text)
	if n == 0 {
		return 0
	}
	if got, was := syntaxErrors(fixed), syntaxErrors(c.text); got > was {
		t.Errorf("%s: %s: the fixed SQL has %d syntax errors (before: %d):\n%s", r.Name, where, got, was, fixed)
	}
	count := func(fs []Finding) int {
		k := 0
		for _, f := range fs {
			if f.Rule == r && !f.Suppressed {
				k++
			}
		}
		return k
	}
	after := c.lint(t, fixed)
	if count(after) >= count(before) {
		t.Errorf("%s: %s: %d fixes applied but the rule still reports %d findings (before: %d):\n%s", r.Name, where, n, count(after), count(before), fixed)
	}
	for _, f := range after {
		if f.Rule == r && f.Fix != nil {
			t.Errorf("%s: %s: still reports a fixable finding after fixing: %s\n%s", r.Name, where, f.Message, fixed)
		}
	}
	return n
}

func TestFixAudit(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "rules")
	for _, r := range all.Rules() {
		if r.Check == nil && r.AtEnd == nil {
			continue
		}
		c := &fixCase{cfg: ruleOnly(r), text: r.Doc.Bad}
		findings := c.lint(t, c.text)
		for _, f := range findings {
			if f.Rule != r {
				continue
			}
			switch {
			case r.Fix == rules.FixNone && f.Fix != nil:
				t.Errorf("%s: Fix is none but its Doc.Bad finding has a fix %q", r.Name, f.Fix.Title)
			case r.Fix == rules.FixAlways && f.Fix == nil:
				t.Errorf("%s: Fix is always but its Doc.Bad finding has none: %s", r.Name, f.Message)
			}
		}
		if r.Fix == rules.FixNone {
			continue
		}
		if strings.TrimSpace(r.Doc.FixSafety) == "" {
			t.Errorf("%s: offers fixes but Doc.FixSafety does not say when they are safe", r.Name)
		}
		total := checkFixes(t, r, c, "Doc.Bad")
		files, _ := filepath.Glob(filepath.Join(root, r.Name, "*.sql"))
		for _, path := range files {
			total += checkFixes(t, r, fixCaseFromFixture(t, r, path), filepath.Base(path))
		}
		if total == 0 {
			t.Errorf("%s: Fix is %s but neither Doc.Bad nor its fixtures produce a fix", r.Name, r.Fix)
		}
	}
}

// inPLpgSQLBody reports whether off is in a statement of a DO block or
// function body, whose findings carry no fix by design (see runRules).
func inPLpgSQLBody(text string, off int) bool {
	for _, s := range source.ParseText("fix.sql", text).Statements {
		if b := s.Body(); b != nil {
			for _, es := range b.Statements {
				if off >= es.Start && off < es.End {
					return true
				}
			}
		}
	}
	return false
}
