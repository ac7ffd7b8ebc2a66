package all

import "github.com/sqlreview/sqlreview/rules"

// designRules is one category's list of rules, one per line.
var designRules = []*rules.Rule{}
