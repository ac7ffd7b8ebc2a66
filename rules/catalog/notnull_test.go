package catalog

import "testing"

// TestNotNullConstraints replays PostgreSQL 18's table-level NOT NULL
// constraints: named catalog entries that make the column NOT NULL once
// valid.
func TestNotNullConstraints(t *testing.T) {
	tests := []struct {
		name, sql, key, want string
	}{
		{
			name: "create table: valid at once, named or not",
			sql:  `CREATE TABLE t (a int, b text, CONSTRAINT t_a_nn NOT NULL a, NOT NULL b, c int);`,
			key:  "table public.t",
			want: "table\na int4 not null\nb text not null\nc int4\nconstraint t_a_nn NOT NULL (a)\nconstraint t_b_not_null NOT NULL (b)",
		},
		{
			name: "create table: NOT VALID is meaningless on a new table",
			sql:  `CREATE TABLE t (a int, CONSTRAINT nn NOT NULL a NOT VALID);`,
			key:  "table public.t",
			want: "table\na int4 not null\nconstraint nn NOT NULL (a)",
		},
		{
			name: "alter table: NOT VALID leaves the column nullable",
			sql:  `CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT nn NOT NULL a NOT VALID;`,
			key:  "table public.t",
			want: "table\na int4\nconstraint nn NOT NULL (a) not valid",
		},
		{
			name: "alter table: VALIDATE CONSTRAINT makes it NOT NULL",
			sql:  `CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT nn NOT NULL a NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT nn;`,
			key:  "table public.t",
			want: "table\na int4 not null\nconstraint nn NOT NULL (a)",
		},
		{
			name: "alter table: without NOT VALID at once; generated name",
			sql:  `CREATE TABLE t (a int); ALTER TABLE t ADD NOT NULL a;`,
			key:  "table public.t",
			want: "table\na int4 not null\nconstraint t_a_not_null NOT NULL (a)",
		},
		{
			name: "SET NOT NULL validates a NOT VALID one",
			sql:  `CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT nn NOT NULL a NOT VALID; ALTER TABLE t ALTER a SET NOT NULL;`,
			key:  "table public.t",
			want: "table\na int4 not null\nconstraint nn NOT NULL (a)",
		},
		{
			name: "DROP CONSTRAINT makes the column nullable",
			sql:  `CREATE TABLE t (a int, CONSTRAINT nn NOT NULL a); ALTER TABLE t DROP CONSTRAINT nn;`,
			key:  "table public.t",
			want: "table\na int4",
		},
		{
			name: "DROP NOT NULL drops the constraint",
			sql:  `CREATE TABLE t (a int, CONSTRAINT nn NOT NULL a); ALTER TABLE t ALTER a DROP NOT NULL;`,
			key:  "table public.t",
			want: "table\na int4",
		},
		{
			name: "unknown column: nothing",
			sql:  `CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT nn NOT NULL zz;`,
			key:  "table public.t",
			want: "table\na int4",
		},
		{
			name: "partitions inherit it",
			sql: `CREATE TABLE m (a int, at date) PARTITION BY RANGE (at);
				CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
				ALTER TABLE m ADD CONSTRAINT m_a_nn NOT NULL a NOT VALID;
				ALTER TABLE m VALIDATE CONSTRAINT m_a_nn;`,
			key:  "table public.m1",
			want: "table partition of m\na int4 not null\nat date\nconstraint m_a_nn NOT NULL (a)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := replay(t, tt.sql)
			got, ok := render(c, tt.key)
			if !ok || got != tt.want {
				t.Errorf("%s:\n got %q\nwant %q", tt.key, got, tt.want)
			}
		})
	}
}
