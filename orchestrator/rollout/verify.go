package rollout

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/signing"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/rules/config"
)

// Refusal is a stored approval or rollout confirmation that does not
// count, with why: one line naming the approver and what to do.
type Refusal struct {
	Approval store.Approval
	Reason   string
}

// VerifyApprovals checks the stored approvals of rel for env against the
// release's own config and allowed signers (never the working tree's, nor
// anything else in the store). It returns the approvals that verify, each
// with the time its signed statement gives, and a Refusal for each other
// one. The error is for a release whose recorded config cannot be used.
// Who must approve, and how many, is decided from the verified ones only.
func VerifyApprovals(rel *release.Release, env string, apps []store.Approval) ([]store.Approval, []Refusal, error) {
	return verifySigned(rel, env, signing.KindApprove, apps)
}

// VerifyConfirmations is VerifyApprovals for the confirmations of a manual
// rollout; a confirmation also counts only from someone the release's
// config lists in the environment's rollout-by.
func VerifyConfirmations(rel *release.Release, env string, confs []store.Approval) ([]store.Approval, []Refusal, error) {
	return verifySigned(rel, env, signing.KindRollout, confs)
}

// policy is what a release's gates are checked with.
type policy struct {
	rel     *release.Release
	cfg     *config.Config
	env     config.Environment
	signers *signing.AllowedSigners
	kind    string
	// allowedBy, for a rollout confirmation, are the people of rollout-by.
	allowedBy []string
}

func loadPolicy(rel *release.Release, env, kind string) (*policy, error) {
	cfg, err := rel.EmbeddedConfig()
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cfg.Environments, func(e config.Environment) bool { return e.Name == env })
	if i < 0 {
		return nil, fmt.Errorf("environment %s is not in the config release %s was created from (%s); add it there and create a new release", env, rel.ID, rel.Policy.ConfigPath)
	}
	p := &policy{rel: rel, cfg: cfg, env: cfg.Environments[i], kind: kind}
	if p.signers, err = rel.EmbeddedSigners(); err != nil {
		return nil, err
	}
	if kind == signing.KindRollout {
		if p.allowedBy, err = cfg.People(p.env.RolloutBy); err != nil {
			return nil, fmt.Errorf("release %s: environments %s rollout-by: %v", rel.ID, env, err)
		}
	}
	return p, nil
}

func verifySigned(rel *release.Release, env, kind string, apps []store.Approval) ([]store.Approval, []Refusal, error) {
	p, err := loadPolicy(rel, env, kind)
	if err != nil {
		return nil, nil, err
	}
	var ok []store.Approval
	var refused []Refusal
	for _, a := range apps {
		if reason := p.check(&a); reason != "" {
			refused = append(refused, Refusal{Approval: a, Reason: reason})
			continue
		}
		ok = append(ok, a)
	}
	return ok, refused, nil
}

// check returns why a does not count ("" when it does); a verified a gets
// the time of its signed statement.
func (p *policy) check(a *store.Approval) string {
	what := p.label(a.By)
	again := p.command(a.By)
	if a.Release != p.rel.ID || a.Env != p.env.Name || a.Digest != p.rel.Digest {
		return fmt.Sprintf("%s is recorded for release %s (digest %s) in %s, not for this release's content; %s",
			what, a.Release, a.Digest, a.Env, again)
	}
	if p.kind == signing.KindRollout && !slices.Contains(p.allowedBy, a.By) {
		return fmt.Sprintf("%s does not count: %s is not in rollout-by of %s (%s) in the config of release %s; someone listed there confirms it",
			what, a.By, p.env.Name, strings.Join(p.env.RolloutBy, ", "), p.rel.ID)
	}
	if a.Signature == "" {
		if slices.Contains(p.cfg.Signing.Unsigned, p.env.Name) {
			return ""
		}
		return fmt.Sprintf("%s is not signed, and the config of release %s %s; sign it: %s",
			what, p.rel.ID, unsignedWhere(p.cfg.Signing.Unsigned), again)
	}
	if p.signers == nil {
		return fmt.Sprintf("%s cannot be verified: the config of release %s names no signing.allowed-signers; add one, commit it and create a new release",
			what, p.rel.ID)
	}
	st, err := signing.ParseStatement([]byte(a.Statement))
	if err != nil {
		return fmt.Sprintf("%s has no readable signed statement (the state store was modified); %s", what, again)
	}
	var ve *signing.VerifyError
	if err := signing.Verify(p.signers, st, a.Signature); errors.As(err, &ve) {
		switch ve.Failure {
		case signing.NotAllowed:
			return fmt.Sprintf("%s is signed with key %s, which the allowed signers of release %s (%s) do not list for %s; sign with a key listed there, or add this one, commit it and create a new release",
				what, ve.Key, p.rel.ID, p.rel.Policy.AllowedSignersPath, st.Principal)
		case signing.Invalid:
			return fmt.Sprintf("%s has a signature that does not match its statement (the state store was modified); %s", what, again)
		default:
			return fmt.Sprintf("%s has a signature that cannot be read (the state store was modified); %s", what, again)
		}
	}
	if reason := p.mismatch(st, a.By); reason != "" {
		return fmt.Sprintf("%s %s; %s", what, reason, again)
	}
	a.At = st.At
	return ""
}

// mismatch says how an authentic statement differs from what the gate
// needs ("" when it does not).
func (p *policy) mismatch(st signing.Statement, by string) string {
	switch {
	case st.Kind != p.kind:
		return fmt.Sprintf("is signed as a %s statement, not a %s one", st.Kind, p.kind)
	case st.Principal != by:
		return fmt.Sprintf("is signed by %s", st.Principal)
	case st.Env != p.env.Name:
		return fmt.Sprintf("is signed for environment %s, not %s", st.Env, p.env.Name)
	case st.Release != p.rel.ID || st.Digest != p.rel.Digest:
		return fmt.Sprintf("is signed for release %s (digest %s), not %s (digest %s)", st.Release, st.Digest, p.rel.ID, p.rel.Digest)
	}
	return ""
}

// label names a stored statement in messages.
func (p *policy) label(by string) string {
	if p.kind == signing.KindRollout {
		return "rollout confirmation by " + by
	}
	return "approval by " + by
}

// command is the command that records a valid statement for by.
func (p *policy) command(by string) string {
	flag := ""
	if p.kind == signing.KindRollout {
		flag = " --rollout"
	}
	return fmt.Sprintf("run `sqlreview approve%s --release %s --env %s --by %s%s`", flag, p.rel.ID, p.env.Name, by, keyFlag(p))
}

// unsignedWhere says where a release's config accepts unsigned statements.
func unsignedWhere(envs []string) string {
	if len(envs) == 0 {
		return "accepts no unsigned ones (signing.unsigned is empty)"
	}
	return "accepts unsigned ones only in " + strings.Join(envs, ", ") + " (signing.unsigned)"
}
