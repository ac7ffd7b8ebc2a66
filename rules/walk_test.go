package rules

import (
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sqlreview/sqlreview/rules/source"
)

// reflectWalk is the plain protoreflect walk Walk replaces; it must visit the
// same messages.
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
		Walk(s.Node.ProtoReflect(), func(m protoreflect.Message) bool {
			count[string(m.Descriptor().FullName())]--
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
