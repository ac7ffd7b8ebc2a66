package statements_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/schema"
	"github.com/sqlreview/sqlreview/rules/source"
	"github.com/sqlreview/sqlreview/rules/statements"
)

// corpusDir holds Bytebase's own PostgreSQL advisor test data, unchanged
// (see its README for provenance and the mock catalog).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "bytebase-pg-advisor", "advisor-pg-test")

// bytebaseMockCatalog is MockPostgreSQLDatabase from Bytebase's
// utils_for_tests.go, as SQL. Bytebase models old_uk and old_index as
// indexes; here they are indexes too, so only old_pk is a constraint.
const bytebaseMockCatalog = `
CREATE TABLE tech_book (id integer, name text, creator text, CONSTRAINT old_pk PRIMARY KEY (id, name));
CREATE UNIQUE INDEX old_uk ON tech_book (id, name);
CREATE INDEX old_index ON tech_book (id, name);
CREATE TABLE orders (order_id integer, customer_name text, amount numeric, note text, name text, CONSTRAINT orders_pkey PRIMARY KEY (order_id));
CREATE INDEX idx_orders_customer ON orders (customer_name);
CREATE INDEX idx_orders_amount ON orders (amount);
CREATE TABLE products (product_id integer, title text, price numeric, CONSTRAINT products_pkey PRIMARY KEY (product_id));
CREATE INDEX idx_products_price ON products (price);
CREATE TABLE no_index_table (col_a integer, col_b text);
CREATE TABLE insert_target (id integer, name text);
CREATE SCHEMA bbdataarchive;
`

// bytebaseCase is one element of an advisor-pg-test/*.yaml file.
type bytebaseCase struct {
	Statement string `yaml:"statement"`
	Want      []struct {
		Title         string `yaml:"title"`
		Content       string `yaml:"content"`
		StartPosition struct {
			Line int `yaml:"line"`
		} `yaml:"startposition"`
	} `yaml:"want"`
}

// TestBytebaseConformance runs our rule alone on each case of Bytebase's
// expected results for the same rule and compares the lines reported.
// Bytebase's lines are 1-based (a one-line statement reports line 1), like
// ours.
func TestBytebaseConformance(t *testing.T) {
	for _, tc := range []struct {
		file string
		rule *rules.Rule
		enum string
	}{
		{"statement_where_require_update_delete.yaml", statements.RequireWhereForUpdateDelete, "STATEMENT_WHERE_REQUIRE_UPDATE_DELETE"},
		{"table_require_pk.yaml", schema.RequirePrimaryKey, "TABLE_REQUIRE_PK"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			if r := all.Lookup(tc.enum); r != tc.rule {
				t.Fatalf("Bytebase enum %s does not resolve to %s", tc.enum, tc.rule.Name)
			}
			data, err := os.ReadFile(filepath.Join(corpusDir, tc.file))
			if errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Bytebase corpus missing: %s not found; it lives in /work/shared/corpus/bytebase-pg-advisor (see its README)", filepath.Join(corpusDir, tc.file))
			}
			if err != nil {
				t.Fatal(err)
			}
			var cases []bytebaseCase
			if err := yaml.Unmarshal(data, &cases); err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			t.Logf("%s: %d cases", tc.file, len(cases))
			if len(cases) == 0 {
				t.Fatalf("%s: no cases", tc.file)
			}
			cfg := config.Default()
			cfg.Rules.Default = "none"
			cfg.Rules.Enable = []string{tc.rule.Name}
			l, err := engine.NewLinter(cfg, engine.Overrides{})
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range cases {
				cat := catalog.New()
				cat.ApplyFile(source.ParseText("bytebase-mock.sql", bytebaseMockCatalog))
				var got []int
				for _, fd := range l.Lint(source.ParseText("case.sql", c.Statement), cat, "case.sql") {
					if fd.Rule.Category == rules.Meta {
						t.Errorf("case %d: %s: %s", i, fd.Rule.Name, fd.Message)
						continue
					}
					got = append(got, fd.Start.Line)
				}
				var want []int
				for _, w := range c.Want {
					if w.Title != tc.enum {
						t.Errorf("case %d: want title %q, expected %q", i, w.Title, tc.enum)
					}
					want = append(want, w.StartPosition.Line)
				}
				sort.Ints(got)
				sort.Ints(want)
				if !slices.Equal(got, want) {
					t.Errorf("case %d:\n%s\nfinding lines %v, Bytebase expects %v", i, c.Statement, got, want)
				}
			}
		})
	}
}
