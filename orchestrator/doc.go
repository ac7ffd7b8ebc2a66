// Package orchestrator applies migrations to a PostgreSQL database safely
// (see DESIGN.md, "Orchestrator principles"). It executes exactly the
// statements rules/source parsed, in the order rules/migfile defines.
//
// A Runner connects to one target and offers Plan, Apply, Baseline, Repair,
// History, DumpSchema, Drift and AcceptDrift (the dump is package schemadump's SQL). The target holds its own history (schema
// "sqlreview" by default): one row per version with checksum, status and
// per-statement progress, an append-only event log and schema snapshots.
// Apply takes a session advisory lock on a connection of its own, re-reads
// the history, refuses edited and out-of-order files and a schema that
// drifted from its last snapshot (migrations.drift), reviews the pending
// files against the live catalog (rules/catalog/livedb), and runs each file
// either in one transaction with its history row or, when the parser finds
// statements PostgreSQL refuses in a transaction, statement by statement
// with progress that a rerun resumes exactly.
//
// Every message that can leave the package passes a Redactor: connection
// strings and passwords are never printed or stored. Connection strings
// (targets, the state store, webhooks) are read by internal/dburl, the one
// parser every command uses, below this package and rules/engine.
package orchestrator
