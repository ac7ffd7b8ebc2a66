// Package rollback holds the application rollback compatibility rules: schema
// changes that run without blocking anyone and still break the previous
// application release when the code is rolled back and the migrated schema
// stays. They follow Squawk's rules of the same names. Most are off by
// default, because whether a change breaks the old code depends on how that
// code reads, writes and authenticates; the drops and renames that make old
// queries fail outright are on.
package rollback
