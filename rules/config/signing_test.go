package config

import "testing"

// TestSigningValidation covers the keys of signed approvals and manual
// rollouts: unknown keys, environments and groups are named with their
// line and a "did you mean" where one is close.
func TestSigningValidation(t *testing.T) {
	const envs = "groups: {dba: [alice]}\nenvironments:\n  - name: test\n  - name: prod\n"
	for _, c := range []struct{ src, want string }{
		{envs + "signing:\n  allowed-signers: .sqlreview/allowed_signers\n  unsigned: [test]\n", ""},
		{envs + "signing:\n  allowed-signer: x\n",
			`.sqlreview.yaml:6: unknown key "allowed-signer" in signing (did you mean "allowed-signers"?)`},
		{envs + "signing:\n  unsigned: [tset]\n",
			`.sqlreview.yaml:6: signing.unsigned[0]: "tset" is not an environment of this config (did you mean "test"?)`},
		{"groups: {dba: [alice]}\nenvironments:\n  - name: prod\n    rollout: manul\n    rollout-by: [alice]\n",
			`.sqlreview.yaml:4: environments[0].rollout: expected one of auto, manual, got "manul" (did you mean "manual"?)`},
		{"environments:\n  - name: prod\n    rollout: manual\n",
			`.sqlreview.yaml:3: environments[0].rollout: manual needs rollout-by, the people who may confirm it (names or group:NAME)`},
		{"groups: {dba: [alice]}\nenvironments:\n  - name: prod\n    rollout: manual\n    rollout-by: [bob, group:dbas]\n",
			`.sqlreview.yaml:5: environments[0].rollout-by[1]: "group:dbas" names no group of groups: (did you mean "group:dba"?)`},
		{"environments:\n  - name: prod\n    rollout-by: [bob]\n",
			`.sqlreview.yaml:3: environments[0].rollout-by: only a manual rollout is confirmed; add rollout: manual or remove rollout-by`},
		{"environments:\n  - name: prod\n    rolout: manual\n",
			`.sqlreview.yaml:3: unknown key "rolout" in environments[0] (did you mean "rollout"?)`},
	} {
		cfg, err := Parse(".sqlreview.yaml", []byte(c.src))
		if err == nil {
			err = cfg.Validate(nil, nil)
		}
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}
