package knowledge

import (
	"strconv"
	"strings"
)

// TypeChangeRewrites reports whether ALTER COLUMN ... TYPE from one type to
// another (both normalized the way catalog.TypeName spells them: "int4",
// "varchar(255)", "numeric(10,2)") rewrites the table and rebuilds its
// indexes. It answers false only for the changes PostgreSQL is known to do
// in place — the same type, or a binary-coercible change that does not
// tighten a length or precision limit:
//
//	varchar(n) → varchar(m) (m ≥ n), varchar(n) → varchar, varchar → text, text → varchar
//	numeric(p,s) → numeric(q,s) (q ≥ p), numeric(p,s) → numeric
//	varbit(n) → varbit(m) (m ≥ n), varbit(n) → varbit
//	timestamp(p) → timestamp(q) (q ≥ p) and → timestamp, likewise timestamptz
//	cidr → inet
//
// Every other change, and any type it cannot read, counts as a rewrite. It
// does not know about USING clauses or collation changes: callers must treat
// those as rewrites themselves.
func TypeChangeRewrites(from, to string) bool {
	from, to = normType(from), normType(to)
	if from == "" || to == "" {
		return true
	}
	if from == to {
		return false
	}
	fb, fm := splitTypmod(from)
	tb, tm := splitTypmod(to)
	switch {
	case fb == "varchar" && tb == "varchar", fb == "varbit" && tb == "varbit",
		fb == "timestamp" && tb == "timestamp", fb == "timestamptz" && tb == "timestamptz":
		return !widens1(fm, tm)
	case fb == "varchar" && to == "text":
		return false
	case from == "text" && to == "varchar":
		return false
	case fb == "numeric" && tb == "numeric":
		if tm == nil {
			return false
		}
		if len(fm) < 1 || len(tm) < 1 {
			return true
		}
		fs, ts := 0, 0
		if len(fm) > 1 {
			fs = fm[1]
		}
		if len(tm) > 1 {
			ts = tm[1]
		}
		// A different scale changes stored values; a larger precision with
		// the same scale only relaxes the limit.
		return fs != ts || tm[0] < fm[0]
	case from == "cidr" && to == "inet":
		return false
	}
	return true
}

// widens1 reports whether a one-argument length/precision modifier is kept or
// relaxed: (n) → (m ≥ n), or (n) → none.
func widens1(from, to []int) bool {
	if to == nil {
		return true
	}
	if from == nil || len(from) != 1 || len(to) != 1 {
		return false
	}
	return to[0] >= from[0]
}

// normType lower-cases a type name and folds the spellings TypeName may not
// have normalized (for types written by hand in tests or messages).
func normType(t string) string {
	t = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(t), " ", ""))
	t = strings.TrimPrefix(t, "pg_catalog.")
	base, mod, _ := strings.Cut(t, "(")
	switch base {
	case "charactervarying":
		base = "varchar"
	case "decimal":
		base = "numeric"
	case "timestampwithouttimezone":
		base = "timestamp"
	case "timestampwithtimezone":
		base = "timestamptz"
	case "bitvarying":
		base = "varbit"
	}
	if mod != "" {
		return base + "(" + mod
	}
	return base
}

// splitTypmod splits "numeric(10,2)" into "numeric" and [10 2]; mods is nil
// when there is no modifier, and an unreadable one yields an empty slice.
func splitTypmod(t string) (base string, mods []int) {
	base, rest, ok := strings.Cut(t, "(")
	if !ok {
		return t, nil
	}
	rest, ok = strings.CutSuffix(rest, ")")
	if !ok {
		return base, []int{}
	}
	mods = []int{}
	for _, p := range strings.Split(rest, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return base, []int{}
		}
		mods = append(mods, n)
	}
	return base, mods
}

// RewriteSkippedInUTC reports whether ALTER COLUMN ... TYPE from one type to
// the other is timestamp ↔ timestamptz without tightening the precision:
// from PostgreSQL 12 the two are stored alike when the session TimeZone is
// UTC, and the change is then done in place; in any other zone every value
// shifts, so the table is rewritten.
func RewriteSkippedInUTC(from, to string) bool {
	fb, fm := splitTypmod(normType(from))
	tb, tm := splitTypmod(normType(to))
	if !(fb == "timestamp" && tb == "timestamptz" || fb == "timestamptz" && tb == "timestamp") {
		return false
	}
	return fm == nil && tm == nil || widens1(fm, tm)
}

// sqlTypeNames are the SQL spellings of the internal type names that readers
// may not recognise ("bpchar" for character).
var sqlTypeNames = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint",
	"float4": "real", "float8": "double precision", "bool": "boolean",
	"bpchar": "character", "varchar": "character varying", "varbit": "bit varying",
}

// SQLTypeName renders an internal type name (as catalog.TypeName spells it)
// the way a migration writes it, for messages: "int4" → "integer",
// "bpchar(26)" → "character(26)", "varchar[]" → "character varying[]".
func SQLTypeName(t string) string {
	base, rest := t, ""
	if i := strings.IndexAny(t, "(["); i >= 0 {
		base, rest = t[:i], t[i:]
	}
	if s, ok := sqlTypeNames[base]; ok {
		return s + rest
	}
	return t
}
