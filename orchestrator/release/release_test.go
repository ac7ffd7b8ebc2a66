package release

import "testing"

func TestStoredNameAndPathChecks(t *testing.T) {
	for name, want := range map[string]bool{
		"0001_a.sql": true, "20250116090000_add_orders.SQL": true, "V2__x.sql": true,
		"": false, "../PWNED.sql": false, "0001_a..b.sql": false, "a/0001_a.sql": false, `a\0001_a.sql`: false,
		"0001_a.sql\x00": false, "0001_\u009ba.sql": false, "0001_a.txt": false, "readme.sql": false, "0001_a\xff.sql": false,
	} {
		if got := validMigrationName(name); got != want {
			t.Errorf("validMigrationName(%q) = %v, want %v", name, got, want)
		}
	}
	for p, want := range map[string]bool{
		"migrations/0001_a.sql": true, "0001_a.sql": true, "db/m/0001_a.sql": true,
		"/etc/0001_a.sql": false, "../0001_a.sql": false, "m/../0001_a.sql": false, "./0001_a.sql": false,
		"m//0001_a.sql": false, `m\0001_a.sql`: false, "m/0002_b.sql": false, "m\n/0001_a.sql": false,
	} {
		if got := validRepositoryPath(p, "0001_a.sql"); got != want {
			t.Errorf("validRepositoryPath(%q) = %v, want %v", p, got, want)
		}
	}
}
