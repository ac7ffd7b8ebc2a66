package release

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"

	"github.com/sqlreview/sqlreview/orchestrator/signing"
	"github.com/sqlreview/sqlreview/rules/config"
)

// Policy is the part of the repository a release carries besides its
// migrations: the config file as committed and the allowed-signers file it
// names. Gates (approvals, manual rollouts, who may sign) are evaluated
// against these, never against the working tree or the state store, so an
// edited checkout or a row written into the store by hand grants nothing.
// Both are covered by the release's digest.
type Policy struct {
	// ConfigPath is the config file's path relative to its directory.
	ConfigPath string `json:"config"`
	Config     []byte `json:"-"`
	// AllowedSignersPath is signing.allowed-signers as the config gives it
	// ("" when the config names none).
	AllowedSignersPath string `json:"allowedSigners,omitempty"`
	AllowedSigners     []byte `json:"-"`
}

// readPolicy reads the config file cfg was loaded from and the allowed
// signers it names (nil when cfg comes from no file: no policy). The
// allowed-signers path is confined to the repository like the config's
// other paths.
func readPolicy(cfg *config.Config) (*Policy, error) {
	if cfg.Path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the config to record it in the release: %v", cfg.Path, err)
	}
	p := &Policy{ConfigPath: filepath.Base(cfg.Path), Config: data}
	if cfg.Signing.AllowedSigners == "" {
		return p, nil
	}
	path, err := cfg.Confine("signing.allowed-signers", cfg.Signing.AllowedSigners, "")
	if err != nil {
		return nil, err
	}
	if p.AllowedSigners, err = os.ReadFile(path); err != nil {
		return nil, fmt.Errorf("%s: signing.allowed-signers: cannot read %s: %v; commit the allowed-signers file or fix the path", cfg.Path, cfg.Signing.AllowedSigners, unwrapOS(err))
	}
	if _, err := signing.ParseAllowedSigners(cfg.Signing.AllowedSigners, p.AllowedSigners); err != nil {
		return nil, err
	}
	p.AllowedSignersPath = cfg.Signing.AllowedSigners
	return p, nil
}

// hashPolicy adds p to a release digest. Releases without a policy keep
// the digest they always had.
func hashPolicy(h hash.Hash, p *Policy) {
	if p == nil {
		return
	}
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	fmt.Fprintf(h, "policy\x00%s\x00%s\x00%s\x00%s\n", p.ConfigPath, sum(p.Config), p.AllowedSignersPath, sum(p.AllowedSigners))
}

// EmbeddedConfig is the config the release was created from, parsed: the
// one approvals and rollout permissions are checked against. It is an error
// for a release made without a config file (or before releases recorded
// it); Verify has checked the bytes against the digest.
func (rel *Release) EmbeddedConfig() (*config.Config, error) {
	if rel.Policy == nil {
		return nil, fmt.Errorf("release %s records no config file (it was created without one, or by an older sqlreview); create a new release from the committed .sqlreview.yaml", rel.ID)
	}
	cfg, err := config.Parse(rel.ID+":"+rel.Policy.ConfigPath, rel.Policy.Config)
	if err != nil {
		return nil, fmt.Errorf("release %s: its recorded config does not load: %v; create a new release", rel.ID, err)
	}
	return cfg, nil
}

// EmbeddedSigners is the release's allowed-signers file, parsed (nil when
// its config names none).
func (rel *Release) EmbeddedSigners() (*signing.AllowedSigners, error) {
	if rel.Policy == nil || rel.Policy.AllowedSignersPath == "" {
		return nil, nil
	}
	a, err := signing.ParseAllowedSigners(rel.ID+":"+rel.Policy.AllowedSignersPath, rel.Policy.AllowedSigners)
	if err != nil {
		return nil, fmt.Errorf("release %s: %v; create a new release", rel.ID, err)
	}
	return a, nil
}

// unwrapOS drops the "open PATH:" prefix of os errors.
func unwrapOS(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
