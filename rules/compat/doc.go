// Package compat holds the rules about changes that break application code
// already running against the database: dropping or renaming tables,
// columns and databases.
package compat
