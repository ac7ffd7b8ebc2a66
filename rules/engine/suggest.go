package engine

import (
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
)

// suggest returns ` (did you mean "x"?)` for the closest rule name, or "".
func suggest(name string) string {
	if best := config.Suggest(name, all.Names()); best != "" {
		return ` (did you mean "` + best + `"?)`
	}
	return ""
}
