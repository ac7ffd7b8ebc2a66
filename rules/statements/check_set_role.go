package statements

import (
	"strings"

	"github.com/sqlreview/sqlreview/rules"
)

// CheckSetRole reports a file that does not start with SET ROLE.
var CheckSetRole = &rules.Rule{
	Code: "SR414", Name: "require-set-role",
	Aliases: []string{
		"statement.check-set-role-variable", // Bytebase rule key
		"STATEMENT_CHECK_SET_ROLE_VARIABLE", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Migration file without SET ROLE before its first statement",
		Why: "Objects belong to the role that creates them. When migrations run as whichever user the deploy happens to connect with, tables end up owned by different roles, " +
			"and later ALTER TABLE or DROP by another role fails with `must be owner of table`. " +
			"Teams that keep one owner role start every file with SET ROLE (only SET statements may come before it); the finding is on the first statement that is not a SET.",
		Bad:  "CREATE TABLE notes (id bigint PRIMARY KEY);",
		Good: "SET ROLE app_owner;\nCREATE TABLE notes (id bigint PRIMARY KEY);",
	},
	AtEnd: checkSetRole,
}

func checkSetRole(p *rules.Pass) {
	var first int = -1
	for _, s := range p.File.Statements {
		if s.Node == nil {
			continue
		}
		vs := s.Node.GetVariableSetStmt()
		if vs == nil {
			first = s.Index
			break
		}
		if strings.EqualFold(vs.GetName(), "role") {
			return
		}
	}
	if first < 0 {
		if len(p.File.Statements) == 0 {
			return
		}
		first = 0
	}
	s := p.File.Statements[first]
	start, end := headRange(s)
	p.Reportf(start, end, "no SET ROLE before the first statement of the file, so the objects it creates belong to whichever role runs the migration; start the file with SET ROLE")
}
