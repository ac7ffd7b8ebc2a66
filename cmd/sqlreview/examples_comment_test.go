package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/internal/testenv"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// The example pipelines post the markdown report as one pull request
// comment, found by its first line and updated on every push. These tests
// run each posting script against fake gh and curl commands that record
// their arguments and request bodies and answer with the platform's
// documented response shapes, then check each request: method, URL, token
// header and body fields as each platform's API documents them.

// fakeTool records a call (its name and arguments, one per line, and the
// body it reads from standard input with @-) and prints response.N, through
// the real jq when the call has --jq (as gh does).
const fakeTool = `#!/bin/sh
n=$(($(cat "$CALLS/count" 2>/dev/null || echo 0) + 1))
echo "$n" > "$CALLS/count"
printf '%s\n' "$(basename "$0")" "$@" > "$CALLS/$n.args"
case " $* " in *" @- "*) cat > "$CALLS/$n.body" ;; esac
resp="$CALLS/response.$n"
if [ ! -f "$resp" ]; then echo '{}'; exit 0; fi
jqexpr=; prev=
for a in "$@"; do if [ "$prev" = "--jq" ]; then jqexpr=$a; fi; prev=$a; done
if [ -n "$jqexpr" ]; then jq -r "$jqexpr" "$resp"; else cat "$resp"; fi
`

// fakeCall is one recorded call.
type fakeCall struct {
	args []string // the tool's name, then its arguments
	body []byte   // what it read from standard input, if anything
}

// has reports whether the call has these consecutive arguments.
func (c fakeCall) has(want ...string) bool {
	for i := 0; i+len(want) <= len(c.args); i++ {
		if reflect.DeepEqual(c.args[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

// scriptRun runs a posting script in a directory holding sqlreview.md.
type scriptRun struct {
	shell     string
	script    string
	env       []string
	responses []string // response.1, response.2, …
}

// run returns the recorded calls.
func (r scriptRun) run(t *testing.T, markdown string) ([]fakeCall, string) {
	t.Helper()
	_, err := exec.LookPath("jq")
	testenv.Need(t, err == nil, "jq is not installed; the posting scripts need it (apt-get install jq)")
	shell, err := exec.LookPath(r.shell)
	testenv.Need(t, err == nil, "no %s to run the script with", r.shell)
	dir := t.TempDir()
	bin, calls, work := filepath.Join(dir, "bin"), filepath.Join(dir, "calls"), filepath.Join(dir, "work")
	for _, d := range []string{bin, calls, work} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tool := range []string{"curl", "gh", "git"} {
		if err := os.WriteFile(filepath.Join(bin, tool), []byte(fakeTool), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i, resp := range r.responses {
		if err := os.WriteFile(filepath.Join(calls, fmt.Sprintf("response.%d", i+1)), []byte(resp), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(work, "sqlreview.md"), []byte(markdown), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(shell, "-e", "-c", r.script)
	cmd.Dir = work
	cmd.Env = append([]string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "CALLS=" + calls}, r.env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the script failed: %v\n%s\n--- script\n%s", err, out, r.script)
	}
	var got []fakeCall
	for n := 1; ; n++ {
		args, err := os.ReadFile(filepath.Join(calls, fmt.Sprintf("%d.args", n)))
		if err != nil {
			break
		}
		c := fakeCall{args: strings.Split(strings.TrimSuffix(string(args), "\n"), "\n")}
		c.body, _ = os.ReadFile(filepath.Join(calls, fmt.Sprintf("%d.body", n)))
		got = append(got, c)
	}
	return got, work
}

// testComment is a real markdown report, with a failing gate.
func testComment(t *testing.T) string {
	t.Helper()
	rule := &rules.Rule{Name: "ban-drop-table", Code: "SR1", Category: rules.Locking}
	res := &engine.Result{Files: 1, Statements: 1, Sources: map[string]*source.File{}, Findings: []engine.Finding{{
		Path: "migrations/001.sql", Rule: rule, Severity: rules.Error, Message: `dropping table "users" "loses" data`,
		Start: source.Position{Line: 1, Column: 1}, End: source.Position{Line: 1, Column: 18},
	}}}
	var b bytes.Buffer
	target := report.MarkdownTarget{MaxChars: report.GitHubCommentMax, HTML: true}
	if err := report.Markdown(&b, res, report.Options{Failed: true, FailOn: "error", Markdown: &target}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "### sqlreview\n\n**Merge gate: failed") {
		t.Fatalf("unexpected report:\n%s", b.String())
	}
	return b.String()
}

// jsonBody decodes a request body.
func jsonBody(t *testing.T, c fakeCall) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(c.body, &v); err != nil {
		t.Fatalf("%v: body is not JSON (%v): %q", c.args, err, c.body)
	}
	return v
}

// githubCommentSteps returns the "Comment on the pull request" steps of the
// GitHub example, by job.
func githubCommentSteps(t *testing.T) map[string]map[string]any {
	t.Helper()
	_, data := readYAML(t, "examples/ci/github-actions.yml")
	var wf struct {
		Jobs map[string]struct {
			Steps []map[string]any `yaml:"steps"`
		} `yaml:"jobs"`
	}
	decodeYAML(t, data, &wf)
	out := map[string]map[string]any{}
	for name, j := range wf.Jobs {
		for _, s := range j.Steps {
			if s["name"] == "Comment on the pull request" {
				out[name] = s
			}
		}
	}
	return out
}

func TestGitHubCommentStep(t *testing.T) {
	md := testComment(t)
	steps := githubCommentSteps(t)
	if len(steps) != 2 || steps["sqlreview"] == nil || steps["sqlreview-cli"] == nil {
		t.Fatalf("want a comment step in jobs sqlreview and sqlreview-cli, got %v", steps)
	}
	comments := func(existing string) string {
		return `[{"id": 11, "user": {"login": "someone"}, "body": "### sqlreview\n\nquoted"},
			{"id": 12, "user": {"login": "github-actions[bot]"}, "body": "### other tool\n"}` + existing + `]`
	}
	for job, step := range steps {
		t.Run(job, func(t *testing.T) {
			env := step["env"].(map[string]any)
			if env["GH_TOKEN"] != "${{ github.token }}" || env["PR"] != "${{ github.event.pull_request.number }}" {
				t.Errorf("env %v: want GH_TOKEN from github.token and PR the pull request's number", env)
			}
			if !strings.Contains(fmt.Sprint(step["if"]), "github.event_name == 'pull_request'") || step["continue-on-error"] != true {
				t.Errorf("if %q, continue-on-error %v: want pull requests only, and no failed job when a fork's token is read-only", step["if"], step["continue-on-error"])
			}
			for _, existing := range []bool{false, true} {
				resp := comments("")
				if existing {
					// Edited in the browser: lines end with CRLF.
					resp = comments(`, {"id": 13, "user": {"login": "github-actions[bot]"}, "body": "### sqlreview\r\n\r\nold"}`)
				}
				calls, work := scriptRun{shell: "bash", script: step["run"].(string), responses: []string{resp},
					env: []string{"GH_TOKEN=t0ken", "PR=42", "BODY=sqlreview.md", "GITHUB_REPOSITORY=acme/shop"}}.run(t, md)
				if len(calls) != 2 {
					t.Fatalf("existing %v: %d calls, want 2: %v", existing, len(calls), calls)
				}
				if !calls[0].has("gh", "api", "repos/acme/shop/issues/42/comments", "--paginate") {
					t.Errorf("list: %v", calls[0].args)
				}
				want := []string{"gh", "api", "--method", "POST", "repos/acme/shop/issues/42/comments", "-F", "body=@sqlreview.md"}
				if existing {
					want = []string{"gh", "api", "--method", "PATCH", "repos/acme/shop/issues/comments/13", "-F", "body=@sqlreview.md"}
				}
				if !reflect.DeepEqual(calls[1].args, want) {
					t.Errorf("existing %v: %v, want %v", existing, calls[1].args, want)
				}
				if b, _ := os.ReadFile(filepath.Join(work, "sqlreview.md")); string(b) != md {
					t.Errorf("the body file changed")
				}
			}
		})
	}
}

func TestGitLabCommentScript(t *testing.T) {
	md := testComment(t)
	_, data := readYAML(t, "examples/ci/gitlab-ci.yml")
	var gl map[string]struct {
		AfterScript []string `yaml:"after_script"`
	}
	decodeYAML(t, data, &gl)
	if len(gl["sqlreview"].AfterScript) != 1 {
		t.Fatalf("want one after_script command in job sqlreview, got %q", gl["sqlreview"].AfterScript)
	}
	env := []string{"SQLREVIEW_GITLAB_TOKEN=glpat-t0ken", "CI_MERGE_REQUEST_IID=7", "CI_PROJECT_ID=99",
		"CI_API_V4_URL=https://gitlab.example.com/api/v4"}
	const notes = "https://gitlab.example.com/api/v4/projects/99/merge_requests/7/notes"
	page1 := `[{"id": 1, "system": true, "body": "### sqlreview"}, {"id": 2, "system": false, "body": "looks good"}]`
	for _, c := range []struct {
		responses []string
		want      [][]string
	}{
		{[]string{page1, `[]`}, [][]string{
			{"PRIVATE-TOKEN: glpat-t0ken", notes + "?per_page=100&page=1"},
			{"PRIVATE-TOKEN: glpat-t0ken", notes + "?per_page=100&page=2"},
			{"--request", "POST", "--header", "PRIVATE-TOKEN: glpat-t0ken", "--data-urlencode", "body@sqlreview.md", notes},
		}},
		{[]string{page1, `[{"id": 3, "system": false, "body": "### sqlreview\r\n\r\nold"}]`}, [][]string{
			{"PRIVATE-TOKEN: glpat-t0ken", notes + "?per_page=100&page=1"},
			{"PRIVATE-TOKEN: glpat-t0ken", notes + "?per_page=100&page=2"},
			{"--request", "PUT", "--header", "PRIVATE-TOKEN: glpat-t0ken", "--data-urlencode", "body@sqlreview.md", notes + "/3"},
		}},
	} {
		calls, _ := scriptRun{shell: "sh", script: gl["sqlreview"].AfterScript[0], env: env, responses: c.responses}.run(t, md)
		if len(calls) != len(c.want) {
			t.Fatalf("%d calls, want %d: %v", len(calls), len(c.want), calls)
		}
		for i, w := range c.want {
			if !calls[i].has(w...) {
				t.Errorf("call %d: %v lacks %v", i+1, calls[i].args, w)
			}
		}
	}
	// Without the token (or outside a merge request) nothing is posted.
	calls, _ := scriptRun{shell: "sh", script: gl["sqlreview"].AfterScript[0], env: env[1:]}.run(t, md)
	if len(calls) != 0 {
		t.Errorf("without a token: %v", calls)
	}
}

func TestBitbucketCommentScript(t *testing.T) {
	md := testComment(t)
	var step pipelineStepYAML
	decodeYAML(t, []byte(report.BitbucketPipelineStep), &step)
	if len(step) != 1 || len(step[0].Step.AfterScript) != 2 {
		t.Fatalf("report.BitbucketPipelineStep: want one step whose second after-script command posts the comment")
	}
	script := step[0].Step.AfterScript[1]
	env := []string{"SQLREVIEW_BITBUCKET_TOKEN=t0ken", "BITBUCKET_PR_ID=5", "BITBUCKET_REPO_FULL_NAME=acme/shop"}
	const comments = "https://api.bitbucket.org/2.0/repositories/acme/shop/pullrequests/5/comments"
	page1 := `{"values": [{"id": 1, "deleted": true, "content": {"raw": "### sqlreview"}}, {"id": 2, "content": {"raw": "hi"}}],
		"next": "` + comments + `?pagelen=100&page=2"}`
	want := map[string]any{"content": map[string]any{"raw": md}}
	for _, c := range []struct {
		page2, method, url string
	}{
		{`{"values": []}`, "POST", comments},
		{`{"values": [{"id": 9, "content": {"raw": "### sqlreview\n\nold"}}]}`, "PUT", comments + "/9"},
	} {
		calls, _ := scriptRun{shell: "sh", script: script, env: env, responses: []string{page1, c.page2}}.run(t, md)
		if len(calls) != 3 {
			t.Fatalf("%d calls, want 3 (two pages, then %s): %v", len(calls), c.method, calls)
		}
		auth := "Authorization: Bearer t0ken"
		if !calls[0].has(auth, comments+"?pagelen=100") || !calls[1].has(auth, comments+"?pagelen=100&page=2") {
			t.Errorf("pages: %v %v", calls[0].args, calls[1].args)
		}
		if !calls[2].has("--request", c.method, "--header", auth) || !calls[2].has("--data-binary", "@-", c.url) {
			t.Errorf("%s: %v", c.method, calls[2].args)
		}
		if got := jsonBody(t, calls[2]); !reflect.DeepEqual(got, want) {
			t.Errorf("%s body %v, want {content: {raw: MARKDOWN}}", c.method, got)
		}
	}
}

// pipelineStepYAML is the part of report.BitbucketPipelineStep these tests
// read.
type pipelineStepYAML []struct {
	Step struct {
		Script      []string `yaml:"script"`
		AfterScript []string `yaml:"after-script"`
	} `yaml:"step"`
}

// azureSteps returns the steps of the Azure example, from every stage's
// jobs, deployment strategies included.
func azureSteps(t *testing.T) []map[string]any {
	t.Helper()
	_, data := readYAML(t, "examples/ci/azure-pipelines.yml")
	type steps struct {
		Steps []map[string]any `yaml:"steps"`
	}
	var az struct {
		Stages []struct {
			Jobs []struct {
				Steps    []map[string]any `yaml:"steps"`
				Strategy struct {
					RunOnce struct {
						Deploy steps `yaml:"deploy"`
					} `yaml:"runOnce"`
				} `yaml:"strategy"`
			} `yaml:"jobs"`
		} `yaml:"stages"`
	}
	decodeYAML(t, data, &az)
	var out []map[string]any
	for _, st := range az.Stages {
		for _, j := range st.Jobs {
			out = append(out, j.Steps...)
			out = append(out, j.Strategy.RunOnce.Deploy.Steps...)
		}
	}
	return out
}

func azureStep(t *testing.T, displayName string) map[string]any {
	t.Helper()
	for _, s := range azureSteps(t) {
		if s["displayName"] == displayName {
			return s
		}
	}
	t.Fatalf("azure-pipelines.yml: no step %q", displayName)
	return nil
}

func TestAzureCommentStep(t *testing.T) {
	md := testComment(t)
	step := azureStep(t, "Comment on the pull request")
	if env, _ := step["env"].(map[string]any); env["SYSTEM_ACCESSTOKEN"] != "$(System.AccessToken)" {
		t.Errorf("env %v: want SYSTEM_ACCESSTOKEN: $(System.AccessToken)", step["env"])
	}
	if c := fmt.Sprint(step["condition"]); !strings.Contains(c, "succeededOrFailed()") || !strings.Contains(c, "'PullRequest'") {
		t.Errorf("condition %q: want pull request builds, when the review failed too", c)
	}
	env := []string{"SYSTEM_ACCESSTOKEN=t0ken", "SYSTEM_COLLECTIONURI=https://dev.azure.com/acme/", "SYSTEM_TEAMPROJECTID=proj-1",
		"BUILD_REPOSITORY_ID=repo-2", "SYSTEM_PULLREQUEST_PULLREQUESTID=31"}
	const threads = "https://dev.azure.com/acme/proj-1/_apis/git/repositories/repo-2/pullRequests/31/threads"
	auth := "Authorization: Bearer t0ken"
	list := func(extra string) string {
		return `{"value": [{"id": 1, "isDeleted": true, "comments": [{"id": 1, "content": "### sqlreview"}]},
			{"id": 2, "comments": [{"id": 1, "content": "lgtm"}]}` + extra + `], "count": 2}`
	}
	// No thread yet: one POST with the thread and its first comment.
	calls, _ := scriptRun{shell: "bash", script: step["script"].(string), env: env, responses: []string{list("")}}.run(t, md)
	if len(calls) != 2 || !calls[0].has(auth, threads+"?api-version=7.1") || !calls[1].has("--request", "POST", "--header", auth) ||
		!calls[1].has("--data-binary", "@-", threads+"?api-version=7.1") {
		t.Fatalf("new thread: %v", calls)
	}
	want := map[string]any{"comments": []any{map[string]any{"parentCommentId": 0.0, "content": md, "commentType": 1.0}}, "status": 1.0}
	if got := jsonBody(t, calls[1]); !reflect.DeepEqual(got, want) {
		t.Errorf("thread body %v, want %v", got, want)
	}
	// A thread from an earlier run: its first comment and its status are
	// updated.
	calls, _ = scriptRun{shell: "bash", script: step["script"].(string), env: env,
		responses: []string{list(`, {"id": 8, "comments": [{"id": 4, "content": "### sqlreview\n\nold"}, {"id": 5, "content": "reply"}]}`)}}.run(t, md)
	if len(calls) != 3 || !calls[1].has("--request", "PATCH") || !calls[1].has("@-", threads+"/8/comments/4?api-version=7.1") ||
		!calls[2].has("--request", "PATCH") || !calls[2].has("@-", threads+"/8?api-version=7.1") {
		t.Fatalf("update: %v", calls)
	}
	if got := jsonBody(t, calls[1]); !reflect.DeepEqual(got, map[string]any{"content": md}) {
		t.Errorf("comment body %v", got)
	}
	if got := jsonBody(t, calls[2]); !reflect.DeepEqual(got, map[string]any{"status": 1.0}) {
		t.Errorf("thread body %v, want status 1 (active) while the gate fails", got)
	}
	// A passing review closes the thread.
	passing := strings.Replace(md, "Merge gate: failed", "Merge gate: passed", 1)
	calls, _ = scriptRun{shell: "bash", script: step["script"].(string), env: env, responses: []string{list("")}}.run(t, passing)
	if len(calls) != 2 || jsonBody(t, calls[1]).(map[string]any)["status"] != 4.0 {
		t.Errorf("passing: want status 4 (closed), got %v", calls)
	}

	summary := azureStep(t, "Summary")
	if s := fmt.Sprint(summary["script"]); !strings.Contains(s, "##vso[task.uploadsummary]$(Build.SourcesDirectory)/sqlreview.md") ||
		!strings.Contains(fmt.Sprint(summary["condition"]), "succeededOrFailed()") {
		t.Errorf("Summary step: want ##vso[task.uploadsummary] of the absolute path of sqlreview.md, when the review failed too: %v", summary)
	}
}

// TestCIExamplesNewFindingsOnly: in every example the gating check of a pull
// request reviews what the pull request adds (--new-from-rev with the
// platform's base) and writes the markdown file its comment step posts;
// the action passes its baseline, category and new-from-rev inputs to both
// of its checks.
func TestCIExamplesNewFindingsOnly(t *testing.T) {
	wantRev := map[string]string{
		"github-actions.yml":      `"$BASE_SHA"`,
		"gitlab-ci.yml":           `"$CI_MERGE_REQUEST_DIFF_BASE_SHA"`,
		"bitbucket-pipelines.yml": `"origin/$BITBUCKET_PR_DESTINATION_BRANCH"`,
		"azure-pipelines.yml":     `"$rev"`,
		"action.yml":              `"$NEW_FROM_REV"`,
	}
	for file, rev := range wantRev {
		rel := "examples/ci/" + file
		if file == "action.yml" {
			rel = file
		}
		doc, _ := readYAML(t, rel)
		invs, errs := yamlInvocations(rel, doc)
		for _, e := range errs {
			t.Error(e)
		}
		gates := 0
		for _, inv := range invs {
			if inv.check == nil || inv.check.failOn == "never" {
				continue
			}
			gates++
			if !strings.Contains(inv.command, "--new-from-rev "+strings.Trim(rev, `"`)) {
				t.Errorf("%s: the gate `%s` does not review only what is new (--new-from-rev %s)", inv.where, inv.command, rev)
			}
			if !hasOutput([]invocation{inv}, func(o string) bool { return strings.HasPrefix(o, "markdown=") }) {
				t.Errorf("%s: the gate `%s` writes no markdown report for the comment", inv.where, inv.command)
			}
		}
		if gates != 1 {
			t.Errorf("%s: %d gating checks, want 1", rel, gates)
		}
	}
	// The action: both checks take the baseline and the category; the full
	// SARIF run lists the changed files first.
	doc, data := readYAML(t, "action.yml")
	invs, _ := yamlInvocations("action.yml", doc)
	if len(invs) != 2 {
		t.Fatalf("action.yml: %d sqlreview commands, want 2 (SARIF of every file, the gate)", len(invs))
	}
	for _, inv := range invs {
		for _, want := range []string{`--baseline $BASELINE`, `--sarif-category $CATEGORY`} {
			if !strings.Contains(inv.command, want) {
				t.Errorf("action.yml: `%s` lacks %s", inv.command, want)
			}
		}
	}
	if !strings.Contains(invs[0].command, "--changed-first $NEW_FROM_REV") {
		t.Errorf("action.yml: the SARIF run `%s` does not list the changed files first", invs[0].command)
	}
	for _, env := range []string{"BASELINE: ${{ inputs.baseline }}", "CATEGORY: ${{ inputs.category }}", "NEW_FROM_REV: ${{ inputs.new-from-rev }}",
		"echo \"markdown-file=$MARKDOWN_FILE\" >> \"$GITHUB_OUTPUT\""} {
		if !strings.Contains(string(data), env) {
			t.Errorf("action.yml lacks %q", env)
		}
	}
}

var latestInstall = regexp.MustCompile(`go install \S*@latest|@latest\b`)

// TestCIExamplesPolicies: the examples work under each platform's policies
// and say what the platforms do not do.
func TestCIExamplesPolicies(t *testing.T) {
	for _, rel := range []string{"action.yml", "examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml",
		"examples/ci/bitbucket-pipelines.yml", "examples/ci/azure-pipelines.yml"} {
		_, data := readYAML(t, rel)
		if m := latestInstall.Find(data); m != nil {
			t.Errorf("%s: %q: pin the version instead of @latest", rel, m)
		}
	}
	if m := latestInstall.FindString(report.BitbucketPipelineStep); m != "" {
		t.Errorf("report.BitbucketPipelineStep: %q: pin the version", m)
	}

	// GitHub: merge queues run the required check; the schema pull request
	// says what the workflow token cannot do and offers an App token.
	_, data := readYAML(t, "examples/ci/github-actions.yml")
	var gh struct {
		On map[string]any `yaml:"on"`
	}
	decodeYAML(t, data, &gh)
	if _, ok := gh.On["merge_group"]; !ok {
		t.Errorf("github-actions.yml: no merge_group trigger: a merge queue would wait for the required check forever")
	}
	for _, want := range []string{"create and\n      # approve pull requests", "uses: actions/create-github-app-token@v2",
		"GH_TOKEN: ${{ steps.app-token.outputs.token || github.token }}"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("github-actions.yml lacks %q", want)
		}
	}

	// GitLab: no claim that URLs can be masked or that the diff view is free.
	_, data = readYAML(t, "examples/ci/gitlab-ci.yml")
	text := string(data)
	if strings.Contains(text, "URLs are masked") || !strings.Contains(text, "cannot be a masked variable") {
		t.Errorf("gitlab-ci.yml: database URLs (?, &, %%) cannot be masked by GitLab; say so")
	}
	if !strings.Contains(text, "the findings in the diff\n# view (and the pipeline's Code Quality tab) need GitLab Ultimate") {
		t.Errorf("gitlab-ci.yml: the Code Quality diff view is GitLab Ultimate; say so")
	}

	// Azure: the schema goes to main as a pull request, never a push.
	step := azureStep(t, "Write back the schema (pull request)")
	script := step["script"].(string)
	if strings.Contains(script, "refs/heads/main\"") && strings.Contains(script, "git push origin \"HEAD:refs/heads/main") {
		t.Errorf("azure-pipelines.yml: the schema is pushed to main")
	}
	env := []string{"SYSTEM_ACCESSTOKEN=t0ken", "SYSTEM_COLLECTIONURI=https://dev.azure.com/acme/", "SYSTEM_TEAMPROJECTID=proj-1",
		"BUILD_REPOSITORY_ID=repo-2", "RELEASE=r-20250115"}
	calls, _ := scriptRun{shell: "bash", script: script, env: env,
		responses: []string{" M schema/app.sql\n"}}.run(t, "")
	var pushed, opened *fakeCall
	for i := range calls {
		switch {
		case calls[i].has("git", "push"):
			pushed = &calls[i]
		case calls[i].args[0] == "curl":
			opened = &calls[i]
		}
	}
	if pushed == nil || !pushed.has("push", "origin", "HEAD:refs/heads/sqlreview/schema-r-20250115") {
		t.Fatalf("azure-pipelines.yml: want the schema pushed to its own branch, got %v", calls)
	}
	if opened == nil || !opened.has("--request", "POST", "--header", "Authorization: Bearer t0ken") ||
		!opened.has("https://dev.azure.com/acme/proj-1/_apis/git/repositories/repo-2/pullrequests?api-version=7.1") {
		t.Fatalf("azure-pipelines.yml: want a POST to the pull requests API, got %v", opened)
	}
	want := map[string]any{"sourceRefName": "refs/heads/sqlreview/schema-r-20250115", "targetRefName": "refs/heads/main",
		"title": "schema: latest after r-20250115", "description": "Written by sqlreview rollout --write-schema after release r-20250115 reached prod."}
	if got := jsonBody(t, *opened); !reflect.DeepEqual(got, want) {
		t.Errorf("pull request body %v, want %v", got, want)
	}
}

// TestActionCheckStep runs the action's check step with a fake sqlreview in
// a real clone: the revision to compare with reaches both checks, a push
// that created the branch (all zeros) and a revision that cannot be fetched
// (a force push) review every file instead of failing, and the report files
// become the step's outputs.
func TestActionCheckStep(t *testing.T) {
	bash, err := exec.LookPath("bash")
	testenv.Need(t, err == nil, "no bash to run the action's step with")
	_, data := readYAML(t, "action.yml")
	var a struct {
		Runs struct {
			Steps []struct {
				ID  string `yaml:"id"`
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	decodeYAML(t, data, &a)
	var script string
	for _, s := range a.Runs.Steps {
		if s.ID == "check" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("action.yml: no step with id check")
	}
	dir := t.TempDir()
	repo := filepath.Join(dir, "repo")
	bin := filepath.Join(dir, "bin")
	for _, d := range []string{repo, bin} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	gitT(t, repo, "init", "-q")
	gitT(t, repo, "commit", "-q", "--allow-empty", "-m", "base")
	head, err := exec.Command("git", "-C", repo, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	// The fake records its arguments, one call per line, and writes the
	// report files it is asked for.
	fake := `#!/bin/sh
printf '%s|' "$@" >> "$CALLS"; echo >> "$CALLS"
for a in "$@"; do case "$a" in sarif=*|markdown=*) : > "${a#*=}" ;; esac; done
`
	if err := os.WriteFile(filepath.Join(bin, "sqlreview"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, rev, want, warning string
	}{
		{"pull request", strings.TrimSpace(string(head)), strings.TrimSpace(string(head)), ""},
		{"new branch", "0000000000000000000000000000000000000000", "", ""},
		{"force push", "1111111111111111111111111111111111111111", "", "::warning::sqlreview: 1111111111111111111111111111111111111111 cannot be fetched; reviewing every file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			calls, output := filepath.Join(dir, c.name+".calls"), filepath.Join(dir, c.name+".output")
			sarif, md := filepath.Join(dir, c.name+".sarif"), filepath.Join(dir, c.name+".md")
			cmd := exec.Command(bash, "-e", "-c", script)
			cmd.Dir = repo
			cmd.Env = []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + dir, "CALLS=" + calls,
				"GITHUB_OUTPUT=" + output, "PATHS=migrations", "CONFIG=", "FAIL_ON=error", "NEW_FROM_REV=" + c.rev,
				"BASELINE=.sqlreview-baseline.json", "CATEGORY=app", "SARIF_FILE=" + sarif, "MARKDOWN_FILE=" + md}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("the step failed: %v\n%s", err, out)
			}
			if c.warning != "" && !strings.Contains(string(out), c.warning) {
				t.Errorf("output %q lacks %q", out, c.warning)
			}
			got, _ := os.ReadFile(calls)
			want := "check|--config||--baseline|.sqlreview-baseline.json|--sarif-category|app|--changed-first|" + c.want + "|--fail-on|never|--format|sarif=" + sarif + "|migrations|\n" +
				"check|--config||--baseline|.sqlreview-baseline.json|--sarif-category|app|--new-from-rev|" + c.want + "|--fail-on|error|--format|github|--format|markdown=" + md + "|migrations|\n"
			if string(got) != want {
				t.Errorf("calls:\n%s\nwant:\n%s", got, want)
			}
			outputs, _ := os.ReadFile(output)
			if w := "exit-code=0\nsarif-file=" + sarif + "\nmarkdown-file=" + md + "\n"; string(outputs) != w {
				t.Errorf("outputs %q, want %q", outputs, w)
			}
		})
	}
}
