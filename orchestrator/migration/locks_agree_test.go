package migration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// TestPlanLocksAgreeWithLockingRules takes every statement of PostgreSQL's
// regression scripts, once as plan output shows it (Stmt.Lock) and once as
// the locking rules see it (require-lock-timeout names the lock the first
// locking statement takes), and requires the same answer: ACCESS EXCLUSIVE,
// a lock that blocks writes (SHARE up to EXCLUSIVE), or neither. Each
// statement is its own file, so every table it names counts as existing.
func TestPlanLocksAgreeWithLockingRules(t *testing.T) {
	dir := shared.Path(t, "corpus", "pg-regress")
	paths, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no pg-regress files at %s: %v", dir, err)
	}
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{"require-lock-timeout"}
	l, err := engine.NewLinter(cfg, engine.Overrides{PGVersion: 16})
	if err != nil {
		t.Fatal(err)
	}
	checked, disagree := 0, 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range source.Parse(path, data).Statements {
			if s.Node == nil || s.Body() != nil {
				continue
			}
			text := s.Text() + ";"
			m, err := Load("/m/001_x.sql", []byte(text), 16)
			if err != nil || len(m.Statements) != 1 {
				continue // psql variables, COPY FROM STDIN: not a plan
			}
			plan := planClass(m.Statements[0].Lock)
			rule := ruleClass(l.Lint(source.ParseText("x.sql", text), catalog.New(), "x.sql"))
			checked++
			if plan == rule || (rule == "" && !namesTrackedRelation(s.Node)) {
				continue
			}
			if disagree++; disagree <= 20 {
				t.Errorf("%s: plan shows %q (%s), the locking rules %q:\n%s", filepath.Base(path), m.Statements[0].Lock, plan, rule, text)
			}
		}
	}
	if disagree > 20 {
		t.Errorf("... %d disagreements in all", disagree)
	}
	if checked < 10000 {
		t.Errorf("only %d statements checked; the corpus looks incomplete", checked)
	}
}

// planClass sorts a plan lock into the classes the rules distinguish.
func planClass(lock string) string {
	switch lock {
	case "ACCESS EXCLUSIVE":
		return "access exclusive"
	case "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE":
		return "blocks writes"
	}
	return ""
}

// ruleClass reads the lock class from require-lock-timeout's message.
func ruleClass(fs []engine.Finding) string {
	for _, f := range fs {
		switch {
		case strings.Contains(f.Message, "takes an ACCESS EXCLUSIVE lock on"):
			return "access exclusive"
		case strings.Contains(f.Message, "takes a lock that blocks writes on"):
			return "blocks writes"
		}
	}
	return ""
}

// namesTrackedRelation reports whether the locking rules know which table
// the statement locks. For the others (ALTER VIEW, DROP FUNCTION, CREATE
// TABLE with a foreign key, CLUSTER of the whole database) plan output still
// shows the mode, and the rules name no table: not a disagreement.
func namesTrackedRelation(n *pg_query.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_AlterTableStmt:
		switch v.AlterTableStmt.GetObjtype() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
			return true
		}
	case *pg_query.Node_IndexStmt, *pg_query.Node_TruncateStmt, *pg_query.Node_RefreshMatViewStmt,
		*pg_query.Node_CreateTrigStmt, *pg_query.Node_LockStmt, *pg_query.Node_CreatePolicyStmt,
		*pg_query.Node_AlterPolicyStmt, *pg_query.Node_RuleStmt:
		return true
	case *pg_query.Node_ClusterStmt:
		return v.ClusterStmt.GetRelation() != nil
	case *pg_query.Node_VacuumStmt:
		return len(v.VacuumStmt.GetRels()) > 0
	case *pg_query.Node_ReindexStmt:
		k := v.ReindexStmt.GetKind()
		return k == pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE || k == pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX
	case *pg_query.Node_DropStmt:
		switch v.DropStmt.GetRemoveType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_INDEX,
			pg_query.ObjectType_OBJECT_TRIGGER, pg_query.ObjectType_OBJECT_RULE, pg_query.ObjectType_OBJECT_POLICY:
			return true
		}
	case *pg_query.Node_RenameStmt:
		switch v.RenameStmt.GetRenameType() {
		case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_COLUMN, pg_query.ObjectType_OBJECT_TABCONSTRAINT,
			pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_VIEW:
			return true
		}
	}
	return false
}
