package risk

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
)

// file parses sql as the file at path; locks gives the lock of the
// statement at each index (what knowledge.StatementLock says of it).
func file(path, kind, sql string, locks ...string) File {
	src := source.Parse(path, []byte(sql))
	f := File{Path: path, Kind: kind}
	for i, st := range src.Statements {
		s := Statement{Node: st.Node, Line: src.Position(st.Start).Line}
		if i < len(locks) {
			s.Lock = locks[i]
		}
		f.Statements = append(f.Statements, s)
	}
	return f
}

func TestBuiltinLevels(t *testing.T) {
	rs := Rules(config.Default())
	for _, tc := range []struct {
		name  string
		files []File
		want  Assessment
	}{
		{"additive", []File{file("m/1.sql", "", "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN b int;\nINSERT INTO t VALUES (1);", "", "ACCESS EXCLUSIVE")},
			Assessment{Level: Low}},
		{"drop existing column", []File{file("m/2.sql", "ddl", "\nALTER TABLE users DROP COLUMN legacy;", "ACCESS EXCLUSIVE")},
			Assessment{Level: High, Reasons: []string{"drop-existing-column (m/2.sql:2)"}}},
		{"drop column of a table created earlier in the files", []File{
			file("m/1.sql", "", "CREATE TABLE t (id int, x int);"),
			file("m/2.sql", "", "ALTER TABLE t DROP COLUMN x;", "ACCESS EXCLUSIVE")},
			Assessment{Level: Low}},
		{"drop table and truncate", []File{file("m/3.sql", "", "DROP TABLE public.a;\nTRUNCATE b;", "ACCESS EXCLUSIVE", "ACCESS EXCLUSIVE")},
			Assessment{Level: High, Reasons: []string{"drop-existing-table (m/3.sql:1)"}}},
		{"type change", []File{file("m/4.sql", "", "ALTER TABLE a ALTER COLUMN b TYPE bigint;", "ACCESS EXCLUSIVE")},
			Assessment{Level: High, Reasons: []string{"rewrite-existing-column (m/4.sql:1)"}}},
		{"update without where", []File{file("m/5.sql", "dml", "UPDATE a SET b = 1;\nDELETE FROM c;")},
			Assessment{Level: High, Reasons: []string{"data-change-without-where (m/5.sql:1)"}}},
		{"update with where", []File{file("m/6.sql", "dml", "UPDATE a SET b = 1 WHERE id = 2;")},
			Assessment{Level: Moderate, Reasons: []string{"data-change-on-existing-table (m/6.sql:1)"}}},
		{"index blocks writes", []File{file("m/7.sql", "", "CREATE INDEX i ON a (b);", "SHARE")},
			Assessment{Level: Moderate, Reasons: []string{"locking-ddl-on-existing-table (m/7.sql:1)"}}},
		{"add column to an existing table", []File{file("m/11.sql", "", "ALTER TABLE a ADD COLUMN b text NOT NULL DEFAULT '';\nALTER TABLE a ADD COLUMN c int;", "ACCESS EXCLUSIVE", "ACCESS EXCLUSIVE")},
			Assessment{Level: Low}},
		{"add column with a volatile default", []File{file("m/12.sql", "", "ALTER TABLE a ADD COLUMN b timestamptz DEFAULT clock_timestamp();", "ACCESS EXCLUSIVE")},
			Assessment{Level: Moderate, Reasons: []string{"locking-ddl-on-existing-table (m/12.sql:1)"}}},
		{"concurrent index", []File{file("m/8.sql", "", "CREATE INDEX CONCURRENTLY i ON a (b);", "SHARE UPDATE EXCLUSIVE")},
			Assessment{Level: Low}},
		{"drop view and drop schema", []File{file("m/9.sql", "", "DROP VIEW v;\nDROP SCHEMA s CASCADE;", "ACCESS EXCLUSIVE")},
			Assessment{Level: High, Reasons: []string{"drop-schema (m/9.sql:2)"}}},
		{"drop view", []File{file("m/10.sql", "", "DROP VIEW v;", "ACCESS EXCLUSIVE")},
			Assessment{Level: Moderate, Reasons: []string{"drop-other-object (m/10.sql:1)"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Assess(rs, Input{Env: "prod", Targets: 1, Files: tc.files})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Assess = %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestConfiguredRules(t *testing.T) {
	cfg, err := config.Parse(".sqlreview.yaml", []byte(`environments: [{name: test}, {name: prod}]
risk:
  rules:
    - name: prod-data-change
      level: high
      when: {env: [prod], file-kind: [dml]}
    - name: fleet
      level: moderate
      when: {targets-over: 10}
    - name: dropping-columns-is-reviewed
      level: high
      when: {finding: [SR201], severity: warning}
    - name: drop-other-object
      level: low
      when: {statement: [drop]}
    - name: big-table
      level: high
      when: {table-rows-over: 1000000, statement: [ddl]}
`))
	if err != nil {
		t.Fatal(err)
	}
	rs := Rules(cfg)
	names := []string{}
	for _, r := range rs {
		names = append(names, r.Name)
	}
	wantNames := []string{"drop-existing-table", "drop-schema", "drop-existing-column", "rewrite-existing-column",
		"data-change-without-where", "locking-ddl-on-existing-table", "data-change-on-existing-table",
		"drop-other-object", "prod-data-change", "fleet", "dropping-columns-is-reviewed", "big-table"}
	if !slices.Equal(names, wantNames) {
		t.Fatalf("rules %q\nwant %q", names, wantNames)
	}
	dml := []File{file("m/1_backfill_dml.sql", "dml", "INSERT INTO a VALUES (1);")}
	check := func(name string, in Input, want Assessment) {
		t.Helper()
		if got := Assess(rs, in); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Assess = %#v\nwant %#v", name, got, want)
		}
	}
	check("dml file in prod", Input{Env: "prod", Targets: 1, Files: dml},
		Assessment{Level: High, Reasons: []string{"prod-data-change (m/1_backfill_dml.sql:1)"}})
	check("dml file in test", Input{Env: "test", Targets: 1, Files: dml}, Assessment{Level: Low})
	check("many targets", Input{Env: "test", Targets: 11, Files: dml}, Assessment{Level: Moderate, Reasons: []string{"fleet"}})
	check("finding by alias", Input{Env: "test", Targets: 1, Files: dml,
		Findings: []Finding{{Rule: "ban-drop-column", Severity: rules.Warning}}},
		Assessment{Level: High, Reasons: []string{"dropping-columns-is-reviewed"}})
	check("finding below severity", Input{Env: "test", Targets: 1, Files: dml,
		Findings: []Finding{{Rule: "ban-drop-column", Severity: rules.Info}}}, Assessment{Level: Low})
	check("built-in replaced", Input{Env: "test", Targets: 1, Files: []File{file("m/2.sql", "", "DROP VIEW v;")}},
		Assessment{Level: Low, Reasons: []string{"drop-other-object (m/2.sql:1)"}})

	index := []File{file("m/3.sql", "", "CREATE INDEX CONCURRENTLY i ON public.events (at);", "SHARE UPDATE EXCLUSIVE")}
	if got := ExistingTables(index); !slices.Equal(got, []string{"public.events"}) {
		t.Errorf("ExistingTables = %q", got)
	}
	check("big table", Input{Env: "test", Targets: 1, Files: index, TableRows: map[string]int64{"public.events": 2_000_000}},
		Assessment{Level: High, Reasons: []string{"big-table (m/3.sql:1)"}})
	check("small table", Input{Env: "test", Targets: 1, Files: index, TableRows: map[string]int64{"public.events": 20}}, Assessment{Level: Low})
	check("size unknown", Input{Env: "test", Targets: 1, Files: index}, Assessment{Level: Low})
	if !NeedsTableRows(rs) || NeedsTableRows(Builtin()) {
		t.Error("NeedsTableRows")
	}

	cfg.Risk.Builtin = false
	if got := len(Rules(cfg)); got != 5 {
		t.Errorf("builtin: false keeps %d rules, want the 5 configured", got)
	}
}

func TestKindsCoverEveryConfigKind(t *testing.T) {
	sql := `CREATE TABLE a (id int); CREATE INDEX i ON a (id); ALTER TABLE a ADD COLUMN b int;
ALTER TABLE a ADD CONSTRAINT c CHECK (b > 0); ALTER TABLE a ALTER COLUMN b SET NOT NULL;
ALTER TABLE a ALTER COLUMN b TYPE bigint; ALTER TABLE a DROP COLUMN b; ALTER TABLE a DROP CONSTRAINT c;
DROP INDEX i; DROP SCHEMA s; DROP TABLE a; TRUNCATE a; ALTER TABLE a RENAME TO b; ALTER TYPE e ADD VALUE 'x';
INSERT INTO a VALUES (1); UPDATE a SET id = 1; DELETE FROM a; MERGE INTO a USING b ON a.id = b.id WHEN MATCHED THEN DELETE;`
	seen := map[string]bool{}
	for _, st := range source.Parse("x.sql", []byte(sql)).Statements {
		if st.Node == nil {
			t.Fatalf("parse error: %v", st.Err)
		}
		for _, k := range Kinds(st.Node) {
			if !slices.Contains(config.RiskStatements, k) {
				t.Errorf("Kinds gives %q, which config.RiskStatements lacks", k)
			}
			seen[k] = true
		}
	}
	for _, k := range config.RiskStatements {
		if !seen[k] {
			t.Errorf("no statement of the sample is classified %q", k)
		}
	}
}

func TestLevelText(t *testing.T) {
	for _, l := range []Level{Low, Moderate, High} {
		back, err := ParseLevel(l.String())
		if err != nil || back != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l, back, err)
		}
	}
	if _, err := ParseLevel("severe"); err == nil || err.Error() != `unknown risk level "severe" (expected low, moderate or high)` {
		t.Errorf("ParseLevel(severe) error = %v", err)
	}
	b, _ := json.Marshal(Assessment{Level: High, Reasons: []string{"r"}})
	if string(b) != `{"level":"high","reasons":["r"]}` {
		t.Errorf("JSON %s", b)
	}
	var a Assessment
	if err := json.Unmarshal(b, &a); err != nil || a.Level != High {
		t.Errorf("round trip %v %v", a, err)
	}
	if got := (Assessment{Level: Low}).Text(); got != "low: no risk rule matched" {
		t.Errorf("Text = %q", got)
	}
}
