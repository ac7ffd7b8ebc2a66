// Package knowledge holds PostgreSQL facts that several rules (and the
// orchestrator) share: function volatility, which statements cannot run inside
// a transaction block, and which column type changes need no table rewrite.
// The facts are about PostgreSQL's built-in behaviour; anything outside the
// tables here is reported as unknown so callers can stay on the safe side.
package knowledge

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// VolatilityClass is pg_proc.provolatile: how a function's result may vary.
type VolatilityClass int

// Volatility classes, from most to least predictable.
const (
	Immutable VolatilityClass = iota // same result for the same arguments, forever
	Stable                           // same result within one statement (now(), current_setting())
	Volatile                         // may change on every call (random(), nextval())
)

func (v VolatilityClass) String() string {
	switch v {
	case Immutable:
		return "immutable"
	case Stable:
		return "stable"
	}
	return "volatile"
}

// functionVolatility lists built-in functions (and the common extension
// ones: uuid-ossp, pgcrypto) that show up in column defaults and generated
// expressions, with their pg_proc.provolatile. Names are lower case and
// unqualified.
var functionVolatility = map[string]VolatilityClass{
	// Volatile: a stored default would differ per row, so PostgreSQL 11+
	// must rewrite the table to fill existing rows.
	"random":             Volatile,
	"random_normal":      Volatile,
	"setseed":            Volatile,
	"gen_random_uuid":    Volatile,
	"uuidv4":             Volatile,
	"uuidv7":             Volatile,
	"uuid_generate_v1":   Volatile,
	"uuid_generate_v1mc": Volatile,
	"uuid_generate_v4":   Volatile,
	"gen_random_bytes":   Volatile,
	"gen_salt":           Volatile,
	"nextval":            Volatile,
	"currval":            Volatile,
	"lastval":            Volatile,
	"setval":             Volatile,
	"clock_timestamp":    Volatile,
	"timeofday":          Volatile,
	"pg_sleep":           Volatile,
	"set_config":         Volatile,

	// Stable: evaluated once when the column is added.
	"now":                   Stable,
	"statement_timestamp":   Stable,
	"transaction_timestamp": Stable,
	"current_timestamp":     Stable,
	"current_date":          Stable,
	"current_time":          Stable,
	"localtimestamp":        Stable,
	"localtime":             Stable,
	"current_user":          Stable,
	"current_role":          Stable,
	"session_user":          Stable,
	"user":                  Stable,
	"current_schema":        Stable,
	"current_schemas":       Stable,
	"current_catalog":       Stable,
	"current_database":      Stable,
	"current_setting":       Stable,
	"inet_client_addr":      Stable,
	"pg_backend_pid":        Stable,
	"to_char":               Stable,
	"to_timestamp":          Stable,
	"to_date":               Stable,
	"age":                   Stable,
	"date_trunc":            Stable,
	"date_part":             Stable,
	"extract":               Stable,
	"timezone":              Stable,
	"concat":                Stable,
	"concat_ws":             Stable,
	"format":                Stable,
	"json_build_object":     Stable,
	"jsonb_build_object":    Stable,
	"json_build_array":      Stable,
	"jsonb_build_array":     Stable,
	"to_json":               Stable,
	"to_jsonb":              Stable,
	"array_to_json":         Stable,
	"row_to_json":           Stable,

	// Immutable.
	"lower":            Immutable,
	"upper":            Immutable,
	"btrim":            Immutable,
	"trim":             Immutable,
	"ltrim":            Immutable,
	"rtrim":            Immutable,
	"length":           Immutable,
	"char_length":      Immutable,
	"substring":        Immutable,
	"substr":           Immutable,
	"replace":          Immutable,
	"md5":              Immutable,
	"sha256":           Immutable,
	"abs":              Immutable,
	"round":            Immutable,
	"floor":            Immutable,
	"ceil":             Immutable,
	"greatest":         Immutable,
	"least":            Immutable,
	"coalesce":         Immutable,
	"nullif":           Immutable,
	"make_date":        Immutable,
	"make_interval":    Immutable,
	"make_timestamp":   Immutable,
	"array_length":     Immutable,
	"cardinality":      Immutable,
	"uuid_nil":         Immutable,
	"uuid_ns_url":      Immutable,
	"uuid_generate_v3": Immutable,
	"uuid_generate_v5": Immutable,
	"encode":           Immutable,
	"decode":           Immutable,
	"digest":           Immutable,
	"to_tsvector":      Stable,
	"int4":             Immutable,
	"int8":             Immutable,
	"text":             Immutable,
	"numeric":          Immutable,
	"array_fill":       Immutable,
	"string_to_array":  Immutable,
	"regexp_replace":   Immutable,
	"split_part":       Immutable,
	"left":             Immutable,
	"right":            Immutable,
	"lpad":             Immutable,
	"rpad":             Immutable,
	"pi":               Immutable,
	"power":            Immutable,
	"sqrt":             Immutable,
	"mod":              Immutable,
	"jsonb_typeof":     Immutable,
	"array_append":     Immutable,
	"array_prepend":    Immutable,
	"array_cat":        Immutable,
}

// normalizeFuncName lower-cases a function name, strips a pg_catalog (or
// public, where extensions such as uuid-ossp usually live) schema and a
// trailing "()".
func normalizeFuncName(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimSuffix(n, "()")
	n = strings.ReplaceAll(n, `"`, "")
	for _, p := range []string{"pg_catalog.", "public."} {
		n = strings.TrimPrefix(n, p)
	}
	return n
}

// FunctionVolatility returns a function's volatility class and whether it is
// known. Unknown functions (user-defined, or not in the table) return
// Volatile, false: PostgreSQL's default for CREATE FUNCTION is VOLATILE.
func FunctionVolatility(funcName string) (VolatilityClass, bool) {
	v, ok := functionVolatility[normalizeFuncName(funcName)]
	if !ok {
		return Volatile, false
	}
	return v, true
}

// Volatility reports whether the named function is volatile, and whether
// its volatility is known at all. An unknown function is reported volatile,
// because that is what CREATE FUNCTION defaults to; callers should say
// "unknown volatility" when they act on such an answer.
func Volatility(funcName string) (volatile bool, known bool) {
	v, ok := FunctionVolatility(funcName)
	return v == Volatile, ok
}

// ExprVolatility is what ExprVolatile found in an expression.
type ExprVolatility struct {
	// Volatile is set when the expression calls a volatile function, or a
	// function whose volatility is unknown.
	Volatile bool
	// Func names the first volatile (or unknown) function found, e.g.
	// "gen_random_uuid"; "" when the expression is volatile for another
	// reason (a sub-query).
	Func string
	// Known is false when the verdict rests on a function whose volatility
	// is not known.
	Known bool
}

// ExprVolatile inspects a raw (parse-tree) expression such as a column
// default. Constants, casts of constants, operators and known immutable or
// stable functions are not volatile; a known volatile function is; a function
// of unknown volatility, or a construct that cannot appear in a default
// (a sub-query), counts as volatile with Known false.
func ExprVolatile(expr *pg_query.Node) ExprVolatility { return ExprVolatileIn(nil, expr) }

// FunctionSource knows the volatility of functions beyond the built-in
// table: *catalog.Catalog does, for the functions read from a live
// database's pg_proc and those created by replayed CREATE FUNCTION. The
// answer is "immutable", "stable" or "volatile".
type FunctionSource interface {
	FunctionVolatility(name string) (string, bool)
}

// VolatilityIn is FunctionVolatility that asks src first (nil src: only the
// built-in table): what the database (or the migrations) say beats what
// this package knows about PostgreSQL's built-ins.
func VolatilityIn(src FunctionSource, funcName string) (VolatilityClass, bool) {
	if src != nil {
		if v, ok := src.FunctionVolatility(funcName); ok {
			switch v {
			case "immutable":
				return Immutable, true
			case "stable":
				return Stable, true
			case "volatile":
				return Volatile, true
			}
		}
	}
	return FunctionVolatility(funcName)
}

// ExprVolatileIn is ExprVolatile with function volatilities looked up in
// src first (see VolatilityIn).
func ExprVolatileIn(src FunctionSource, expr *pg_query.Node) ExprVolatility {
	res := ExprVolatility{Known: true}
	if expr == nil {
		return res
	}
	walk(expr.ProtoReflect(), &res, src)
	return res
}

func walk(m protoreflect.Message, res *ExprVolatility, src FunctionSource) {
	if res.Volatile && res.Known {
		return // a known volatile call settles it
	}
	switch n := m.Interface().(type) {
	case *pg_query.FuncCall:
		name := funcName(n.GetFuncname())
		v, known := VolatilityIn(src, name)
		if noArgumentsOnly[normalizeFuncName(name)] && (len(n.GetArgs()) > 0 || n.GetAggStar()) {
			// now(1) is not now(): no built-in takes those arguments, so
			// the call names some other function, of unknown volatility.
			v, known = Volatile, false
		}
		if v == Volatile {
			if known || !res.Volatile {
				res.Volatile, res.Func, res.Known = true, name, known
			}
			if known {
				return
			}
		}
	case *pg_query.SubLink:
		if !res.Volatile {
			res.Volatile, res.Func, res.Known = true, "", false
		}
		return
	}
	eachChild(m, func(c protoreflect.Message) bool {
		walk(c, res, src)
		return true
	})
}

// eachChild calls fn for every message field and list element of m, in
// field order, until fn returns false.
func eachChild(m protoreflect.Message, fn func(protoreflect.Message) bool) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				if !fn(l.Get(i).Message()) {
					return false
				}
			}
		case fd.Message() != nil && !fd.IsMap():
			return fn(v.Message())
		}
		return true
	})
}

// noArgumentsOnly are built-ins of the table above that exist only without
// arguments: a call with arguments is another function (or none at all).
var noArgumentsOnly = map[string]bool{
	"now": true, "statement_timestamp": true, "transaction_timestamp": true, "clock_timestamp": true,
	"timeofday": true, "gen_random_uuid": true, "uuid_generate_v1": true, "uuid_generate_v1mc": true,
	"uuid_generate_v4": true, "lastval": true, "pg_backend_pid": true, "current_database": true,
}

// funcName joins a FuncCall's name parts: "gen_random_uuid",
// "pg_catalog.now" becomes "now" through normalizeFuncName later.
func funcName(parts []*pg_query.Node) string {
	var names []string
	for _, p := range parts {
		if s := p.GetString_(); s != nil {
			names = append(names, s.GetSval())
		}
	}
	return strings.Join(names, ".")
}
