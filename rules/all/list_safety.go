package all

import "github.com/sqlreview/sqlreview/rules"

// safetyRules is one category's list of rules, one per line.
var safetyRules = []*rules.Rule{}
