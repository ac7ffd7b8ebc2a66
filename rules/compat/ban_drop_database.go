package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropDatabase reports DROP DATABASE.
var BanDropDatabase = &rules.Rule{
	Code: "SR203", Name: "ban-drop-database",
	Aliases:  []string{"banDropDatabase"},
	Category: rules.Compat, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Dropping a database",
		Why: "Applications name their database in the connection string, so every one of them fails to connect once it is gone, and all of its data is lost. " +
			"DROP DATABASE cannot run inside a transaction block either, so a migration tool that wraps files in a transaction fails on it. " +
			"Drop databases by hand, after checking that nothing connects to them, not from a migration.",
		Bad:  "DROP DATABASE analytics;",
		Good: "CREATE DATABASE analytics;",
	},
	Check: checkBanDropDatabase,
}

func checkBanDropDatabase(p *rules.Pass) {
	dd, ok := p.Stmt.Node.GetNode().(*pg_query.Node_DropdbStmt)
	if !ok {
		return
	}
	p.Reportf(p.Stmt.Start, p.Stmt.End, "dropping database %s destroys all its data and breaks every application that connects to it; "+
		"drop databases by hand, not from a migration", rules.Quote(dd.DropdbStmt.GetDbname()))
}
