package report

import (
	"encoding/json"
	"io"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func init() { Register("gitlab", GitLab) }

// GitLabIssue is one entry of a GitLab Code Quality report. GitLab reads
// description, check_name, fingerprint, severity, location.path and
// location.lines.begin; type and categories are there too so the file is
// also a valid Code Climate engine output (GitLab's format is a subset of
// Code Climate's).
type GitLabIssue struct {
	Type        string         `json:"type"`
	CheckName   string         `json:"check_name"`
	Description string         `json:"description"`
	Categories  []string       `json:"categories"`
	Severity    string         `json:"severity"`
	Fingerprint string         `json:"fingerprint"`
	Location    GitLabLocation `json:"location"`
}

// GitLabLocation is where an issue is.
type GitLabLocation struct {
	Path  string      `json:"path"`
	Lines GitLabLines `json:"lines"`
}

// GitLabLines are an issue's first and last lines (1-based, inclusive).
type GitLabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

// GitLab writes a GitLab Code Quality report (artifacts:reports:codequality):
// a JSON array, "[]" when there is nothing to report, so the merge request
// widget shows the findings as resolved rather than the report as missing.
//
// check_name is the rule name and description the message. fingerprint is
// the finding's fingerprint, which survives lines moving above it: GitLab
// compares fingerprints between the base and head pipelines to tell new
// issues from old ones, so a line-based one would mark every finding below
// an edit as both fixed and new. Severities: error → critical, warning →
// major, info → info (GitLab draws critical and blocker in red, major in
// orange, info in blue; blocker is left unused, as nothing sqlreview
// reports is worse than "fails the merge gate"). Suppressed findings are
// left out; files that could not be read are critical "read-error" issues.
func GitLab(w io.Writer, res *engine.Result, opt Options) error {
	out := []GitLabIssue{}
	for _, f := range ciFindings(res) {
		out = append(out, GitLabIssue{
			Type:        "issue",
			CheckName:   f.Rule.Name,
			Description: f.Message,
			Categories:  []string{codeClimateCategory(f.Rule.Category)},
			Severity:    gitlabSeverity(f.Severity),
			Fingerprint: f.Fingerprint,
			Location: GitLabLocation{
				Path:  ciPath(opt.Root, f.Path),
				Lines: GitLabLines{Begin: f.Start.Line, End: ciLastLine(f)},
			},
		})
	}
	for _, e := range ciErrors(res, opt.Root) {
		out = append(out, GitLabIssue{
			Type:        "issue",
			CheckName:   "read-error",
			Description: e.Message,
			Categories:  []string{"Bug Risk"},
			Severity:    "critical",
			Fingerprint: ciErrorID(e),
			Location:    GitLabLocation{Path: e.Path, Lines: GitLabLines{Begin: 1, End: 1}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "critical"
	case rules.Warning:
		return "major"
	}
	return "info"
}

// codeClimateCategory maps a rule category to the closest of Code Climate's
// fixed categories (Bug Risk, Clarity, Compatibility, Complexity,
// Duplication, Performance, Security, Style).
func codeClimateCategory(c rules.Category) string {
	switch c {
	case rules.Locking:
		return "Performance"
	case rules.Compat:
		return "Compatibility"
	case rules.Naming:
		return "Style"
	}
	return "Bug Risk"
}
