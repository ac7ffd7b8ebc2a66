package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func init() { Register("bitbucket", Bitbucket) }

// Bitbucket Code Insights limits.
const (
	// BitbucketMaxAnnotations is how many annotations one report accepts.
	BitbucketMaxAnnotations = 1000
	// BitbucketAnnotationsPerRequest is how many annotations one POST
	// accepts; BitbucketPipelineStep posts in batches of this size.
	BitbucketAnnotationsPerRequest = 100

	bitbucketSummaryMax = 450
	bitbucketDetailsMax = 2000
)

// BitbucketPipelineStep is a bitbucket-pipelines.yml pull request step that
// reviews the migrations the pull request adds or changes (since the merge
// base with its destination branch; the earlier ones are still replayed for
// the schema) and publishes the result twice, in after-script, which runs
// even when the check fails the step (a failing review is exactly when the
// results matter):
//
//   - as a Code Insights report on the commit: the report (PUT) and its
//     annotations (POST, in batches of BitbucketAnnotationsPerRequest, the
//     API's limit), through the pipeline's authenticating proxy on
//     localhost:29418, so no token is needed; the old report is deleted
//     first so a re-run does not pile annotations onto it;
//   - as one pull request comment (the markdown format), found by its first
//     line and updated on every push, through the comments API with a
//     repository access token (pullrequest:write) in the secured variable
//     SQLREVIEW_BITBUCKET_TOKEN; without it the comment is skipped.
//
// It installs the release archive with dist/install.sh (verified against
// the release's checksums, kept in the custom cache "sqlreview", which the
// pipeline's definitions declare), and needs curl and jq (installed with
// apt-get when the image lacks jq).
//
// examples/ci/bitbucket-pipelines.yml and the README copy it; the tests run
// its after-script against a fake curl.
const BitbucketPipelineStep = `- step:
    name: Review migrations (sqlreview)
    image: buildpack-deps:bookworm-scm # git and curl; sqlreview needs no Go
    clone:
      depth: full # history for the merge base with the destination branch
    caches: [sqlreview] # the verified release archive
    script:
      - curl -fsSL -o /tmp/sqlreview-install.sh https://raw.githubusercontent.com/sqlreview/sqlreview/v0.1.0/dist/install.sh # pin the release you have reviewed
      - SQLREVIEW_CACHE_DIR="$BITBUCKET_CLONE_DIR/.sqlreview-cache" sh /tmp/sqlreview-install.sh v0.1.0 /usr/local/bin
      - git fetch origin "+refs/heads/$BITBUCKET_PR_DESTINATION_BRANCH:refs/remotes/origin/$BITBUCKET_PR_DESTINATION_BRANCH"
      - sqlreview check --new-from-rev "origin/$BITBUCKET_PR_DESTINATION_BRANCH" --format text --format bitbucket=sqlreview-bitbucket.json --format markdown=sqlreview.md migrations/
    after-script:
      - |
        if [ -f sqlreview-bitbucket.json ]; then
          command -v jq >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq jq; }
          url="http://api.bitbucket.org/2.0/repositories/$BITBUCKET_REPO_OWNER/$BITBUCKET_REPO_SLUG/commit/$BITBUCKET_COMMIT/reports/sqlreview"
          curl -sS --proxy http://localhost:29418 --request DELETE "$url" >/dev/null || true
          jq '.report' sqlreview-bitbucket.json |
            curl -sS --fail-with-body --proxy http://localhost:29418 --request PUT "$url" \
              --header 'Content-Type: application/json' --data-binary @-
          n=$(jq '.annotations | length' sqlreview-bitbucket.json)
          i=0
          while [ "$i" -lt "$n" ]; do
            jq ".annotations[$i:$((i + 100))]" sqlreview-bitbucket.json |
              curl -sS --fail-with-body --proxy http://localhost:29418 --request POST "$url/annotations" \
                --header 'Content-Type: application/json' --data-binary @-
            i=$((i + 100))
          done
        fi
      - |
        if [ -f sqlreview.md ] && [ -n "${SQLREVIEW_BITBUCKET_TOKEN:-}" ] && [ -n "${BITBUCKET_PR_ID:-}" ]; then
          command -v jq >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq jq; }
          comments="https://api.bitbucket.org/2.0/repositories/$BITBUCKET_REPO_FULL_NAME/pullrequests/$BITBUCKET_PR_ID/comments"
          marker=$(head -n 1 sqlreview.md)
          id=
          page="$comments?pagelen=100"
          while [ -z "$id" ] && [ -n "$page" ]; do
            list=$(curl -sS --fail-with-body --header "Authorization: Bearer $SQLREVIEW_BITBUCKET_TOKEN" "$page")
            id=$(printf '%s' "$list" | M="$marker" jq -r '[.values[] | select(.deleted != true and ((.content.raw // "") | split("\n")[0] | rtrimstr("\r")) == env.M)][0].id // empty')
            page=$(printf '%s' "$list" | jq -r '.next // empty')
          done
          if [ -n "$id" ]; then
            jq -Rs '{content: {raw: .}}' sqlreview.md |
              curl -sS --fail-with-body --request PUT --header "Authorization: Bearer $SQLREVIEW_BITBUCKET_TOKEN" \
                --header 'Content-Type: application/json' --data-binary @- "$comments/$id" >/dev/null
          else
            jq -Rs '{content: {raw: .}}' sqlreview.md |
              curl -sS --fail-with-body --request POST --header "Authorization: Bearer $SQLREVIEW_BITBUCKET_TOKEN" \
                --header 'Content-Type: application/json' --data-binary @- "$comments" >/dev/null
          fi
        fi
`

// BitbucketOutput is what the bitbucket format writes: the two request
// bodies BitbucketPipelineStep sends.
type BitbucketOutput struct {
	Report      BitbucketReport       `json:"report"`
	Annotations []BitbucketAnnotation `json:"annotations"`
}

// BitbucketReport is the body of PUT .../commit/{commit}/reports/{id}.
type BitbucketReport struct {
	Title      string          `json:"title"`
	Details    string          `json:"details"`
	ExternalID string          `json:"external_id"`
	ReportType string          `json:"report_type"`
	Reporter   string          `json:"reporter"`
	Result     string          `json:"result"`
	Data       []BitbucketData `json:"data"`
}

// BitbucketData is one of the report's (at most six) data fields.
type BitbucketData struct {
	Title string `json:"title"`
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// BitbucketAnnotation is one element of the body of POST
// .../reports/{id}/annotations.
type BitbucketAnnotation struct {
	ExternalID     string `json:"external_id"`
	AnnotationType string `json:"annotation_type"`
	Summary        string `json:"summary"`
	Details        string `json:"details,omitempty"`
	Severity       string `json:"severity"`
	Path           string `json:"path,omitempty"`
	Line           int    `json:"line,omitempty"`
}

// Bitbucket writes a Bitbucket Cloud Code Insights report and its
// annotations as {"report": {...}, "annotations": [...]}; see
// BitbucketPipelineStep for the commands that upload them.
//
// The report's result is FAILED when the merge gate fails (or a file could
// not be read), else PASSED; its data fields hold the counts. Each
// unsuppressed finding is an annotation whose external_id is the finding's
// fingerprint (stable across runs and unique per finding), with severity
// error → HIGH, warning → MEDIUM, info → LOW (CRITICAL is left to security
// scanners), and type CODE_SMELL for the type and naming rules, BUG for the
// rest (they lock, break or fail). Summaries are cut to Bitbucket's 450
// characters. A report takes at most 1000 annotations: beyond that the ones
// Options.KeepFirst puts first (the files the pull request changed, then the
// most severe, when check knows what changed; the most severe otherwise) are kept and
// the details say how many were left out and where they all are.
// Suppressed findings are left out.
func Bitbucket(w io.Writer, res *engine.Result, opt Options) error {
	// What matters most first (Options.KeepFirst: the most severe by
	// default), so a capped report keeps it; ties keep the engine's
	// path-and-position order.
	findings := keep.Sorted(ciFindings(res), opt.KeepFirst)
	anns := []BitbucketAnnotation{}
	for _, e := range ciErrors(res, opt.Root) {
		anns = append(anns, BitbucketAnnotation{
			ExternalID:     "sqlreview-read-error-" + ciErrorID(e),
			AnnotationType: "BUG",
			Summary:        ciTruncate(e.Message, bitbucketSummaryMax),
			Severity:       "HIGH",
			Path:           e.Path,
		})
	}
	for _, f := range findings {
		details := ciTitle(f.Rule)
		if help := helpLine(f); help != "" {
			details += "\n" + help
		}
		anns = append(anns, BitbucketAnnotation{
			ExternalID:     "sqlreview-" + f.Fingerprint,
			AnnotationType: bitbucketType(f.Rule.Category),
			Summary:        ciTruncate(f.Message, bitbucketSummaryMax),
			Details:        ciTruncate(details, bitbucketDetailsMax),
			Severity:       bitbucketSeverity(f.Severity),
			Path:           ciPath(opt.Root, f.Path),
			Line:           f.Start.Line,
		})
	}
	details := ciSummary(res) + " " + ciGate(opt)
	if n := len(anns); n > BitbucketMaxAnnotations {
		// Read errors come first and are few: what is cut is findings.
		left := findings[len(findings)-(n-BitbucketMaxAnnotations):]
		details += fmt.Sprintf(" %s are not annotated: Bitbucket accepts %d annotations per report. Every finding is in %s.",
			ciFindingsText(left), BitbucketMaxAnnotations, ciWhere("", opt))
		anns = anns[:BitbucketMaxAnnotations]
	}
	failed := opt.Failed || len(res.Errors) > 0
	result := "PASSED"
	if failed {
		result = "FAILED"
	}
	reporter := "sqlreview"
	if opt.Version != "" {
		reporter += " " + opt.Version
	}
	t := ciCount(res)
	out := BitbucketOutput{
		Report: BitbucketReport{
			Title:      "sqlreview",
			Details:    ciTruncate(details, bitbucketDetailsMax),
			ExternalID: "sqlreview",
			ReportType: "BUG",
			Reporter:   reporter,
			Result:     result,
			Data: []BitbucketData{
				{Title: "Errors", Type: "NUMBER", Value: t.bySeverity[rules.Error]},
				{Title: "Warnings", Type: "NUMBER", Value: t.bySeverity[rules.Warning]},
				{Title: "Info", Type: "NUMBER", Value: t.bySeverity[rules.Info]},
				{Title: "Suppressed", Type: "NUMBER", Value: t.suppressed},
				{Title: "Files checked", Type: "NUMBER", Value: res.Files},
				{Title: "Safe to merge?", Type: "BOOLEAN", Value: !failed},
			},
		},
		Annotations: anns,
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func bitbucketSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "HIGH"
	case rules.Warning:
		return "MEDIUM"
	}
	return "LOW"
}

func bitbucketType(c rules.Category) string {
	switch c {
	case rules.Types, rules.Naming:
		return "CODE_SMELL"
	}
	return "BUG"
}
