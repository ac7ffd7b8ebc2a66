package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"

	"github.com/sqlreview/sqlreview/internal/shared"
)

func corpusDir(t testing.TB, parts ...string) string {
	t.Helper()
	return shared.Path(t, append([]string{"corpus"}, parts...)...)
}

func allRulesConfig() *config.Config {
	cfg := config.Default()
	cfg.Rules.Default = "all"
	return cfg
}

// TestCorpusMigrations: the four real migration histories (which PostgreSQL
// 15 applies cleanly) give no syntax error and no internal error.
func TestCorpusMigrations(t *testing.T) {
	root := corpusDir(t, "migrations")
	dirs, _ := filepath.Glob(filepath.Join(root, "*"))
	var paths []string
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			paths = append(paths, d)
		}
	}
	if len(paths) != 4 {
		t.Fatalf("expected 4 migration sets in %s, found %d", root, len(paths))
	}
	res, err := Check(paths, Options{ConfigPath: writeAllRulesConfig(t)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files < 1500 || res.Statements < 4000 {
		t.Errorf("checked %d files, %d statements", res.Files, res.Statements)
	}
	for _, f := range res.Findings {
		if f.Rule.Name == "syntax-error" || f.Rule.Name == "internal-error" || f.Rule.Name == "unreadable-file" {
			t.Errorf("%s:%d:%d: %s: %s", f.Path, f.Start.Line, f.Start.Column, f.Rule.Name, f.Message)
		}
	}
	if len(res.Errors) > 0 {
		t.Errorf("errors: %v", res.Errors)
	}
}

// TestCorpusRegressNoHiding: in PostgreSQL's regression SQL (full of
// intentional errors), a statement's syntax error never hides the findings of
// the file's other statements: blanking the broken statements out changes no
// other finding. No rule may crash on any of it.
func TestCorpusRegressNoHiding(t *testing.T) {
	root := corpusDir(t, "pg-regress")
	files, _ := filepath.Glob(filepath.Join(root, "*.sql"))
	if len(files) < 200 {
		t.Fatalf("found %d files in %s", len(files), root)
	}
	l, err := NewLinter(allRulesConfig(), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	withErrors, syntaxErrors := 0, 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := source.Parse(p, data)
		full := l.Lint(f, catalog.New(), filepath.Base(p))
		blanked := []byte(f.Text)
		broken := 0
		for _, s := range f.Statements {
			if s.Err != nil {
				broken++
				end := s.End
				if s.Semi >= 0 {
					end = s.Semi + 1
				}
				for i := s.Start; i < end; i++ {
					if blanked[i] != '\n' {
						blanked[i] = ' '
					}
				}
			}
		}
		for _, fd := range full {
			if fd.Rule.Name == "internal-error" {
				t.Errorf("%s:%d:%d: %s", p, fd.Start.Line, fd.Start.Column, fd.Message)
			}
		}
		if broken == 0 {
			continue
		}
		withErrors++
		syntaxErrors += broken
		clean := l.Lint(source.Parse(p, blanked), catalog.New(), filepath.Base(p))
		a, b := nonSyntax(full), nonSyntax(clean)
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("%s: findings differ once broken statements are removed:\nwith errors:    %d findings\nwithout errors: %d findings\nfirst difference: %s", p, len(a), len(b), firstDiff(a, b))
		}
	}
	if withErrors < 30 || syntaxErrors < 150 {
		t.Errorf("expected many intentional syntax errors in pg-regress, got %d in %d files", syntaxErrors, withErrors)
	}
}

func nonSyntax(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Rule.Name != "syntax-error" {
			out = append(out, f.Rule.Name+" "+f.Start.String()+"-"+f.End.String()+" "+f.Message)
		}
	}
	return out
}

func firstDiff(a, b []string) string {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return "\n  " + x + "\n  " + y
		}
	}
	return ""
}

// writeAllRulesConfig writes a config enabling every rule.
func writeAllRulesConfig(t *testing.T) string {
	p := filepath.Join(t.TempDir(), ".sqlreview.yaml")
	if err := os.WriteFile(p, []byte("rules:\n  default: all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCorpusRegressNoSwallowing: a broken statement must not swallow the
// statements after it. A broken statement whose text, cut at a later ';',
// yields a piece that parses alone would mean the splitter merged them.
func TestCorpusRegressNoSwallowing(t *testing.T) {
	root := corpusDir(t, "pg-regress")
	files, _ := filepath.Glob(filepath.Join(root, "*.sql"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := source.Parse(p, data)
		for _, s := range f.Statements {
			if s.Err == nil {
				continue
			}
			head := strings.ToUpper(strings.Join(strings.Fields(s.Text()), " "))
			if strings.HasPrefix(head, "CREATE") {
				continue // function bodies and rule actions legitimately hold ';'
			}
			pieces := strings.Split(s.Text(), ";")
			for _, piece := range pieces[1:] {
				if strings.TrimSpace(piece) == "" {
					continue
				}
				sub := source.ParseText("piece.sql", piece)
				if len(sub.Statements) == 1 && sub.Statements[0].Err == nil {
					t.Errorf("%s:%v: broken statement swallowed %q", p, f.Position(s.Start), strings.TrimSpace(piece))
					break
				}
			}
		}
	}
}
