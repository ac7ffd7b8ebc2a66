package integrity

import (
	"reflect"
	"testing"
)

// A routed file (db##version##kind##desc.sql) runs only on its
// database's targets, so only files that run there (its database's and
// unrouted ones) can make it out of order, as each Bytebase database has
// its own version history.
func TestOutOfOrderPerDatabase(t *testing.T) {
	base := files(t,
		"m/employee##202312010900##ddl##create_employee.sql", "CREATE TABLE employee (id int);\n",
		"m/hr##202311010900##ddl##create_hr.sql", "CREATE TABLE hr (id int);\n",
	)
	current := append(base[:2:2], files(t,
		"m/hr##202311050900##ddl##hr_title.sql", "ALTER TABLE hr ADD title text;\n",
		"m/employee##202311200900##dml##backfill.sql", "UPDATE employee SET id = id;\n",
		"m/202311100900_shared.sql", "SELECT 1;\n",
	)...)
	got := messages(Compare(&Comparison{Where: "merged at main", Base: base, Current: current}, only(OutOfOrderMigration)))
	want := []string{
		"out-of-order-migration m/202311100900_shared.sql: m/202311100900_shared.sql (version 202311100900) sorts before 202312010900, the newest version already merged at main; give it a newer version, or set `migrations.out-of-order: allow` in .sqlreview.yaml",
		"out-of-order-migration m/employee##202311200900##dml##backfill.sql: m/employee##202311200900##dml##backfill.sql (version 202311200900) sorts before 202312010900, the newest version already merged at main; give it a newer version, or set `migrations.out-of-order: allow` in .sqlreview.yaml",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
