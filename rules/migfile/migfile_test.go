package migfile

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/sqlreview/sqlreview/internal/shared"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		ok    bool
		parts []string
		raw   string
		desc  string
		kind  string
		db    string
	}{
		{name: "20250115_add_users.sql", ok: true, parts: []string{"20250115"}, raw: "20250115", desc: "add_users"},
		{name: "V2__users.sql", ok: true, parts: []string{"2"}, raw: "V2", desc: "users"},
		{name: "v1.2.3_x.sql", ok: true, parts: []string{"1", "2", "3"}, raw: "v1.2.3", desc: "x"},
		{name: "0001_1510262030_initial_schema.sql", ok: true, parts: []string{"1"}, raw: "0001", desc: "1510262030_initial_schema"},
		{name: "shop##20250101##ddl##add_table.sql", ok: true, parts: []string{"20250101"}, raw: "20250101", desc: "add_table", kind: "ddl", db: "shop"},
		{name: "employee##202311012500##dml##seed##more.sql", ok: true, parts: []string{"202311012500"}, raw: "202311012500", desc: "seed##more", kind: "dml", db: "employee"},
		{name: "shop##1.2##migrate##x.sql", ok: true, parts: []string{"1", "2"}, raw: "1.2", desc: "x", kind: "ddl", db: "shop"},
		{name: "shop##7.sql", ok: true, parts: []string{"7"}, raw: "7", db: "shop"},
		{name: ".employee##LATEST.sql", ok: false},
		{name: "shop##12abc##ddl##x.sql", ok: false},
		{name: "20250101_add_ddl.sql", ok: true, parts: []string{"20250101"}, raw: "20250101", desc: "add", kind: "ddl"},
		{name: "202501150901_seed_initial_data_dml.sql", ok: true, parts: []string{"202501150901"}, raw: "202501150901", desc: "seed_initial_data", kind: "dml"},
		{name: "20250101_dml.sql", ok: true, parts: []string{"20250101"}, raw: "20250101", kind: "dml"},
		{name: "20250101_x_DML.SQL", ok: true, parts: []string{"20250101"}, raw: "20250101", desc: "x", kind: "dml"},
		{name: "20250101_addml.sql", ok: true, parts: []string{"20250101"}, raw: "20250101", desc: "addml"},
		{name: "20250115_ADD_USERS.SQL", ok: true, parts: []string{"20250115"}, raw: "20250115", desc: "ADD_USERS"},
		{name: "20250115_no_extension", ok: true, parts: []string{"20250115"}, raw: "20250115", desc: "no_extension"},
		{name: "1.sql", ok: true, parts: []string{"1"}, raw: "1"},
		{name: "1", ok: true, parts: []string{"1"}, raw: "1"},
		{name: "0.sql", ok: true, parts: []string{"0"}, raw: "0"},
		{name: "000.sql", ok: true, parts: []string{"0"}, raw: "000"},
		{name: "1.2.down.sql", ok: true, parts: []string{"1", "2"}, raw: "1.2", desc: "down"},
		{name: "1.10_x.sql", ok: true, parts: []string{"1", "10"}, raw: "1.10", desc: "x"},
		{name: "V1.02__x.sql", ok: true, parts: []string{"1", "2"}, raw: "V1.02", desc: "x"},
		{name: "0086_20200830130644000001_add.postgres.sql", ok: true, parts: []string{"86"}, raw: "0086", desc: "20200830130644000001_add.postgres"},
		{name: "20210816142650000002_flow.sql", ok: true, parts: []string{"20210816142650000002"}, raw: "20210816142650000002", desc: "flow"},
		{name: "000123456789012345678901234567890123456789_huge.sql", ok: true, parts: []string{"123456789012345678901234567890123456789"}, raw: "000123456789012345678901234567890123456789", desc: "huge"},
		{name: "42add.sql", ok: true, parts: []string{"42"}, raw: "42", desc: "add"},
		{name: "migrations/sub/3-x.sql", ok: true, parts: []string{"3"}, raw: "3", desc: "x"},
		{name: "V__x.sql", ok: false},
		{name: "v.sql", ok: false},
		{name: "view_users.sql", ok: false},
		{name: "add_users.sql", ok: false},
		{name: "README.md", ok: false},
		{name: ".sql", ok: false},
		{name: "", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := Parse(tt.name)
			if ok != tt.ok {
				t.Fatalf("Parse(%q) ok = %v, want %v (got %+v)", tt.name, ok, tt.ok, v)
			}
			if !ok {
				if !v.IsZero() || v.String() != "" {
					t.Errorf("Parse(%q) = %+v, want zero Version", tt.name, v)
				}
				return
			}
			want := Version{Parts: tt.parts, Raw: tt.raw, Desc: tt.desc, Kind: tt.kind, Database: tt.db}
			if !reflect.DeepEqual(v, want) {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.name, v, want)
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := map[string]string{
		"v1.2.3_x.sql":        "1.2.3",
		"20250115_a.sql":      "20250115",
		"0001_1510262030.sql": "1",
		"V01.002.0003.sql":    "1.2.3",
		"000.sql":             "0",
	}
	for name, want := range tests {
		v, _ := Parse(name)
		if got := v.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", name, got, want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.10", "1.9", 1},
		{"1.9", "1.10", -1},
		{"2", "1.5", 1},
		{"1.2", "1.2.1", -1},
		{"1.2.1", "1.2", 1},
		{"1.2", "1.2", 0},
		{"0001", "1", 0},
		{"1.0", "1", 1},
		{"20210816142650000002", "20210816142650000001", 1},
		{"20210816142650000002", "99999999999999999999", -1},
		{"100000000000000000000000", "99999999999999999999999", 1},
		{"0000000000000000000000009", "10", -1},
		{"0", "00", 0},
	}
	for _, tt := range tests {
		a, okA := Parse(tt.a + "_x.sql")
		b, okB := Parse(tt.b + "_x.sql")
		if !okA || !okB {
			t.Fatalf("Parse failed for %q or %q", tt.a, tt.b)
		}
		if got := Compare(a, b); got != tt.want {
			t.Errorf("Compare(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	// Hand-built versions may carry leading zeros; they still compare by value.
	if got := Compare(Version{Parts: []string{"007"}}, Version{Parts: []string{"7"}}); got != 0 {
		t.Errorf("Compare(007, 7) = %d, want 0", got)
	}
}

func TestSort(t *testing.T) {
	in := []string{
		"migrations/README.md",
		"migrations/V1.10__c.sql",
		"migrations/seed.sql",
		"migrations/20210816142650000002_big.sql",
		"migrations/V1.9__b.sql",
		"migrations/V1.2__a.sql",
		"migrations/2_x.sql",
		"migrations/02_a.sql",
		"migrations/1.2.1_z.sql",
		"b/1_same.sql",
		"a/1_same.sql",
		"migrations/V2__users.sql",
	}
	orig := slices.Clone(in)
	want := []string{
		"a/1_same.sql",
		"b/1_same.sql",
		"migrations/V1.2__a.sql",
		"migrations/1.2.1_z.sql",
		"migrations/V1.9__b.sql",
		"migrations/V1.10__c.sql",
		"migrations/02_a.sql",
		"migrations/2_x.sql",
		"migrations/V2__users.sql",
		"migrations/20210816142650000002_big.sql",
		"migrations/README.md",
		"migrations/seed.sql",
	}
	got := Sort(in)
	if !slices.Equal(got, want) {
		t.Errorf("Sort =\n%q\nwant\n%q", got, want)
	}
	if !slices.Equal(in, orig) {
		t.Errorf("Sort modified its input")
	}
	// The order is total: any permutation sorts the same way.
	rev := slices.Clone(in)
	slices.Reverse(rev)
	if got := Sort(rev); !slices.Equal(got, want) {
		t.Errorf("Sort(reversed) =\n%q\nwant\n%q", got, want)
	}
	if got := Sort(nil); len(got) != 0 {
		t.Errorf("Sort(nil) = %q", got)
	}
}

func TestDuplicates(t *testing.T) {
	in := []string{
		"m/0001_a.sql",
		"m/2_b.sql",
		"m/1_c.sql",
		"m/V1__d.sql",
		"m/3_e.sql",
		"m/3_e.sql", // listed twice: not a duplicate of itself
		"m/1.0_f.sql",
		"other/1_a.sql",
		"m/x.sql",
		"m/y.sql",
		"a/02_x.sql",
		"a/2_y.sql",
		"m/shop##2##ddl##x.sql",
	}
	want := [][]string{
		{"a/02_x.sql", "a/2_y.sql"},
		{"m/0001_a.sql", "m/1_c.sql", "m/V1__d.sql"},
		{"m/2_b.sql", "m/shop##2##ddl##x.sql"},
	}
	got := Duplicates(in)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Duplicates =\n%q\nwant\n%q", got, want)
	}
	if got := Duplicates([]string{"m/1_a.sql", "m/2_b.sql", "m/c.sql"}); got != nil {
		t.Errorf("Duplicates(no duplicates) = %q, want nil", got)
	}
}

func TestCorpusHistories(t *testing.T) {
	// The real histories in shared/corpus use zero-padded prefixes, so their
	// migration order is their lexical order, and no two files collide.
	root := shared.Path(t, "corpus", "migrations")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		files, err := filepath.Glob(filepath.Join(root, d.Name(), "*.sql"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no .sql files (%v)", d.Name(), err)
		}
		for _, f := range files {
			if _, ok := Parse(f); !ok {
				t.Errorf("Parse(%q) failed", f)
			}
		}
		lexical := slices.Sorted(slices.Values(files))
		if got := Sort(files); !slices.Equal(got, lexical) {
			t.Errorf("%s: Sort differs from lexical order", d.Name())
		}
		if dup := Duplicates(files); dup != nil {
			t.Errorf("%s: unexpected duplicates %q", d.Name(), dup)
		}
	}
}

func TestIsSchemaDump(t *testing.T) {
	for text, want := range map[string]bool{
		SchemaDumpHeader + ": the schema of a database\n": true,
		"\uFEFF" + SchemaDumpHeader + "\n":                true,
		"-- sqlreview schema":                             false,
		"\n" + SchemaDumpHeader:                           false,
		"CREATE TABLE a (id int);\n":                      false,
		"":                                                false,
	} {
		if got := IsSchemaDump([]byte(text)); got != want {
			t.Errorf("IsSchemaDump(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestIsBytebaseLatest: only db##LATEST.sql, Bytebase's write-back name,
// is a schema dump by its name; versioned Bytebase names are migrations.
func TestIsBytebaseLatest(t *testing.T) {
	for name, want := range map[string]bool{
		".employee##LATEST.sql":                       true,
		"bytebase/prod/.employee##LATEST.sql":         true,
		"shop##latest.SQL":                            true,
		"shop##LATEST":                                false,
		"##LATEST.sql":                                false,
		"LATEST.sql":                                  false,
		"shop##LATEST##x.sql":                         false,
		"employee##202311012500##ddl##LATEST.sql":     false,
		"employee##202311012500##ddl##add_latest.sql": false,
	} {
		if got := IsBytebaseLatest(name); got != want {
			t.Errorf("IsBytebaseLatest(%q) = %v, want %v", name, got, want)
		}
	}
	if !IsSchemaDumpFile("001_a.sql", []byte(SchemaDumpHeader+"\n")) || IsSchemaDumpFile("001_a.sql", []byte("CREATE TABLE a (id int);\n")) {
		t.Error("IsSchemaDumpFile does not follow the header of a versioned file")
	}
}
