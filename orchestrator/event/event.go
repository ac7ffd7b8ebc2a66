// Package event defines the events a rollout records, prints and sends:
// their kinds and their one JSON shape.
package event

import "time"

// Event kinds.
const (
	ReleaseCreated = "release.created"
	ApprovalNeeded = "approval.needed"
	ApprovalGiven  = "approval.given"
	// RolloutConfirmed: someone of rollout-by confirmed a manual stage.
	RolloutConfirmed = "rollout.confirmed"
	StageStarted     = "stage.started"
	StageFinished    = "stage.finished"
	TargetStarted    = "target.started"
	TargetFinished   = "target.finished"
	Failure          = "failure"
	Refused          = "rollout.refused"
	// TargetRetargeted: a finished target now reaches another
	// database; it is applied again.
	TargetRetargeted = "target.retargeted"
	// WebhookFailed records a webhook that did not take an event after
	// every attempt. Its detail names the URL's host only: a webhook URL
	// often carries a token in its path or query.
	WebhookFailed = "webhook-failed"
)

// DriftAccepted is the kind of the state store event `drift accept
// --env E` records for each target whose drift it accepted, so `status`
// shows it without connecting to the targets.
const DriftAccepted = "drift-accepted"

// Event is one JSON event: stored, printed with --events-json and
// POSTed to the webhooks. Text fields pass through the redactor first.
type Event struct {
	Kind    string    `json:"kind"`
	At      time.Time `json:"at"`
	Release string    `json:"release,omitempty"`
	Digest  string    `json:"digest,omitempty"`
	Env     string    `json:"env,omitempty"`
	Target  string    `json:"target,omitempty"`
	Status  string    `json:"status,omitempty"`
	Applied int       `json:"applied,omitempty"`
	Error   string    `json:"error,omitempty"`
	// Counts per status, on stage events.
	Counts map[string]int `json:"counts,omitempty"`
	By     string         `json:"by,omitempty"`
	Owner  string         `json:"owner,omitempty"`
	Detail string         `json:"detail,omitempty"`
}
