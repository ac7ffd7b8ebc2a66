package catalog

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Function volatilities, as pg_proc.provolatile spells them out.
const (
	Immutable = "immutable"
	Stable    = "stable"
	Volatile  = "volatile"
)

// setFunction records a function's volatility under "schema.name"; of
// several overloads the most volatile wins, since a call's overload is not
// resolved here.
func (c *Catalog) setFunction(schema, name, vol string) {
	if c.Functions == nil {
		c.Functions = map[string]string{}
	}
	key := strings.ToLower(schema + "." + name)
	if old, ok := c.Functions[key]; ok && volRank(old) >= volRank(vol) {
		return
	}
	c.Functions[key] = vol
}

// SetFunction records the volatility of schema.name (livedb uses it).
func (c *Catalog) SetFunction(schema, name, vol string) { c.setFunction(schema, name, vol) }

func volRank(v string) int {
	switch v {
	case Immutable:
		return 0
	case Stable:
		return 1
	}
	return 2
}

// FunctionVolatility returns the volatility ("immutable", "stable",
// "volatile") of the function name ("f" or "schema.f", as a call spells
// it) and whether the catalog knows it. An unqualified name is looked up
// in pg_catalog first, then along the search path, as PostgreSQL resolves
// calls. The catalog knows the functions read from a live database and
// those created by replayed CREATE FUNCTION statements.
func (c *Catalog) FunctionVolatility(name string) (string, bool) {
	if c == nil || len(c.Functions) == 0 {
		return "", false
	}
	n := strings.ToLower(strings.ReplaceAll(strings.TrimSuffix(strings.TrimSpace(name), "()"), `"`, ""))
	if strings.Contains(n, ".") {
		v, ok := c.Functions[n]
		return v, ok
	}
	if v, ok := c.Functions["pg_catalog."+n]; ok {
		return v, true
	}
	for _, s := range c.SearchPath {
		if v, ok := c.Functions[strings.ToLower(s)+"."+n]; ok {
			return v, true
		}
	}
	return "", false
}

// createFunction records CREATE FUNCTION's volatility (VOLATILE when the
// statement does not say, as in PostgreSQL). Procedures have none.
func (c *Catalog) createFunction(fn *pg_query.CreateFunctionStmt, o Origin) {
	if fn.GetIsProcedure() {
		return
	}
	var parts []string
	for _, p := range fn.GetFuncname() {
		parts = append(parts, p.GetString_().GetSval())
	}
	if len(parts) == 0 {
		return
	}
	name := parts[len(parts)-1]
	schema := ""
	if len(parts) > 1 {
		schema = parts[len(parts)-2]
	} else if len(c.SearchPath) > 0 {
		schema = c.SearchPath[0]
	} else {
		schema = "public"
	}
	vol := Volatile
	for _, o := range fn.GetOptions() {
		d := o.GetDefElem()
		if d.GetDefname() == "volatility" {
			switch strings.ToLower(d.GetArg().GetString_().GetSval()) {
			case "immutable":
				vol = Immutable
			case "stable":
				vol = Stable
			}
		}
	}
	key := strings.ToLower(schema + "." + name)
	if c.Functions == nil {
		c.Functions = map[string]string{}
	}
	// CREATE OR REPLACE of one overload: the newest definition wins.
	c.Functions[key] = vol
	if ret := fn.GetReturnType().GetNames(); len(ret) > 0 {
		switch strings.ToLower(ret[len(ret)-1].GetString_().GetSval()) {
		case "trigger", "event_trigger":
			if c.TriggerFunctions == nil {
				c.TriggerFunctions = map[string]bool{}
			}
			c.TriggerFunctions[key] = true
		}
	}
	if c.FunctionOrigins == nil {
		c.FunctionOrigins = map[string]Origin{}
	}
	c.FunctionOrigins[key] = o
}

// IsTriggerFunction reports whether schema.name ("" schema: the search
// path) is a replayed function that returns trigger or event_trigger.
func (c *Catalog) IsTriggerFunction(schema, name string) bool {
	if c == nil || len(c.TriggerFunctions) == 0 {
		return false
	}
	if schema != "" {
		return c.TriggerFunctions[strings.ToLower(schema+"."+name)]
	}
	for _, s := range c.SearchPath {
		if c.TriggerFunctions[strings.ToLower(s+"."+name)] {
			return true
		}
	}
	return c.TriggerFunctions[strings.ToLower("public."+name)]
}
