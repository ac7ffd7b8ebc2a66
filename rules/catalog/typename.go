package catalog

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// typeAliases maps the spellings that can reach a TypeName unchanged to the
// names pg_catalog uses. The grammar already rewrites most SQL-standard
// spellings (integer → pg_catalog.int4); the rest are pseudo-types like serial
// that only exist at parse time, or names a hand-built TypeName may carry.
var typeAliases = map[string]string{
	"int": "int4", "integer": "int4", "bigint": "int8", "smallint": "int2",
	"serial": "int4", "serial4": "int4", "bigserial": "int8", "serial8": "int8",
	"smallserial": "int2", "serial2": "int2",
	"boolean": "bool", "real": "float4", "float": "float8", "double precision": "float8",
	"decimal": "numeric", "dec": "numeric",
	"character varying": "varchar", "character": "bpchar", "char varying": "varchar",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time without time zone": "time", "time with time zone": "timetz",
	"bit varying": "varbit",
}

// serialTypes are the pseudo-types that make a column own a sequence.
var serialTypes = map[string]string{
	"serial": "int4", "serial4": "int4", "bigserial": "int8", "serial8": "int8",
	"smallserial": "int2", "serial2": "int2",
}

// Interval field masks from PostgreSQL's datetime.h, used to print the
// typmod of "interval day to second" the way format_type does.
const intervalFullRange = 0x7FFF

var intervalFields = map[int64]string{
	1 << 2:                       "year",
	1 << 1:                       "month",
	1<<2 | 1<<1:                  "year to month",
	1 << 3:                       "day",
	1 << 10:                      "hour",
	1 << 11:                      "minute",
	1 << 12:                      "second",
	1<<3 | 1<<10:                 "day to hour",
	1<<3 | 1<<10 | 1<<11:         "day to minute",
	1<<3 | 1<<10 | 1<<11 | 1<<12: "day to second",
	1<<10 | 1<<11:                "hour to minute",
	1<<10 | 1<<11 | 1<<12:        "hour to second",
	1<<11 | 1<<12:                "minute to second",
}

// TypeName renders a parsed type as PostgreSQL's internal name, the way
// pg_catalog spells it: "int4", "varchar(255)", "timestamptz", "text[]",
// "numeric(10,2)", "myschema.mytype". The pg_catalog prefix is dropped and
// serial types become their integer type. Arrays get a single "[]" whatever
// the number of dimensions, because PostgreSQL does not record dimensions.
// It returns "" for nil.
func TypeName(tn *pg_query.TypeName) string {
	if tn == nil {
		return ""
	}
	names := stringList(tn.Names)
	if len(names) == 0 {
		return ""
	}
	if len(names) > 1 && names[len(names)-2] == "pg_catalog" {
		names = names[len(names)-1:]
	}
	base := strings.Join(names, ".")
	if len(names) == 1 {
		if a, ok := typeAliases[base]; ok {
			base = a
		}
	}
	if tn.PctType {
		// The referenced column's type is only known with the catalog; keep
		// the reference readable.
		return base + "%type"
	}
	base += typmodSuffix(base, tn.Typmods)
	if len(tn.ArrayBounds) > 0 {
		base += "[]"
	}
	if tn.Setof {
		base = "setof " + base
	}
	return base
}

func typmodSuffix(base string, mods []*pg_query.Node) string {
	if len(mods) == 0 {
		return ""
	}
	if base == "interval" {
		// The grammar encodes interval's field list as a bit mask, followed by
		// the optional seconds precision.
		mask, ok := intConst(mods[0])
		if !ok {
			return ""
		}
		out := ""
		if f, ok := intervalFields[mask]; ok && mask != intervalFullRange {
			out = " " + f
		}
		if len(mods) > 1 {
			if p, ok := intConst(mods[1]); ok {
				out += "(" + strconv.FormatInt(p, 10) + ")"
			}
		}
		return out
	}
	parts := make([]string, 0, len(mods))
	for _, m := range mods {
		if v, ok := intConst(m); ok {
			parts = append(parts, strconv.FormatInt(v, 10))
			continue
		}
		if s := m.GetAConst().GetSval(); s != nil {
			parts = append(parts, "'"+strings.ReplaceAll(s.Sval, "'", "''")+"'")
			continue
		}
		if cr := m.GetColumnRef(); cr != nil {
			parts = append(parts, strings.Join(stringList(cr.Fields), "."))
			continue
		}
		parts = append(parts, "?")
	}
	return "(" + strings.Join(parts, ",") + ")"
}

func intConst(n *pg_query.Node) (int64, bool) {
	if c := n.GetAConst(); c != nil {
		if iv := c.GetIval(); iv != nil {
			return int64(iv.Ival), true
		}
		return 0, false
	}
	if iv := n.GetInteger(); iv != nil {
		return int64(iv.Ival), true
	}
	return 0, false
}

// serialType returns the integer type a serial pseudo-type stands for.
// PostgreSQL only recognizes unqualified, non-array spellings.
func serialType(tn *pg_query.TypeName) (string, bool) {
	if tn == nil || len(tn.Names) != 1 || len(tn.ArrayBounds) > 0 || tn.PctType {
		return "", false
	}
	t, ok := serialTypes[strVal(tn.Names[0])]
	return t, ok
}

// typeRef splits a normalized column type into the user-defined type it
// names: schema ("" when unqualified) and name, without array suffix or
// typmods.
func typeRef(t string) (schema, name string) {
	t = strings.TrimSuffix(t, "[]")
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = t[:i]
	}
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[:i], t[i+1:]
	}
	return "", t
}

// ColumnType is the type a column declared with tn has, as Column.Type
// records it: a serial pseudo-type is its integer type.
func ColumnType(tn *pg_query.TypeName) string {
	if t, ok := serialType(tn); ok {
		return t
	}
	return TypeName(tn)
}
