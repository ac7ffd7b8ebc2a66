package statements

import (
	"github.com/sqlreview/sqlreview/rules"
)

// UnsupportedPsqlMetaCommand reports psql meta-commands that change what a
// file does to the database (\connect, \i, \gexec, \copy ...), which
// sqlreview apply, like most migration runners, does not run.
var UnsupportedPsqlMetaCommand = &rules.Rule{
	Code: "SR425", Name: "unsupported-psql-meta-command",
	Category: rules.Statements, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "psql meta-command that changes what the migration runs",
		Why: "psql runs backslash commands itself; sqlreview sends SQL only, and so do most migration runners. " +
			"Skipping \\set, \\echo, \\pset or \\timing changes nothing, but skipping \\connect runs the statements after it on the wrong database, " +
			"and skipping \\i, \\ir, \\include, \\gexec, \\copy, \\!, \\watch, \\lo_import or \\lo_unlink leaves out work the file was meant to do. " +
			"`sqlreview apply`, `release create` and `rollout` refuse such a file; this rule reports it in review, before deploy time.",
		Bad:  "CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);\n\\connect reporting\nCREATE TABLE audit_copy (id bigint PRIMARY KEY, entry text);",
		Good: "\\set ON_ERROR_STOP on\nCREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);",
	},
	AtEnd: checkUnsupportedPsqlMetaCommand,
}

func checkUnsupportedPsqlMetaCommand(p *rules.Pass) {
	for _, m := range p.File.MetaCommands {
		if msg := m.Unsupported(); msg != "" {
			p.Report(rules.Diagnostic{Start: m.Start, End: m.End, Message: msg})
		}
	}
}
