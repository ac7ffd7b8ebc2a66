package config

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"migrations/**/*.sql", "migrations/a.sql", true},
		{"migrations/**/*.sql", "migrations/x/y/b.sql", true},
		{"migrations/**/*.sql", "migrations/x/b.txt", false},
		{"migrations/**/*.sql", "other/a.sql", false},
		{"migrations/**/*.sql", "migrations", false},
		{"**/*.sql", "a.sql", true},
		{"**/*.sql", "a/b/c.sql", true},
		{"**/*.sql", "a.SQL", false},
		{"**/*.sql", ".hidden/a.sql", true},
		{"*.sql", "a.sql", true},
		{"*.sql", "dir/a.sql", false},
		{"**", "anything/at/all", true},
		{"a/**", "a", true},
		{"a/**", "a/b/c", true},
		{"a/**", "ab/c", false},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "a/x/y/c", false},
		{"a/**/**/b", "a/x/b", true},
		{"**/legacy/**", "db/legacy/x.sql", true},
		{"**/legacy/**", "legacy/x.sql", true},
		{"**/legacy/**", "db/legacy2/x.sql", false},
		{"migrations/legacy/", "migrations/legacy/a/b.sql", true},
		{"./migrations/*.sql", "migrations/a.sql", true},
		{"/migrations/*.sql", "migrations/a.sql", true},
		{"db//x.sql", "db/x.sql", true},
		{"m/?.sql", "m/a.sql", true},
		{"m/?.sql", "m/ab.sql", false},
		{"m/[0-9]*_*.sql", "m/0001_init.sql", true},
		{"m/[0-9]*_*.sql", "m/init.sql", false},
		{"m/[!0-9]*.sql", "m/init.sql", true},
		{"m/[!a]*.sql", "m/a.sql", false},
		{"m/\\[!x].sql", "m/[!x].sql", true},
		{"m/*", "m/a/b", false},
		{"m/[a-.sql", "m/a.sql", false}, // malformed: matches nothing
		{"**/*.sql", "./a/b.sql", true},
		{"**/*.sql", "a/../b.sql", true},
		{"**/*.sql", "../a.sql", false},
		{"**/*.sql", "/abs/a.sql", false},
		{"**/*.sql", "", false},
		{"", "a.sql", false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.path); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestValidGlob(t *testing.T) {
	for _, ok := range []string{"**/*.sql", "a/**", "a/", "[abc]/*.sql", "x", "a\\*b"} {
		if !ValidGlob(ok) {
			t.Errorf("ValidGlob(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "a/[b", "[a-", "a/\\", "**/[]"} {
		if ValidGlob(bad) {
			t.Errorf("ValidGlob(%q) = true", bad)
		}
	}
}

func TestMatches(t *testing.T) {
	c := mustParse(t, "files:\n  include: [\"migrations/**/*.sql\", \"seed.sql\"]\n  exclude: [\"migrations/vendor/**\"]\n")
	tests := map[string]bool{
		"migrations/1_a.sql":        true,
		"migrations/x/2_b.sql":      true,
		"seed.sql":                  true,
		"migrations/vendor/3_c.sql": false,
		"other/4_d.sql":             false,
		"migrations/README.md":      false,
	}
	for p, want := range tests {
		if got := c.Matches(p); got != want {
			t.Errorf("Matches(%q) = %v, want %v", p, got, want)
		}
	}
	d := Default()
	if !d.Matches("a/b/c.sql") || d.Matches("a/b/c.txt") {
		t.Errorf("default include should be every .sql file")
	}
	d.Files.Include = nil
	if !d.Matches("a/b/c.txt") {
		t.Errorf("an empty include list should include every file")
	}
}

func TestExcluded(t *testing.T) {
	c := mustParse(t, `exclusions:
  - paths: ["migrations/legacy/**"]
    rules: [ban-drop-column]
  - paths: ["migrations/0001_*.sql", "seed/**"]
    rules: [SR101, prefer-bigint-over-int]
`)
	tests := []struct {
		path, rule string
		want       bool
	}{
		{"migrations/legacy/a.sql", "ban-drop-column", true},
		{"migrations/legacy/x/a.sql", "ban-drop-column", true},
		{"migrations/legacy/a.sql", "prefer-bigint-over-int", false},
		{"migrations/a.sql", "ban-drop-column", false},
		{"migrations/0001_init.sql", "require-concurrent-index-creation", true}, // via code SR101
		{"seed/x.sql", "prefer-bigint-over-int", true},
		{"migrations/0002_more.sql", "prefer-bigint-over-int", false},
	}
	for _, tt := range tests {
		if got := c.Excluded(tt.path, tt.rule, testResolver); got != tt.want {
			t.Errorf("Excluded(%q, %q) = %v, want %v", tt.path, tt.rule, got, tt.want)
		}
	}
	// Without a resolver only exact names match.
	if c.Excluded("migrations/0001_init.sql", "require-concurrent-index-creation", nil) {
		t.Errorf("Excluded without resolver matched through a code")
	}
	if !c.Excluded("migrations/0001_init.sql", "SR101", nil) {
		t.Errorf("Excluded without resolver missed an exact name")
	}
}
