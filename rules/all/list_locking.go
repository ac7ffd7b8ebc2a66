package all

import "github.com/sqlreview/sqlreview/rules"

// lockingRules are the rules about locks and table rewrites.
var lockingRules = []*rules.Rule{}
