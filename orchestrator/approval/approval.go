// Package approval decides whether a release's approvals complete the flow
// its environment requires at its risk level: how many approvals, from
// whom, in which order. It reads plain values (the config, the approvals
// recorded for the release's digest) and never the store, so the rollout
// gate, `approve` and `status` give the same answer.
//
// Semantics: the release's author does not count unless the flow allows
// it; one person counts once, in the first step that is not complete when
// their approval was given; steps are filled in order, so an approval from
// a later step's people given before the earlier steps are complete does
// not count (`approve` refuses it).
package approval

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/risk"
)

// Step is one step of a flow, its people expanded from groups.
type Step struct {
	// Name labels the step ("owner"); "" when the config gives none.
	Name string `json:"name,omitempty"`
	// From are the people who may approve; empty means anyone.
	From   []string `json:"from"`
	Needed int      `json:"needed"`
}

// Flow is what an environment requires of a release at one risk level.
type Flow struct {
	Env   string     `json:"env"`
	Level risk.Level `json:"level"`
	// Steps is empty when the release needs no approval there.
	Steps            []Step `json:"steps"`
	AuthorCanApprove bool   `json:"authorCanApprove,omitempty"`
	// Gated is false for an environment without any approval setting.
	Gated bool `json:"gated"`
}

// FlowFor is the one place an environment's flow is read: every caller
// hands in the config it trusts (the gate, the release's own).
func FlowFor(cfg *config.Config, env string, level risk.Level) (Flow, error) {
	i := slices.IndexFunc(cfg.Environments, func(e config.Environment) bool { return e.Name == env })
	if i < 0 {
		return Flow{}, fmt.Errorf("no environment %q in the config", env)
	}
	a := cfg.Environments[i].Approval
	f := Flow{Env: env, Level: level, AuthorCanApprove: a.AuthorCanApprove, Gated: a.Gated(), Steps: []Step{}}
	steps, ok := a.FlowFor(level.String())
	if !ok {
		return f, nil
	}
	for _, s := range steps {
		people, err := cfg.People(s.From)
		if err != nil {
			return Flow{}, fmt.Errorf("environment %s: %v", env, err)
		}
		f.Steps = append(f.Steps, Step{Name: s.Name, From: people, Needed: s.Needed()})
	}
	return f, nil
}

// Vote is one recorded approval of the release's digest for the
// environment.
type Vote struct {
	By string
	At time.Time
}

// StepState is a step with the people it counted, in order.
type StepState struct {
	Step
	By []string `json:"by"`
}

// Complete reports whether the step has the approvals it needs.
func (s StepState) Complete() bool { return len(s.By) >= s.Needed }

// Progress is how far a release's approvals go in its flow.
type Progress struct {
	Flow  Flow        `json:"flow"`
	Steps []StepState `json:"steps"`
	// Done is true when every step is complete (or there is none).
	Done bool `json:"done"`
}

// Evaluate fills the flow's steps with votes in time order (see the
// package comment).
func Evaluate(f Flow, author string, votes []Vote) Progress {
	p := Progress{Flow: f, Steps: make([]StepState, len(f.Steps))}
	for i, s := range f.Steps {
		p.Steps[i] = StepState{Step: s, By: []string{}}
	}
	ordered := slices.Clone(votes)
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].At.Before(ordered[j].At) })
	counted := map[string]bool{}
	for _, v := range ordered {
		cur := p.current()
		if cur < 0 {
			break
		}
		if counted[v.By] || (v.By == author && !f.AuthorCanApprove) || !p.Steps[cur].allows(v.By) {
			continue
		}
		counted[v.By] = true
		p.Steps[cur].By = append(p.Steps[cur].By, v.By)
	}
	p.Done = p.current() < 0
	return p
}

// current is the index of the first incomplete step (-1 when none).
func (p Progress) current() int {
	return slices.IndexFunc(p.Steps, func(s StepState) bool { return !s.Complete() })
}

func (s Step) allows(by string) bool { return len(s.From) == 0 || slices.Contains(s.From, by) }

// Counted reports whether by's approval counts, and in which step.
func (p Progress) Counted(by string) (int, bool) {
	for i, s := range p.Steps {
		if slices.Contains(s.By, by) {
			return i, true
		}
	}
	return -1, false
}

// Refusal is why `approve` does not record an approval; its text is the
// message the user sees.
type Refusal struct{ Msg string }

func (r *Refusal) Error() string { return r.Msg }

// Admit decides whether by may approve the release now, given the
// approvals already counted: nil means record it. release names the
// release in messages.
func Admit(p Progress, release, author, by string) error {
	f := p.Flow
	cur := p.current()
	switch {
	case cur < 0:
		return &Refusal{fmt.Sprintf("release %s needs no more approvals for %s: %s", release, f.Env, p.Summary())}
	case by == author && !f.AuthorCanApprove:
		return &Refusal{fmt.Sprintf("%s created release %s and cannot approve it for %s (an author's approval counts only where the flow sets author-can-approve: true)", by, release, f.Env)}
	case !slices.ContainsFunc(f.Steps, func(s Step) bool { return s.allows(by) }):
		return &Refusal{fmt.Sprintf("%s is not in the approval flow of %s for a %s-risk release (%s)", by, f.Env, f.Level, p.FlowText())}
	case p.Steps[cur].allows(by):
		return nil
	}
	// by belongs to other steps: ones already complete, or later ones.
	if later := slices.IndexFunc(p.Steps[cur:], func(s StepState) bool { return s.allows(by) }); later < 0 {
		return &Refusal{fmt.Sprintf("%s is not needed for release %s in %s: their steps are complete, and %s still needs %s", by, release, f.Env, p.label(cur), p.need(cur))}
	}
	return &Refusal{fmt.Sprintf("%s cannot approve release %s for %s yet: steps are approved in order, and %s still needs %s", by, release, f.Env, p.label(cur), p.need(cur))}
}

// label names step i in messages: "step 2 of 2 (dba)".
func (p Progress) label(i int) string {
	l := fmt.Sprintf("step %d of %d", i+1, len(p.Steps))
	if n := p.Steps[i].Name; n != "" {
		l += " (" + n + ")"
	}
	return l
}

// stepNeed says what step i still needs: "step 1 of 2 (owner): 1 more
// approval from olivia, oscar".
func (p Progress) stepNeed(i int) string { return p.label(i) + ": " + p.need(i) }

// need is what step i still needs: "1 more approval from olivia, oscar".
func (p Progress) need(i int) string {
	s := p.Steps[i]
	n := s.Needed - len(s.By)
	noun := "approval"
	if n != 1 {
		noun = "approvals"
	}
	more := ""
	if len(s.By) > 0 {
		more = " more"
	}
	return fmt.Sprintf("%d%s %s from %s", n, more, noun, s.people(p.Flow.AuthorCanApprove))
}

func (s Step) people(authorCan bool) string {
	if len(s.From) > 0 {
		return strings.Join(s.From, ", ")
	}
	if authorCan {
		return "anyone"
	}
	return "anyone but the author"
}

// Missing lists what the flow still needs, in order ("" when done).
func (p Progress) Missing() string {
	var parts []string
	for i, s := range p.Steps {
		if !s.Complete() {
			parts = append(parts, p.stepNeed(i))
		}
	}
	return strings.Join(parts, "; then ")
}

// FlowText describes the flow's steps: "step 1 of 2 (owner): 1 from
// olivia, oscar; step 2 of 2 (dba): 1 from dana".
func (p Progress) FlowText() string {
	if len(p.Steps) == 0 {
		return "no approval needed"
	}
	var parts []string
	for i, s := range p.Steps {
		parts = append(parts, fmt.Sprintf("%s: %d from %s", p.label(i), s.Needed, s.people(p.Flow.AuthorCanApprove)))
	}
	return strings.Join(parts, "; ")
}

// Approvers lists who counted, by step: "owner: olivia; dba: dana"
// ("" when nobody).
func (p Progress) Approvers() string {
	var parts []string
	for i, s := range p.Steps {
		if len(s.By) == 0 {
			continue
		}
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("step %d", i+1)
		}
		parts = append(parts, name+": "+strings.Join(s.By, ", "))
	}
	return strings.Join(parts, "; ")
}

// Summary is the one line `approve`, `status` and the gate print about the
// state of the flow: "complete (owner: olivia; dba: dana)" or "still
// missing: step 2 of 2 (dba): 1 approval from dana".
func (p Progress) Summary() string {
	switch {
	case len(p.Steps) == 0:
		return "no approval needed"
	case p.Done:
		return "complete (" + p.Approvers() + ")"
	}
	return "still missing: " + p.Missing()
}
