// Package pgutil holds the small PostgreSQL helpers every layer needs:
// quoting identifiers and literals, and reading an error's SQLSTATE.
package pgutil

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// QuoteIdent quotes an identifier for SQL text.
func QuoteIdent(s string) string {
	return pgx.Identifier{s}.Sanitize()
}

// QuoteLiteral quotes s as a string literal that reads the same whatever
// standard_conforming_strings is: with it off, a backslash in '...' is an
// escape, so a value holding one is written as E'...' with the
// backslashes doubled, which both settings read alike.
func QuoteLiteral(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, `\`) {
		return "E" + strings.ReplaceAll(q, `\`, `\\`)
	}
	return q
}

// SQLState is the SQLSTATE of a server error ("" for any other error).
func SQLState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// IsLockTimeout reports a lock_timeout expiry (55P03).
func IsLockTimeout(err error) bool { return SQLState(err) == "55P03" }
