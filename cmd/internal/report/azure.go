package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
)

func init() { Register("azure", Azure) }

// Azure writes Azure Pipelines logging commands, one per unsuppressed
// finding:
//
//	##vso[task.logissue type=error;sourcepath=PATH;linenumber=L;columnnumber=C;code=RULE]MESSAGE
//
// Errors are type=error and warnings type=warning. Azure has no lower issue
// level, and reporting info findings as warnings would turn an informational
// run into "partially succeeded", so they are printed as plain log lines
// ("info: PATH:L:C: MESSAGE [RULE]") instead. Suppressed findings are left
// out; files that could not be read are type=error issues.
//
// The last line sets the step's result: result=Failed when the merge gate
// fails (or a file could not be read), so the step fails even when the
// pipeline ignores sqlreview's exit code; result=SucceededWithIssues when
// there are errors or warnings below the gate, so they show on the run; no
// line when there is nothing to report.
func Azure(w io.Writer, res *engine.Result, opt Options) error {
	var b strings.Builder
	issues := 0
	for _, f := range ciFindings(res) {
		path := ciPath(opt.Root, f.Path)
		if f.Severity != rules.Error && f.Severity != rules.Warning {
			fmt.Fprintf(&b, "%s: %s:%d:%d: %s [%s]\n", f.Severity, azurePlain(path), f.Start.Line, f.Start.Column,
				azurePlain(f.Message), f.Rule.Name)
			continue
		}
		issues++
		fmt.Fprintf(&b, "##vso[task.logissue type=%s;sourcepath=%s;linenumber=%d;columnnumber=%d;code=%s]%s\n",
			f.Severity, azureProperty(Escape(path)), f.Start.Line, f.Start.Column, azureProperty(f.Rule.Name), azureData(escapeCommandData(f.Message)))
	}
	for _, e := range ciErrors(res, opt.Root) {
		issues++
		props := "type=error"
		if e.Path != "" {
			props += ";sourcepath=" + azureProperty(Escape(e.Path))
		}
		fmt.Fprintf(&b, "##vso[task.logissue %s;code=read-error]%s\n", props, azureData(escapeCommandData(e.Message)))
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
