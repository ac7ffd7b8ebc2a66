package rollout

// Progress follows a rollout's targets (Options.Progress).
type Progress interface {
	// Start is called once the stage's targets are known: total is this
	// process's share, done how many of them were already finished.
	Start(env string, total, done int)
	// Step is called as each target finishes, with its status.
	Step(status string)
	// Finish is called when the rollout returns.
	Finish()
}
