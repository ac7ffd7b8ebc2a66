package knowledge_test

import (
	"testing"

	"github.com/sqlreview/sqlreview/rules/knowledge"
)

type funcs map[string]string

func (f funcs) FunctionVolatility(name string) (string, bool) { v, ok := f[name]; return v, ok }

func TestExprVolatileIn(t *testing.T) {
	src := funcs{"my_slug": "immutable", "my_rand": "volatile", "now": "volatile"}
	for _, tt := range []struct {
		expr            string
		volatile, known bool
		fn              string
	}{
		{"my_slug()", false, true, ""},
		{"my_rand()", true, true, "my_rand"},
		{"other()", true, false, "other"},
		{"now()", true, true, "now"},                         // the source wins over the built-in table
		{"upper(my_slug())", false, true, ""},                // built-in immutable around a looked-up one
		{"gen_random_uuid()", true, true, "gen_random_uuid"}, // not in the source: the table answers
	} {
		got := knowledge.ExprVolatileIn(src, defaultExpr(t, tt.expr))
		want := knowledge.ExprVolatility{Volatile: tt.volatile, Func: tt.fn, Known: tt.known}
		if got != want {
			t.Errorf("ExprVolatileIn(%s) = %+v; want %+v", tt.expr, got, want)
		}
	}
	if got := knowledge.ExprVolatileIn(nil, defaultExpr(t, "my_slug()")); got.Known {
		t.Errorf("without a source my_slug() is known: %+v", got)
	}
}
