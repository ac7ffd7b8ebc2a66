package convert

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
)

const (
	uploadNote = "upload_to_github.fail_on_violations = true: sqlreview fails a run through fail-on (set to warning here) and reports to GitHub with --format github or sarif"
)

// TestSquawkTOMLFeatures reads a .squawk.toml with the TOML the former
// hand-written reader refused: a byte order mark, multi-line strings and
// an inline table, beside the comments and trailing commas in arrays and
// literal strings it read.
func TestSquawkTOMLFeatures(t *testing.T) {
	cfg, text, notes := convertFile(t, Squawk, "squawk-features.toml")
	if want := []string{uploadNote}; !slices.Equal(notes, want) {
		t.Errorf("not converted:\n%q\nwant\n%q", notes, want)
	}
	notConverted(t, text, notes, "upload_to_github.fail_on_violations = true:")
	if a := cfg.Migrations.AssumeInTransaction; a == nil || *a {
		t.Errorf("migrations.assume-in-transaction = %v, want false (assume_in_transaction = false)", a)
	}
	if cfg.Postgres.Version != 14 {
		t.Errorf("postgres.version = %d, want 14 (pg_version = '14.2')", cfg.Postgres.Version)
	}
	if !reflect.DeepEqual(cfg.Files.Exclude, []string{"legacy/*.sql"}) {
		t.Errorf("files.exclude = %q", cfg.Files.Exclude)
	}
	l := enabledRules(t, cfg)
	for name, on := range map[string]bool{
		"ban-drop-column": false, "prefer-robust-stmts": false, "renaming-column": false,
		"require-table-schema": true, "adding-field-with-default": true,
	} {
		if r := all.Lookup(name); r == nil || l.Enabled(r) != on {
			t.Errorf("%s: enabled want %v", name, on)
		}
	}
	if want := []string{"ban-drop-column", "prefer-robust-stmts", "renaming-column"}; !slices.Equal(ruleNames(cfg.Rules.Disable), want) {
		t.Errorf("rules.disable = %q, want %q", cfg.Rules.Disable, want)
	}
}

// ruleNames resolves rule references to rule names.
func ruleNames(refs []string) []string {
	var out []string
	for _, ref := range refs {
		name, _ := all.Resolve(ref)
		out = append(out, name)
	}
	return out
}

// TestSquawkTOMLTableSpellings: a table, a dotted key and an inline table
// are the same TOML; each reads as Squawk's upload_to_github.fail_on_violations.
func TestSquawkTOMLTableSpellings(t *testing.T) {
	for _, doc := range []string{
		"[upload_to_github]\nfail_on_violations = true\n",
		"upload_to_github.fail_on_violations = true\n",
		"upload_to_github = { fail_on_violations = true }\n",
		"[upload_to_github] # GitHub annotations\n  fail_on_violations = true # fail the check\n",
	} {
		res, err := Squawk([]byte(doc), ".squawk.toml")
		if err != nil {
			t.Errorf("%q: %v", doc, err)
			continue
		}
		if want := []string{uploadNote}; !slices.Equal(res.NotConverted, want) {
			t.Errorf("%q: not converted %q, want %q", doc, res.NotConverted, want)
		}
	}
}

// TestSquawkMalformedTOML: a file that is not TOML is an error of one line
// naming the file and the line, and no configuration.
func TestSquawkMalformedTOML(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{"pg_version = \"13\"\npg_version = \"14\"\n", `db/.squawk.toml:2: not valid TOML: Key 'pg_version' has already been defined.`},
		{"excluded_rules = [\n  \"a\",\n  \"b\"\n  \"c\",\n]\n", `db/.squawk.toml:4: not valid TOML: expected a comma (',') or array terminator (']'), but got '"'`},
		{"[upload_to_github]\nfail_on_violations = true\n\n[upload_to_github]\n", `db/.squawk.toml:4: not valid TOML: Key 'upload_to_github' has already been defined.`},
		{"# comment\nexcluded_paths = [\"legacy/*.sql]\n", `db/.squawk.toml:2: not valid TOML: strings cannot contain newlines`},
		{"pg_version = 13.0.1\n", `db/.squawk.toml:1: not valid TOML: Invalid float value: "13.0.1"`},
		{"included_rules = [\"a\"] excluded_rules = []\n", `db/.squawk.toml:1: not valid TOML: expected a top-level item to end with a newline, comment, or EOF, but got 'e' instead`},
		{"\n\nassume_in_transaction = yes\n", `db/.squawk.toml:3: not valid TOML: expected value but found "yes" instead`},
		{"# a value that is no TOML is cut short\npg_version = " + strings.Repeat("x", 500) + "\n", `db/.squawk.toml:2: not valid TOML: expected value but found "` + strings.Repeat("x", 94) + "…"},
	} {
		res, err := Squawk([]byte(c.doc), "db/.squawk.toml")
		if err == nil {
			t.Errorf("%q: converted:\n%s", c.doc, res.Text)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.doc, err, c.want)
		}
	}
}

// TestSquawkNotAnArray: a known key of the wrong type is an item not
// converted, not an error.
func TestSquawkNotAnArray(t *testing.T) {
	res, err := Squawk([]byte("excluded_rules = 'ban-drop-column'\n"), ".squawk.toml")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"excluded_rules = ban-drop-column: expected an array of strings"}; !slices.Equal(res.NotConverted, want) {
		t.Errorf("not converted %q, want %q", res.NotConverted, want)
	}
	if _, err := config.Parse(config.FileNames[0], []byte(res.Text)); err != nil {
		t.Error(err)
	}
}

// TestSquawkOldVersions: Squawk's pg_version 9.6 and 10 are targets of ours
// too; 9.6 is written as Squawk writes it.
func TestSquawkOldVersions(t *testing.T) {
	for _, tt := range []struct {
		toml string
		want int
		line string
	}{
		{"pg_version = \"9.6\"\n", 9, "  version: 9.6  # pg_version = 9.6"},
		{"pg_version = \"10.0\"\n", 10, "  version: 10  # pg_version = 10.0"},
	} {
		res, err := Squawk([]byte(tt.toml), ".squawk.toml")
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Parse(".sqlreview.yaml", []byte(res.Text))
		if err != nil {
			t.Fatalf("%s: %v\n%s", tt.toml, err, res.Text)
		}
		if cfg.Postgres.Version != tt.want || !strings.Contains(res.Text, "\n"+tt.line+"\n") || len(res.NotConverted) != 0 {
			t.Errorf("%s: version %d, not converted %q, text:\n%s", tt.toml, cfg.Postgres.Version, res.NotConverted, res.Text)
		}
	}
}

// TestSquawkRuleNotCovered: a Squawk rule no rule of ours answers is an item
// not converted, with the correspondence table's reason.
func TestSquawkRuleNotCovered(t *testing.T) {
	res, err := Squawk([]byte("included_rules = ['ban-disable-trigger']\n"), ".squawk.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := `included_rules: "ban-disable-trigger": no sqlreview rule answers to this name: not covered as one rule: Squawk reports ` +
		`disabling a trigger or a rule and changing row level security enforcement, as a change of behaviour clients cannot see; ` +
		`ours splits it: ban-enable-disable-trigger (DISABLE TRIGGER, for its lock) and ban-alter-row-level-security; DISABLE RULE is not reported`
	if !slices.Equal(res.NotConverted, []string{want}) {
		t.Errorf("not converted %q, want %q", res.NotConverted, want)
	}
}
