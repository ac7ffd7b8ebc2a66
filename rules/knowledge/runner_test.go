package knowledge_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/source"
)

// TestRunnersMatchConfig: the runners config validates are the runners
// with a transaction model.
func TestRunnersMatchConfig(t *testing.T) {
	if !slices.Equal(knowledge.Runners, config.Runners) {
		t.Errorf("knowledge.Runners = %v, config.Runners = %v", knowledge.Runners, config.Runners)
	}
}

func TestDetectRunner(t *testing.T) {
	tests := []struct{ path, text, want string }{
		{"prisma/migrations/20240101120000_init/migration.sql", "", "prisma"},
		{"prisma/migrations/init/migration.sql", "", ""},
		{"migrations/2024-01-01-120000_create_posts/up.sql", "", "diesel"},
		{"migrations/20240101120000_create_posts/down.sql", "", "diesel"},
		{"db/migration/V2__add_orders.sql", "", "flyway"},
		{"db/migration/V2_1__add_orders.sql", "", "flyway"},
		{"db/migration/R__views.sql", "", "flyway"},
		{"db/migrations/000042_add_orders.up.sql", "", "golang-migrate"},
		{"db/migrations/00042_add_orders.sql", "-- +goose Up\nCREATE TABLE t ();\n", "goose"},
		{"db/migrations/20240101_orders.sql", "-- migrate:up\nCREATE TABLE t ();\n-- migrate:down\n", "dbmate"},
		{"migrations/202501150900_add_user_table.sql", "CREATE TABLE t ();", ""},
	}
	for _, tt := range tests {
		if got := knowledge.DetectRunner(tt.path, tt.text); got != tt.want {
			t.Errorf("DetectRunner(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func model(t *testing.T, runner string, assume *bool, path, text string) *knowledge.TxModel {
	t.Helper()
	f := source.ParseText(path, text)
	nodes := make([]*pg_query.Node, len(f.Statements))
	for i, s := range f.Statements {
		nodes[i] = s.Node
	}
	return knowledge.BuildTxModel(runner, assume, path, text, nodes, "", 16)
}

// groups renders each statement's transaction: "-" for none, else the
// opener (r runner, q implicit query, f file) and the group number.
func groups(m *knowledge.TxModel, n int) string {
	var out []string
	for i := range n {
		g := m.Group(i)
		if g < 0 {
			out = append(out, "-")
			continue
		}
		out = append(out, fmt.Sprintf("%c%d", " rqf"[m.OpenedBy(i)], g))
	}
	return strings.Join(out, " ")
}

// TestTxModel: which transaction each statement runs in, per runner.
func TestTxModel(t *testing.T) {
	yes, no := true, false
	const split = "CREATE TABLE a (id int); COMMIT; CREATE TABLE b (id int); CREATE TABLE c (id int);"
	const block = "CREATE TABLE a (id int); BEGIN; CREATE TABLE b (id int); COMMIT; CREATE TABLE c (id int);"
	tests := []struct {
		runner string
		assume *bool
		path   string
		text   string
		want   string
		atomic bool
		reason string
	}{
		{"", nil, "m/1.sql", split, "- - - -", false, "sqlreview runs this file statement by statement"},
		{"", nil, "m/1.sql", "CREATE TABLE a (id int); CREATE TABLE b (id int);", "r0 r0", true,
			"sqlreview runs this file in one transaction: all statements can run in one transaction"},
		{"", nil, "m/1.sql", "BEGIN; CREATE TABLE a (id int); COMMIT;", "r0 r0 r0", true,
			"sqlreview runs this file in one transaction: the file's BEGIN/COMMIT is replaced by the runner's transaction"},
		{"psql", nil, "m/1.sql", block, "- f0 f0 f0 -", false, "psql commits each statement on its own"},
		{"prisma", nil, "m/1.sql", split, "q0 q0 q1 q1", false, "prisma sends the file as one query, which runs as one implicit transaction"},
		{"golang-migrate", nil, "m/1.sql", block, "q0 f0 f0 f0 q1", false, "golang-migrate sends the file as one query, which runs as one implicit transaction"},
		{"", nil, "p/20240101120000_x/migration.sql", "CREATE INDEX CONCURRENTLY i ON t (c);", "-", false,
			"prisma sends the file's single statement on its own (runner detected from the file's layout; set migrations.runner to choose another)"},
		{"goose", nil, "m/1.sql", split, "r0 r0 - -", false, "goose wraps each file in a transaction"},
		{"goose", nil, "m/1.sql", "-- +goose NO TRANSACTION\n" + split, "- - - -", false, "the file says -- +goose NO TRANSACTION"},
		{"flyway", nil, "m/1.sql", "CREATE TABLE a (id int); CREATE INDEX CONCURRENTLY i ON a (id);", "- -", false,
			"Flyway runs a file holding CREATE INDEX CONCURRENTLY outside a transaction"},
		{"sqlx", nil, "m/1.sql", "-- no-transaction\nCREATE TABLE a (id int);", "-", true, "the file starts with -- no-transaction"},
		{"dbmate", nil, "m/1.sql", "-- migrate:up transaction:false\nCREATE TABLE a (id int);", "-", true, "the file says transaction:false"},
		{"popx", nil, "m/1_x.autocommit.up.sql", "CREATE TABLE a (id int);", "-", true, "popx runs .autocommit. files outside a transaction"},
		{"rails", nil, "m/1.sql", block, "r0 r0 r0 r0 -", false, "rails wraps each file in a transaction"},
		{"", &yes, "p/20240101120000_x/migration.sql", split, "r0 r0 - -", false, "migrations.assume-in-transaction is true: every file runs in one transaction"},
		{"", &no, "m/1.sql", "CREATE TABLE a (id int); CREATE TABLE b (id int);", "- -", false, "migrations.assume-in-transaction is false: statements commit one by one"},
	}
	for _, tt := range tests {
		m := model(t, tt.runner, tt.assume, tt.path, tt.text)
		n := len(source.ParseText(tt.path, tt.text).Statements)
		if got := groups(m, n); got != tt.want || m.Atomic() != tt.atomic || m.Reason != tt.reason {
			t.Errorf("%s %q:\n got %q atomic=%v reason %q\nwant %q atomic=%v reason %q", tt.runner, tt.text, got, m.Atomic(), m.Reason, tt.want, tt.atomic, tt.reason)
		}
	}
}

// TestTxModelNestedBeginAndOutside: which BEGINs PostgreSQL ignores, and
// where a statement that cannot run in a transaction may go.
func TestTxModelNestedBeginAndOutside(t *testing.T) {
	const text = "BEGIN; CREATE TABLE a (id int); COMMIT; CREATE TABLE b (id int);"
	tests := []struct {
		runner          string
		nested, outside string
	}{
		{"sqlreview", "----", "y--y"},
		{"psql", "----", "y--y"},
		{"goose", "y---", "----"},
		{"prisma", "----", "----"},
	}
	for _, tt := range tests {
		m := model(t, tt.runner, nil, "m/1.sql", text)
		var nested, outside string
		for i := range 4 {
			nested += map[bool]string{true: "y", false: "-"}[m.NestedBegin(i)]
			outside += map[bool]string{true: "y", false: "-"}[m.OutsideAllowed(i)]
		}
		if nested != tt.nested || outside != tt.outside {
			t.Errorf("%s: nested %s outside %s; want %s %s", tt.runner, nested, outside, tt.nested, tt.outside)
		}
	}
}
