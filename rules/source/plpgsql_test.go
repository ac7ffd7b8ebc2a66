package source

import (
	"fmt"
	"strings"
	"testing"
)

func TestBodyStatementsAtFileOffsets(t *testing.T) {
	text := "SET lock_timeout = '1s';\n" +
		"DO $body$\n" +
		"DECLARE n int;\n" +
		"BEGIN\n" +
		"  SELECT count(*) INTO n FROM auth.users;\n" +
		"  CREATE INDEX users_email_idx ON auth.users (email);\n" +
		"  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk') THEN\n" +
		"    ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users; ALTER TABLE orders VALIDATE CONSTRAINT fk;\n" +
		"  END IF;\n" +
		"  EXECUTE format('CREATE INDEX %I ON t (a)', 'ix_' || n);\n" +
		"END $body$;\n" +
		"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN UPDATE t SET at = now(); RETURN NEW; END';\n" +
		"CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
	f := ParseText("m.sql", text)
	var got []string
	for _, s := range f.Statements {
		b := s.Body()
		if b == nil {
			continue
		}
		for _, e := range b.Statements {
			got = append(got, fmt.Sprintf("stmt %d %s-%s deferred=%v %q", e.Index, f.Position(e.Start), f.Position(e.End), b.Deferred, e.Text()))
		}
		for _, x := range b.Executes {
			got = append(got, fmt.Sprintf("execute %s-%s %q", f.Position(x.Start), f.Position(x.End), x.Literals))
		}
	}
	want := []string{
		`stmt 1 6:3-6:53 deferred=false "CREATE INDEX users_email_idx ON auth.users (email)"`,
		`stmt 1 8:5-8:80 deferred=false "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users"`,
		`stmt 1 8:82-8:123 deferred=false "ALTER TABLE orders VALIDATE CONSTRAINT fk"`,
		`execute 10:11-10:57 ["CREATE INDEX %I ON t (a)" "ix_"]`,
		`stmt 2 12:68-12:91 deferred=true "UPDATE t SET at = now()"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Tree locations of a body statement are file offsets.
	ix := f.Statements[1].Body().Statements[0]
	rel := ix.Node.GetIndexStmt().GetRelation()
	if got := f.Text[ix.Abs(rel.GetLocation()):][:10]; got != "auth.users" {
		t.Errorf("relation location points at %q", got)
	}
}

func TestBodyOfBrokenPLpgSQLIsNil(t *testing.T) {
	f := ParseText("m.sql", "DO $$ BEGIN CREATE INDEX ON t (a) END $$;\nDO $$ BEGIN RAISE NOTICE 'x'; END $$;")
	if b := f.Statements[0].Body(); b != nil {
		t.Errorf("a body that does not parse gave %+v", b)
	}
	if b := f.Statements[1].Body(); b == nil || len(b.Statements)+len(b.Executes) != 0 {
		t.Errorf("a body without SQL gave %+v", b)
	}
}
