package catalog

import "testing"

// An ALTER INDEX of an index the replay never created records an existing
// index on an unknown table; ALTER INDEX on a known table, or through a
// table read as a schema, records nothing.
func TestAlterUnknownIndexRecordsPlaceholder(t *testing.T) {
	c := replay(t, `
CREATE TABLE users (id bigint PRIMARY KEY);
ALTER INDEX legacy_idx RENAME TO users_email_idx;
ALTER INDEX app.kind_idx SET TABLESPACE pg_default;
ALTER INDEX users RENAME TO members;
ALTER INDEX members.idx SET TABLESPACE pg_default;
`)
	for _, want := range []struct{ schema, name string }{{"public", "users_email_idx"}, {"app", "kind_idx"}} {
		ix := c.Index(want.schema, want.name)
		if ix == nil || !ix.Placeholder || ix.Table != "" || ix.Schema != want.schema {
			t.Errorf("index %s.%s = %+v, want a placeholder on an unknown table", want.schema, want.name, ix)
		}
	}
	if c.Index("", "legacy_idx") != nil {
		t.Errorf("the old name of the renamed index is still taken")
	}
	if c.Table("", "members") == nil || c.Index("", "members") != nil || c.Index("", "users") != nil {
		t.Errorf("ALTER INDEX ... RENAME of a table must rename the table, not record an index")
	}
	if c.Schemas["members"] != nil {
		t.Errorf("ALTER INDEX members.idx, where members is a table, recorded schema members")
	}
}
