package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/sqlreview/sqlreview/internal/keep"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func init() { Register("azure", Azure) }

// AzureIssuesPerType is how many errors and how many warnings the Azure
// Pipelines agent keeps as issues of one task; it drops the rest.
const AzureIssuesPerType = 10

// Azure writes Azure Pipelines logging commands, one per unsuppressed
// finding:
//
//	##vso[task.logissue type=error;sourcepath=PATH;linenumber=L;columnnumber=C;code=RULE]MESSAGE
//
// Errors are type=error and warnings type=warning. Azure has no lower issue
// level, and reporting info findings as warnings would turn an informational
// run into "partially succeeded", so they are printed as plain log lines
// ("info: PATH:L:C: MESSAGE [RULE]") instead. Suppressed findings are left
// out; files that could not be read are type=error issues. sourcepath is
// absolute, as the agent asks for file paths.
//
// The agent keeps AzureIssuesPerType errors and as many warnings per task.
// So no more are written: the ones Options.KeepFirst puts first (the most
// severe by default) are issues, the others plain log lines like info
// findings, and one issue, of the most severe type cut, takes the last
// slot to say how many were left out and where they all are.
//
// The last line sets the step's result: result=Failed when the merge gate
// fails (or a file could not be read), so the step fails even when the
// pipeline ignores sqlreview's exit code; result=SucceededWithIssues when
// there are errors or warnings below the gate, so they show on the run; no
// line when there is nothing to report.
func Azure(w io.Writer, res *engine.Result, opt Options) error {
	var b strings.Builder
	findings := ciFindings(res)
	errs := ciErrors(res, opt.Root)
	asIssue, left, noticeType := azureIssues(findings, len(errs), opt.KeepFirst)
	issues := 0
	for i, f := range findings {
		if !asIssue[i] {
			if f.Severity != rules.Error && f.Severity != rules.Warning {
				b.WriteString(azurePlainLine(f, opt))
			}
			continue
		}
		issues++
		fmt.Fprintf(&b, "##vso[task.logissue type=%s;sourcepath=%s;linenumber=%d;columnnumber=%d;code=%s]%s\n",
			f.Severity, azureProperty(Escape(azureSourcePath(f.Path))), f.Start.Line, f.Start.Column, azureProperty(f.Rule.Name),
			azureData(escapeCommandData(f.Message)))
	}
	for _, e := range errs {
		issues++
		props := "type=error"
		if e.Path != "" {
			props += ";sourcepath=" + azureProperty(Escape(azureSourcePath(filepath.Join(opt.Root, e.Path))))
		}
		fmt.Fprintf(&b, "##vso[task.logissue %s;code=read-error]%s\n", props, azureData(escapeCommandData(e.Message)))
	}
	if len(left) > 0 {
		for _, f := range left {
			if f.Severity == rules.Error || f.Severity == rules.Warning {
				b.WriteString(azurePlainLine(f, opt))
			}
		}
		fmt.Fprintf(&b, "##vso[task.logissue type=%s;code=sqlreview-left-out]%s\n", noticeType, azureData(azureLeftOut(left, opt)))
	}
	switch {
	case opt.Failed || len(res.Errors) > 0:
		fmt.Fprintf(&b, "##vso[task.complete result=Failed;]%s\n", azureData(ciSummary(res)+" "+ciGate(opt)))
	case issues > 0:
		fmt.Fprintf(&b, "##vso[task.complete result=SucceededWithIssues;]%s\n", azureData(ciSummary(res)+" "+ciGate(opt)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// azureIssues chooses the errors and warnings that become issues, at most
// AzureIssuesPerType of each type, by order; readErrors error issues come
// first. left are the errors and warnings that do not; when there are
// some, noticeType is the type of the issue that says so, and its slot is
// taken from that type's budget.
func azureIssues(findings []engine.Finding, readErrors int, order keep.Order) (asIssue []bool, left []engine.Finding, noticeType string) {
	var byType [2][]int // errors, warnings
	for i, f := range findings {
		switch f.Severity {
		case rules.Error:
			byType[0] = append(byType[0], i)
		case rules.Warning:
			byType[1] = append(byType[1], i)
		}
	}
	budget := [2]int{AzureIssuesPerType - readErrors, AzureIssuesPerType}
	switch {
	case len(byType[0]) > budget[0]:
		noticeType = "error"
		budget[0]--
	case len(byType[1]) > budget[1]:
		noticeType = "warning"
		budget[1]--
	}
	asIssue = keep.MarkGroups(findings, byType[:], budget[:], order)
	for i, f := range findings {
		if !asIssue[i] && (f.Severity == rules.Error || f.Severity == rules.Warning) {
			left = append(left, f)
		}
	}
	return asIssue, left, noticeType
}

// azurePlainLine is a finding as a plain log line, inert for the agent.
func azurePlainLine(f engine.Finding, opt Options) string {
	return fmt.Sprintf("%s: %s:%d:%d: %s [%s]\n", f.Severity, azurePlain(ciPath(opt.Root, f.Path)), f.Start.Line, f.Start.Column,
		azurePlain(f.Message), f.Rule.Name)
}

// azureLeftOut is the issue about errors and warnings beyond the limit.
func azureLeftOut(left []engine.Finding, opt Options) string {
	return fmt.Sprintf("%s are not issues: Azure Pipelines keeps %d errors and %d warnings per task as issues. Every finding is in %s.",
		ciFindingsText(left), AzureIssuesPerType, AzureIssuesPerType, ciWhere("this task's log", opt))
}

// azureSourcePath is path as the agent wants a file path: absolute.
// Standard input has no file and stays as named.
func azureSourcePath(path string) string {
	if path == engine.StdinPath || path == "" {
		return path
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// azureData escapes a logging command's message as the agent expects
// (azure-pipelines-task-lib's escapedata): '%' is %AZP25, the agent's
// escape for a literal percent sign.
func azureData(s string) string {
	return strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// azureProperty escapes a property value: ';' separates properties and ']'
// ends them.
func azureProperty(s string) string {
	return strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A", "]", "%5D", ";", "%3B").Replace(s)
}

// azurePlain makes text safe on a plain log line: the agent runs the first
// "##vso[" anywhere in a line, so a table name chosen by a migration's author
// must not smuggle one in, and "##[" at a line start would format the line.
func azurePlain(s string) string { return Escape(s) }
