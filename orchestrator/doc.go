// Package orchestrator is the home of releases, plans, rollout, history and
// drift (see DESIGN.md, "Orchestrator principles"). It executes exactly the
// statements rules/source parsed, in the order rules/migfile defines.
package orchestrator
