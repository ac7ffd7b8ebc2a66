package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestCIMergePipeline checks that every CI example holds the merge
// pipeline, in order: release create → rollout test → rollout staging →
// approve prod → rollout prod with --write-schema, the approval and the
// prod rollout behind the platform's manual gate. The command lines
// themselves are validated against the CLI's flags by TestCIExamples.
func TestCIMergePipeline(t *testing.T) {
	steps := []struct {
		what string
		re   *regexp.Regexp
	}{
		{"release create", regexp.MustCompile(`\bsqlreview release create\b`)},
		{"rollout --env test", regexp.MustCompile(`\bsqlreview rollout\b.*--env test\b`)},
		{"rollout --env staging", regexp.MustCompile(`\bsqlreview rollout\b.*--env staging\b`)},
		{"approve --env prod", regexp.MustCompile(`\bsqlreview approve\b.*--env prod\b.*--by `)},
		{"rollout --env prod --write-schema schema/", regexp.MustCompile(`\bsqlreview rollout\b.*--env prod\b.*--write-schema schema/`)},
	}
	// The gate, as it appears in the YAML around the prod commands.
	gates := map[string]*regexp.Regexp{
		"github-actions.yml":      regexp.MustCompile(`(?m)^\s+environment: prod\b`),
		"gitlab-ci.yml":           regexp.MustCompile(`(?m)^\s+when: manual\b`),
		"bitbucket-pipelines.yml": regexp.MustCompile(`(?m)^\s+deployment: production\n\s+trigger: manual\b`),
		"azure-pipelines.yml":     regexp.MustCompile(`(?m)^\s+environment: prod\b`),
	}
	for file, gate := range gates {
		rel := "examples/ci/" + file
		doc, data := readYAML(t, rel)
		invs, errs := yamlInvocations(rel, doc)
		for _, e := range errs {
			t.Error(e)
		}
		next := 0
		for _, inv := range invs {
			if next < len(steps) && steps[next].re.MatchString(inv.command) {
				next++
			}
		}
		if next < len(steps) {
			t.Errorf("%s: the merge pipeline lacks `%s` (in order: release create, rollout test, staging, approve prod, rollout prod --write-schema)", file, steps[next].what)
			continue
		}
		text := string(data)
		g := gate.FindStringIndex(text)
		approve := strings.Index(text, "sqlreview approve --release")
		staging := strings.Index(text, "--env staging")
		if g == nil || approve < 0 || g[0] > approve || g[0] < staging {
			t.Errorf("%s: want the manual gate (%s) between the staging rollout and `sqlreview approve`", file, gate)
		}
		if !strings.Contains(text, "git add schema/") {
			t.Errorf("%s: the schema written by --write-schema is not committed back", file)
		}
	}
}
