package approval

import (
	"slices"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/risk"
)

const cfgText = `groups:
  owners: [olivia, oscar]
  dba: [dana]
environments:
  - name: test
  - name: staging
    approval: required
  - name: prod
    approval:
      high:
        - {name: owner, from: [group:owners]}
        - {name: dba, from: [group:dba]}
      default:
        - {from: [group:dba, group:owners], count: 2}
`

func flow(t *testing.T, env string, level risk.Level) Flow {
	t.Helper()
	cfg, err := config.Parse(".sqlreview.yaml", []byte(cfgText))
	if err == nil {
		err = cfg.Validate(nil, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	f, err := FlowFor(cfg, env, level)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func votes(by ...string) []Vote {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []Vote
	for i, b := range by {
		out = append(out, Vote{By: b, At: t0.Add(time.Duration(i) * time.Minute)})
	}
	return out
}

func TestHighRiskNeedsOwnerThenDBA(t *testing.T) {
	f := flow(t, "prod", risk.High)
	p := Evaluate(f, "alice", nil)
	if p.Done || p.Summary() != "still missing: step 1 of 2 (owner): 1 approval from olivia, oscar; then step 2 of 2 (dba): 1 approval from dana" {
		t.Fatalf("no votes: %q", p.Summary())
	}
	if err := Admit(p, "R1", "alice", "dana"); err == nil || err.Error() != "dana cannot approve release R1 for prod yet: steps are approved in order, and step 1 of 2 (owner) still needs 1 approval from olivia, oscar" {
		t.Errorf("wrong order: %v", err)
	}
	if err := Admit(p, "R1", "alice", "mallory"); err == nil || err.Error() != "mallory is not in the approval flow of prod for a high-risk release (step 1 of 2 (owner): 1 from olivia, oscar; step 2 of 2 (dba): 1 from dana)" {
		t.Errorf("outsider: %v", err)
	}
	if err := Admit(p, "R1", "olivia", "olivia"); err == nil || err.Error() != "olivia created release R1 and cannot approve it for prod (an author's approval counts only where the flow sets author-can-approve: true)" {
		t.Errorf("author: %v", err)
	}
	p = Evaluate(f, "alice", votes("olivia"))
	if p.Done || p.Summary() != "still missing: step 2 of 2 (dba): 1 approval from dana" {
		t.Fatalf("after owner: %q", p.Summary())
	}
	if err := Admit(p, "R1", "alice", "oscar"); err == nil || err.Error() != "oscar is not needed for release R1 in prod: their steps are complete, and step 2 of 2 (dba) still needs 1 approval from dana" {
		t.Errorf("a second owner: %v", err)
	}
	if err := Admit(p, "R1", "alice", "dana"); err != nil {
		t.Errorf("the DBA after the owner: %v", err)
	}
	p = Evaluate(f, "alice", votes("olivia", "dana"))
	if !p.Done || p.Summary() != "complete (owner: olivia; dba: dana)" {
		t.Fatalf("after both: %q", p.Summary())
	}
	if err := Admit(p, "R1", "alice", "oscar"); err == nil || err.Error() != "release R1 needs no more approvals for prod: complete (owner: olivia; dba: dana)" {
		t.Errorf("after completion: %v", err)
	}
	// A DBA vote recorded before the owner's (a hand-written row, or one
	// given when the release was assessed lower) does not count.
	p = Evaluate(f, "alice", votes("dana", "olivia"))
	if p.Done || p.Approvers() != "owner: olivia" {
		t.Fatalf("out of order votes: done %v, %q", p.Done, p.Approvers())
	}
}

func TestOnePersonCountsOnceAndAuthorNever(t *testing.T) {
	f := flow(t, "prod", risk.Moderate)
	p := Evaluate(f, "oscar", votes("dana", "dana", "oscar"))
	if p.Done || !slices.Equal(p.Steps[0].By, []string{"dana"}) || p.Missing() != "step 1 of 1: 1 more approval from dana, olivia, oscar" {
		t.Fatalf("by %q, missing %q", p.Steps[0].By, p.Missing())
	}
	p = Evaluate(f, "oscar", votes("dana", "olivia"))
	if !p.Done {
		t.Fatalf("two distinct people: %q", p.Summary())
	}
	f.AuthorCanApprove = true
	if p := Evaluate(f, "oscar", votes("dana", "oscar")); !p.Done {
		t.Fatalf("author-can-approve: %q", p.Summary())
	}
}

func TestRequiredIsOneApprovalByAnyoneButTheAuthor(t *testing.T) {
	f := flow(t, "staging", risk.Low)
	p := Evaluate(f, "alice", votes("alice"))
	if p.Done || p.Summary() != "still missing: step 1 of 1: 1 approval from anyone but the author" {
		t.Fatalf("%q", p.Summary())
	}
	if !Evaluate(f, "alice", votes("bob")).Done {
		t.Fatal("bob's approval does not complete it")
	}
	if f := flow(t, "test", risk.High); f.Gated || len(f.Steps) != 0 || !Evaluate(f, "alice", nil).Done {
		t.Fatalf("test has no gate: %+v", f)
	}
}
