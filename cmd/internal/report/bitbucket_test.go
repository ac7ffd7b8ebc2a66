package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/internal/testenv"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func decodeBitbucket(t *testing.T, data []byte) BitbucketOutput {
	t.Helper()
	var out BitbucketOutput
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("not a bitbucket report: %v\n%s", err, data)
	}
	return out
}

func renderBitbucket(t *testing.T, res *engine.Result, opt Options) ([]byte, BitbucketOutput) {
	t.Helper()
	var buf bytes.Buffer
	if err := Bitbucket(&buf, res, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), decodeBitbucket(t, buf.Bytes())
}

// manyFindings returns errors findings with severity Error followed by
// warnings with severity Warning, spread over files.
func manyFindings(errors, warnings int) *engine.Result {
	res := &engine.Result{Files: 10}
	for i := 0; i < warnings; i++ {
		res.Findings = append(res.Findings, testFinding(fmt.Sprintf("m/%02d.sql", i%10), i+1, rules.Warning, fmt.Sprintf("warning %d", i)))
	}
	for i := 0; i < errors; i++ {
		res.Findings = append(res.Findings, testFinding(fmt.Sprintf("m/%02d.sql", i%10), 10000+i, rules.Error, fmt.Sprintf("error %d", i)))
	}
	return res
}

func TestBitbucketCap(t *testing.T) {
	res := manyFindings(150, 1100)
	_, out := renderBitbucket(t, res, Options{Failed: true, FullReport: []string{"the step's log"}})
	if len(out.Annotations) != BitbucketMaxAnnotations {
		t.Fatalf("%d annotations, want the cap of %d", len(out.Annotations), BitbucketMaxAnnotations)
	}
	if want := "Found 150 errors, 1100 warnings in 10 of 10 files (0 statements checked). Merge gate: failed. " +
		"250 findings (250 warnings) are not annotated: Bitbucket accepts 1000 annotations per report. Every finding is in the step's log."; out.Report.Details != want {
		t.Errorf("details\n%q\nwant\n%q", out.Report.Details, want)
	}
	// The most severe are the ones kept.
	highs := 0
	ids := map[string]bool{}
	for _, a := range out.Annotations {
		if a.Severity == "HIGH" {
			highs++
		}
		ids[a.ExternalID] = true
	}
	if highs != 150 {
		t.Errorf("%d of the 150 errors kept", highs)
	}
	if len(ids) != len(out.Annotations) {
		t.Errorf("external_id is not unique: %d ids for %d annotations", len(ids), len(out.Annotations))
	}
	// The counts still cover everything.
	if got := out.Report.Data[1]; got.Title != "Warnings" || got.Value != float64(1100) {
		t.Errorf("data %+v", got)
	}

	// At the cap exactly, nothing is cut and nothing said.
	_, out = renderBitbucket(t, manyFindings(0, BitbucketMaxAnnotations), Options{})
	if len(out.Annotations) != BitbucketMaxAnnotations || strings.Contains(out.Report.Details, "not shown") {
		t.Errorf("at the cap: %d annotations, details %q", len(out.Annotations), out.Report.Details)
	}
}

func TestBitbucketFields(t *testing.T) {
	long := strings.Repeat("é", 600)
	res := &engine.Result{Files: 1, Findings: []engine.Finding{
		testFinding("a.sql", 3, rules.Error, long),
		testFinding("a.sql", 4, rules.Info, "fyi"),
	}}
	_, out := renderBitbucket(t, res, Options{Failed: false})
	if out.Report.Result != "PASSED" || out.Report.ReportType != "BUG" {
		t.Errorf("report %+v", out.Report)
	}
	if n := len(out.Report.Data); n > 6 {
		t.Errorf("%d data fields; Bitbucket shows at most 6", n)
	}
	a := out.Annotations[0]
	if n := utf8.RuneCountInString(a.Summary); n != 450 || !strings.HasSuffix(a.Summary, "…") {
		t.Errorf("summary is %d characters, want 450 ending in an ellipsis", n)
	}
	if a.Severity != "HIGH" || a.AnnotationType != "BUG" || a.Path != "a.sql" || a.Line != 3 || a.ExternalID != "sqlreview-fp-a.sql-3-error" {
		t.Errorf("annotation %+v", a)
	}
	if b := out.Annotations[1]; b.Severity != "LOW" {
		t.Errorf("info annotation severity %q, want LOW", b.Severity)
	}
	_, failed := renderBitbucket(t, res, Options{Failed: true})
	if failed.Report.Result != "FAILED" {
		t.Errorf("gate failed but result %q", failed.Report.Result)
	}
}

// pipelineStep is the part of BitbucketPipelineStep the test reads.
type pipelineStep []struct {
	Step struct {
		Name        string   `yaml:"name"`
		Image       string   `yaml:"image"`
		Script      []string `yaml:"script"`
		AfterScript []string `yaml:"after-script"`
	} `yaml:"step"`
}

// TestBitbucketPipelineStep runs the documented upload commands against a
// fake curl and checks the requests: the report PUT to the reports URL
// through the pipeline proxy, then the annotations POSTed 100 at a time.
func TestBitbucketPipelineStep(t *testing.T) {
	var step pipelineStep
	if err := yaml.Unmarshal([]byte(BitbucketPipelineStep), &step); err != nil {
		t.Fatalf("BitbucketPipelineStep is not valid YAML: %v", err)
	}
	if len(step) != 1 || len(step[0].Step.AfterScript) != 2 {
		t.Fatalf("want one step with two after-script commands (Code Insights, the comment), got %+v", step)
	}
	s := step[0].Step
	const reportFile = "sqlreview-bitbucket.json"
	if !strings.Contains(strings.Join(s.Script, "\n"), "--format bitbucket="+reportFile) {
		t.Errorf("the script does not write %s: %q", reportFile, s.Script)
	}
	sh, err := exec.LookPath("sh")
	testenv.Need(t, err == nil, "no sh to run the after-script with")
	_, err = exec.LookPath("jq")
	testenv.Need(t, err == nil, "jq is not installed; the after-script needs it (apt-get install jq)")

	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	calls := filepath.Join(dir, "calls")
	for _, d := range []string{bin, calls} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The fake curl records its arguments and, when it sends standard
	// input, the body.
	fakeCurl := `#!/bin/sh
n=$(($(cat "$CALLS/count" 2>/dev/null || echo 0) + 1))
echo "$n" > "$CALLS/count"
printf '%s\n' "$@" > "$CALLS/$n.args"
case " $* " in *" @- "*) cat > "$CALLS/$n.body" ;; esac
`
	if err := os.WriteFile(filepath.Join(bin, "curl"), []byte(fakeCurl), 0o755); err != nil {
		t.Fatal(err)
	}
	data, want := renderBitbucket(t, manyFindings(20, 230), Options{Failed: true})
	work := filepath.Join(dir, "clone")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, reportFile), data, 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(sh, "-c", s.AfterScript[0])
	cmd.Dir = work
	cmd.Env = []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"CALLS=" + calls,
		"BITBUCKET_REPO_OWNER=acme", "BITBUCKET_REPO_SLUG=shop", "BITBUCKET_COMMIT=0123abc",
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("after-script failed: %v\n%s", err, out)
	}

	const url = "http://api.bitbucket.org/2.0/repositories/acme/shop/commit/0123abc/reports/sqlreview"
	args := func(n int) []string {
		b, err := os.ReadFile(filepath.Join(calls, fmt.Sprintf("%d.args", n)))
		if err != nil {
			t.Fatalf("curl call %d: %v", n, err)
		}
		return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	}
	has := func(n int, want ...string) {
		t.Helper()
		got := strings.Join(args(n), " ")
		for _, w := range want {
			if !strings.Contains(" "+got+" ", " "+w+" ") {
				t.Errorf("curl call %d lacks %q: %s", n, w, got)
			}
		}
	}
	count, _ := os.ReadFile(filepath.Join(calls, "count"))
	// DELETE, PUT, then 250 annotations in 3 POSTs.
	if got := strings.TrimSpace(string(count)); got != "5" {
		t.Fatalf("curl ran %s times, want 5 (delete, put, 3 posts)", got)
	}
	has(1, "--proxy", "http://localhost:29418", "--request", "DELETE", url)
	has(2, "--proxy", "http://localhost:29418", "--request", "PUT", url, "Content-Type: application/json")
	var report BitbucketReport
	body, _ := os.ReadFile(filepath.Join(calls, "2.body"))
	if err := json.Unmarshal(body, &report); err != nil || !reflect.DeepEqual(report, want.Report) {
		t.Errorf("PUT body is not the report (%v):\n%s", err, body)
	}
	var posted []BitbucketAnnotation
	for n, size := range map[int]int{3: 100, 4: 100, 5: 50} {
		has(n, "--proxy", "http://localhost:29418", "--request", "POST", url+"/annotations", "Content-Type: application/json")
		var batch []BitbucketAnnotation
		body, _ := os.ReadFile(filepath.Join(calls, fmt.Sprintf("%d.body", n)))
		if err := json.Unmarshal(body, &batch); err != nil || len(batch) != size {
			t.Errorf("POST %d: %d annotations (%v), want %d", n, len(batch), err, size)
		}
	}
	for n := 3; n <= 5; n++ {
		var batch []BitbucketAnnotation
		body, _ := os.ReadFile(filepath.Join(calls, fmt.Sprintf("%d.body", n)))
		_ = json.Unmarshal(body, &batch)
		posted = append(posted, batch...)
	}
	if !reflect.DeepEqual(posted, want.Annotations) {
		t.Errorf("the POSTed annotations are not the report's, in order")
	}
}

// TestBitbucketCapKeepsChangedFiles: on a history with more old errors than
// the cap, the annotations keep the findings of the files the pull request
// changed (Options.KeepFirst) before the old files' more severe ones.
func TestBitbucketCapKeepsChangedFiles(t *testing.T) {
	res := &engine.Result{Files: 2}
	for i := 0; i < 1100; i++ {
		res.Findings = append(res.Findings, testFinding("m/old.sql", i+1, rules.Error, "old"))
	}
	for i := 0; i < 20; i++ {
		res.Findings = append(res.Findings, testFinding("m/new.sql", i+1, rules.Warning, "new"))
	}
	abs, err := filepath.Abs("m/new.sql")
	if err != nil {
		t.Fatal(err)
	}
	_, out := renderBitbucket(t, res, Options{Failed: true, KeepFirst: keep.Then(keep.ChangedFirst(map[string]bool{abs: true}), keep.BySeverity)})
	if len(out.Annotations) != BitbucketMaxAnnotations {
		t.Fatalf("%d annotations, want %d", len(out.Annotations), BitbucketMaxAnnotations)
	}
	for i, a := range out.Annotations[:20] {
		if a.Path != "m/new.sql" || a.Line != i+1 || a.Severity != "MEDIUM" {
			t.Fatalf("annotation %d is %s:%d %s; want the changed file's warnings first, in order", i, a.Path, a.Line, a.Severity)
		}
	}
	if a := out.Annotations[20]; a.Path != "m/old.sql" || a.Line != 1 {
		t.Errorf("after the changed file: %s:%d, want m/old.sql:1", a.Path, a.Line)
	}
	if want := "120 findings (120 errors) are not annotated: Bitbucket accepts 1000 annotations per report."; !strings.Contains(out.Report.Details, want) {
		t.Errorf("details %q do not say %q", out.Report.Details, want)
	}
}
