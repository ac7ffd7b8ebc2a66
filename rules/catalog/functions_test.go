package catalog

import "testing"

func TestFunctionVolatility(t *testing.T) {
	c := replay(t, `CREATE FUNCTION f_imm() RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION app.f_stable() RETURNS int LANGUAGE sql STABLE AS 'SELECT 1';
CREATE FUNCTION f_default() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION f_repl() RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION f_repl() RETURNS int VOLATILE LANGUAGE sql AS 'SELECT 1';
CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';`)
	for name, want := range map[string]string{
		"f_imm": Immutable, "public.f_imm": Immutable, `"F_IMM"()`: Immutable,
		"app.f_stable": Stable, "f_default": Volatile, "f_repl": Volatile,
	} {
		if got, ok := c.FunctionVolatility(name); !ok || got != want {
			t.Errorf("FunctionVolatility(%s) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"f_stable", "p", "nosuch", "app.f_imm"} {
		if got, ok := c.FunctionVolatility(name); ok {
			t.Errorf("FunctionVolatility(%s) = %q; want unknown", name, got)
		}
	}
	// Overloads from a database: the most volatile wins; pg_catalog first.
	c.SetFunction("pg_catalog", "now", Stable)
	c.SetFunction("public", "now", Volatile)
	c.SetFunction("public", "ov", Immutable)
	c.SetFunction("public", "ov", Volatile)
	c.SetFunction("public", "ov", Stable)
	if v, _ := c.FunctionVolatility("now"); v != Stable {
		t.Errorf("now = %q; want pg_catalog's stable", v)
	}
	if v, _ := c.FunctionVolatility("ov"); v != Volatile {
		t.Errorf("ov = %q; want the most volatile overload", v)
	}
	// Clone copies the functions.
	cp := c.Clone()
	cp.SetFunction("public", "only_in_clone", Immutable)
	if _, ok := c.FunctionVolatility("only_in_clone"); ok {
		t.Error("Clone shares Functions with the original")
	}
	if v, _ := cp.FunctionVolatility("f_imm"); v != Immutable {
		t.Errorf("clone lost f_imm: %q", v)
	}
	var nilCat *Catalog
	if _, ok := nilCat.FunctionVolatility("f"); ok {
		t.Error("nil catalog knows a function")
	}
}
