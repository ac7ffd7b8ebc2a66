// Package orchestrator documents the packages under it, which apply
// migrations to PostgreSQL databases safely (see DESIGN.md, "Orchestrator
// principles"). They execute exactly the statements rules/source parsed,
// in the order rules/migfile defines.
//
// A runner.Runner connects to one target and offers Plan, Apply, Baseline,
// Repair, History, DumpSchema, Drift and AcceptDrift (the dump is package
// schemadump's SQL). The target holds its own history (schema
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
// Every message that can leave these packages passes a redact.Redactor: connection
// strings and passwords are never printed or stored. Connection strings
// (targets, the state store, webhooks) are read by internal/dburl, the one
// parser every command uses, below this package and rules/engine.
//
// # Layers
//
// Each package does one job; a package imports only packages of lower
// layers (layers_test.go holds this table as data and checks it against
// `go list`):
//
//  1. internal/pgutil (quoting, SQLSTATE), orchestrator/redact (secrets
//     out of text), orchestrator/event (rollout event kinds and shape),
//     orchestrator/signing (SSH-signed approval statements, allowed
//     signers), orchestrator/approval (a release's approvals against its
//     flow).
//  2. orchestrator/migration: one file read, parsed, classified, hashed.
//  3. orchestrator/history (a target's history tables), orchestrator/dblock
//     (the migrator's advisory lock: it is handed the sessions, the wait
//     and a callback), orchestrator/schemadump (the schema dump's SQL) and
//     orchestrator/targets (an environment's databases, shards, identity).
//  4. orchestrator/plan (pure: the files against the history rows) and
//     orchestrator/release (build, digest, verify; it saves through a
//     release.Saver, not the store).
//  5. orchestrator/runner (one target: plan, apply, resume, baseline,
//     repair, drift, the schema change preview) and orchestrator/store
//     (the state store, SQLite or PostgreSQL).
//  6. orchestrator/notify: events recorded through a notify.Recorder,
//     printed as JSON lines, sent to webhooks.
//  7. orchestrator/rollout: one release stage (promotion order, approval,
//     canaries, workers across processes), a release's status per
//     environment, and the new files of a release by the targets' own
//     history.
//
// Package orchestrator itself holds only this overview and the test of
// the layers.
//
// cmd/sqlreview and cmd/internal/progressbar (the terminal progress bar)
// sit above all of them. rules/ never imports the orchestrator, lsp or
// sarif.
package orchestrator
