package config

import (
	"path"
	"strings"
)

// Match reports whether relPath (slash-separated, relative to the config
// directory) matches the glob pattern. The syntax is doublestar's: a "**"
// segment matches zero or more path segments, and within a segment "*",
// "?" and "[...]" work as in path.Match ("[!...]" negates, as in shells). A leading "/" or "./" anchors
// nothing extra (patterns are always relative to the config directory); a
// trailing "/" matches everything below that directory. A malformed
// pattern matches nothing; Validate reports it.
func Match(pattern, relPath string) bool {
	name, ok := cleanRel(relPath)
	if !ok {
		return false
	}
	return matchSegments(patternSegments(pattern), strings.Split(name, "/"))
}

// ValidGlob reports whether pattern is well formed.
func ValidGlob(pattern string) bool {
	segs := patternSegments(pattern)
	if len(segs) == 0 {
		return false
	}
	for _, s := range segs {
		if s == "**" {
			continue
		}
		if _, err := path.Match(s, ""); err != nil {
			return false
		}
	}
	return true
}

// cleanRel normalises a relative path. Paths that leave the config
// directory ("../x.sql") or are absolute cannot be described by the
// config's globs, so they match nothing.
func cleanRel(p string) (string, bool) {
	if p == "" || strings.HasPrefix(p, "/") {
		return "", false
	}
	p = path.Clean(p)
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

func patternSegments(pattern string) []string {
	if strings.HasSuffix(pattern, "/") {
		pattern += "**"
	}
	var segs []string
	for _, s := range strings.Split(pattern, "/") {
		if s == "" || s == "." {
			continue
		}
		// Consecutive "**" segments mean the same as one; collapsing them
		// keeps matching linear in their number.
		if s == "**" && len(segs) > 0 && segs[len(segs)-1] == "**" {
			continue
		}
		segs = append(segs, shellNegation(s))
	}
	return segs
}

// shellNegation rewrites "[!...]" classes, the shell and doublestar
// spelling of negation, to path.Match's "[^...]".
func shellNegation(seg string) string {
	if !strings.Contains(seg, "[!") {
		return seg
	}
	b := []byte(seg)
	inClass := false
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\\':
			i++ // the escaped byte is literal
		case !inClass && b[i] == '[':
			inClass = true
			if i+1 < len(b) && b[i+1] == '!' {
				b[i+1] = '^'
				i++
			}
		case inClass && b[i] == ']':
			inClass = false
		}
	}
	return string(b)
}

func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(name); i++ {
				if matchSegments(rest, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// Matches reports whether the file at relPath (relative to c.Dir, forward
// slashes) is linted: it matches an include glob and no exclude glob. An
// empty include list includes every file.
func (c *Config) Matches(relPath string) bool {
	if len(c.Files.Include) > 0 && !matchAny(c.Files.Include, relPath) {
		return false
	}
	return !matchAny(c.Files.Exclude, relPath)
}

// Excluded reports whether an exclusions entry silences canonicalRule in
// the file at relPath (relative to c.Dir, forward slashes). Entries may
// name a rule by code or alias, so each is resolved; with a nil resolve
// names are compared as written.
func (c *Config) Excluded(relPath, canonicalRule string, resolve RuleResolver) bool {
	for _, ex := range c.Exclusions {
		if !matchAny(ex.Paths, relPath) {
			continue
		}
		for _, r := range ex.Rules {
			name := r
			if resolve != nil {
				if canon, ok := resolve(r); ok {
					name = canon
				}
			}
			if name == canonicalRule {
				return true
			}
		}
	}
	return false
}

func matchAny(patterns []string, relPath string) bool {
	for _, p := range patterns {
		if Match(p, relPath) {
			return true
		}
	}
	return false
}
