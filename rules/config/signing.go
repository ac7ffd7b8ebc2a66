package config

import "fmt"

// rollout checks an environment's rollout mode and who may confirm a
// manual one: a manual stage nobody may confirm could never run.
func (v *validator) rollout(key string, e Environment) {
	if e.Rollout != "" {
		v.oneOf(key+".rollout", e.Rollout, RolloutModes)
	}
	if e.Rollout == "manual" && len(e.RolloutBy) == 0 {
		v.add(key+".rollout", "%s.rollout: manual needs rollout-by, the people who may confirm it (names or group:NAME)", key)
	}
	if e.Rollout != "manual" && len(e.RolloutBy) > 0 {
		v.add(key+".rollout-by", "%s.rollout-by: only a manual rollout is confirmed; add rollout: manual or remove rollout-by", key)
	}
	for i, entry := range e.RolloutBy {
		k := fmt.Sprintf("%s.rollout-by[%d]", key, i)
		if entry == "" {
			v.add(k, "%s: a name is empty", k)
			continue
		}
		if _, err := v.c.People([]string{entry}); err != nil {
			msg := fmt.Sprintf("%s: %v", k, err)
			if s := Suggest(entry, groupEntries(v.c.Groups)); s != "" {
				msg = fmt.Sprintf("%s: %q names no group of groups: (did you mean %q?)", k, entry, s)
			}
			v.add(k, "%s", msg)
		}
	}
}

// signing checks that signing.unsigned names environments of the config.
func (v *validator) signing() {
	var names []string
	for _, e := range v.c.Environments {
		names = append(names, e.Name)
	}
	for i, env := range v.c.Signing.Unsigned {
		v.oneOfList(fmt.Sprintf("signing.unsigned[%d]", i), env, names, "environment")
	}
}

// oneOfList reports value when it is not in allowed, with a suggestion.
func (v *validator) oneOfList(key, value string, allowed []string, what string) {
	for _, a := range allowed {
		if a == value {
			return
		}
	}
	msg := fmt.Sprintf("%s: %q is not an %s of this config", key, value, what)
	if s := Suggest(value, allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	v.add(key, "%s", msg)
}

func groupEntries(groups map[string][]string) []string {
	var out []string
	for g := range groups {
		out = append(out, GroupPrefix+g)
	}
	return out
}
