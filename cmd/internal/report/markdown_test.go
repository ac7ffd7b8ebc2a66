package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/internal/textsafe"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// testGitHubEnv is the environment of a GitHub Actions job.
var testGitHubEnv = map[string]string{
	"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/shop",
	"GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
}

func getenvFrom(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}

func renderMarkdown(t *testing.T, res *engine.Result, opt Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, res, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestMarkdownGolden renders the example run as a GitHub comment: heading,
// verdict, the table by rule, each finding linked to its lines with its code
// frame and help collapsed.
func TestMarkdownGolden(t *testing.T) {
	res := ciExample(t)
	target := MarkdownTargetFromEnv(getenvFrom(testGitHubEnv))
	opt := ciExampleOptions(t)
	opt.Markdown = &target
	opt.RuleURL = func(r *rules.Rule) string { return "https://example.com/rules#" + r.Name }
	got := renderMarkdown(t, res, opt)
	checkGolden(t, "markdown.golden", []byte(got))
	if strings.Contains(got, "../") || strings.Contains(got, ciRepoRoot(t)) {
		t.Errorf("paths are not relative to the repository root:\n%s", got)
	}
}

// TestMarkdownExact pins the whole document for a small run, on Bitbucket
// (no HTML: the details are shown open) and on GitHub (collapsed), with
// user content that would otherwise be markup.
func TestMarkdownExact(t *testing.T) {
	src := source.ParseText("m/001 x.sql", "CREATE INDEX i ON t (a);\n")
	f := testFinding("m/001 x.sql", 1, rules.Error, "index <b>i</b> on *t* | locks `t` #1")
	f.Start, f.End = source.Position{Line: 1, Column: 1}, source.Position{Line: 1, Column: 25}
	res := &engine.Result{Files: 2, Statements: 3, Sources: map[string]*source.File{"m/001 x.sql": src},
		Findings: []engine.Finding{f, testFinding("m/002.sql", 4, rules.Warning, "w")}}
	bb := MarkdownTargetFromEnv(getenvFrom(map[string]string{
		"BITBUCKET_BUILD_NUMBER": "7", "BITBUCKET_REPO_FULL_NAME": "acme/shop", "BITBUCKET_COMMIT": "abc123",
	}))
	opt := Options{Failed: true, FailOn: "error", Category: "app db", Markdown: &bb}
	want := "### sqlreview: app db\n\n" +
		"**Merge gate: failed (fail-on error).** Found 1 error, 1 warning in 2 of 2 files (3 statements checked).\n\n" +
		"| rule | errors | warnings | info |\n|---|---:|---:|---:|\n" +
		"| `test-rule` | 1 | 1 | 0 |\n" +
		"| **total** | 1 | 1 | 0 |\n\n" +
		"#### Findings\n\n" +
		"**error** [m/001 x.sql:1:1](https://bitbucket.org/acme/shop/src/abc123/m/001%20x.sql#lines-1:1): " +
		"index &lt;b&gt;i&lt;/b&gt; on \\*t\\* \\| locks \\`t\\` \\#1 (`test-rule`)\n\n" +
		"```\n 1 | CREATE INDEX i ON t (a);\n   | ^^^^^^^^^^^^^^^^^^^^^^^^\n```\n\n" +
		"**warning** [m/002.sql:4:3](https://bitbucket.org/acme/shop/src/abc123/m/002.sql#lines-4:4): w (`test-rule`)\n\n"
	if got := renderMarkdown(t, res, opt); got != want {
		t.Errorf("bitbucket:\n--- got\n%s\n--- want\n%s", got, want)
	}

	gh := MarkdownTargetFromEnv(getenvFrom(testGitHubEnv))
	opt.Markdown, opt.Category = &gh, ""
	res.Findings = res.Findings[:1]
	want = "### sqlreview\n\n" +
		"**Merge gate: failed (fail-on error).** Found 1 error in 1 of 2 files (3 statements checked).\n\n" +
		"| rule | errors | warnings | info |\n|---|---:|---:|---:|\n" +
		"| `test-rule` | 1 | 0 | 0 |\n" +
		"| **total** | 1 | 0 | 0 |\n\n" +
		"#### Findings\n\n" +
		"**error** [m/001 x.sql:1:1](https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/m/001%20x.sql#L1-L1): " +
		"index &lt;b&gt;i&lt;/b&gt; on \\*t\\* \\| locks \\`t\\` \\#1 (`test-rule`)\n\n" +
		"<details><summary>Code and help</summary>\n\n" +
		"```\n 1 | CREATE INDEX i ON t (a);\n   | ^^^^^^^^^^^^^^^^^^^^^^^^\n```\n\n" +
		"</details>\n\n"
	if got := renderMarkdown(t, res, opt); got != want {
		t.Errorf("github:\n--- got\n%s\n--- want\n%s", got, want)
	}

	// A run limited to new findings says so.
	opt.NewOnly = "Only files changed since the merge base with 0123456789ab, findings not in the baseline b_1.json"
	got := renderMarkdown(t, res, opt)
	if want := "#### New findings\n\nOnly files changed since the merge base with 0123456789ab, findings not in the baseline b\\_1.json.\n\n**error** "; !strings.Contains(got, want) {
		t.Errorf("new only: want %q in\n%s", want, got)
	}

	// Nothing found: the heading and the verdict only.
	empty := &engine.Result{Files: 3, Statements: 9}
	if got, want := renderMarkdown(t, empty, Options{FailOn: "error", Markdown: &gh}),
		"### sqlreview\n\n**Merge gate: passed (fail-on error).** No problems found in 3 files (9 statements checked).\n\n"; got != want {
		t.Errorf("empty:\n--- got\n%q\n--- want\n%q", got, want)
	}
}

// TestMarkdownTargets: each platform's limit, HTML and links to the commit
// under review, from the variables the platform sets in every job.
func TestMarkdownTargets(t *testing.T) {
	cases := []struct {
		env      map[string]string
		platform string
		max      int
		html     bool
		link     string
	}{
		{testGitHubEnv, "GitHub", 65536, true,
			"https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/db/m%23igr/a.sql#L3-L5"},
		{map[string]string{"GITLAB_CI": "true", "CI_PROJECT_URL": "https://gitlab.example.com/acme/shop", "CI_COMMIT_SHA": "feed"},
			"GitLab", 1000000, true, "https://gitlab.example.com/acme/shop/-/blob/feed/db/m%23igr/a.sql#L3-5"},
		{map[string]string{"BITBUCKET_BUILD_NUMBER": "12", "BITBUCKET_REPO_FULL_NAME": "acme/shop", "BITBUCKET_COMMIT": "beef"},
			"Bitbucket", 32767, false, "https://bitbucket.org/acme/shop/src/beef/db/m%23igr/a.sql#lines-3:5"},
		{map[string]string{"TF_BUILD": "True", "SYSTEM_COLLECTIONURI": "https://dev.azure.com/acme/", "SYSTEM_TEAMPROJECT": "Web Shop",
			"BUILD_REPOSITORY_NAME": "shop", "BUILD_SOURCEVERSION": "cafe"},
			"Azure DevOps", 150000, true,
			"https://dev.azure.com/acme/Web%20Shop/_git/shop?_a=contents&line=3&lineEnd=6&lineEndColumn=1&lineStartColumn=1&lineStyle=plain&path=%2Fdb%2Fm%23igr%2Fa.sql&version=GCcafe"},
		{map[string]string{}, "", 65536, true, ""},
	}
	for _, c := range cases {
		got := MarkdownTargetFromEnv(getenvFrom(c.env))
		link := ""
		if got.FileURL != nil {
			link = got.FileURL("db/m#igr/a.sql", 3, 5)
		}
		if got.Platform != c.platform || got.MaxChars != c.max || got.HTML != c.html || link != c.link {
			t.Errorf("%v: got %q max %d html %v link %q; want %q %d %v %q", c.env, got.Platform, got.MaxChars, got.HTML, link,
				c.platform, c.max, c.html, c.link)
		}
	}
}

var findingHeader = regexp.MustCompile(`(?m)^\*\*(error|warning|info)\*\* \[([^\]]+)\]`)

// TestMarkdownLimits renders thousands of findings, with frames and long
// messages, for each platform: the comment stays within the platform's
// limit, fills it, lists what the pull request changed first, then the most
// severe, and says exactly how many findings are left out.
func TestMarkdownLimits(t *testing.T) {
	const old, added = 4000, 1500
	res := &engine.Result{Files: 60, Statements: 9000, Sources: map[string]*source.File{}}
	long := strings.Repeat("a long message about 𝔱𝔥𝔢 table ", 20)
	for i := 0; i < old; i++ {
		path := fmt.Sprintf("m/old%02d.sql", i%50)
		res.Findings = append(res.Findings, testFinding(path, i+1, rules.Error, long))
	}
	for i := 0; i < added; i++ {
		res.Findings = append(res.Findings, testFinding("m/new.sql", i+1, []rules.Severity{rules.Warning, rules.Info}[i%2], long))
	}
	var sql strings.Builder
	for i := 0; i < old+added; i++ {
		sql.WriteString("ALTER TABLE t ADD COLUMN c int;\n")
	}
	// One parse serves every file: the frames only read the lines.
	parsed := source.ParseText("m/x.sql", sql.String())
	for i := 0; i < 50; i++ {
		res.Sources[fmt.Sprintf("m/old%02d.sql", i)] = parsed
	}
	res.Sources["m/new.sql"] = parsed
	newAbs, err := filepath.Abs("m/new.sql")
	if err != nil {
		t.Fatal(err)
	}
	envs := []map[string]string{
		testGitHubEnv,
		{"GITLAB_CI": "true", "CI_PROJECT_URL": "https://gitlab.com/a/b", "CI_COMMIT_SHA": "c"},
		{"BITBUCKET_BUILD_NUMBER": "1", "BITBUCKET_REPO_FULL_NAME": "a/b", "BITBUCKET_COMMIT": "c"},
		{"TF_BUILD": "True", "SYSTEM_COLLECTIONURI": "https://dev.azure.com/a/", "SYSTEM_TEAMPROJECT": "p", "BUILD_REPOSITORY_NAME": "r", "BUILD_SOURCEVERSION": "c"},
	}
	for _, env := range envs {
		target := MarkdownTargetFromEnv(getenvFrom(env))
		t.Run(target.Platform, func(t *testing.T) {
			opt := Options{Failed: true, FailOn: "error", Markdown: &target, KeepFirst: keep.Then(keep.ChangedFirst(map[string]bool{newAbs: true}), keep.BySeverity)}
			got := renderMarkdown(t, res, opt)
			n := commentLen(got)
			if n > target.MaxChars {
				t.Fatalf("%d characters, over the limit of %d", n, target.MaxChars)
			}
			headers := findingHeader.FindAllStringSubmatch(got, -1)
			shown := len(headers)
			total := old + added
			if shown == total {
				if target.MaxChars < GitLabCommentMax {
					t.Fatalf("all %d findings fit in %d characters: the test no longer exercises the limit", total, target.MaxChars)
				}
			} else {
				footer := fmt.Sprintf("**%d of %d findings are not shown**: a %s comment holds at most %d characters.", total-shown, total, target.Platform, target.MaxChars)
				if !strings.Contains(got, footer) {
					t.Errorf("want the footer %q; the comment ends with\n%s", footer, got[max(0, len(got)-300):])
				}
				// The comment is filled: one more finding would not fit.
				if target.MaxChars-n > 2500 {
					t.Errorf("%d characters of %d used: the comment is not filled", n, target.MaxChars)
				}
			}
			// The pull request's findings (warnings, info) come first, and
			// among them the warnings before the info findings.
			for i, h := range headers {
				inNew := strings.HasPrefix(h[2], "m/new.sql:")
				switch {
				case i < added && !inNew:
					t.Fatalf("finding %d (%s %s) is outside the changed file while changed files' findings remain", i, h[1], h[2])
				case i < added/2 && h[1] != "warning", i >= added/2 && i < added && h[1] != "info":
					t.Fatalf("finding %d is %s: want the changed file's warnings, then its info findings", i, h[1])
				}
			}
			if !strings.Contains(got, "| `test-rule` | 4000 | 750 | 750 |") {
				t.Errorf("the table does not count every finding")
			}
		})
	}
}

// TestMarkdownTinyLimit: a limit smaller than the findings' table drops the
// table rather than going over.
func TestMarkdownTinyLimit(t *testing.T) {
	res := manyFindings(3, 3)
	target := MarkdownTarget{Platform: "Test", MaxChars: 300}
	got := renderMarkdown(t, res, Options{Markdown: &target})
	if commentLen(got) > 300 || strings.Contains(got, "| rule |") || !strings.Contains(got, "**6 of 6 findings are not shown**") {
		t.Errorf("%d characters:\n%s", commentLen(got), got)
	}
}

// TestMarkdownCodeFence: backticks in the code cannot close its fence.
func TestMarkdownCodeFence(t *testing.T) {
	for code, want := range map[string]string{"select 1": "```", "a ``` b": "````", "`````": "``````"} {
		if got := textsafe.CodeFence(code); got != want {
			t.Errorf("textsafe.CodeFence(%q) = %q, want %q", code, got, want)
		}
	}
}
