package rollout

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/signing"
	"github.com/sqlreview/sqlreview/orchestrator/store"
)

// Statement is what `sqlreview approve` records: an approval, or with
// Rollout the confirmation of a manual rollout.
type Statement struct {
	Release *release.Release
	Env     string
	By      string
	Comment string
	Rollout bool
	// Key is where the signing key comes from. With no Key.Path, an
	// environment the release's config lets approve unsigned gets an
	// unsigned statement; elsewhere the SSH agent signs.
	Key signing.KeySource
	// Now is the statement's time (zero = time.Now()).
	Now time.Time
}

// ErrRefused marks a statement that would not open the gate: it is not
// recorded.
var ErrRefused = errors.New("not recorded")

// Record signs the statement (where needed), checks it exactly as a
// rollout will, against the release's own config and allowed signers, and
// only then stores it. A statement that would not count is refused with the
// reason, so nobody waits on an approval that can never open the gate.
func Record(ctx context.Context, st *store.Store, s Statement) (store.Approval, error) {
	rel := s.Release
	kind := signing.KindApprove
	if s.Rollout {
		kind = signing.KindRollout
	}
	p, err := loadPolicy(rel, s.Env, kind)
	if err != nil {
		return store.Approval{}, err
	}
	now := s.Now
	if now.IsZero() {
		now = time.Now()
	}
	a := store.Approval{Release: rel.ID, Env: s.Env, By: s.By, Comment: s.Comment, Digest: rel.Digest, At: now.UTC().Truncate(time.Millisecond)}
	if s.Key.Path != "" || !slices.Contains(p.cfg.Signing.Unsigned, s.Env) {
		if err := sign(&a, kind, p, s.Key); err != nil {
			return store.Approval{}, err
		}
	}
	if reason := p.check(&a); reason != "" {
		return store.Approval{}, fmt.Errorf("%w: %s", ErrRefused, reason)
	}
	save := st.Approve
	if s.Rollout {
		save = st.Confirm
	}
	return a, save(ctx, a)
}

// sign fills a's statement and signature with the key of s.
func sign(a *store.Approval, kind string, p *policy, key signing.KeySource) error {
	if !signing.ValidPrincipal(a.By) {
		return fmt.Errorf("--by %q: a signer's name is one word without spaces, commas, quotes or wildcards, as in the allowed-signers file", a.By)
	}
	if p.signers == nil {
		return fmt.Errorf("environment %s accepts only signed statements, and the config of release %s names no signing.allowed-signers; add one (or list %s in signing.unsigned), commit it and create a new release",
			a.Env, a.Release, a.Env)
	}
	st := signing.Statement{Kind: kind, Release: a.Release, Digest: a.Digest, Env: a.Env, Principal: a.By, At: a.At}
	key.Want = p.signers.KeysFor(a.By, a.At)
	signer, done, err := key.Open()
	if err != nil && key.Path != "" {
		return fmt.Errorf("cannot sign as %s: %v", a.By, err)
	}
	if err != nil {
		return fmt.Errorf("cannot sign as %s: %v; give --key with a key the allowed signers of release %s list for %s", a.By, err, a.Release, a.By)
	}
	defer done()
	sig, err := signing.Sign(st, signer)
	if err != nil {
		return fmt.Errorf("cannot sign as %s: %v", a.By, err)
	}
	a.Statement, a.Signature = string(st.Encode()), sig
	return nil
}
