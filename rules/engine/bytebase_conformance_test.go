package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/source"
	"github.com/sqlreview/sqlreview/rules/statements"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// bytebaseCorpus holds Bytebase's own expected results for its PostgreSQL
// SQL-review rules, unchanged; its README gives provenance, the mock catalog
// and the payload each rule is tested with.
var bytebaseCorpus = []string{"corpus", "bytebase-pg-advisor", "advisor-pg-test"}

// bytebaseMockCatalog is MockPostgreSQLDatabase (Bytebase's
// utils_for_tests.go) as SQL. It is replayed from its own file so that its
// objects are existing tables, not ones the case creates: that is the
// difference most rules care about. Only the primary keys are constraints;
// Bytebase's other indexes are plain (unique) indexes.
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

// bytebasePayloads are the rule payloads pg_rules_test.go configures (the
// README's table), by Bytebase's payload field names. A mapped rule receives
// them as settings of the same names; NewLinter refuses a field the rule does
// not declare, so a payload is never dropped on the way.
var bytebasePayloads = map[string]map[string]any{
	"COLUMN_COMMENT":                   {"required": true, "maxLength": 10},
	"COLUMN_MAXIMUM_CHARACTER_LENGTH":  {"number": 20},
	"COLUMN_REQUIRED":                  {"list": []any{"id", "created_ts", "updated_ts", "creator_id", "updater_id"}},
	"COLUMN_TYPE_DISALLOW_LIST":        {"list": []any{"JSON", "BINARY_FLOAT"}},
	"INDEX_KEY_NUMBER_LIMIT":           {"number": 5},
	"INDEX_PRIMARY_KEY_TYPE_ALLOWLIST": {"list": []any{"serial", "bigserial", "int", "bigint"}},
	"INDEX_TOTAL_NUMBER_LIMIT":         {"number": 5},
	"NAMING_COLUMN":                    {"format": `^[a-z]+(_[a-z]+)*$`, "maxLength": 64},
	"NAMING_INDEX_FK":                  {"format": `^$|^fk_{{referencing_table}}_{{referencing_column}}_{{referenced_table}}_{{referenced_column}}$`, "maxLength": 64},
	"NAMING_INDEX_IDX":                 {"format": `^$|^idx_{{table}}_{{column_list}}$`, "maxLength": 64},
	"NAMING_INDEX_PK":                  {"format": `^$|^pk_{{table}}_{{column_list}}$`, "maxLength": 64},
	"NAMING_INDEX_UK":                  {"format": `^$|^uk_{{table}}_{{column_list}}$`, "maxLength": 64},
	"NAMING_TABLE":                     {"format": `^[a-z]+(_[a-z]+)*$`, "maxLength": 64},
	"STATEMENT_AFFECTED_ROW_LIMIT":     {"number": 5},
	"STATEMENT_INSERT_ROW_LIMIT":       {"number": 5},
	"SYSTEM_CHARSET_ALLOWLIST":         {"list": []any{"utf8mb4", "UTF8"}},
	"SYSTEM_COLLATION_ALLOWLIST":       {"list": []any{"utf8mb4_0900_ai_ci"}},
	"SYSTEM_COMMENT_LENGTH":            {"number": 20},
	"TABLE_COMMENT":                    {"required": true, "maxLength": 10},
	"TABLE_DROP_NAMING_CONVENTION":     {"format": "_delete$"},
}

// bytebaseOrphans are corpus files pg_rules_test.go does not load: their
// expectations are not maintained, so they are no conformance target.
var bytebaseOrphans = map[string]string{
	"hello_world.yaml":                   "a harness smoke test, not a rule",
	"statement_disallow_mix_in_ddl.yaml": "predates the rule-enum migration; Bytebase no longer runs it",
	"statement_disallow_mix_in_dml.yaml": "predates the rule-enum migration; Bytebase no longer runs it",
}

// bytebaseCase is one element of an advisor-pg-test/*.yaml file.
type bytebaseCase struct {
	Statement string `yaml:"statement"`
	Want      []struct {
		Title         string `yaml:"title"`
		StartPosition struct {
			Line int `yaml:"line"`
		} `yaml:"startposition"`
	} `yaml:"want"`
}

// bytebaseDeviations is the checked-in list of the corpus cases where our
// rules and Bytebase disagree, each with the reason, and the conformance
// floor the test enforces.
var bytebaseDeviations = filepath.Join("..", "..", "testdata", "bytebase", "deviations.yaml")

// deviationsFile is the shape of bytebaseDeviations.
type deviationsFile struct {
	// Minimum is the lowest share of agreeing cases, in percent, the test
	// accepts.
	Minimum float64 `yaml:"minimum"`
	// Deviations maps a case id (ENUM#index, index 0-based in the enum's
	// yaml file) to the one-line reason we disagree.
	Deviations map[string]string `yaml:"deviations"`
}

// caseResult is the outcome of one corpus case.
type caseResult struct {
	id     string
	agrees bool
	why    string // for a disagreement: what differs
}

// TestBytebaseConformance is the contract of issue 3 with Bytebase's SQL
// review: every case of every live corpus file (advisor-pg-test, minus the
// orphans pg_rules_test.go does not load) runs through the rule its enum
// resolves to, alone, with Bytebase's payload as settings and the mock
// catalog as the earlier migration, and agrees when the lines of our
// findings equal the lines Bytebase expects (see bytebaseLinesAgree). A
// Bytebase enum that no rule answers to yet counts as disagreeing on all of
// its cases, so the share of agreeing cases rises as rules land.
//
// testdata/bytebase/deviations.yaml lists every disagreeing case by id
// (ENUM#index) with a one-line reason, and nothing else: a disagreement it
// does not list fails the test, and so does a listed case that now agrees
// (remove its line), so the file always says exactly where and why we
// differ. Its header's `minimum` is the floor: the test fails when the
// share of agreeing cases falls below it. It is set to the share achieved
// today and raised as rules land; issue 3 asks for 95.
//
// Rules that need a live database (dml-dry-run, affected-row-limit,
// object-owner-check, insert-row-limit's INSERT ... SELECT) report one note
// per file that they were skipped; Bytebase's tests run them without a
// database and expect nothing, so those notes (statements.NeedsDatabaseNote)
// are ignored here.
//
// UPDATE_BYTEBASE_DEVIATIONS=1 rewrites the list: agreeing cases are dropped,
// reasons are kept, an uncovered enum's cases get "no rule answers to ENUM
// yet", and other new disagreements get a "TODO" reason the test refuses
// until a human writes the real one. The minimum is never changed by it.
func TestBytebaseConformance(t *testing.T) {
	dir := shared.Path(t, bytebaseCorpus...)
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err == nil && len(paths) == 0 {
		err = fs.ErrNotExist
	}
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("no %s/*.yaml (see the README of ../shared/corpus/bytebase-pg-advisor)", dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	dev := readDeviations(t)
	var results []caseResult
	orphans := map[string]bool{}
	for _, path := range paths {
		file := filepath.Base(path)
		if _, ok := bytebaseOrphans[file]; ok {
			orphans[file] = true
			continue
		}
		// The file name is the enum lower-cased with "." and "-" turned to
		// "_"; enums hold neither, so upper-casing gives the enum back.
		enum := strings.ToUpper(strings.TrimSuffix(file, ".yaml"))
		cases := readBytebaseCases(t, path)
		for i, c := range cases {
			for _, w := range c.Want {
				if w.Title != enum {
					t.Errorf("%s case %d: want title %q is not the file's enum %s", file, i, w.Title, enum)
				}
			}
		}
		r := all.Lookup(enum)
		if r == nil {
			for i := range cases {
				results = append(results, caseResult{id: caseID(enum, i), why: "no rule answers to " + enum})
			}
			continue
		}
		results = append(results, runBytebaseFile(t, r, enum, cases)...)
	}
	for file := range bytebaseOrphans {
		if !orphans[file] {
			t.Errorf("bytebaseOrphans lists %s, which the corpus does not hold", file)
		}
	}

	agree := 0
	seen := map[string]bool{}
	for _, res := range results {
		seen[res.id] = true
		reason, listed := dev.Deviations[res.id]
		switch {
		case res.agrees:
			agree++
			if listed {
				t.Errorf("%s now agrees with Bytebase: remove it from %s (it said %q)", res.id, bytebaseDeviations, reason)
			}
		case !listed:
			t.Errorf("%s disagrees with Bytebase (%s): fix the rule, or list it in %s with a one-line reason", res.id, res.why, bytebaseDeviations)
		case strings.TrimSpace(reason) == "" || strings.HasPrefix(reason, "TODO"):
			t.Errorf("%s: %s needs a real reason, not %q (%s)", res.id, bytebaseDeviations, reason, res.why)
		}
	}
	for id := range dev.Deviations {
		if !seen[id] {
			t.Errorf("%s lists %s, which is no case of the live corpus", bytebaseDeviations, id)
		}
	}
	if len(results) == 0 {
		t.Fatal("no Bytebase cases ran")
	}
	pct := 100 * float64(agree) / float64(len(results))
	t.Logf("Bytebase conformance: %d of %d cases agree (%.1f%%); the floor is %.1f%%, issue 3 asks for 95%%", agree, len(results), pct, dev.Minimum)
	if pct < dev.Minimum {
		t.Errorf("Bytebase conformance fell to %.1f%% (%d of %d cases), below the minimum of %.1f%% in %s", pct, agree, len(results), dev.Minimum, bytebaseDeviations)
	}
	if os.Getenv("UPDATE_BYTEBASE_DEVIATIONS") != "" {
		writeDeviations(t, dev, results)
	}
}

func caseID(enum string, i int) string { return fmt.Sprintf("%s#%d", enum, i) }

func readDeviations(t *testing.T) deviationsFile {
	t.Helper()
	data, err := os.ReadFile(bytebaseDeviations)
	if err != nil {
		t.Fatalf("reading the Bytebase deviations list: %v", err)
	}
	var d deviationsFile
	if err := yaml.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s: %v", bytebaseDeviations, err)
	}
	if d.Deviations == nil {
		d.Deviations = map[string]string{}
	}
	return d
}

// deviationsHeader heads the generated file.
const deviationsHeader = `# Bytebase conformance deviations (rules/engine/bytebase_conformance_test.go).
#
# Every case of ../shared/corpus/bytebase-pg-advisor/advisor-pg-test (minus the
# orphan files Bytebase does not load) runs through the rule its enum resolves
# to. This file lists every case where the lines of our findings differ from
# Bytebase's, by id (ENUM#index, index 0-based in the enum's yaml file), with
# the reason. The test fails on an unlisted disagreement and on a listed case
# that agrees, so the list is exact.
#
# minimum: the share of agreeing cases (percent) below which the test fails.
# It is the level achieved today; raise it as rules land (issue 3 asks for 95).
# UPDATE_BYTEBASE_DEVIATIONS=1 go test ./rules/engine -run TestBytebaseConformance
# rewrites the list (it keeps reasons and never changes minimum).
`

func writeDeviations(t *testing.T, old deviationsFile, results []caseResult) {
	t.Helper()
	var ids []string
	reasons := map[string]string{}
	for _, res := range results {
		if res.agrees {
			continue
		}
		reason := old.Deviations[res.id]
		if reason == "" {
			if strings.HasPrefix(res.why, "no rule answers to ") {
				reason = res.why + " yet"
			} else {
				reason = "TODO: say why (" + res.why + ")"
			}
		}
		ids = append(ids, res.id)
		reasons[res.id] = reason
	}
	sort.Slice(ids, func(i, j int) bool { return lessCaseID(ids[i], ids[j]) })
	var b strings.Builder
	b.WriteString(deviationsHeader)
	fmt.Fprintf(&b, "minimum: %s\n", strconv.FormatFloat(old.Minimum, 'f', -1, 64))
	b.WriteString("deviations:\n")
	for _, id := range ids {
		r, _ := yaml.Marshal(reasons[id])
		fmt.Fprintf(&b, "  %s: %s", id, r)
	}
	if err := os.WriteFile(bytebaseDeviations, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote %s (%d deviations)", bytebaseDeviations, len(ids))
}

// lessCaseID orders ENUM#index ids by enum, then numerically by index.
func lessCaseID(a, b string) bool {
	ea, ia, _ := strings.Cut(a, "#")
	eb, ib, _ := strings.Cut(b, "#")
	if ea != eb {
		return ea < eb
	}
	na, _ := strconv.Atoi(ia)
	nb, _ := strconv.Atoi(ib)
	return na < nb
}

func readBytebaseCases(t *testing.T, path string) []bytebaseCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []bytebaseCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return cases
}

// runBytebaseFile runs one enum's cases through r and reports, per case,
// whether it agrees with Bytebase.
func runBytebaseFile(t *testing.T, r *rules.Rule, enum string, cases []bytebaseCase) []caseResult {
	cfg := config.Default()
	cfg.Rules.Default = "none"
	cfg.Rules.Enable = []string{r.Name}
	cfg.Rules.Severity = map[string]string{}
	cfg.Rules.Settings = map[string]map[string]any{}
	if p := bytebasePayloads[enum]; p != nil {
		cfg.Rules.Settings[r.Name] = p
	}
	l, err := NewLinter(cfg, Overrides{})
	if err != nil {
		t.Errorf("%s → %s with Bytebase's payload %v: %v", enum, r.Name, bytebasePayloads[enum], err)
		var out []caseResult
		for i := range cases {
			out = append(out, caseResult{id: caseID(enum, i), why: "Bytebase's payload is refused: " + err.Error()})
		}
		return out
	}
	var out []caseResult
	for i, c := range cases {
		res := caseResult{id: caseID(enum, i)}
		cat := catalog.New()
		cat.ApplyFile(source.ParseText("setup.sql", bytebaseMockCatalog))
		file := source.ParseText("case.sql", c.Statement)
		var got []bytebaseFinding
		var meta []string
		for _, fd := range l.Lint(file, cat, "case.sql") {
			if fd.Rule.Category == rules.Meta {
				meta = append(meta, fmt.Sprintf("%d:%d %s", fd.Start.Line, fd.Start.Column, fd.Rule.Name))
				continue
			}
			if strings.HasSuffix(fd.Message, statements.NeedsDatabaseNote) {
				continue
			}
			f := bytebaseFinding{line: fd.Start.Line, stmtLine: fd.Start.Line}
			if fd.stmt >= 0 && fd.stmt < len(file.Statements) {
				f.stmtLine = file.Position(file.Statements[fd.stmt].Start).Line
			}
			got = append(got, f)
		}
		var want []int
		for _, w := range c.Want {
			want = append(want, w.StartPosition.Line)
		}
		switch {
		case len(meta) > 0:
			res.why = "meta findings " + strings.Join(meta, ", ")
		case bytebaseLinesAgree(got, want):
			res.agrees = true
		default:
			var lines []int
			for _, g := range got {
				lines = append(lines, g.line)
			}
			res.why = fmt.Sprintf("finding lines %v, Bytebase expects %v", lines, want)
		}
		out = append(out, res)
	}
	return out
}

// bytebaseFinding is where one of our findings starts: its line, and the
// first line of the statement it belongs to.
type bytebaseFinding struct{ line, stmtLine int }

// bytebaseLinesAgree matches our findings with Bytebase's expected lines,
// one to one. Bytebase's lines are 1-based. Most of its PostgreSQL rules
// place advice on the line where the statement starts, where ours place it
// on the offending node (the constraint, the column), so a Bytebase line
// answers a finding that starts on it or whose statement starts on it;
// exact lines are matched first. A 0 is not a 0-based line but advice
// Bytebase gives without a position (SYSTEM_CHARSET_ALLOWLIST on CREATE
// DATABASE, STATEMENT_CHECK_SET_ROLE_VARIABLE), which any finding answers.
func bytebaseLinesAgree(got []bytebaseFinding, want []int) bool {
	want = slices.Clone(want)
	sort.Ints(want)
	unplaced := 0
	for len(want) > 0 && want[0] == 0 {
		want, unplaced = want[1:], unplaced+1
	}
	used := make([]bool, len(got))
	match := func(line func(bytebaseFinding) int) {
		for k := 0; k < len(want); {
			found := false
			for i, g := range got {
				if !used[i] && line(g) == want[k] {
					used[i], found = true, true
					break
				}
			}
			if found {
				want = slices.Delete(want, k, k+1)
			} else {
				k++
			}
		}
	}
	match(func(f bytebaseFinding) int { return f.line })
	match(func(f bytebaseFinding) int { return f.stmtLine })
	rest := 0
	for _, u := range used {
		if !u {
			rest++
		}
	}
	return len(want) == 0 && rest == unplaced
}
