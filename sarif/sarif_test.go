package sarif

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sqlreview/sqlreview/internal/textsafe"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// testVersion is the tool version in every golden file, so a release does
// not make them stale.
const testVersion = "0.0.0-test"

// rootPlaceholder replaces the machine-specific absolute root URI
// (originalUriBaseIds) in golden files.
const rootPlaceholder = "file:///ROOT/"

// projectRoot is the repository root, taken before any test changes the
// working directory.
var projectRoot, projectRootErr = filepath.Abs("..")

func repoRoot(t testing.TB) string {
	t.Helper()
	if projectRootErr != nil {
		t.Fatal(projectRootErr)
	}
	return projectRoot
}

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// validate checks data against the official SARIF 2.1.0 (Errata 01) schema
// in ../shared/sarif, with format assertions on (uri, uri-reference).
func validate(t testing.TB, data []byte) {
	t.Helper()
	if err := schemaError(t, data); err != nil {
		t.Fatalf("SARIF output does not match the 2.1.0 schema:\n%v", err)
	}
}

// schemaError returns why data does not match the schema, or nil.
func schemaError(t testing.TB, data []byte) error {
	t.Helper()
	// Every SARIF output is validated against the official schema.
	path := shared.Path(t, "sarif", "sarif-schema-2.1.0.json")
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		schema, schemaErr = c.Compile(path)
	})
	if schemaErr != nil {
		t.Fatalf("compiling %s: %v", path, schemaErr)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		return fmt.Errorf("%#v", err)
	}
	return nil
}

// TestSchemaRejects makes sure the validation bites: a zero start line, and
// go-sarif's own suppression type (its unset fields encode as null, which is
// why results carry their own), must both be rejected.
func TestSchemaRejects(t *testing.T) {
	good, err := Encode(synthetic(1, func(int) rules.Severity { return rules.Error }, func(int) bool { return true },
		func(int) string { return "m" }), Options{Suppressed: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := schemaError(t, good); err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{
		"startLine 0": bytes.Replace(good, []byte(`"startLine": 1`), []byte(`"startLine": 0`), 1),
		"null suppression fields": bytes.Replace(good, []byte(`"status": "accepted"`),
			[]byte(`"status": null, "guid": null, "location": null`), 1),
	}
	for name, data := range bad {
		if bytes.Equal(data, good) {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		if schemaError(t, data) == nil {
			t.Errorf("%s: the schema accepted it", name)
		}
	}
}

// The shapes below read back just what the tests assert on.
type (
	logDoc struct {
		Schema  string   `json:"$schema"`
		Version string   `json:"version"`
		Runs    []runDoc `json:"runs"`
	}
	runDoc struct {
		Tool struct {
			Driver struct {
				Name           string    `json:"name"`
				Version        string    `json:"version"`
				InformationURI string    `json:"informationUri"`
				Rules          []ruleDoc `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful        bool      `json:"executionSuccessful"`
			ToolExecutionNotifications []noteDoc `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		AutomationDetails *struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		ColumnKind         string                 `json:"columnKind"`
		OriginalURIBaseIDs map[string]locationURI `json:"originalUriBaseIds"`
		Results            []resultDoc            `json:"results"`
	}
	ruleDoc struct {
		ID               string                 `json:"id"`
		Name             string                 `json:"name"`
		ShortDescription textDoc                `json:"shortDescription"`
		FullDescription  textDoc                `json:"fullDescription"`
		Help             textDoc                `json:"help"`
		HelpURI          string                 `json:"helpUri"`
		Default          struct{ Level string } `json:"defaultConfiguration"`
		Properties       struct {
			Code     string   `json:"code"`
			Category string   `json:"category"`
			Tags     []string `json:"tags"`
		} `json:"properties"`
	}
	textDoc struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	noteDoc struct {
		Level      string         `json:"level"`
		Message    textDoc        `json:"message"`
		Properties map[string]any `json:"properties"`
	}
	locationURI struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	regionDoc struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	physDoc struct {
		ArtifactLocation locationURI `json:"artifactLocation"`
		Region           *regionDoc  `json:"region"`
	}
	resultDoc struct {
		RuleID    string  `json:"ruleId"`
		RuleIndex *int    `json:"ruleIndex"`
		Level     string  `json:"level"`
		Message   textDoc `json:"message"`
		Locations []struct {
			PhysicalLocation *physDoc `json:"physicalLocation"`
		} `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []struct {
			Description     textDoc `json:"description"`
			ArtifactChanges []struct {
				ArtifactLocation locationURI `json:"artifactLocation"`
				Replacements     []struct {
					DeletedRegion   regionDoc `json:"deletedRegion"`
					InsertedContent textDoc   `json:"insertedContent"`
				} `json:"replacements"`
			} `json:"artifactChanges"`
			Properties map[string]any `json:"properties"`
		} `json:"fixes"`
		Suppressions []struct {
			Kind          string `json:"kind"`
			Status        string `json:"status"`
			Justification string `json:"justification"`
		} `json:"suppressions"`
	}
)

// decodeChecked validates data against the schema and against what GitHub
// code scanning needs beyond it (see ../shared/sarif/README.md), and
// returns the single run.
func decodeChecked(t testing.TB, data []byte) runDoc {
	t.Helper()
	validate(t, data)
	var log logDoc
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if log.Schema == "" || log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("want $schema, version 2.1.0 and one run; got %q, %q, %d runs", log.Schema, log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Results == nil {
		t.Fatal("results must be present (GitHub needs results: [] even when empty)")
	}
	d := run.Tool.Driver
	if d.Name != ToolName || d.InformationURI == "" {
		t.Errorf("driver name %q, informationUri %q", d.Name, d.InformationURI)
	}
	if len(d.Rules) != len(all.Rules()) {
		t.Errorf("driver lists %d rules, the registry has %d", len(d.Rules), len(all.Rules()))
	}
	for i, r := range d.Rules {
		if r.ID != all.Rules()[i].Name {
			t.Errorf("rules[%d].id = %q, want %q (registry order)", i, r.ID, all.Rules()[i].Name)
		}
		for what, s := range map[string]string{"shortDescription": r.ShortDescription.Text, "fullDescription": r.FullDescription.Text} {
			if s == "" || len(s) > maxDescription {
				t.Errorf("rule %s: %s has %d bytes; GitHub needs 1 to 1024", r.ID, what, len(s))
			}
		}
		if r.Help.Text == "" || r.Help.Markdown == "" || r.HelpURI != rules.RulesPageURL+"#"+r.ID {
			t.Errorf("rule %s: help.text, help.markdown and helpUri (the rule's own anchor) are required; helpUri %q", r.ID, r.HelpURI)
		}
		switch r.Default.Level {
		case "error", "warning", "note":
		default:
			t.Errorf("rule %s: defaultConfiguration.level %q", r.ID, r.Default.Level)
		}
		if len(r.Properties.Tags) == 0 || r.Properties.Tags[0] != r.Properties.Category || r.Properties.Code == "" {
			t.Errorf("rule %s: properties %+v", r.ID, r.Properties)
		}
	}
	if len(run.Results) > MaxResults {
		t.Errorf("%d results; GitHub rejects more than %d", len(run.Results), MaxResults)
	}
	for i, res := range run.Results {
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(d.Rules) || d.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("results[%d]: ruleIndex %v does not point to rule %q", i, res.RuleIndex, res.RuleID)
		}
		if strings.TrimSpace(res.Message.Text) == "" {
			t.Errorf("results[%d]: empty message", i)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation == nil || res.Locations[0].PhysicalLocation.Region == nil {
			t.Fatalf("results[%d]: want exactly one physical location with a region", i)
		}
		pl := res.Locations[0].PhysicalLocation
		reg := pl.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine || reg.EndColumn < 1 ||
			(reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn) {
			t.Errorf("results[%d]: region %+v", i, *reg)
		}
		if pl.ArtifactLocation.URI == "" {
			t.Errorf("results[%d]: empty uri", i)
		}
		if res.PartialFingerprints["primaryLocationLineHash"] == "" || res.PartialFingerprints[FingerprintKey] == "" {
			t.Errorf("results[%d]: partialFingerprints %v", i, res.PartialFingerprints)
		}
	}
	return run
}

// scenario is one golden file: a real engine run over testdata/sarif/<name>
// (or other paths), encoded with a fixed version and root.
type scenario struct {
	name     string
	paths    []string // relative to the repository root
	stdin    string   // file fed as standard input for the path "-"
	category string
	// dangling adds a symlink to a missing file; the scenario then runs on
	// a copy in a temporary directory, so git never holds the link.
	dangling bool
	// suppressed keeps suppressed findings (Options.Suppressed).
	suppressed bool
}

var scenarios = []scenario{
	{name: "plain", paths: []string{"testdata/sarif/plain"}},
	{name: "suppressed", paths: []string{"testdata/sarif/suppressed"}, suppressed: true},
	{name: "suppressed-default", paths: []string{"testdata/sarif/suppressed"}},
	{name: "fix", paths: []string{"testdata/sarif/fix"}, category: "migrations"},
	{name: "unicode", paths: []string{"testdata/sarif/unicode"}},
	{name: "unreadable", paths: []string{"testdata/sarif/unreadable"}, dangling: true},
	{name: "stdin", paths: []string{"-"}, stdin: "testdata/sarif/stdin/input.sql"},
	{name: "examples", paths: []string{"testdata/examples/migrations"}, category: "sqlreview/examples/"},
}

// runScenario checks the scenario's paths from the repository root (or the
// temporary copy) and returns the validated SARIF, with the root URI
// replaced by rootPlaceholder.
func runScenario(t *testing.T, sc scenario) ([]byte, *engine.Result) {
	t.Helper()
	root := repoRoot(t)
	if sc.dangling {
		tmp := t.TempDir()
		copyFile(t, filepath.Join(root, "testdata/sarif/.sqlreview.yaml"), filepath.Join(tmp, "testdata/sarif/.sqlreview.yaml"))
		for _, p := range sc.paths {
			entries, err := os.ReadDir(filepath.Join(root, p))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				copyFile(t, filepath.Join(root, p, e.Name()), filepath.Join(tmp, p, e.Name()))
			}
			if err := os.Symlink("gone.sql", filepath.Join(tmp, p, "003_dangling.sql")); err != nil {
				t.Fatal(err)
			}
		}
		root = tmp
	}
	t.Chdir(root)
	opts := engine.Options{}
	if sc.stdin != "" {
		data, err := os.ReadFile(sc.stdin)
		if err != nil {
			t.Fatal(err)
		}
		opts.Stdin = bytes.NewReader(data)
	}
	res, err := engine.Check(sc.paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Encode(res, Options{Version: testVersion, Root: root, Category: sc.category, Suppressed: sc.suppressed})
	if err != nil {
		t.Fatal(err)
	}
	decodeChecked(t, data)
	m, err := newURIMapper(root)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(data, []byte(`"`+m.rootURI()+`"`), []byte(`"`+rootPlaceholder+`"`)), res
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func goldenPath(t *testing.T, name string) string {
	return filepath.Join(repoRoot(t), "testdata", "sarif", name+".sarif")
}

// TestGolden compares each scenario's SARIF with testdata/sarif/<name>.sarif;
// UPDATE_GOLDEN=1 rewrites them.
func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			got, _ := runScenario(t, sc)
			path := goldenPath(t, sc.name)
			if os.Getenv("UPDATE_GOLDEN") != "" {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v; run `UPDATE_GOLDEN=1 go test ./sarif/` to create it", err)
			}
			validate(t, want)
			if !bytes.Equal(got, want) {
				t.Errorf("%s is stale (first difference: %s); run `UPDATE_GOLDEN=1 go test ./sarif/` and review the diff",
					path, firstDiff(string(want), string(got)))
			}
		})
	}
}

// TestGoldenFilesMatchScenarios fails on a golden file or scenario folder
// that no scenario uses, so a renamed scenario leaves nothing stale behind.
func TestGoldenFilesMatchScenarios(t *testing.T) {
	known := map[string]bool{}
	for _, sc := range scenarios {
		known[sc.name] = true
	}
	entries, err := os.ReadDir(filepath.Join(repoRoot(t), "testdata", "sarif"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sarif")
		if strings.HasPrefix(e.Name(), ".") || known[name] {
			continue
		}
		t.Errorf("testdata/sarif/%s belongs to no scenario in sarif_test.go", e.Name())
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d: want %q, got %q", i+1, strings.TrimSpace(w), strings.TrimSpace(g))
		}
	}
	return "none"
}

func scenarioByName(t *testing.T, name string) scenario {
	for _, sc := range scenarios {
		if sc.name == name {
			return sc
		}
	}
	t.Fatalf("no scenario %q", name)
	return scenario{}
}

func decodeRun(t *testing.T, data []byte) runDoc {
	t.Helper()
	var log logDoc
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	return log.Runs[0]
}

func findResult(t *testing.T, run runDoc, ruleID string) resultDoc {
	t.Helper()
	for _, r := range run.Results {
		if r.RuleID == ruleID {
			return r
		}
	}
	t.Fatalf("no %s result", ruleID)
	return resultDoc{}
}

func TestPlainLevelsAndLocations(t *testing.T) {
	data, _ := runScenario(t, scenarioByName(t, "plain"))
	run := decodeRun(t, data)
	if !run.Invocations[0].ExecutionSuccessful || len(run.Invocations[0].ToolExecutionNotifications) != 0 {
		t.Errorf("invocation %+v, want successful without notifications", run.Invocations[0])
	}
	if run.ColumnKind != "utf16CodeUnits" || run.AutomationDetails != nil {
		t.Errorf("columnKind %q, automationDetails %v", run.ColumnKind, run.AutomationDetails)
	}
	if run.OriginalURIBaseIDs[SrcRoot].URI != rootPlaceholder {
		t.Errorf("originalUriBaseIds %v", run.OriginalURIBaseIDs)
	}
	if run.Tool.Driver.Version != testVersion {
		t.Errorf("driver version %q", run.Tool.Driver.Version)
	}
	levels := map[string]string{}
	for _, r := range run.Results {
		levels[r.RuleID] = r.Level
		loc := r.Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URIBaseID != SrcRoot || !strings.HasPrefix(loc.URI, "testdata/sarif/plain/") {
			t.Errorf("%s: artifact location %+v", r.RuleID, loc)
		}
	}
	want := map[string]string{
		"prefer-bigint-over-int":          "note",
		"ban-drop-column":                 "error",
		"require-where-for-update-delete": "warning",
		"transaction-nesting":             "warning",
		"syntax-error":                    "error",
	}
	for id, lvl := range want {
		if levels[id] != lvl {
			t.Errorf("%s: level %q, want %q (all levels: %v)", id, levels[id], lvl, levels)
		}
	}
	r := findResult(t, run, "ban-drop-column")
	if got := *r.Locations[0].PhysicalLocation.Region; got != (regionDoc{1, 22, 1, 38}) {
		t.Errorf("ban-drop-column region %+v", got)
	}
}

func TestSuppressedFindings(t *testing.T) {
	data, res := runScenario(t, scenarioByName(t, "suppressed"))
	run := decodeRun(t, data)
	suppressed := 0
	for _, f := range res.Findings {
		if f.Suppressed {
			suppressed++
		}
	}
	if suppressed != 3 {
		t.Fatalf("the scenario should hold 3 suppressed findings, the engine found %d", suppressed)
	}
	reasons := map[string]string{}
	for _, r := range run.Results {
		if len(r.Suppressions) == 0 {
			continue
		}
		s := r.Suppressions[0]
		if len(r.Suppressions) != 1 || s.Kind != "inSource" || s.Status != "accepted" {
			t.Errorf("%s: suppressions %+v", r.RuleID, r.Suppressions)
		}
		reasons[r.RuleID] = s.Justification
	}
	want := map[string]string{
		"prefer-bigint-over-int": "ids stay below 2^31 by contract",
		"ban-drop-column":        "nothing reads legacy since v42",
		"renaming-column":        "no reader yet",
	}
	for id, reason := range want {
		if reasons[id] != reason {
			t.Errorf("%s: justification %q, want %q", id, reasons[id], reason)
		}
	}
	if u := findResult(t, run, "unused-suppression"); len(u.Suppressions) != 0 {
		t.Errorf("unused-suppression: want an unsuppressed result, got %+v", u)
	}
}

func TestFixes(t *testing.T) {
	data, _ := runScenario(t, scenarioByName(t, "fix"))
	run := decodeRun(t, data)
	if run.AutomationDetails == nil || run.AutomationDetails.ID != "migrations/" {
		t.Errorf("automationDetails %+v, want id migrations/", run.AutomationDetails)
	}
	cases := map[string]string{"prefer-timestamptz": "timestamptz", "require-concurrent-index-creation": "CONCURRENTLY"}
	for id, inserted := range cases {
		r := findResult(t, run, id)
		if len(r.Fixes) != 1 || len(r.Fixes[0].ArtifactChanges) != 1 || len(r.Fixes[0].ArtifactChanges[0].Replacements) == 0 {
			t.Fatalf("%s: fixes %+v", id, r.Fixes)
		}
		fx := r.Fixes[0]
		if fx.Description.Text == "" || fx.Properties["safe"] == nil {
			t.Errorf("%s: fix description %q, properties %v", id, fx.Description.Text, fx.Properties)
		}
		ch := fx.ArtifactChanges[0]
		if ch.ArtifactLocation != r.Locations[0].PhysicalLocation.ArtifactLocation {
			t.Errorf("%s: fix changes %+v, result is in %+v", id, ch.ArtifactLocation, r.Locations[0].PhysicalLocation.ArtifactLocation)
		}
		var texts []string
		for _, rep := range ch.Replacements {
			texts = append(texts, rep.InsertedContent.Text)
			if rep.DeletedRegion.StartLine < 1 || rep.DeletedRegion.StartColumn < 1 {
				t.Errorf("%s: deleted region %+v", id, rep.DeletedRegion)
			}
		}
		if !strings.Contains(strings.Join(texts, ""), inserted) {
			t.Errorf("%s: inserted %q, want it to contain %q", id, texts, inserted)
		}
	}
	// The timestamptz fix replaces exactly the type name the result covers.
	r := findResult(t, run, "prefer-timestamptz")
	if got, want := r.Fixes[0].ArtifactChanges[0].Replacements[0].DeletedRegion, *r.Locations[0].PhysicalLocation.Region; got != want {
		t.Errorf("prefer-timestamptz: fix deletes %+v, result covers %+v", got, want)
	}
}

// TestColumnsAreUTF16 checks the conversion from the engine's code-point
// columns on a line with characters outside the BMP before the finding.
func TestColumnsAreUTF16(t *testing.T) {
	data, res := runScenario(t, scenarioByName(t, "unicode"))
	run := decodeRun(t, data)
	r := findResult(t, run, "prefer-timestamptz")
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "testdata/sarif/unicode/001_cr%C3%A9er%20la%20table.sql" {
		t.Errorf("uri %q: want spaces and non-ASCII percent-encoded", loc.ArtifactLocation.URI)
	}
	var f engine.Finding
	for _, ff := range res.Findings {
		if ff.Rule.Name == "prefer-timestamptz" {
			f = ff
		}
	}
	line := res.Sources[f.Path].Lines().LineText(f.Start.Line)
	prefix := line[:strings.Index(line, "timestamp")]
	want := len(utf16.Encode([]rune(prefix))) + 1
	if want == utf8.RuneCountInString(prefix)+1 {
		t.Fatal("the scenario needs characters outside the BMP before the finding")
	}
	if f.Start.Column != utf8.RuneCountInString(prefix)+1 {
		t.Fatalf("engine column %d, want the code-point column %d", f.Start.Column, utf8.RuneCountInString(prefix)+1)
	}
	reg := loc.Region
	if reg.StartColumn != want || reg.EndColumn != want+len("timestamp") {
		t.Errorf("region %+v, want UTF-16 columns %d-%d", *reg, want, want+len("timestamp"))
	}
	if fr := r.Fixes[0].ArtifactChanges[0].Replacements[0].DeletedRegion; fr.StartColumn != want {
		t.Errorf("fix region %+v, want UTF-16 start column %d", fr, want)
	}
}

func TestUnreadableAndIOErrors(t *testing.T) {
	data, _ := runScenario(t, scenarioByName(t, "unreadable"))
	run := decodeRun(t, data)
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("executionSuccessful is true although a file could not be read")
	}
	if len(inv.ToolExecutionNotifications) != 1 {
		t.Fatalf("notifications %+v, want one for the dangling symlink", inv.ToolExecutionNotifications)
	}
	n := inv.ToolExecutionNotifications[0]
	if n.Level != "error" || !strings.Contains(n.Message.Text, "003_dangling.sql") {
		t.Errorf("notification %+v", n)
	}
	u := findResult(t, run, "unreadable-file")
	if got := u.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "testdata/sarif/unreadable/002_binary.sql" {
		t.Errorf("unreadable-file is in %q", got)
	}
	findResult(t, run, "prefer-timestamptz") // the readable file is still checked
}

func TestStdinURI(t *testing.T) {
	data, _ := runScenario(t, scenarioByName(t, "stdin"))
	run := decodeRun(t, data)
	r := findResult(t, run, "require-where-for-update-delete")
	if got := r.Locations[0].PhysicalLocation.ArtifactLocation; got != (locationURI{URI: "stdin.sql", URIBaseID: SrcRoot}) {
		t.Errorf("stdin location %+v", got)
	}
}

// TestFingerprintsSurviveLinesAbove inserts lines (comments, blank lines and
// a statement with a finding of its own) above a finding: its location
// moves, its partialFingerprints do not.
func TestFingerprintsSurviveLinesAbove(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	body := "CREATE TABLE events (id bigint PRIMARY KEY, at timestamp);\n"
	encode := func(text string) resultDoc {
		t.Helper()
		if err := os.WriteFile("001_events.sql", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := engine.Check([]string{"001_events.sql"}, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		data, err := Encode(res, Options{Root: dir})
		if err != nil {
			t.Fatal(err)
		}
		run := decodeChecked(t, data)
		var found []resultDoc
		for _, r := range run.Results {
			if r.RuleID == "prefer-timestamptz" && strings.Contains(r.Message.Text, `"at"`) {
				found = append(found, r)
			}
		}
		if len(found) != 1 {
			t.Fatalf("want one prefer-timestamptz result for column at, got %d", len(found))
		}
		return found[0]
	}
	before := encode(body)
	after := encode("-- events: what happened when\n\n/* a block\n   comment */\nCREATE TABLE audit (id bigint PRIMARY KEY, seen timestamp);\n\n" + body)
	if b, a := before.Locations[0].PhysicalLocation.Region.StartLine, after.Locations[0].PhysicalLocation.Region.StartLine; b != 1 || a != 7 {
		t.Fatalf("start lines %d and %d, want 1 and 7", b, a)
	}
	if fmt.Sprint(before.PartialFingerprints) != fmt.Sprint(after.PartialFingerprints) {
		t.Errorf("partialFingerprints changed when lines were inserted above:\n%v\n%v", before.PartialFingerprints, after.PartialFingerprints)
	}
}

// TestHelpHasExamples checks that every rule's help carries its Bad and
// Good examples, in SQL code blocks in the Markdown.
func TestHelpHasExamples(t *testing.T) {
	data, err := Encode(&engine.Result{Sources: map[string]*source.File{}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := decodeChecked(t, data)
	for i, r := range all.Rules() {
		d := run.Tool.Driver.Rules[i]
		for what, ex := range map[string]string{"Bad": r.Doc.Bad, "Good": r.Doc.Good} {
			ex = strings.TrimRight(ex, "\n")
			if ex == "" {
				continue
			}
			if !strings.Contains(d.Help.Markdown, "#### "+what+"\n\n```sql\n"+ex+"\n```") {
				t.Errorf("%s: help.markdown lacks the %s example in a sql block:\n%s", r.Name, what, d.Help.Markdown)
			}
			if !strings.Contains(d.Help.Text, indent(ex)) {
				t.Errorf("%s: help.text lacks the %s example", r.Name, what)
			}
		}
		if d.Default.Level != level(r.Severity) || d.Properties.Code != r.Code {
			t.Errorf("%s: level %q code %q", r.Name, d.Default.Level, d.Properties.Code)
		}
	}
}

// synthetic builds a result of n findings in one file, without sources.
func synthetic(n int, sev func(i int) rules.Severity, suppressed func(i int) bool, msg func(i int) string) *engine.Result {
	res := &engine.Result{Sources: map[string]*source.File{}, Files: 1}
	rule := all.Lookup("ban-drop-column")
	for i := 0; i < n; i++ {
		line := i + 1
		res.Findings = append(res.Findings, engine.Finding{
			Path: "migrations/0001_big.sql", Rule: rule, Severity: sev(i), Message: msg(i),
			Start: source.Position{Line: line, Column: 1}, End: source.Position{Line: line, Column: 10},
			Suppressed: suppressed(i), SuppressionReason: "accepted", Fingerprint: fmt.Sprintf("fp%d", i),
		})
	}
	return res
}

func notification(t *testing.T, run runDoc) noteDoc {
	t.Helper()
	notes := run.Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || notes[0].Level != "warning" {
		t.Fatalf("want one warning notification, got %+v", notes)
	}
	return notes[0]
}

// TestResultsCap builds 5,001 findings: GitHub shows 5,000 per run, so the
// one note goes, the error and the warnings stay, and a notification says
// what went, why, and where every finding is.
func TestResultsCap(t *testing.T) {
	const n = MaxResults + 1
	res := synthetic(n,
		func(i int) rules.Severity {
			switch i {
			case 0:
				return rules.Info
			case n - 1:
				return rules.Error
			}
			return rules.Warning
		},
		func(int) bool { return false },
		func(i int) string { return "dropping column c" })
	t.Chdir(t.TempDir())
	data, err := Encode(res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := decodeChecked(t, data)
	if len(run.Results) != MaxResults {
		t.Fatalf("%d results, want %d", len(run.Results), MaxResults)
	}
	for _, r := range run.Results {
		if r.Level == "note" {
			t.Fatal("the note survived the cut; it should be the one dropped")
		}
	}
	if last := run.Results[len(run.Results)-1]; last.Level != "error" || last.Locations[0].PhysicalLocation.Region.StartLine != n {
		t.Errorf("last result %+v: want the error, in report order", last)
	}
	if first := run.Results[0]; first.Locations[0].PhysicalLocation.Region.StartLine != 2 {
		t.Errorf("results are not in report order: first starts at line %d", first.Locations[0].PhysicalLocation.Region.StartLine)
	}
	note := notification(t, run)
	const want = "1 of 5001 results were left out of this log (1 note) because GitHub code scanning shows at most 5000 results per run; " +
		"the least severe went first. Every finding is in the text or JSON report of `sqlreview check` (--format text, --format json=FILE)."
	if note.Message.Text != want {
		t.Errorf("notification\n%q\nwant\n%q", note.Message.Text, want)
	}
	if got := fmt.Sprint(note.Properties); got != "map[omittedByLevel:map[note:1] omittedByRule:map[ban-drop-column:1] omittedResults:1]" {
		t.Errorf("notification properties %s", got)
	}
	if !run.Invocations[0].ExecutionSuccessful {
		t.Error("a cut log is still a successful execution")
	}
}

// TestCapDropsSuppressedFirst lowers the limit to show the cut's order:
// suppressed results go before unsuppressed ones of any severity.
func TestCapDropsSuppressedFirst(t *testing.T) {
	defer func(n int) { maxResults = n }(maxResults)
	maxResults = 3
	sevs := []rules.Severity{rules.Error, rules.Info, rules.Error, rules.Warning, rules.Error}
	res := synthetic(len(sevs), func(i int) rules.Severity { return sevs[i] },
		func(i int) bool { return i == 0 || i == 2 }, func(i int) string { return fmt.Sprint("finding ", i) })
	t.Chdir(t.TempDir())
	data, err := Encode(res, Options{Suppressed: true})
	if err != nil {
		t.Fatal(err)
	}
	run := decodeChecked(t, data)
	var got []string
	for _, r := range run.Results {
		got = append(got, r.Message.Text)
	}
	if want := "finding 1|finding 3|finding 4"; strings.Join(got, "|") != want {
		t.Errorf("kept %v, want %s", got, want)
	}
	if !strings.Contains(notification(t, run).Message.Text, "2 of 5 results") {
		t.Errorf("notification does not count the 2 dropped")
	}
}

// TestGzipLimit lowers the size limit: the least severe results go until
// the gzipped log fits, and a log that cannot fit at all is an error naming
// the limit.
func TestGzipLimit(t *testing.T) {
	defer func(n int) { maxGzipBytes = n }(maxGzipBytes)
	// Hex digests compress poorly, so each result costs real bytes.
	msg := func(i int) string {
		var b strings.Builder
		for j := 0; j < 8; j++ {
			fmt.Fprintf(&b, "%08x", uint32((i*8+j+1)*2654435761))
		}
		return "column " + b.String()
	}
	res := synthetic(400, func(i int) rules.Severity {
		if i%2 == 0 {
			return rules.Error
		}
		return rules.Info
	}, func(int) bool { return false }, msg)
	t.Chdir(t.TempDir())
	full, err := Encode(res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	limit := gzipSize(t, full) * 3 / 4
	maxGzipBytes = limit
	data, err := Encode(res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := gzipSize(t, data); n > limit {
		t.Fatalf("gzipped log is %d bytes, limit %d", n, limit)
	}
	run := decodeChecked(t, data)
	if len(run.Results) == 0 || len(run.Results) >= 400 {
		t.Fatalf("%d results kept", len(run.Results))
	}
	errors := 0
	for _, r := range run.Results {
		if r.Level == "error" {
			errors++
		}
	}
	if errors != min(200, len(run.Results)) {
		t.Errorf("kept %d results of which %d errors: notes must go first", len(run.Results), errors)
	}
	note := notification(t, run)
	if !strings.Contains(note.Message.Text, fmt.Sprintf("%d of 400 results", 400-len(run.Results))) ||
		!strings.Contains(note.Message.Text, fmt.Sprintf("at most %d bytes gzipped", limit)) {
		t.Errorf("notification %q", note.Message.Text)
	}

	maxGzipBytes = 1000
	if _, err := Encode(res, Options{}); err == nil || !strings.Contains(err.Error(), "1000 bytes gzipped") {
		t.Errorf("err = %v, want the limit named", err)
	}
}

func gzipSize(t *testing.T, data []byte) int {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

func TestArtifactLocations(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"repo/migrations", "repo/real", "outside"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("real", filepath.Join(root, "repo", "link")); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(root, "repo")
	t.Chdir(filepath.Join(repo, "migrations"))
	m, err := newURIMapper(repo)
	if err != nil {
		t.Fatal(err)
	}
	resolvedRoot, _ := filepath.EvalSymlinks(root)
	cases := []struct{ path, uri, base string }{
		{"001 add users.sql", "migrations/001%20add%20users.sql", SrcRoot},
		{"ünïcödé/a+b&c:d.sql", "migrations/%C3%BCn%C3%AFc%C3%B6d%C3%A9/a%2Bb%26c%3Ad.sql", SrcRoot},
		{"../link/x.sql", "real/x.sql", SrcRoot}, // symlinks resolved
		{filepath.Join(repo, "migrations", "y.sql"), "migrations/y.sql", SrcRoot},
		{"../../outside/z.sql", "file://" + filepath.ToSlash(filepath.Join(resolvedRoot, "outside", "z.sql")), ""},
		{engine.StdinPath, "migrations/stdin.sql", SrcRoot},
	}
	for _, c := range cases {
		loc := m.location(c.path)
		base := ""
		if loc.URIBaseId != nil {
			base = *loc.URIBaseId
		}
		if *loc.URI != c.uri || base != c.base {
			t.Errorf("%s: uri %q base %q, want %q %q", c.path, *loc.URI, base, c.uri, c.base)
		}
	}
	if got, want := m.rootURI(), "file://"+filepath.ToSlash(filepath.Join(resolvedRoot, "repo"))+"/"; got != want {
		t.Errorf("root uri %q, want %q", got, want)
	}
}

func TestAutomationID(t *testing.T) {
	for in, want := range map[string]string{"": "", "migrations": "migrations/", "a/b/": "a/b/", "a/b/run-7": "a/b/run-7/"} {
		if got := automationID(in); got != want {
			t.Errorf("automationID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	long := strings.Repeat("lock ", 300)
	got := truncate(long)
	if len(got) > maxDescription || !strings.HasSuffix(got, "lock…") {
		t.Errorf("truncate: %d bytes, ends %q", len(got), got[len(got)-10:])
	}
	if truncate("short") != "short" {
		t.Error("short text changed")
	}
}

// TestMarkdownFence keeps backticks in an example from closing its block.
func TestMarkdownFence(t *testing.T) {
	if got := textsafe.CodeFence("SELECT 1"); got != "```" {
		t.Errorf("fence %q", got)
	}
	if got := textsafe.CodeFence("a ```` b"); got != "`````" {
		t.Errorf("fence %q", got)
	}
	if got := mdEscape("count(*) of a_b <t>"); got != `count(\*) of a\_b \<t\>` {
		t.Errorf("mdEscape %q", got)
	}
}

// TestDeterministic encodes one result twice; maps (partialFingerprints,
// properties) must not make the output vary.
func TestDeterministic(t *testing.T) {
	a, _ := runScenario(t, scenarioByName(t, "examples"))
	b, _ := runScenario(t, scenarioByName(t, "examples"))
	if !bytes.Equal(a, b) {
		t.Error("two encodings of the same run differ")
	}
	var keys []string
	for k := range decodeRun(t, a).Results[0].PartialFingerprints {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if strings.Join(keys, ",") != "primaryLocationLineHash,"+FingerprintKey {
		t.Errorf("partialFingerprints keys %v", keys)
	}
}

// TestSuppressedLeftOutByDefault: GitHub code scanning opens an alert for
// a result with suppressions unless the repository opts in, so by default
// the log holds only the unsuppressed findings; Options.Suppressed keeps
// the others, with their suppressions.
func TestSuppressedLeftOutByDefault(t *testing.T) {
	data, res := runScenario(t, scenarioByName(t, "suppressed-default"))
	run := decodeRun(t, data)
	var want, got []string
	for _, f := range res.Findings {
		if !f.Suppressed {
			want = append(want, fmt.Sprintf("%s:%d", f.Rule.Name, f.Start.Line))
		}
	}
	for _, r := range run.Results {
		if len(r.Suppressions) > 0 {
			t.Errorf("%s: a suppressed result in the default log", r.RuleID)
		}
		got = append(got, fmt.Sprintf("%s:%d", r.RuleID, r.Locations[0].PhysicalLocation.Region.StartLine))
	}
	if len(res.Findings)-len(want) != 3 || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("results %v, want the unsuppressed findings %v (of %d)", got, want, len(res.Findings))
	}
	kept, _ := runScenario(t, scenarioByName(t, "suppressed"))
	if n := len(decodeRun(t, kept).Results); n != len(res.Findings) {
		t.Errorf("with Suppressed: %d results, want all %d findings", n, len(res.Findings))
	}
}

// TestHelpURIAnchors: each rule's helpUri lands on the rule's own section
// of the rule reference (docs/rules.md), whose heading is the rule's name.
func TestHelpURIAnchors(t *testing.T) {
	reference, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := runScenario(t, scenarioByName(t, "plain"))
	seen := map[string]bool{}
	for _, r := range decodeRun(t, data).Tool.Driver.Rules {
		page, anchor, _ := strings.Cut(r.HelpURI, "#")
		if page != rules.RulesPageURL || anchor != r.ID || seen[anchor] {
			t.Errorf("rule %s: helpUri %q, want %s#%s", r.ID, r.HelpURI, rules.RulesPageURL, r.ID)
		}
		seen[anchor] = true
		if !bytes.Contains(reference, []byte("\n## "+anchor+"\n")) {
			t.Errorf("docs/rules.md has no section %q for %s; run `UPDATE_DOCS=1 go test ./cmd/sqlreview -run TestRuleReference`", anchor, r.HelpURI)
		}
	}
}
