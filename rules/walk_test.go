package rules

import (
	"os"
	"path/filepath"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sqlreview/sqlreview/rules/source"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// reflectWalk is a plain protoreflect walk; WalkNodes must visit the same
// messages.
func reflectWalk(m protoreflect.Message, fn func(protoreflect.Message)) {
	fn(m)
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsMap():
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len(); i++ {
				reflectWalk(v.List().Get(i).Message(), fn)
			}
		case fd.Message() != nil:
			reflectWalk(v.Message(), fn)
		}
		return true
	})
}

func TestWalkMatchesReflection(t *testing.T) {
	f := source.ParseText("w.sql", `
WITH x AS (SELECT a, b FROM t WHERE c LIKE '%z' AND d IN (SELECT e FROM u))
SELECT *, lower(x.a) FROM x JOIN v USING (a) WHERE EXISTS (SELECT 1 FROM w WHERE w.id = x.b) ORDER BY 1;
CREATE TABLE t (id bigint PRIMARY KEY, r int REFERENCES u ON DELETE CASCADE, CHECK (r > 0));
ALTER TABLE t ADD COLUMN z text DEFAULT 'q' NOT NULL, ALTER COLUMN r TYPE bigint USING r::bigint;
INSERT INTO t SELECT * FROM u ON CONFLICT (id) DO UPDATE SET r = excluded.r;`)
	for _, s := range f.Statements {
		if s.Node == nil {
			t.Fatalf("statement %d does not parse: %v", s.Index, s.Err)
		}
		count := map[string]int{}
		reflectWalk(s.Node.ProtoReflect(), func(m protoreflect.Message) { count[string(m.Descriptor().FullName())]++ })
		n := 0
		WalkNodes(s.Node, func(m any) bool {
			count[string(m.(protoreflect.ProtoMessage).ProtoReflect().Descriptor().FullName())]--
			n++
			return true
		})
		for name, c := range count {
			if c != 0 {
				t.Errorf("statement %d: %s visited %d times more by reflection", s.Index, name, c)
			}
		}
		if n < 10 {
			t.Errorf("statement %d: only %d messages", s.Index, n)
		}
	}
}

// TestWalkMatchesReflectionOnRegress runs the comparison over every
// statement of PostgreSQL's regression SQL, which uses nearly every node type.
func TestWalkMatchesReflectionOnRegress(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus", "pg-regress"), "*.sql"))
	if len(files) < 200 {
		t.Fatalf("found %d pg-regress files, want the whole suite", len(files))
	}
	types := map[string]bool{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range source.Parse(path, data).Statements {
			if s.Node == nil {
				continue
			}
			count := map[string]int{}
			reflectWalk(s.Node.ProtoReflect(), func(m protoreflect.Message) { count[string(m.Descriptor().FullName())]++ })
			WalkNodes(s.Node, func(n any) bool {
				name := string(n.(protoreflect.ProtoMessage).ProtoReflect().Descriptor().FullName())
				count[name]--
				types[name] = true
				return true
			})
			for name, c := range count {
				if c != 0 {
					t.Fatalf("%s statement %d: %s visited %d times more by reflection", filepath.Base(path), s.Index, name, c)
				}
			}
		}
	}
	if len(types) < 150 {
		t.Errorf("only %d node types seen", len(types))
	}
}

func TestWalkSkipsChildren(t *testing.T) {
	f := source.ParseText("w.sql", "SELECT a FROM t WHERE b IN (SELECT c FROM u);")
	selects := 0
	WalkNodes(f.Statements[0].Node, func(n any) bool {
		if _, ok := n.(*pg_query.SelectStmt); ok {
			selects++
			return false
		}
		return true
	})
	if selects != 1 {
		t.Errorf("returning false visited %d SELECTs, want only the outer one", selects)
	}
}
