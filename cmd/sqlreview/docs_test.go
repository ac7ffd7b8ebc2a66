package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
)

// regenerateDocs is how to bring the generated parts of docs/ up to date.
const regenerateDocs = "UPDATE_DOCS=1 go test ./cmd/sqlreview -run 'TestRuleReference|TestConfigReference'"

// TestRuleReference fails when docs/rules.md differs from what the rule
// registry generates. UPDATE_DOCS=1 rewrites it.
func TestRuleReference(t *testing.T) {
	path := filepath.Join(repoRootRel, "docs", "rules.md")
	want := report.RuleReference(all.Rules())
	got, err := os.ReadFile(path)
	if err == nil && string(got) == want {
		return
	}
	if os.Getenv("UPDATE_DOCS") != "" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("docs/rules.md is stale or missing (%v); run `%s`", err, regenerateDocs)
}

// The config reference holds the file `sqlreview init` writes, between
// these markers, so every key and its default is documented.
const (
	configStart = "<!-- config:start -->\n```yaml\n"
	configEnd   = "```\n<!-- config:end -->"
)

// TestConfigReference fails when the default config shown in
// docs/configuration.md differs from config.DefaultYAML.
func TestConfigReference(t *testing.T) {
	path := filepath.Join(repoRootRel, "docs", "configuration.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, configStart)
	j := strings.Index(text, configEnd)
	if i < 0 || j < i {
		t.Fatalf("docs/configuration.md lacks the %q ... %q markers", configStart, configEnd)
	}
	want := config.DefaultYAML()
	if text[i+len(configStart):j] == want {
		return
	}
	if os.Getenv("UPDATE_DOCS") != "" {
		text = text[:i+len(configStart)] + want + text[j:]
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("docs/configuration.md: the default config is stale; run `%s`", regenerateDocs)
}

// TestExplainLinksReference: explain names the rule's section of the rule
// reference, in text and in JSON, as SARIF and the language server do.
func TestExplainLinksReference(t *testing.T) {
	const want = "https://github.com/sqlreview/sqlreview/blob/main/docs/rules.md#ban-drop-column"
	code, out, errOut := runCLI(t, "", "", "explain", "banDropColumn")
	if code != 0 || !strings.Contains(out, "\nDocs: "+want+"\n") {
		t.Errorf("explain: exit %d, stdout %q, stderr %q; want a line %q", code, out, errOut, "Docs: "+want)
	}
	code, out, _ = runCLI(t, "", "", "explain", "--format", "json", "SR201")
	if code != 0 || !strings.Contains(out, `"docUrl": "`+want+`"`) {
		t.Errorf("explain --format json: exit %d, %s; want docUrl %s", code, out, want)
	}
}
