// Package schema holds the rules about schema design.
package schema

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// RequirePrimaryKey reports tables left without a primary key: created
// without one, or whose primary key this migration drops.
var RequirePrimaryKey = &rules.Rule{
	Code: "SR501", Name: "require-primary-key",
	Aliases:  []string{"table.require-pk", "TABLE_REQUIRE_PK"},
	Category: rules.Schema, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Table without a primary key",
		Why: "Without a primary key, rows cannot be addressed reliably (duplicates creep in, ORMs cannot update or delete a single row), " +
			"and logical replication — used by managed-database upgrades, CDC and blue-green deployments — rejects UPDATE and DELETE on the table. " +
			"A table created in the file is checked at the end of the file, so `ALTER TABLE ... ADD PRIMARY KEY` later in the same file satisfies the rule. " +
			"Dropping a primary key (DROP CONSTRAINT, or DROP COLUMN of a key column, which drops the key with it) is reported at that statement unless the file adds a new one. " +
			"Partitions (PARTITION OF) are not checked, since they inherit the parent's key; neither are temporary tables, foreign tables (which cannot have one), or CREATE TABLE AS snapshots, whose columns come from a query.",
		Bad:  "CREATE TABLE events (payload jsonb);",
		Good: "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb);",
	},
	Check: checkPrimaryKeyDrop,
	AtEnd: checkPrimaryKeyAtEnd,
}

func checkPrimaryKeyDrop(p *rules.Pass) {
	cmds := p.AlterCmds()
	if len(cmds) == 0 {
		return
	}
	rel := cmds[0].Rel
	schema, name := rel.GetSchemaname(), rel.GetRelname()
	t := p.Catalog.Table(schema, name)
	// A table the replay knows only as existing (or not at all) has a key
	// it never saw: it is recognized by PostgreSQL's default name.
	keyUnknown := t == nil || t.Placeholder
	var pk *catalog.Constraint
	if t != nil {
		pk = t.PrimaryKey()
	}
	for _, c := range cmds {
		cmd := c.Cmd
		var msg string
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_DropConstraint:
			if (pk != nil && pk.Name == cmd.GetName()) || (pk == nil && keyUnknown && strings.HasSuffix(cmd.GetName(), "_pkey")) {
				msg = "dropping primary key " + rules.Quote(cmd.GetName()) + " leaves table " + rules.RelName(rel) + " without a primary key; add a new primary key in the same migration"
			}
		case pg_query.AlterTableType_AT_DropColumn:
			if pk != nil && slices.Contains(pk.Columns, cmd.GetName()) {
				msg = "dropping column " + rules.Quote(cmd.GetName()) + " also drops primary key " + rules.Quote(pk.Name) + ", leaving table " + rules.RelName(rel) + " without a primary key; add a new primary key in the same migration"
			}
		}
		if msg == "" {
			continue
		}
		if addsPrimaryKey(cmds) || restoredLater(p, schema, name) {
			return
		}
		start, end := c.Range()
		p.Reportf(start, end, "%s", msg)
		return // one finding per statement: the table loses one key
	}
}

// restoredLater reports whether a later statement of the file gives the table
// a primary key again, drops it, or creates it anew (then checked at the end).
func restoredLater(p *rules.Pass, schema, name string) bool {
	for _, s := range p.File.Statements[p.Stmt.Index+1:] {
		switch v := s.Node.GetNode().(type) {
		case *pg_query.Node_AlterTableStmt:
			if sameTable(v.AlterTableStmt.GetRelation(), schema, name) && addsPrimaryKey(rules.AlterCmds(s)) {
				return true
			}
		case *pg_query.Node_CreateStmt:
			if sameTable(v.CreateStmt.GetRelation(), schema, name) {
				return true
			}
		case *pg_query.Node_DropStmt:
			if v.DropStmt.GetRemoveType() != pg_query.ObjectType_OBJECT_TABLE {
				continue
			}
			for _, obj := range v.DropStmt.GetObjects() {
				items := obj.GetList().GetItems()
				if len(items) == 0 {
					continue
				}
				sch := ""
				if len(items) > 1 {
					sch = items[len(items)-2].GetString_().GetSval()
				}
				if items[len(items)-1].GetString_().GetSval() == name && (sch == "" || schema == "" || sch == schema) {
					return true
				}
			}
		}
	}
	return false
}

func sameTable(rv *pg_query.RangeVar, schema, name string) bool {
	if rv.GetRelname() != name {
		return false
	}
	s := rv.GetSchemaname()
	return s == "" || schema == "" || s == schema
}

// addsPrimaryKey reports whether ALTER TABLE subcommands add a primary key,
// as a table constraint or on a new column.
func addsPrimaryKey(cmds []rules.AlterCmd) bool {
	for _, c := range cmds {
		switch c.Cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddConstraint:
			if isPrimary(c.Cmd.GetDef()) {
				return true
			}
		case pg_query.AlterTableType_AT_AddColumn:
			for _, con := range c.Cmd.GetDef().GetColumnDef().GetConstraints() {
				if isPrimary(con) {
					return true
				}
			}
		}
	}
	return false
}

func isPrimary(n *pg_query.Node) bool {
	return n.GetConstraint().GetContype() == pg_query.ConstrType_CONSTR_PRIMARY
}

// declaresPrimaryKey reports whether CREATE TABLE defines a primary key,
// inline on a column or as a table constraint.
func declaresPrimaryKey(cs *pg_query.CreateStmt) bool {
	for _, el := range cs.GetTableElts() {
		if isPrimary(el) {
			return true
		}
		for _, con := range el.GetColumnDef().GetConstraints() {
			if isPrimary(con) {
				return true
			}
		}
	}
	return false
}

func checkPrimaryKeyAtEnd(p *rules.Pass) {
	for _, s := range p.File.Statements {
		cs := s.Node.GetCreateStmt()
		if cs == nil || cs.GetPartbound() != nil || cs.GetRelation().GetRelpersistence() == "t" {
			continue
		}
		rel := cs.GetRelation()
		t := createdBy(p, s, rel)
		if t == nil || t.PrimaryKey() != nil {
			continue // dropped, or keyed by the end of the file
		}
		if t.Kind != catalog.KindTable && t.Kind != catalog.KindPartitioned {
			continue
		}
		if declaresPrimaryKey(cs) || addedLater(p.File.Statements[s.Index+1:], rel) {
			continue // it had a key that a later statement dropped: reported there
		}
		start := s.Abs(rel.GetLocation())
		advice := "add one (for example id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)"
		if ix := keyCandidate(p.Catalog, t); ix != nil {
			// A unique index over NOT NULL columns already identifies rows;
			// promoting it is the cheapest fix, and the one to suggest.
			advice = "its unique index " + rules.Quote(ix.Name) + " on NOT NULL columns can become one: ALTER TABLE " +
				rules.RelName(rel) + " ADD PRIMARY KEY USING INDEX " + rules.Quote(ix.Name)
		}
		p.Reportf(start, s.NameEndOffset(start), "table %s has no primary key by the end of this migration; %s", rules.RelName(rel), advice)
	}
}

// keyCandidate returns a unique, non-partial index of t whose keys are all
// NOT NULL columns, which ADD PRIMARY KEY USING INDEX can promote; nil when
// there is none.
func keyCandidate(c *catalog.Catalog, t *catalog.Table) *catalog.Index {
	for _, ix := range c.TableIndexes(t) {
		if !ix.Unique || ix.Where != "" || ix.Invalid || ix.Method != "btree" || len(ix.Include) > 0 || len(ix.Columns) == 0 {
			continue
		}
		ok := true
		for _, name := range ix.Columns {
			if col := t.Column(name); col == nil || !col.NotNull {
				ok = false
				break
			}
		}
		if ok {
			return ix
		}
	}
	return nil
}

// createdBy returns the table statement s created as it is at the end of the
// file, following renames and SET SCHEMA; nil when it was dropped.
func createdBy(p *rules.Pass, s *source.Statement, rel *pg_query.RangeVar) *catalog.Table {
	mine := func(t *catalog.Table) bool {
		return t != nil && t.Created.File == p.File.Path && t.Created.Stmt == s.Index
	}
	if t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname()); mine(t) {
		return t
	}
	for _, sch := range p.Catalog.Schemas {
		for _, t := range sch.Tables {
			if mine(t) {
				return t
			}
		}
	}
	return nil
}

func addedLater(stmts []*source.Statement, rel *pg_query.RangeVar) bool {
	for _, s := range stmts {
		if at := s.Node.GetAlterTableStmt(); at != nil && sameTable(at.GetRelation(), rel.GetSchemaname(), rel.GetRelname()) && addsPrimaryKey(rules.AlterCmds(s)) {
			return true
		}
	}
	return false
}
