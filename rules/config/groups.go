package config

import (
	"fmt"
	"slices"
	"strings"
)

// GroupPrefix marks a list entry that names a group of Config.Groups.
const GroupPrefix = "group:"

// People expands a list of names and "group:NAME" entries into the distinct
// names it stands for, in first-seen order. An unknown group is an error
// naming it, so a typo never empties an approval flow.
func (c *Config) People(list []string) ([]string, error) {
	var out []string
	add := func(name string) {
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	for _, entry := range list {
		group, isGroup := strings.CutPrefix(entry, GroupPrefix)
		if !isGroup {
			add(entry)
			continue
		}
		members, ok := c.Groups[group]
		if !ok {
			return nil, fmt.Errorf("%q names no group of groups: (define it there, e.g. groups: {%s: [alice]})", entry, group)
		}
		for _, m := range members {
			add(m)
		}
	}
	return out, nil
}

// groups checks that every group has members and that members are plain
// names (groups do not nest, so membership is always one lookup).
func (v *validator) groups() {
	for _, name := range v.sortedByLine("groups", mapKeysOf(v.c.Groups)) {
		key := "groups." + name
		members := v.c.Groups[name]
		if strings.TrimSpace(name) == "" {
			v.add(key, "groups: a group name is empty")
		}
		if len(members) == 0 {
			v.add(key, "%s: the group has no members; list at least one name", key)
		}
		for i, m := range members {
			switch {
			case strings.TrimSpace(m) == "":
				v.add(fmt.Sprintf("%s[%d]", key, i), "%s[%d]: a member name is empty", key, i)
			case strings.HasPrefix(m, GroupPrefix):
				v.add(fmt.Sprintf("%s[%d]", key, i), "%s[%d]: %q: groups cannot contain groups; list the names", key, i, m)
			}
		}
	}
}

func mapKeysOf(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
