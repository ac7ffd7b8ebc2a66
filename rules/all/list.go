package all

// ruleList holds the rules outside the meta set. Each category package
// contributes its own list, and each rule appears in exactly one of them.
var ruleList = concat(lockingRules, otherRules, designRules, statementRules, safetyRules, rollbackRules)
