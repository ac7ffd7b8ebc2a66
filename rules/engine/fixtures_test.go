package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

// Fixture format (testdata/rules/<rule-name>/*.sql):
//
//	-- fixture: pg-version=11            target version (default 16)
//	-- fixture: setting KEY=JSON          a rule setting
//	-- fixture: enable RULE               also run another rule
//	-- fixture: runner=NAME               migrations.runner
//	-- fixture: assume-in-transaction=B   migrations.assume-in-transaction
//	-- fixture: path=DIR/NAME.sql         lint the file under this path (layout detection)
//	...statements...
//	-- fixture: existing above            the statements above are an earlier
//	                                      migration: in the catalog, not linted
//	ALTER TABLE t DROP COLUMN c; -- want: ban-drop-column
//	-- want: RULE 3:1-3:40                alone on a line: a finding on the next line
//	... -- want: RULE 3:1-3:40 /regexp/   the finding's message must match regexp
//
// "-- want: RULE" at the end of a line expects a finding of RULE starting on
// that line; an optional L:C-L:C range must match exactly. Every finding
// must be wanted and every want found.

var wantRE = regexp.MustCompile(`--\s*want:\s*([A-Za-z0-9_.\-]+)(?:\s+(\d+):(\d+)-(\d+):(\d+))?(?:\s+/(.*)/\s*$)?`)

type want struct {
	rule  string
	line  int
	rng   string // "" or "L:C-L:C"
	msg   *regexp.Regexp
	found bool
}

func TestRuleFixtures(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "rules")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatalf("reading %s: %v", root, err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		r := all.Lookup(d.Name())
		if r == nil || r.Name != d.Name() {
			t.Errorf("testdata/rules/%s: no rule named %q", d.Name(), d.Name())
			continue
		}
		files, _ := filepath.Glob(filepath.Join(root, d.Name(), "*.sql"))
		for _, path := range files {
			t.Run(d.Name()+"/"+filepath.Base(path), func(t *testing.T) { runFixture(t, r, path) })
		}
	}
	// Every rule with a check has fixtures.
	for _, r := range all.Rules() {
		if r.Check == nil && r.AtEnd == nil && r.Name != "syntax-error" && r.Name != "unused-suppression" && r.Name != "malformed-suppression" {
			continue
		}
		if files, _ := filepath.Glob(filepath.Join(root, r.Name, "*.sql")); len(files) == 0 {
			t.Errorf("rule %s has no fixtures in testdata/rules/%s/", r.Name, r.Name)
		}
	}
}

func runFixture(t *testing.T, r *rules.Rule, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{r.Name}
	cfg.Rules.Settings = map[string]map[string]any{}
	cfg.Rules.Severity = map[string]string{}
	ov := Overrides{}
	lintPath := path
	lines := strings.Split(text, "\n")
	setupEnd := -1
	for i, line := range lines {
		body, ok := strings.CutPrefix(strings.TrimSpace(line), "-- fixture:")
		if !ok {
			continue
		}
		body = strings.TrimSpace(body)
		switch {
		case strings.HasPrefix(body, "pg-version="):
			ov.PGVersion, _ = strconv.Atoi(strings.TrimPrefix(body, "pg-version="))
		case strings.HasPrefix(body, "setting "):
			k, v, _ := strings.Cut(strings.TrimPrefix(body, "setting "), "=")
			if cfg.Rules.Settings[r.Name] == nil {
				cfg.Rules.Settings[r.Name] = map[string]any{}
			}
			cfg.Rules.Settings[r.Name][k] = parseSettingValue(v)
		case strings.HasPrefix(body, "enable "):
			cfg.Rules.Enable = append(cfg.Rules.Enable, strings.TrimSpace(strings.TrimPrefix(body, "enable ")))
		case body == "existing above":
			setupEnd = i
		case strings.HasPrefix(body, "runner="):
			cfg.Migrations.Runner = strings.TrimPrefix(body, "runner=")
		case strings.HasPrefix(body, "assume-in-transaction="):
			b := strings.TrimPrefix(body, "assume-in-transaction=") == "true"
			cfg.Migrations.AssumeInTransaction = &b
		case strings.HasPrefix(body, "path="):
			lintPath = strings.TrimPrefix(body, "path=")
		default:
			t.Fatalf("%s:%d: unknown fixture directive %q", path, i+1, body)
		}
	}
	l, err := NewLinter(cfg, ov)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	cat := catalog.New()
	lintText := text
	if setupEnd >= 0 {
		// Blank the setup lines (keeping line numbers) and replay them.
		setup := strings.Join(lines[:setupEnd], "\n")
		cat.ApplyFile(source.ParseText("setup.sql", setup))
		blank := make([]string, setupEnd)
		lintText = strings.Join(append(blank, lines[setupEnd:]...), "\n")
	}
	f := source.ParseText(lintPath, lintText)
	findings := l.Lint(f, cat, filepath.Base(lintPath))

	var wants []*want
	for i, line := range lines {
		m := wantRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		w := &want{rule: m[1], line: i + 1}
		if strings.HasPrefix(strings.TrimSpace(line), "-- want:") {
			w.line = i + 2 // on its own line: about the next line
		}
		if m[2] != "" {
			w.rng = fmt.Sprintf("%s:%s-%s:%s", m[2], m[3], m[4], m[5])
		}
		if m[6] != "" {
			re, err := regexp.Compile(m[6])
			if err != nil {
				t.Fatalf("%s:%d: want message: %v", path, i+1, err)
			}
			w.msg = re
		}
		if rr := all.Lookup(w.rule); rr == nil {
			t.Fatalf("%s:%d: want names unknown rule %q", path, i+1, w.rule)
		} else {
			w.rule = rr.Name
		}
		wants = append(wants, w)
	}
	for _, fd := range findings {
		if fd.Suppressed {
			continue
		}
		rng := fmt.Sprintf("%d:%d-%d:%d", fd.Start.Line, fd.Start.Column, fd.End.Line, fd.End.Column)
		matched := false
		for _, w := range wants {
			if !w.found && w.rule == fd.Rule.Name && w.line == fd.Start.Line && (w.rng == "" || w.rng == rng) && (w.msg == nil || w.msg.MatchString(fd.Message)) {
				w.found, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected finding %s (%s): %s", path, fd.Start.Line, fd.Start.Column, fd.Rule.Name, rng, fd.Message)
		}
	}
	sort.Slice(wants, func(i, j int) bool { return wants[i].line < wants[j].line })
	for _, w := range wants {
		if !w.found {
			t.Errorf("%s:%d: expected finding %s %s, got none", path, w.line, w.rule, w.rng)
		}
	}
}

func parseSettingValue(v string) any {
	v = strings.TrimSpace(v)
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	if v == "true" || v == "false" {
		return v == "true"
	}
	if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
		var out []any
		for _, p := range strings.Split(strings.Trim(v, "[]"), ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, strings.Trim(p, `"`))
			}
		}
		return out
	}
	return strings.Trim(v, `"`)
}

// TestDocExamples checks that each rule's Bad example triggers it and its
// Good example does not.
func TestDocExamples(t *testing.T) {
	for _, r := range all.Rules() {
		if r.Doc.Title == "" {
			t.Errorf("rule %s has no title", r.Name)
		}
		if r.Check == nil && r.AtEnd == nil && r.Name != "syntax-error" && r.Name != "unused-suppression" && r.Name != "malformed-suppression" {
			continue
		}
		if r.Doc.Bad == "" || r.Doc.Good == "" {
			t.Errorf("rule %s needs Doc.Bad and Doc.Good examples", r.Name)
			continue
		}
		cfg := config.Default()
		cfg.Rules.Default = "none"
		if r.Category == rules.Meta {
			// Suppression findings are about other rules, which must run.
			cfg.Rules.Default = "recommended"
		}
		cfg.Rules.Enable = []string{r.Name}
		l, err := NewLinter(cfg, Overrides{})
		if err != nil {
			t.Fatal(err)
		}
		count := func(sql string) int {
			n := 0
			for _, fd := range l.Lint(source.ParseText("doc.sql", sql), catalog.New(), "doc.sql") {
				if fd.Rule == r && !fd.Suppressed {
					n++
				}
			}
			return n
		}
		if count(r.Doc.Bad) == 0 {
			t.Errorf("rule %s: Doc.Bad does not trigger it:\n%s", r.Name, r.Doc.Bad)
		}
		if n := count(r.Doc.Good); n != 0 {
			t.Errorf("rule %s: Doc.Good triggers it %d time(s):\n%s", r.Name, n, r.Doc.Good)
		}
	}
}
