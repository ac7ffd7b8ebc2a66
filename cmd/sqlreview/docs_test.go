package main

import (
	"os"
	"path/filepath"
	"reflect"
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

// TestConfigReferenceHasEveryKey: every key the config decoder knows (the
// yaml names of config.Config, however deep) is named in
// docs/configuration.md, in the file `init` writes or the key table.
func TestConfigReferenceHasEveryKey(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRootRel, "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	var missing []string
	for _, key := range yamlKeys(reflect.TypeOf(config.Config{}), map[reflect.Type]bool{}) {
		// `key`, `key.sub`, `parent.key` or a yaml line key: value.
		if !strings.Contains(text, "`"+key) && !strings.Contains(text, key+":") && !strings.Contains(text, "."+key) {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		t.Errorf("docs/configuration.md does not name these config keys: %s", strings.Join(missing, ", "))
	}
}

// yamlKeys lists the yaml field names of a type and of the types it holds.
func yamlKeys(typ reflect.Type, seen map[reflect.Type]bool) []string {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map || typ.Kind() == reflect.Array {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || seen[typ] {
		return nil
	}
	seen[typ] = true
	var keys []string
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
		keys = append(keys, yamlKeys(f.Type, seen)...)
	}
	return keys
}
