package rules

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Quote renders an identifier for a message: "users".
func Quote(name string) string { return strconv.Quote(name) }

// Qualified renders schema.name for a message: "users" or "app"."users".
func Qualified(schema, name string) string {
	if schema == "" {
		return Quote(name)
	}
	return Quote(schema) + "." + Quote(name)
}

// RelName renders a relation reference for a message.
func RelName(rv *pg_query.RangeVar) string { return Qualified(rv.GetSchemaname(), rv.GetRelname()) }
