package safety

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// systemCatalogs are the pg_catalog tables that migrations have been seen
// to write; an unqualified name resolves to them first, as pg_catalog is
// searched before the search path. pg_settings is left out: writing it is
// set_config().
var systemCatalogs = map[string]bool{
	"pg_class": true, "pg_attribute": true, "pg_index": true, "pg_constraint": true, "pg_trigger": true,
	"pg_type": true, "pg_proc": true, "pg_namespace": true, "pg_depend": true, "pg_shdepend": true,
	"pg_description": true, "pg_enum": true, "pg_attrdef": true, "pg_statistic": true, "pg_database": true,
	"pg_authid": true, "pg_am": true, "pg_opclass": true, "pg_inherits": true, "pg_sequence": true,
	"pg_extension": true, "pg_rewrite": true, "pg_policy": true, "pg_largeobject": true, "pg_event_trigger": true,
}

// BanSystemCatalogWrite reports writes to system catalogs and DISABLE
// TRIGGER ALL.
var BanSystemCatalogWrite = &rules.Rule{
	Code: "SR907", Name: "ban-system-catalog-write",
	Category: rules.Statements, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Write to a system catalog, or DISABLE TRIGGER ALL",
		Why: "UPDATE pg_index SET indisready = false and other writes to pg_catalog tables change the database's own bookkeeping behind its back: " +
			"they need a superuser, are not checked against anything, and a mistake corrupts the schema in ways no later migration can see or repair. " +
			"ALTER TABLE ... DISABLE TRIGGER ALL needs a superuser too and switches off the system triggers that enforce foreign keys, for every session, " +
			"until someone enables them again; rows written meanwhile are never checked. Use the DDL that does the job (DROP INDEX, ALTER TABLE ... VALIDATE CONSTRAINT, " +
			"DISABLE TRIGGER USER for the table's own triggers), or SET session_replication_role for a bulk load in one session.",
		Bad:  "UPDATE pg_index SET indisready = false WHERE indexrelid = 'orders_status_idx'::regclass;",
		Good: "DROP INDEX CONCURRENTLY orders_status_idx;",
	},
	Check: checkSystemCatalogWrite,
}

func checkSystemCatalogWrite(p *rules.Pass) {
	var target *pg_query.RangeVar
	verb := ""
	switch v := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_UpdateStmt:
		target, verb = v.UpdateStmt.GetRelation(), "UPDATE"
	case *pg_query.Node_InsertStmt:
		target, verb = v.InsertStmt.GetRelation(), "INSERT"
	case *pg_query.Node_DeleteStmt:
		target, verb = v.DeleteStmt.GetRelation(), "DELETE"
	case *pg_query.Node_MergeStmt:
		target, verb = v.MergeStmt.GetRelation(), "MERGE"
	case *pg_query.Node_AlterTableStmt:
		reportDisableTriggerAll(p)
		return
	}
	if !isSystemCatalog(target) {
		return
	}
	start, end := nameRangeOf(p, target)
	p.Reportf(start, end, "%s of system catalog %s changes PostgreSQL's own bookkeeping: it needs a superuser, nothing checks it, and a mistake corrupts the schema; "+
		"use the DDL that does this job instead", verb, rules.RelName(target))
}

// isSystemCatalog reports whether rv names a pg_catalog table.
func isSystemCatalog(rv *pg_query.RangeVar) bool {
	if rv == nil {
		return false
	}
	switch strings.ToLower(rv.GetSchemaname()) {
	case "pg_catalog":
		return strings.ToLower(rv.GetRelname()) != "pg_settings"
	case "":
		return systemCatalogs[rv.GetRelname()]
	}
	return false
}

// reportDisableTriggerAll reports ALTER TABLE ... DISABLE TRIGGER ALL, but
// not on a table created in this file that has no internal triggers: then
// ALL is USER, needs no superuser and switches off no foreign key.
func reportDisableTriggerAll(p *rules.Pass) {
	for _, c := range p.AlterCmds() {
		if c.Cmd.GetSubtype() != pg_query.AlterTableType_AT_DisableTrigAll || newWithoutForeignKeys(p, c.Rel) {
			continue
		}
		start, end := p.Stmt.Start, p.Stmt.End
		if i := p.Stmt.WordIndex("DISABLE", 0); i >= 0 {
			toks := p.Stmt.Tokens()
			start = toks[i].Start
			if i+2 < len(toks) {
				end = toks[i+2].End
			}
		}
		p.Reportf(start, end, "DISABLE TRIGGER ALL on %s needs a superuser and switches off the triggers that enforce its foreign keys, for every session, until they are enabled again; "+
			"use DISABLE TRIGGER USER for the table's own triggers, or SET session_replication_role = replica in the loading session", rules.RelName(c.Rel))
	}
}

// newWithoutForeignKeys reports whether the table was created in this file
// and neither has a foreign key nor is referenced by one, so it has no
// internal constraint triggers. (A DEFERRABLE unique constraint has one too;
// the replay does not record deferrability, so a new table with a unique or
// exclusion constraint still counts as having them.)
func newWithoutForeignKeys(p *rules.Pass, rel *pg_query.RangeVar) bool {
	if !p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
		return false
	}
	t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname())
	for _, con := range t.Constraints {
		if con.Type == catalog.ForeignKey || con.Type == catalog.Unique || con.Type == catalog.Exclusion {
			return false
		}
	}
	for _, s := range p.Catalog.Schemas {
		for _, other := range s.Tables {
			for _, con := range other.Constraints {
				if con.Type == catalog.ForeignKey && con.RefTable == t.Name && con.RefSchema == t.Schema {
					return false
				}
			}
		}
	}
	return true
}

// nameRangeOf is the range of a relation name in the statement.
func nameRangeOf(p *rules.Pass, rv *pg_query.RangeVar) (int, int) {
	if rv.GetLocation() < 0 {
		return p.Stmt.Start, p.Stmt.End
	}
	start := p.Stmt.Abs(rv.GetLocation())
	return start, p.Stmt.NameEndOffset(start)
}
