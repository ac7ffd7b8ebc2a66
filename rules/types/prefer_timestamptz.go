package types

import (
	"github.com/sqlreview/sqlreview/rules"
)

// PreferTimestamptz reports timestamp without time zone columns.
var PreferTimestamptz = &rules.Rule{
	Code: "SR602", Name: "prefer-timestamptz",
	Aliases:  []string{"preferTimestamptz", "prefer-timestamp-tz"},
	Category: rules.Types, Severity: rules.Warning, Default: true, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "timestamp without time zone column instead of timestamptz",
		Why: "timestamp (without time zone) stores a wall-clock reading with no zone: the same value means different instants to clients and servers in different time zones, " +
			"comparisons with now() silently shift by the session's UTC offset, and daylight-saving changes produce duplicate or missing hours. " +
			"timestamptz stores an absolute instant (in UTC) and converts on input and output, at the same 8 bytes. " +
			"CREATE TABLE columns, ADD COLUMN and ALTER COLUMN ... TYPE are checked, arrays included.",
		Bad:       "CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp NOT NULL DEFAULT now());",
		Good:      "CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());",
		FixSafety: "The fix writes timestamptz, keeping the precision and array bounds. It is marked safe for columns the statement creates (CREATE TABLE, ADD COLUMN, or a table created earlier in the file), where no stored value changes meaning; application code that sends zone-less literals gets them read in the session's TimeZone. For ALTER COLUMN ... TYPE on an existing table it is not marked safe: existing values are converted using the session's TimeZone setting.",
	},
	Check: checkPreferTimestamptz,
}

func checkPreferTimestamptz(p *rules.Pass) {
	for _, c := range columns(p) {
		if baseName(c.typ) != "timestamp" {
			continue
		}
		sp, ok := spanOf(p.Stmt, c.typ)
		if !ok {
			continue
		}
		p.Report(rules.Diagnostic{
			Start: sp.start, End: sp.end,
			Message: "column " + rules.Quote(c.name) + " is timestamp without time zone, which stores no time zone and changes meaning with the client's or server's zone; use timestamptz",
			Fix: &rules.Fix{
				Title: "Use timestamptz", Safe: c.creating,
				Edits: []rules.Edit{{Start: sp.start, End: sp.end, NewText: "timestamptz" + sp.mods + sp.array}},
			},
		})
	}
}
