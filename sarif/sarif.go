// Package sarif encodes engine results as SARIF 2.1.0 for GitHub code
// scanning and other SARIF consumers. It holds no lint logic: every fact it
// writes comes from the engine result and the rule registry.
//
// Choices a consumer may rely on:
//
//   - ruleId is the rule's kebab-case name (require-concurrent-index-creation),
//     the identifier users already type in suppression comments, config and
//     on the command line, and the one the text and JSON reports print; the
//     stable code (SR101) is in the rule's properties.code. A renamed rule
//     keeps its old name as an alias, but its ruleId changes, so GitHub would
//     close and reopen its alerts: rename rules sparingly.
//   - tool.driver.rules lists every rule of the registry, ordered by code,
//     whether or not it reported, so ruleIndex means the same rule in every
//     log of one version.
//   - Columns are UTF-16 code units and the run says so (columnKind
//     utf16CodeUnits). That is SARIF's default and what GitHub's examples,
//     VS Code and other JavaScript-based viewers use, so a consumer that
//     ignores columnKind still gets the right column. The engine counts
//     code points; the two differ only after characters outside the Basic
//     Multilingual Plane (emoji), which count as two units here.
//   - Artifact URIs are relative to Options.Root (the repository root) with
//     uriBaseId %SRCROOT%, slash-separated and percent-encoded; symlinks are
//     resolved first, as GitHub asks. A file outside Root keeps an absolute
//     file:// URI with no uriBaseId. Standard input is reported as
//     "stdin.sql" in the working directory, the name the engine already
//     gives it when it looks up the config and exclusions for it. The run's
//     originalUriBaseIds gives %SRCROOT% the root's file:// URI, for
//     viewers that open the files (GitHub ignores it); it is the only
//     machine-specific value in the log.
//   - partialFingerprints carries the engine's fingerprint, which survives
//     lines being added or removed above a finding, under "sqlreview/v1" and
//     under "primaryLocationLineHash", the only key GitHub reads (without it
//     a raw API upload, which computes no fingerprints, duplicates alerts).
//   - Suppressed findings are left out by default: GitHub code scanning
//     ignores SARIF suppressions unless the repository opts in
//     (github/codeql-action#1230), so it would open an alert for every
//     accepted risk. Options.Suppressed keeps them, for consumers that
//     honour suppressions: a suppression of kind inSource, status accepted,
//     and the comment's reason as justification.
//   - GitHub shows the first 5,000 results of a run (MaxResults; it rejects
//     a run above 25,000 and a file above 10 MB gzipped). Write keeps the
//     most important results (unsuppressed before suppressed, then by
//     Options.KeepFirst, the most severe by default; in report order) and
//     says in a toolExecutionNotification how many it left out, of which
//     levels and rules, and where they all are.
//   - invocations[0].executionSuccessful is false when some file could not
//     be read, with one error notification per file. A config problem stops
//     the engine before any report is written, so it never appears here.
package sarif

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

const (
	// ToolName is tool.driver.name; GitHub files alerts under it.
	ToolName = "sqlreview"
	// InformationURI is tool.driver.informationUri.
	InformationURI = "https://github.com/sqlreview/sqlreview"
	// FingerprintKey names the engine's fingerprint in partialFingerprints;
	// the version suffix changes if the fingerprint's recipe ever does, so
	// old and new values are never compared as equals.
	FingerprintKey = "sqlreview/v1"
	// SrcRoot is the uriBaseId of paths relative to Options.Root.
	SrcRoot = "%SRCROOT%"
	// MaxResults is how many results of a run GitHub code scanning shows
	// (it keeps the top 5,000 by severity, and rejects a run above 25,000):
	// the log holds no more, so which ones is sqlreview's choice.
	MaxResults = 5000
	// MaxGzipBytes is GitHub's limit on the gzip-compressed SARIF file.
	MaxGzipBytes = 10 << 20
)

// Limits are variables so tests can exercise the cut without writing
// megabytes; production code never changes them.
var (
	maxResults   = MaxResults
	maxGzipBytes = MaxGzipBytes
)

// Options control the SARIF log.
type Options struct {
	// Version is sqlreview's version (tool.driver.version); "" omits it.
	Version string
	// Root is the repository root artifact URIs are relative to; "" means
	// the working directory.
	Root string
	// Category tells several uploads for one commit apart
	// (automationDetails.id); "" omits it.
	Category string
	// Suppressed keeps suppressed findings as results with suppressions
	// (check --show-suppressed); by default they are left out.
	Suppressed bool
	// KeepFirst decides which results a cut keeps, after unsuppressed
	// before suppressed: those first by it (nil: the most severe).
	KeepFirst keep.Order
	// FullReport lists the run's other outputs that hold every finding,
	// named in the notification of a cut.
	FullReport []string
}

// Write encodes res as an indented SARIF 2.1.0 log with one run. When the
// results exceed GitHub's limits, the least important are left out and a
// notification in the log says how many; an error is returned only when the
// log cannot fit even without results, or on a write error.
func Write(w io.Writer, res *engine.Result, opt Options) error {
	data, err := Encode(res, opt)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Encode is Write returning the bytes.
func Encode(res *engine.Result, opt Options) ([]byte, error) {
	b, err := newBuilder(res, opt)
	if err != nil {
		return nil, err
	}
	cands := b.results()
	n := min(len(cands), maxResults)
	data, err := b.encode(cands, n)
	if err != nil {
		return nil, err
	}
	if fits(data) {
		return data, nil
	}
	// Too big: binary-search the most results that fit. Each probe encodes
	// the whole log again, notification included, which is affordable
	// because it only happens to logs of many megabytes.
	lo, hi, best := 0, n-1, -1
	for lo <= hi {
		mid := (lo + hi) / 2
		d, err := b.encode(cands, mid)
		if err != nil {
			return nil, err
		}
		if fits(d) {
			best, data = mid, d
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	if best < 0 {
		return nil, fmt.Errorf("the SARIF log is larger than GitHub's limit of %s gzipped even without results; check fewer files per run", sizeText(maxGzipBytes))
	}
	return data, nil
}

// fits reports whether data is within GitHub's gzip size limit. A log no
// longer than the limit fits as is (gzip only grows incompressible input,
// which JSON is not), so small logs are never compressed.
func fits(data []byte) bool {
	if len(data) <= maxGzipBytes {
		return true
	}
	cw := &countWriter{}
	zw := gzip.NewWriter(cw)
	if _, err := zw.Write(data); err != nil {
		return false
	}
	if err := zw.Close(); err != nil {
		return false
	}
	return cw.n <= maxGzipBytes
}

// countWriter counts the gzip output instead of keeping it.
type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// The log is built from go-sarif's model, with three wrapper types: go-sarif
// v2 writes a suppression's unset status, guid and location as null, which
// the schema rejects, so results carry their own suppression type. The outer
// fields shadow the embedded ones when encoding/json flattens the embedding.
type (
	sarifLog struct {
		*gosarif.Report
		Runs []*sarifRun `json:"runs"`
	}
	sarifRun struct {
		*gosarif.Run
		Results []*sarifResult `json:"results"`
	}
	sarifResult struct {
		*gosarif.Result
		Suppressions []*suppression `json:"suppressions,omitempty"`
	}
	suppression struct {
		Kind          string `json:"kind"`
		Status        string `json:"status,omitempty"`
		Justification string `json:"justification,omitempty"`
	}
)

// builder holds what every encoding of one result set shares.
type builder struct {
	res       *engine.Result
	opt       Options
	uris      *uriMapper
	ruleIndex map[*rules.Rule]int
	rules     []*gosarif.ReportingDescriptor
	rootURI   string
}

func newBuilder(res *engine.Result, opt Options) (*builder, error) {
	um, err := newURIMapper(opt.Root)
	if err != nil {
		return nil, err
	}
	b := &builder{res: res, opt: opt, uris: um, ruleIndex: map[*rules.Rule]int{}, rootURI: um.rootURI()}
	for i, r := range all.Rules() {
		b.ruleIndex[r] = i
		b.rules = append(b.rules, ruleDescriptor(r))
	}
	return b, nil
}

// ranked is a result with its finding's place in the report.
type ranked struct {
	r     *sarifResult
	f     *engine.Finding
	order int
}

// results converts the findings the log reports (suppressed ones only with
// Options.Suppressed), most important first: unsuppressed before
// suppressed, then by Options.KeepFirst; ties in report order.
func (b *builder) results() []ranked {
	var fs []engine.Finding
	var at []int
	for i, f := range b.res.Findings {
		if f.Suppressed && !b.opt.Suppressed {
			continue
		}
		fs = append(fs, f)
		at = append(at, i)
	}
	unsuppressedFirst := func(a, c *engine.Finding) bool { return !a.Suppressed && c.Suppressed }
	out := make([]ranked, 0, len(fs))
	for _, i := range keep.Indexes(fs, keep.Then(unsuppressedFirst, keep.Or(b.opt.KeepFirst))) {
		out = append(out, ranked{r: b.result(fs[i]), f: &b.res.Findings[at[i]], order: at[i]})
	}
	return out
}

// encode writes the log with the first keep of the ranked results, in
// report order.
func (b *builder) encode(cands []ranked, n int) ([]byte, error) {
	kept := append([]ranked(nil), cands[:n]...)
	sort.Slice(kept, func(i, j int) bool { return kept[i].order < kept[j].order })
	results := make([]*sarifResult, len(kept))
	for i, k := range kept {
		results[i] = k.r
	}

	driver := gosarif.NewDriver(ToolName).WithInformationURI(InformationURI).WithRules(b.rules)
	if b.opt.Version != "" {
		driver.WithVersion(b.opt.Version)
	}
	run := gosarif.NewRun(gosarif.Tool{Driver: driver})
	run.WithColumnKind("utf16CodeUnits")
	run.OriginalUriBaseIDs = map[string]*gosarif.ArtifactLocation{
		SrcRoot: gosarif.NewSimpleArtifactLocation(b.rootURI).WithDescriptionText("The repository root sqlreview reported paths against."),
	}
	if c := automationID(b.opt.Category); c != "" {
		run.WithAutomationDetails(gosarif.NewRunAutomationDetails().WithID(c))
	}
	if len(b.res.Risk) > 0 {
		// The risk of the checked files per environment (rules/risk), for
		// whoever reads the log before the merge.
		risks := make([]map[string]any, len(b.res.Risk))
		for i, r := range b.res.Risk {
			reasons := append([]string{}, r.Reasons...)
			risks[i] = map[string]any{"env": r.Env, "level": r.Level.String(), "reasons": reasons}
		}
		run.PropertyBag = gosarif.PropertyBag{Properties: gosarif.Properties{"risk": risks}}
	}
	inv := gosarif.NewInvocation().WithExecutionSuccess(len(b.res.Errors) == 0)
	var notes []*gosarif.Notification
	for _, e := range b.res.Errors {
		notes = append(notes, gosarif.NewNotification().WithLevel("error").WithTextMessage(e.Error()))
	}
	if dropped := len(cands) - n; dropped > 0 {
		notes = append(notes, b.droppedNotification(cands[n:], len(cands), n))
	}
	inv.ToolExecutionNotifications = notes
	run.Invocations = []*gosarif.Invocation{inv}

	rep, err := gosarif.New(gosarif.Version210, true)
	if err != nil {
		return nil, err
	}
	log := sarifLog{Report: rep, Runs: []*sarifRun{{Run: run, Results: results}}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Messages and help quote SQL (<, >, &); HTML-escaping them would only
	// make the log harder to read.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// droppedNotification says what a cut left out: how many results, of
// which levels and rules (in the message and as properties), which of
// GitHub's limits forced it, and where every finding is.
func (b *builder) droppedNotification(dropped []ranked, total, kept int) *gosarif.Notification {
	byLevel := map[string]int{}
	byRule := map[string]int{}
	for _, d := range dropped {
		byLevel[level(d.f.Severity)]++
		byRule[d.f.Rule.Name]++
	}
	var levelText []string
	for _, l := range []string{"error", "warning", "note", "none"} {
		if n := byLevel[l]; n > 0 {
			levelText = append(levelText, fmt.Sprintf("%d %s", n, l))
		}
	}
	var limits []string
	if total > maxResults {
		limits = append(limits, fmt.Sprintf("shows at most %d results per run", maxResults))
	}
	if kept < min(total, maxResults) {
		limits = append(limits, fmt.Sprintf("accepts SARIF files of at most %s gzipped", sizeText(maxGzipBytes)))
	}
	where := "the text or JSON report of `sqlreview check` (--format text, --format json=FILE)"
	if len(b.opt.FullReport) > 0 {
		where = strings.Join(b.opt.FullReport, ", ")
	}
	text := fmt.Sprintf("%d of %d results were left out of this log (%s) because GitHub code scanning %s; "+
		"the least severe went first. Every finding is in %s.",
		len(dropped), total, strings.Join(levelText, ", "), strings.Join(limits, " and "), where)
	n := gosarif.NewNotification().WithLevel("warning").WithTextMessage(text)
	n.PropertyBag = gosarif.PropertyBag{Properties: gosarif.Properties{
		"omittedResults": len(dropped), "omittedByLevel": byLevel, "omittedByRule": byRule,
	}}
	return n
}

// sizeText renders a byte limit the way GitHub's documentation states it.
func sizeText(n int) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// automationID turns --sarif-category into automationDetails.id. GitHub
// reads the id as "category/run-id" and an id without "/" as a run id with
// no category, which would let two categories overwrite each other; so a
// category gets a trailing slash, as codeql-action's upload does.
func automationID(category string) string {
	category = strings.TrimSpace(category)
	if category == "" || strings.HasSuffix(category, "/") {
		return category
	}
	return category + "/"
}

var levels = map[rules.Severity]string{rules.Error: "error", rules.Warning: "warning", rules.Info: "note"}

// level maps a severity to a SARIF level; Off never reaches a report, but
// "none" is its honest name if it does.
func level(s rules.Severity) string {
	if l, ok := levels[s]; ok {
		return l
	}
	return "none"
}

// result converts one finding.
func (b *builder) result(f engine.Finding) *sarifResult {
	src := b.res.Sources[f.Path]
	loc := b.uris.location(f.Path)
	r := gosarif.NewRuleResult(f.Rule.Name).
		WithLevel(level(f.Severity)).
		WithMessage(gosarif.NewTextMessage(message(f))).
		WithLocations([]*gosarif.Location{gosarif.NewLocationWithPhysicalLocation(
			gosarif.NewPhysicalLocation().WithArtifactLocation(loc).WithRegion(region(src, f.StartOffset, f.EndOffset, f.Start, f.End)),
		)})
	// A rule outside the registry (a test double) has no index; a wrong one
	// would send consumers to another rule's help.
	if i, ok := b.ruleIndex[f.Rule]; ok {
		r.WithRuleIndex(i)
	}
	if f.Fingerprint != "" {
		r.WithPartialFingerPrints(map[string]interface{}{FingerprintKey: f.Fingerprint, "primaryLocationLineHash": f.Fingerprint})
	}
	if f.Fix != nil && len(f.Fix.Edits) > 0 {
		r.WithFix([]*gosarif.Fix{fix(f.Fix, loc, src)})
	}
	out := &sarifResult{Result: r}
	if f.Suppressed {
		out.Suppressions = []*suppression{{Kind: "inSource", Status: "accepted", Justification: f.SuppressionReason}}
	}
	return out
}

// message is the finding's message; GitHub titles the alert with its first
// sentence and rejects empty text.
func message(f engine.Finding) string {
	if strings.TrimSpace(f.Message) != "" {
		return f.Message
	}
	return f.Rule.Doc.Title
}

// region converts a byte range to 1-based lines and UTF-16 columns, end
// exclusive. Without the source (a result built by hand), the engine's
// code-point positions are the best available.
func region(src *source.File, start, end int, startPos, endPos source.Position) *gosarif.Region {
	sl, sc, el, ec := startPos.Line, startPos.Column, endPos.Line, endPos.Column
	if src != nil && src.Lines() != nil {
		l0, c16 := src.Lines().UTF16(start)
		sl, sc = l0+1, c16+1
		l0, c16 = src.Lines().UTF16(end)
		el, ec = l0+1, c16+1
	}
	sl, sc = max(sl, 1), max(sc, 1)
	if el < sl || (el == sl && ec < sc) {
		el, ec = sl, sc
	}
	return gosarif.NewRegion().WithStartLine(sl).WithStartColumn(sc).WithEndLine(el).WithEndColumn(ec)
}

// fix converts an engine fix; its regions use the run's column kind too.
func fix(fx *rules.Fix, loc *gosarif.ArtifactLocation, src *source.File) *gosarif.Fix {
	ch := gosarif.NewArtifactChange(loc)
	ch.Replacements = []*gosarif.Replacement{}
	for _, e := range fx.Edits {
		var sp, ep source.Position
		if src != nil {
			sp, ep = src.Position(e.Start), src.Position(e.End)
		}
		rep := gosarif.NewReplacement(region(src, e.Start, e.End, sp, ep))
		rep.WithInsertedContent(gosarif.NewArtifactContent().WithText(e.NewText))
		ch.Replacements = append(ch.Replacements, rep)
	}
	title := fx.Title
	if title == "" {
		title = "Apply the automatic fix"
	}
	out := gosarif.NewFix().WithDescriptionText(title).WithArtifactChanges([]*gosarif.ArtifactChange{ch})
	// SARIF has no notion of a fix that changes meaning; consumers that
	// apply fixes unattended can skip the unsafe ones by this flag.
	out.PropertyBag = gosarif.PropertyBag{Properties: gosarif.Properties{"safe": fx.Safe}}
	return out
}
