package rules

import (
	"regexp"
	"sync"
)

// Regexp returns expr compiled, from a cache shared by every rule (a
// setting's pattern is the same for every statement checked, and compiling
// it for each was most of such a rule's cost), or nil when expr is not a
// valid regular expression.
func Regexp(expr string) *regexp.Regexp {
	if re, ok := compiledRegexps.Load(expr); ok {
		return re.(*regexp.Regexp)
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil
	}
	compiledRegexps.Store(expr, re)
	return re
}

var compiledRegexps sync.Map
