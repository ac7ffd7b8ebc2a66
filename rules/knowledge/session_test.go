package knowledge_test

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/source"
)

// TestSessionEffects: plain DDL leaves nothing in the session; what sets
// session state names its kind; what may run code (DML, DO, CALL, a
// function the table does not know, a sub-query) is taken to have changed
// anything.
func TestSessionEffects(t *testing.T) {
	const (
		none = knowledge.SessionEffect(0)
		all  = knowledge.SessionAll
	)
	tests := []struct {
		sql  string
		want knowledge.SessionEffect
	}{
		{"CREATE TABLE t (id int PRIMARY KEY, n text DEFAULT my_default() CHECK (my_check(n)))", none},
		{"CREATE TABLE t (id serial, created timestamptz DEFAULT now())", none},
		{"ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT now()", none},
		{"ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid(), ADD CONSTRAINT k CHECK (length(n) > 0)", none},
		{"ALTER TABLE t ALTER COLUMN n TYPE varchar(36), ADD FOREIGN KEY (id) REFERENCES u (id)", none},
		{"ALTER TABLE t ADD COLUMN c int DEFAULT my_default()", all},
		{"ALTER TABLE t ALTER COLUMN n TYPE int USING my_parse(n)", all},
		{"ALTER TABLE t ADD COLUMN c bigint DEFAULT nextval('s')", all},
		{"ALTER TABLE t ADD CONSTRAINT k CHECK (n IN (SELECT x FROM u))", all},
		{"CREATE INDEX i ON t (lower(n)) WHERE n IS NOT NULL", none},
		{"CREATE UNIQUE INDEX i ON t USING gin (my_vector(n))", all},
		{"DROP TABLE IF EXISTS t CASCADE", none},
		{"ALTER TABLE t RENAME COLUMN a TO b", none},
		{"COMMENT ON TABLE t IS 'x'", none},
		{"CREATE TYPE mood AS ENUM ('a', 'b')", none},
		{"ALTER TYPE mood ADD VALUE 'c'", none},
		{"CREATE VIEW v AS SELECT my_func(id) FROM t", none},
		{"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT set_config(''x.y'', ''1'', false)::int'", none},
		{"CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()", none},
		{"CREATE SCHEMA app CREATE TABLE t (id int)", none},
		{"CREATE SCHEMA app CREATE TABLE pg_temp.t (id int)", knowledge.SessionTemp},
		{"GRANT SELECT ON t TO reader", none},
		{"SET LOCAL search_path = app", none},
		{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", none},
		{"LOCK TABLE t IN ACCESS EXCLUSIVE MODE", none},
		{"SET search_path = app", knowledge.SessionSettings},
		{"RESET ALL", knowledge.SessionSettings},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", knowledge.SessionSettings},
		{"SET ROLE admin", knowledge.SessionRole},
		{"SET SESSION AUTHORIZATION admin", knowledge.SessionRole},
		{"CREATE TEMP TABLE x (id int)", knowledge.SessionTemp},
		{"CREATE TABLE pg_temp.x (id int)", knowledge.SessionTemp},
		{"CREATE TEMP VIEW v AS SELECT 1", knowledge.SessionTemp},
		{"CREATE TEMP SEQUENCE s", knowledge.SessionTemp},
		{"CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS 'SELECT 1'", knowledge.SessionTemp},
		{"PREPARE p AS SELECT 1", knowledge.SessionPrepared},
		{"DEALLOCATE ALL", knowledge.SessionPrepared},
		{"LISTEN ch", knowledge.SessionListen},
		{"CREATE EVENT TRIGGER e ON ddl_command_end EXECUTE FUNCTION f()", knowledge.SessionEventTriggers | all},
		{"INSERT INTO t VALUES (1)", all},
		{"UPDATE t SET n = 'x'", all},
		{"SELECT 1", all},
		{"DO $$ BEGIN PERFORM 1; END $$", all},
		{"CALL p()", all},
		{"CREATE EXTENSION IF NOT EXISTS pg_trgm", all},
		{"CREATE TEMP TABLE x AS SELECT 1", all},
		{"DECLARE c CURSOR WITH HOLD FOR SELECT 1", all},
		{"ANALYZE t", all},
		{"DISCARD TEMP", all},
	}
	for _, tt := range tests {
		f := source.ParseText("t.sql", tt.sql)
		if len(f.Statements) != 1 || f.Statements[0].Node == nil {
			t.Fatalf("cannot parse %q", tt.sql)
		}
		if got := knowledge.SessionEffects([]*pg_query.Node{f.Statements[0].Node}); got != tt.want {
			t.Errorf("SessionEffects(%q) = %b; want %b", tt.sql, got, tt.want)
		}
	}
	f := source.ParseText("t.sql", "CREATE TABLE t (id int);\nSET search_path = app;\nLISTEN ch;")
	nodes := []*pg_query.Node{f.Statements[0].Node, f.Statements[1].Node, f.Statements[2].Node}
	if got, want := knowledge.SessionEffects(nodes), knowledge.SessionSettings|knowledge.SessionListen; got != want {
		t.Errorf("SessionEffects of a file = %b; want %b", got, want)
	}
}
