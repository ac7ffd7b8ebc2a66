// Package meta declares the rules the engine itself reports: syntax errors,
// unreadable files, suppression problems, duplicate migration versions and
// rule crashes. They have no check function of their own.
package meta

import "github.com/sqlreview/sqlreview/rules"

// SyntaxError is a statement PostgreSQL's parser rejects.
var SyntaxError = &rules.Rule{
	Code: "SR001", Name: "syntax-error", Category: rules.Meta, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Statement does not parse",
		Why: "PostgreSQL rejects the statement, so the migration fails when it reaches it. The other statements of the file are still checked. " +
			"Syntax newer than the target version (postgres.version), such as PostgreSQL 18's NOT NULL table constraints on a " +
			"PostgreSQL 16 project, is reported the same way, at the construct. " +
			"So is a comment, string, quoted identifier or dollar quote left open, which would swallow the rest of the file (reported at its opening), " +
			"and a statement nested deeper than the parser can take (more than 1000 levels of chained operators, parentheses, subqueries or CASE), " +
			"which PostgreSQL refuses with \"stack depth limit exceeded\" once it is deep enough.",
		Bad:  "ALTER TABLE users ADD COLUMN;",
		Good: "ALTER TABLE users ADD COLUMN nickname text;",
	},
}

// UnreadableFile is a file that is not SQL text (binary or not UTF-8).
var UnreadableFile = &rules.Rule{
	Code: "SR002", Name: "unreadable-file", Category: rules.Meta, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "File is not UTF-8 SQL text",
		Why:   "A binary file or a file in another encoding cannot be reviewed, and PostgreSQL would reject or misread it.",
	},
}

// UnusedSuppression is an ignore comment that matches no finding.
var UnusedSuppression = &rules.Rule{
	Code: "SR003", Name: "unused-suppression", Category: rules.Meta, Severity: rules.Warning, Default: true,
	Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title:     "Suppression comment matches no finding",
		Why:       "A stale `sqlreview:ignore` hides nothing today but would silently hide a real problem added later.",
		Bad:       "-- sqlreview:ignore ban-drop-column -- legacy column\nCREATE TABLE t (id bigint PRIMARY KEY);",
		Good:      "-- sqlreview:ignore ban-drop-column -- the app stopped reading it in v42\nALTER TABLE t DROP COLUMN legacy;",
		FixSafety: "Removing the comment (or the unused rule name from it) changes nothing else.",
	},
}

// MalformedSuppression is an ignore comment without a reason or with an
// unknown rule.
var MalformedSuppression = &rules.Rule{
	Code: "SR004", Name: "malformed-suppression", Category: rules.Meta, Severity: rules.Warning, Default: true,
	Doc: rules.Doc{
		Title: "Suppression comment is malformed",
		Why:   "Every suppression must name known rules and say why (`-- sqlreview:ignore RULE -- reason`), so reviewers can judge it.",
		Bad:   "-- sqlreview:ignore ban-drop-column\nALTER TABLE t DROP COLUMN legacy;",
		Good:  "-- sqlreview:ignore ban-drop-column -- the app stopped reading it in v42\nALTER TABLE t DROP COLUMN legacy;",
	},
}

// InternalError is a rule that crashed on a statement.
var InternalError = &rules.Rule{
	Code: "SR005", Name: "internal-error", Category: rules.Meta, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "A rule failed on this statement",
		Why:   "A bug in sqlreview stopped one rule on one statement; the other rules and statements were still checked. Please report it with the statement.",
	},
}

// DuplicateVersion is two migration files with the same version.
var DuplicateVersion = &rules.Rule{
	Code: "SR006", Name: "duplicate-migration-version", Category: rules.Meta, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Two migration files share a version",
		Why:   "Migrations are ordered and recorded by version; two files with one version apply in an undefined order and one of them may be skipped.",
	},
}

// All lists the meta rules.
var All = []*rules.Rule{SyntaxError, UnreadableFile, UnusedSuppression, MalformedSuppression, InternalError, DuplicateVersion}
