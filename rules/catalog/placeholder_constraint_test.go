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

// ADD COLUMN IF NOT EXISTS of a column that may already exist keeps only
// what holds whichever definition the database has: the default when both
// agree, and none of the CHECK constraints one of them lacks; on a table of
// unknown columns nothing of the new definition is assumed.
func TestConditionalColumnKeepsWhatBothDefinitionsHave(t *testing.T) {
	c := replay(t, `
CREATE TABLE users (id bigint PRIMARY KEY,
  nickname text DEFAULT 'anon' CONSTRAINT users_nickname_present CHECK (nickname IS NOT NULL),
  email text DEFAULT '');
ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text DEFAULT 'guest';
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text DEFAULT '';
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS email text NOT NULL DEFAULT '' CHECK (email <> '');
`)
	users := c.Table("", "users")
	if got := users.Column("nickname").Default; got != "" {
		t.Errorf("nickname's default = %q, want unknown (\"\"): 'anon' or 'guest' depending on the database", got)
	}
	if got := users.Column("email").Default; got != "''" {
		t.Errorf("email's default = %q, want the one both definitions give", got)
	}
	if users.Constraint("users_nickname_present") != nil {
		t.Errorf("the CHECK the re-added definition lacks is still recorded as holding everywhere")
	}
	col := c.Table("", "accounts").Column("email")
	if col == nil || col.Type != "" || col.NotNull || col.Default != "" {
		t.Fatalf("accounts.email = %+v, want a column of unknown type, nullable, without a known default", col)
	}
	if cons := c.Table("", "accounts").Constraints; len(cons) != 0 {
		t.Errorf("constraints written on a column that may already exist were recorded: %+v", cons[0])
	}
}
