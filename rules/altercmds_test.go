package rules

import (
	"fmt"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/source"
)

func TestAlterCmds(t *testing.T) {
	f := source.ParseText("m.sql", "ALTER TABLE t ADD COLUMN a int, ALTER COLUMN b SET NOT NULL;\n"+
		"ALTER INDEX i SET (fillfactor = 70);\nSELECT 1;")
	var got []string
	for _, s := range f.Statements {
		for _, c := range AlterCmds(s) {
			start, end := c.Range()
			got = append(got, fmt.Sprintf("%s %d %s %q", c.Rel.GetRelname(), c.K, c.Cmd.GetSubtype(), f.Text[start:end]))
		}
	}
	want := `t 0 AT_AddColumn "ADD COLUMN a int"` + "\n" + `t 1 AT_SetNotNull "ALTER COLUMN b SET NOT NULL"`
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
	if cmds := AlterCmds(f.Statements[1], pg_query.ObjectType_OBJECT_INDEX); len(cmds) != 1 || cmds[0].Rel.GetRelname() != "i" {
		t.Errorf("ALTER INDEX with kind INDEX: %+v", cmds)
	}
}
