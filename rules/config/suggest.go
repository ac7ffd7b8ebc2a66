package config

import "strings"

// Suggest returns the candidate closest to name for a "did you mean"
// hint, or "" when none is close enough to be a plausible typo. Matching
// ignores case and treats "_" as "-", so "FAIL_ON" suggests "fail-on".
// Ties go to the candidate listed first.
func Suggest(name string, candidates []string) string {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "-") }
	n := []rune(norm(name))
	best, bestDist := "", -1
	for _, c := range candidates {
		cr := []rune(norm(c))
		d := distance(n, cr)
		// A third of the longer name, at least 1 and at most 3: enough for
		// typos, too little to turn "foo" into an unrelated short key.
		limit := max(len(n), len(cr)) / 3
		limit = min(max(limit, 1), 3)
		// A prefix ("warn" for "warning", "prefer-bigint-over-integer" for
		// "prefer-bigint-over-int") is a plausible slip at any distance.
		if d > limit && !hasPrefixEither(n, cr) {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance extended with transpositions of
// adjacent characters (optimal string alignment), since "fial-on" is one
// slip of the fingers away from "fail-on", not two.
func distance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// hasPrefixEither reports whether one name starts with the other, the
// shorter being long enough (three characters) to mean something.
func hasPrefixEither(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 3 && string(b[:len(a)]) == string(a)
}
