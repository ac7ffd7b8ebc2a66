package statements

import (
	"reflect"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// PriorBackupCheck reports schema changes in a file that also changes data
// (UPDATE or DELETE).
var PriorBackupCheck = &rules.Rule{
	Code: "SR423", Name: "no-ddl-in-data-change",
	Aliases: []string{
		"statement.prior-backup-check", // Bytebase rule key
		"BUILTIN_PRIOR_BACKUP_CHECK",   // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Schema change in a file that updates or deletes data",
		Why: "Data changes (UPDATE, DELETE) are the statements worth backing up before they run — Bytebase's prior backup copies the affected rows aside first — and worth re-running alone when they fail. " +
			"A file that also creates, alters or drops objects cannot be backed up or retried that way, and mixes two reviews into one. " +
			"Put schema changes and data changes in separate files. This is the offline part of Bytebase's BUILTIN_PRIOR_BACKUP_CHECK; " +
			"its check that the backup schema exists needs Bytebase's server and is not reproduced.",
		Bad:  "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;",
		Good: "UPDATE users SET plan = 'free' WHERE plan IS NULL;",
	},
	Check: checkPriorBackup,
}

type dataChangeKey struct{}

func checkPriorBackup(p *rules.Pass) {
	changesData := p.FileMemo(dataChangeKey{}, func() any {
		for _, s := range p.File.Statements {
			switch s.Node.GetNode().(type) {
			case *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt:
				return true
			}
		}
		return false
	}).(bool)
	if !changesData || !isDDL(p.Stmt.Node) {
		return
	}
	start, end := headRange(p.Stmt)
	if toks := p.Stmt.Tokens(); len(toks) > 1 {
		end = toks[1].End
	}
	p.Reportf(start, end, "this file updates or deletes data, and a data change should not also change the schema; move this statement to a migration file of its own")
}

// isDDL reports whether the statement defines, changes or removes a
// database object, judged by its node type's name (cached per type: the
// check runs on every statement).
func isDDL(n *pg_query.Node) bool {
	if n.GetNode() == nil {
		return false
	}
	t := reflect.TypeOf(n.GetNode())
	if v, ok := ddlTypes.Load(t); ok {
		return v.(bool)
	}
	name := strings.TrimPrefix(t.String(), "*pg_query.Node_")
	ddl := false
	for _, prefix := range []string{"Create", "Alter", "Drop", "Rename", "Comment", "Index", "View", "Define", "Composite", "Grant", "Truncate", "Refresh", "Reindex", "Cluster"} {
		if strings.HasPrefix(name, prefix) {
			ddl = true
			break
		}
	}
	ddlTypes.Store(t, ddl)
	return ddl
}

var ddlTypes sync.Map // reflect.Type of a Node's oneof wrapper -> bool
