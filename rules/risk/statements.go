package risk

import (
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/config"
)

// File is one migration file that would run.
type File struct {
	Path string
	// Kind is what the file name declares: "ddl", "dml" or "" (see
	// migfile.Version.Kind).
	Kind       string
	Statements []Statement
}

// Statement is one parsed statement of a File.
type Statement struct {
	Node *pg_query.Node
	Line int
	// Lock is the strongest table lock the statement takes, as PostgreSQL
	// names it ("ACCESS EXCLUSIVE"); the caller supplies it from the one
	// table of lock levels (rules/knowledge.StatementLock).
	Lock string
}

// fact is one statement as the rules' statement conditions see it, for
// one table it touches (table "" when it touches none).
type fact struct {
	kinds    []string
	fileKind string // "ddl", "dml" or "none"
	table    string // "existing", "new" or ""
	name     string // the table, "schema.name"
	lock     string
	where    string // "path:line"
}

func (f fact) holds(w config.RiskWhen, rows map[string]int64) bool {
	if w.TableRowsOver > 0 {
		n, known := rows[f.name]
		if f.table != "existing" || !known || n <= int64(w.TableRowsOver) {
			return false
		}
	}
	if len(w.Statement) > 0 && !slices.ContainsFunc(w.Statement, func(k string) bool { return slices.Contains(f.kinds, k) }) {
		return false
	}
	if w.Table != "" && f.table != w.Table {
		return false
	}
	if len(w.FileKind) > 0 && !slices.Contains(w.FileKind, f.fileKind) {
		return false
	}
	switch w.Blocks {
	case "writes":
		return blocksWrites[f.lock]
	case "reads":
		return f.lock == "ACCESS EXCLUSIVE"
	}
	return true
}

// blocksWrites are the table locks that conflict with ROW EXCLUSIVE, the
// lock of INSERT, UPDATE and DELETE.
var blocksWrites = map[string]bool{"SHARE": true, "SHARE ROW EXCLUSIVE": true, "EXCLUSIVE": true, "ACCESS EXCLUSIVE": true}

// collect turns the files into facts, in order. A table is new when a
// statement before it in these files created it; any other is existing.
func collect(files []File) []fact {
	created := map[string]bool{}
	var out []fact
	for _, file := range files {
		fileKind := file.Kind
		if fileKind == "" {
			fileKind = "none"
		}
		for _, st := range file.Statements {
			if st.Node == nil {
				continue
			}
			lock := st.Lock
			if metadataOnly(st.Node) {
				lock = "" // held for an instant: it blocks nobody for long
			}
			base := fact{kinds: Kinds(st.Node), fileKind: fileKind, lock: lock, where: fmt.Sprintf("%s:%d", file.Path, st.Line)}
			touched, creates := tables(st.Node)
			if len(touched) == 0 {
				out = append(out, base)
			}
			for _, t := range touched {
				f := base
				f.table, f.name = "existing", t
				if created[t] || creates {
					f.table = "new"
				}
				out = append(out, f)
			}
			if creates {
				for _, t := range touched {
					created[t] = true
				}
			}
		}
	}
	return out
}

// metadataOnly reports an ALTER TABLE that only adds columns without a
// default or with a constant one: since PostgreSQL 11 a catalog change,
// whose ACCESS EXCLUSIVE lock is held for an instant, not a rewrite.
func metadataOnly(n *pg_query.Node) bool {
	at := n.GetAlterTableStmt()
	if at == nil || len(at.GetCmds()) == 0 {
		return false
	}
	for _, c := range at.GetCmds() {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddColumn {
			return false
		}
		for _, con := range cmd.GetDef().GetColumnDef().GetConstraints() {
			switch k := con.GetConstraint(); k.GetContype() {
			case pg_query.ConstrType_CONSTR_NULL, pg_query.ConstrType_CONSTR_NOTNULL:
			case pg_query.ConstrType_CONSTR_DEFAULT:
				if !constant(k.GetRawExpr()) {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// constant reports a literal, possibly cast ('x'::text, 0).
func constant(e *pg_query.Node) bool {
	if tc := e.GetTypeCast(); tc != nil {
		e = tc.GetArg()
	}
	return e.GetAConst() != nil
}

// ExistingTables lists the existing tables the files touch ("schema.name",
// as Input.TableRows is keyed), in first-touched order.
func ExistingTables(files []File) []string {
	var out []string
	for _, f := range collect(files) {
		if f.table == "existing" && !slices.Contains(out, f.name) {
			out = append(out, f.name)
		}
	}
	return out
}

// tables lists the tables a statement works on ("schema.name", schema
// "public" when not written), and whether it creates them.
func tables(n *pg_query.Node) (names []string, creates bool) {
	rv := func(r *pg_query.RangeVar) []string {
		if r == nil || r.GetRelname() == "" {
			return nil
		}
		return []string{qualified(r.GetSchemaname(), r.GetRelname())}
	}
	switch s := n.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		return rv(s.CreateStmt.GetRelation()), true
	case *pg_query.Node_CreateTableAsStmt:
		return rv(s.CreateTableAsStmt.GetInto().GetRel()), true
	case *pg_query.Node_IndexStmt:
		return rv(s.IndexStmt.GetRelation()), false
	case *pg_query.Node_AlterTableStmt:
		return rv(s.AlterTableStmt.GetRelation()), false
	case *pg_query.Node_RenameStmt:
		return rv(s.RenameStmt.GetRelation()), false
	case *pg_query.Node_InsertStmt:
		return rv(s.InsertStmt.GetRelation()), false
	case *pg_query.Node_UpdateStmt:
		return rv(s.UpdateStmt.GetRelation()), false
	case *pg_query.Node_DeleteStmt:
		return rv(s.DeleteStmt.GetRelation()), false
	case *pg_query.Node_MergeStmt:
		return rv(s.MergeStmt.GetRelation()), false
	case *pg_query.Node_CreateTrigStmt:
		return rv(s.CreateTrigStmt.GetRelation()), false
	case *pg_query.Node_TruncateStmt:
		for _, r := range s.TruncateStmt.GetRelations() {
			names = append(names, rv(r.GetRangeVar())...)
		}
		return names, false
	case *pg_query.Node_DropStmt:
		switch s.DropStmt.GetRemoveType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
			for _, obj := range s.DropStmt.GetObjects() {
				var parts []string
				for _, p := range obj.GetList().GetItems() {
					parts = append(parts, p.GetString_().GetSval())
				}
				switch len(parts) {
				case 1:
					names = append(names, qualified("", parts[0]))
				case 2, 3:
					names = append(names, qualified(parts[len(parts)-2], parts[len(parts)-1]))
				}
			}
		}
		return names, false
	}
	return nil, false
}

func qualified(schema, name string) string {
	if schema == "" {
		schema = "public"
	}
	return strings.ToLower(schema) + "." + strings.ToLower(name)
}

// Kinds classifies a statement into the kinds of config.RiskStatements it
// is (a DROP COLUMN is "drop-column", "alter-table" and "ddl").
func Kinds(n *pg_query.Node) []string {
	var k []string
	add := func(kinds ...string) { k = append(k, kinds...) }
	switch s := n.GetNode().(type) {
	case *pg_query.Node_InsertStmt:
		add("dml", "insert")
	case *pg_query.Node_UpdateStmt:
		add("dml", "update")
		if s.UpdateStmt.GetWhereClause() == nil {
			add("update-without-where")
		}
	case *pg_query.Node_DeleteStmt:
		add("dml", "delete")
		if s.DeleteStmt.GetWhereClause() == nil {
			add("delete-without-where")
		}
	case *pg_query.Node_MergeStmt:
		add("dml", "merge")
	case *pg_query.Node_CopyStmt:
		if s.CopyStmt.GetIsFrom() {
			add("dml", "insert")
		}
	case *pg_query.Node_CreateStmt, *pg_query.Node_CreateTableAsStmt:
		add("ddl", "create-table")
	case *pg_query.Node_IndexStmt:
		add("ddl", "create-index")
	case *pg_query.Node_AlterTableStmt:
		add("ddl", "alter-table")
		if s.AlterTableStmt.GetObjtype() == pg_query.ObjectType_OBJECT_TYPE {
			add("alter-type")
		}
		for _, c := range s.AlterTableStmt.GetCmds() {
			if kind := alterKinds[c.GetAlterTableCmd().GetSubtype()]; kind != "" && !slices.Contains(k, kind) {
				add(kind)
			}
		}
	case *pg_query.Node_DropStmt:
		add("ddl", "drop")
		if kind := dropKinds[s.DropStmt.GetRemoveType()]; kind != "" {
			add(kind)
		}
	case *pg_query.Node_TruncateStmt:
		add("ddl", "truncate")
	case *pg_query.Node_RenameStmt:
		add("ddl", "rename")
	case *pg_query.Node_AlterEnumStmt, *pg_query.Node_AlterDomainStmt:
		add("ddl", "alter-type")
	case *pg_query.Node_TransactionStmt, *pg_query.Node_VariableSetStmt, *pg_query.Node_VariableShowStmt,
		*pg_query.Node_SelectStmt, *pg_query.Node_ExplainStmt:
		// Neither changes the schema nor data.
	default:
		add("ddl")
	}
	return k
}

var alterKinds = map[pg_query.AlterTableType]string{
	pg_query.AlterTableType_AT_AddColumn:       "add-column",
	pg_query.AlterTableType_AT_DropColumn:      "drop-column",
	pg_query.AlterTableType_AT_AlterColumnType: "alter-column-type",
	pg_query.AlterTableType_AT_SetNotNull:      "set-not-null",
	pg_query.AlterTableType_AT_AddConstraint:   "add-constraint",
	pg_query.AlterTableType_AT_DropConstraint:  "drop-constraint",
}

var dropKinds = map[pg_query.ObjectType]string{
	pg_query.ObjectType_OBJECT_TABLE:  "drop-table",
	pg_query.ObjectType_OBJECT_INDEX:  "drop-index",
	pg_query.ObjectType_OBJECT_SCHEMA: "drop-schema",
}
