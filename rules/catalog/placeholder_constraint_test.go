package catalog

import "testing"

// A VALIDATE of a constraint the replay never saw (created before the
// history) records it as an existing, validated constraint of unknown kind,
// on a known table and on a placeholder alike, so later statements see it.
func TestValidateUnknownConstraintRecordsPlaceholder(t *testing.T) {
	c := replay(t, `
CREATE TABLE users (id bigint PRIMARY KEY, email text);
ALTER TABLE users VALIDATE CONSTRAINT users_email_check;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
`)
	for _, want := range []struct{ table, con string }{{"users", "users_email_check"}, {"orders", "orders_total_check"}} {
		tb := c.Table("", want.table)
		if tb == nil {
			t.Fatalf("table %s not recorded", want.table)
		}
		con := tb.Constraint(want.con)
		if con == nil || !con.Placeholder || !con.Validated || con.Type != "" || con.Created.File != "" {
			t.Errorf("constraint %s of %s = %+v, want a validated placeholder of unknown kind that existed before the file", want.con, want.table, con)
		}
	}
}
