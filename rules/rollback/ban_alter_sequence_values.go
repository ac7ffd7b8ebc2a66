package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterSequenceValues reports ALTER SEQUENCE options, and identity
// sequence options on an existing table, that change the values generated.
var BanAlterSequenceValues = &rules.Rule{
	Code: "SR223", Name: "ban-alter-sequence-values",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Changing the options of an existing sequence or identity",
		Why: "RESTART, START, INCREMENT, MINVALUE / MAXVALUE, CYCLE, CACHE and AS change the numbers nextval() hands out: a " +
			"restart can hand out ids already in use, a smaller MAXVALUE makes inserts fail once reached, a new increment breaks " +
			"code that assumes consecutive values. Clients of every release get the new numbers, and a code rollback does not " +
			"rewind the sequence. Off by default. OWNED BY is not reported, nor sequences (and identity columns of tables) created " +
			"earlier in the same file.",
		Bad:  "ALTER SEQUENCE order_ids RESTART WITH 1;",
		Good: "CREATE SEQUENCE order_ids;\nALTER SEQUENCE order_ids RESTART WITH 1;",
	},
	Check: func(p *rules.Pass) {
		switch n := p.Stmt.Node.GetNode().(type) {
		case *pg_query.Node_AlterSeqStmt:
			checkSequenceOptions(p, n.AlterSeqStmt)
		case *pg_query.Node_AlterTableStmt:
			existingCmds(p, onlyTable, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, span cmdSpan) {
				if cmd.GetSubtype() != pg_query.AlterTableType_AT_SetIdentity || newColumn(p, rel, cmd.GetName()) {
					return
				}
				opts, ranges := identityOptions(p, cmd, span)
				for k, o := range opts {
					if o.GetDefname() != "generated" {
						p.Reportf(ranges[k][0], ranges[k][1], "changing the identity sequence of column %s of %s changes the values "+
							"generated for existing clients; coordinate it with them", rules.Quote(cmd.GetName()), rules.RelName(rel))
					}
				}
			})
		}
	},
}

func checkSequenceOptions(p *rules.Pass, as *pg_query.AlterSeqStmt) {
	rel := as.GetSequence()
	if newRelation(p, pg_query.ObjectType_OBJECT_SEQUENCE, rel) {
		return
	}
	opts, ranges := options(p, as.GetOptions(), p.Stmt.End)
	for k, o := range opts {
		if o.GetDefname() == "owned_by" {
			continue
		}
		p.Reportf(ranges[k][0], ranges[k][1], "changing option %s of sequence %s changes the values generated for existing clients; "+
			"coordinate it with them", o.GetDefname(), rules.RelName(rel))
	}
}
