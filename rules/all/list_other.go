package all

import "github.com/sqlreview/sqlreview/rules"

// otherRules are the compatibility, transaction, statement, schema and type rules.
var otherRules = []*rules.Rule{}
