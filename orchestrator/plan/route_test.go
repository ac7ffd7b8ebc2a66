package plan

import (
	"reflect"
	"testing"

	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
)

// Route keeps a target's files: those of its database and the unrouted
// ones. A newer file of another database does not make an older one of
// this database out of order, and a routed-away file recorded here (run
// before routing was honoured) is explained, not called missing.
func TestRoute(t *testing.T) {
	emp := mig(t, "employee##202311010900##ddl##create_employee.sql", "CREATE TABLE employee (id int);")
	hr := mig(t, "hr##202311050900##ddl##create_hr.sql", "CREATE TABLE hr (id int);")
	audit := mig(t, "202311060900_audit_dml.sql", "INSERT INTO audit VALUES (1);")
	mine, away := Route([]*migration.Migration{emp, hr, audit}, "employee")
	if len(mine) != 2 || mine[0] != emp || mine[1] != audit {
		t.Fatalf("mine = %v", mine)
	}
	if want := []RoutedAway{{Name: hr.Name, Version: "202311050900", Database: "hr", Kind: "ddl"}}; !reflect.DeepEqual(away, want) {
		t.Errorf("away = %+v", away)
	}
	names := []string{emp.Name, hr.Name, audit.Name}
	ts := []targets.Target{{Name: "e", URL: "postgres://u@h/whatever", Database: "employee"}, {Name: "s", URL: "postgres://u@h/sales"}}
	_, err := CheckRoutes("prod", ts, names)
	want := "no target for a routed file: hr##202311050900##ddl##create_hr.sql names database hr, but no target of prod is that database (their databases: employee, sales); " +
		"add a target with `database: hr` to prod, or fix the database in the file name"
	if err == nil || err.Error() != want {
		t.Errorf("CheckRoutes: %v\nwant %s", err, want)
	}
	if unknown, err := CheckRoutes("prod", append(ts, targets.Target{Name: "x", Missing: "X_URL"}), names); unknown != "x (X_URL is not set)" || err != nil {
		t.Errorf("CheckRoutes with an unknown database: %q, %v", unknown, err)
	}
	if _, err := CheckRoutes("prod", append(ts, targets.Target{Name: "h", Database: "hr"}), names); err != nil {
		t.Errorf("CheckRoutes with an hr target: %v", err)
	}

	// The hr database applied 202311050900 and 202311060900; the
	// employee file is older but not for it.
	mineHR, awayHR := Route([]*migration.Migration{emp, hr, audit}, "hr")
	rows := []history.Row{
		{Version: hr.Key, Name: hr.Name, Checksum: hr.Checksum, Status: history.StatusApplied},
		{Version: audit.Key, Name: audit.Name, Checksum: audit.Checksum, Status: history.StatusApplied},
	}
	p, err := Build(mineHR, rows, false)
	if err != nil || len(p.Pending) != 0 || p.Applied != 2 {
		t.Fatalf("hr plan: %+v %v", p, err)
	}

	// The employee database got the hr file before routing was honoured.
	rows = []history.Row{{Version: hr.Key, Name: hr.Name, Checksum: hr.Checksum, Status: history.StatusApplied}}
	p, err = Build(mine, rows, true)
	if err != nil {
		t.Fatal(err)
	}
	p.NoteRouted("employee", away, rows)
	wantWarnings := []string{"version 202311050900 (hr##202311050900##ddl##create_hr.sql) is applied in this database (employee), but its name routes it to database hr; " +
		"if it ran here by mistake, undo its change in a new migration"}
	if !reflect.DeepEqual(p.Warnings, wantWarnings) || p.Database != "employee" || len(p.Routed) != 1 || len(awayHR) != 1 {
		t.Errorf("warnings %q, database %q, routed %+v", p.Warnings, p.Database, p.Routed)
	}
}
