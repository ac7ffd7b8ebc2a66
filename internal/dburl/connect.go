package dburl

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// ConnectCause is the reason a connection failed, on one line: for each
// address pgx tried, what went wrong ("127.0.0.1:5432 (127.0.0.1): dial
// error: … connection refused", "… password authentication failed for
// user "app" …").
//
// pgx joins the attempts of one connect with newlines (sslmode=prefer
// tries TLS, then plain text), so the first line alone is
// "failed to connect to `user=… database=…`:" with every reason cut off.
// The TLS refusal of a server without TLS is left out when a later
// attempt says more.
func ConnectCause(err error) string {
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		return oneLine(err.Error())
	}
	inner := errors.Unwrap(ce)
	if inner == nil {
		return oneLine(err.Error())
	}
	attempts := []error{inner}
	if j, ok := inner.(interface{ Unwrap() []error }); ok {
		attempts = j.Unwrap()
	}
	var causes []string
	for _, a := range attempts {
		c := oneLine(a.Error())
		if !contains(causes, c) {
			causes = append(causes, c)
		}
	}
	if len(causes) > 1 {
		kept := causes[:0:0]
		for _, c := range causes {
			if !strings.HasSuffix(c, "tls error: server refused TLS connection") {
				kept = append(kept, c)
			}
		}
		if len(kept) > 0 {
			causes = kept
		}
	}
	return strings.Join(causes, "; ")
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
