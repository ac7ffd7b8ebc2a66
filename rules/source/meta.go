package source

// MetaCommand is a psql meta-command of a file (a backslash command such
// as \set or \connect). sqlreview sends SQL only and skips it.
type MetaCommand struct {
	// Name is the command as written, e.g. `\connect` (psql command
	// names are case-sensitive).
	Name string
	// Start and End are the byte range of the command and its arguments.
	Start, End int
}

// changesWhatRuns lists the meta-commands whose effect is part of what the
// file does to the database, with what skipping them does and what to do
// instead. Every other meta-command only shapes psql's output or variables
// (\set, \echo, \pset, \timing, \if ...), and skipping it is harmless.
var changesWhatRuns = map[string]string{
	`\c`:                connectEffect,
	`\connect`:          connectEffect,
	`\i`:                includeEffect,
	`\include`:          includeEffect,
	`\ir`:               includeEffect,
	`\include_relative`: includeEffect,
	`\gexec`:            "runs the statements the query returns: they would never run; write them out, or build them in a DO block with EXECUTE",
	`\copy`:             "copies data through a file on the client: nothing would be copied; use INSERT, or COPY with a file on the server",
	`\!`:                "runs a shell command: it would never run; run it outside the migration",
	`\watch`:            "runs the query repeatedly: it would run once; run it outside the migration",
	`\lo_import`:        "creates a large object from a file on the client: it would never be created; use lo_from_bytea() in SQL",
	`\lo_unlink`:        "deletes a large object: it would never be deleted; use lo_unlink() in SQL",
}

const (
	connectEffect = "switches to another database or user: the statements after it would run on the wrong one; give that database its own migrations"
	includeEffect = "runs another file: that file would never run; put its statements in this file or in a migration of their own"
)

// Unsupported says, in one line, why skipping the meta-command changes
// what the file does to the database; "" when skipping it is harmless.
func (m MetaCommand) Unsupported() string {
	effect, ok := changesWhatRuns[m.Name]
	if !ok {
		return ""
	}
	return "sqlreview runs SQL only and skips psql's " + m.Name + ", which " + effect
}
