package statements

import (
	"strings"

	"github.com/sqlreview/sqlreview/rules"
)

// DynamicDDLNotReviewable reports an EXECUTE in a DO block or PL/pgSQL
// function that builds DDL at run time.
var DynamicDDLNotReviewable = &rules.Rule{
	Code: "SR426", Name: "dynamic-ddl-not-reviewable",
	Category: rules.Statements, Severity: rules.Info, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "DDL built at run time with EXECUTE in PL/pgSQL",
		Why: "sqlreview reviews the static SQL inside DO blocks and PL/pgSQL functions like the file's own statements, but the " +
			"SQL that EXECUTE runs is a string built when the code runs (EXECUTE format('CREATE INDEX %I ON %I ...', ...)): no " +
			"rule can see which table it locks, whether it rewrites it or builds an index without CONCURRENTLY. The finding " +
			"marks what a reviewer must check by hand; an EXECUTE whose string constants do not start with a DDL command is not " +
			"reported.",
		Bad: "DO $$\nDECLARE t text;\nBEGIN\n  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP\n" +
			"    EXECUTE format('CREATE INDEX ON %I (created_at)', t);\n  END LOOP;\nEND $$;",
		Good: "CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);\n" +
			"CREATE INDEX CONCURRENTLY invoices_created_at_idx ON invoices (created_at);",
	},
	Check: checkDynamicDDLNotReviewable,
}

func checkDynamicDDLNotReviewable(p *rules.Pass) {
	body := p.Stmt.Body()
	if body == nil {
		return
	}
	for _, x := range body.Executes {
		cmd := ddlCommand(x.Literals)
		if cmd == "" {
			continue
		}
		p.Reportf(x.Start, x.End, "EXECUTE runs %s built at run time, which no review can see; check by hand which tables it changes, the locks it takes and how long it runs on the largest database, or write the statements out",
			cmd)
	}
}

// ddlWords are the commands that change the schema or take strong locks.
var ddlWords = map[string]bool{
	"CREATE": true, "ALTER": true, "DROP": true, "TRUNCATE": true, "REINDEX": true, "VACUUM": true,
	"CLUSTER": true, "COMMENT": true, "GRANT": true, "REVOKE": true, "LOCK": true, "REFRESH": true,
}

// ddlCommand returns the first two words of the first string constant that
// starts with a DDL command ("CREATE INDEX"), or "".
func ddlCommand(literals []string) string {
	for _, l := range literals {
		words := strings.Fields(strings.ToUpper(l))
		if len(words) == 0 || !ddlWords[words[0]] {
			continue
		}
		if len(words) > 1 && words[1][0] >= 'A' && words[1][0] <= 'Z' {
			return words[0] + " " + words[1]
		}
		return words[0]
	}
	return ""
}
