package rules

import "fmt"

// Database is read-only access to the database the migrations will run
// against (check --database-url). Rules that need one (a dry run, a row
// estimate, object owners) find it in Pass.DB, which is nil when no database
// is configured; they then say the check was skipped. The engine implements
// it over a driver (rules/dbq); rules never import a driver.
//
// Implementations never change the database: statements are planned with
// EXPLAIN (never ANALYZE) inside a read-only transaction that is rolled back,
// and are safe for use by one rule at a time from several goroutines.
type Database interface {
	// Explain plans sql with EXPLAIN. PostgreSQL rejecting the statement
	// is an *SQLError (with the position in sql, when it gives one); any
	// other error means the database could not be asked.
	Explain(sql string) (Plan, error)
	// CurrentRole is the role the migration connection runs as.
	CurrentRole() (string, error)
	// Permission reports whether role may change obj (see DBObject).
	Permission(role string, obj DBObject) (Permission, error)
}

// Plan is what EXPLAIN says about a statement.
type Plan struct {
	// Rows is the planner's estimate of the rows the statement returns;
	// for INSERT, UPDATE, DELETE and MERGE, of the rows it writes.
	Rows float64
}

// DBObjectKind says what a DBObject names.
type DBObjectKind string

// Object kinds.
const (
	DBRelation DBObjectKind = "relation" // table, view, index, sequence: Schema and Name
	DBSchema   DBObjectKind = "schema"   // Name (Schema unused)
	DBDatabase DBObjectKind = "database" // the connected database (names unused)
)

// DBObject names an object whose permission a rule asks about. For an
// object being altered or dropped (Create false) the question is ownership:
// the role is the owner, a member of the owning role, or a superuser. For a
// schema or database something is created in (Create true) the question is
// the CREATE privilege on it. Schema "" resolves through the search path.
type DBObject struct {
	Kind         DBObjectKind
	Schema, Name string
	Create       bool
}

// Permission is the answer about one object.
type Permission struct {
	// Found is false when the object does not exist in the database (yet).
	Found bool
	// Owner is the owning role (the database owner for pg_database_owner).
	Owner   string
	Allowed bool
}

// SQLError is PostgreSQL rejecting a statement.
type SQLError struct {
	Code, Message, Detail, Hint string
	// Position is the 1-based character position in the SQL sent, 0 when
	// PostgreSQL gave none.
	Position int
}

func (e *SQLError) Error() string { return fmt.Sprintf("%s (SQLSTATE %s)", e.Message, e.Code) }
