// Package lsp is the home of `sqlreview lsp`, the language server that shows
// the engine's findings in editors (see DESIGN.md, "faces"). It builds on
// rules/engine only: editors see exactly what `sqlreview check` reports.
package lsp
