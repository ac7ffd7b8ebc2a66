// Package benchsql holds the synthetic migration the language server's
// latency target is stated for, so that the benchmarks and tests that
// measure or exercise it read one text.
package benchsql

import (
	"fmt"
	"strings"
)

// FiveThousandStatements is a 5,000-statement migration on a users table
// created before it: tables, index builds, added columns and backfills in
// turn, about 5,000 findings with every default rule on (every index
// build and UPDATE after an ALTER TABLE in the same transaction is one).
func FiveThousandStatements() string {
	var b strings.Builder
	for i := 0; i < 5000; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "CREATE TABLE t%d (id bigint PRIMARY KEY, v text);\n", i)
		case 1:
			fmt.Fprintf(&b, "CREATE INDEX i%d ON users (c%d);\n", i, i)
		case 2:
			fmt.Fprintf(&b, "ALTER TABLE users ADD COLUMN c%d int;\n", i)
		default:
			fmt.Fprintf(&b, "UPDATE users SET c%d = 2 WHERE id = %d;\n", i-1, i)
		}
	}
	return b.String()
}
