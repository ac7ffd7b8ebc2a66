package main

import (
	"io"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/sarif"
)

// The report package cannot import encoders that live above it in the
// import graph (cmd → sarif → rules/engine), so the CLI registers them.
func init() {
	report.Register("sarif", func(w io.Writer, res *engine.Result, opt report.Options) error {
		return sarif.Write(w, res, sarif.Options{Version: opt.Version, Root: opt.Root, Category: opt.Category,
			Suppressed: opt.ShowSuppressed, KeepFirst: opt.KeepFirst, FullReport: opt.FullReport})
	})
}

// ruleURL is the documentation of a rule, as SARIF's helpUri names it, for
// the reports that link rules (markdown).
func ruleURL(r *rules.Rule) string { return r.DocURL() }
