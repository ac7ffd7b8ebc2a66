package all

import "github.com/sqlreview/sqlreview/rules"

// statementRules is one category's list of rules, one per line.
var statementRules = []*rules.Rule{}
