package main

import (
	"strings"
	"testing"
)

// The database commands' usage errors need no database: exit 2 with one
// line naming the fix.
func TestDatabaseCommandsUsage(t *testing.T) {
	t.Setenv("SQLREVIEW_DATABASE_URL", "")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"apply", "migrations"}, "sqlreview: apply: no database; give --database-url URL, set SQLREVIEW_DATABASE_URL, or give --env E [--target T]\n"},
		{[]string{"plan", "--database-url", "postgres://u@h/d", "--format", "xml"}, "sqlreview: plan: --format \"xml\": use text or json\n"},
		{[]string{"history", "extra", "--database-url", "postgres://u@h/d"}, "sqlreview: history: unexpected argument \"extra\"; run `sqlreview history --help`\n"},
		{[]string{"baseline", "--database-url", "postgres://u@h/d"}, "sqlreview: baseline: --version is required, e.g. --version 20250115090000\n"},
		{[]string{"schema", "--database-url", "postgres://u@h/d"}, "sqlreview: schema: give a subcommand: dump; run `sqlreview schema --help`\n"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(t, t.TempDir(), "", c.args...)
		if code != exitError || stderr != c.want {
			t.Errorf("%v: exit %d, stderr %q; want 2, %q", c.args, code, stderr, c.want)
		}
	}
	code, stdout, _ := runCLI(t, "", "", "apply", "--help")
	if code != 0 || !strings.Contains(stdout, "-no-review") || !strings.Contains(stdout, "-lock-wait") {
		t.Errorf("apply --help: %d %s", code, stdout)
	}
}

// A connection failure is exit 2 and shows the target without the password,
// and the reason: with the default sslmode (prefer) pgx reports two
// attempts on two lines, and the reason used to be cut off with the second.
func TestDatabaseConnectFailureRedacted(t *testing.T) {
	code, _, stderr := runCLI(t, t.TempDir(), "", "history", "--database-url", "postgres://alice:Sup3rSecret@127.0.0.1:1/app?connect_timeout=2")
	want := "sqlreview: connect to alice@127.0.0.1:1/app: 127.0.0.1:1 (127.0.0.1): dial error: dial tcp 127.0.0.1:1: connect: connection refused\n"
	if code != exitError || stderr != want {
		t.Fatalf("exit %d stderr %q; want 2, %q", code, stderr, want)
	}
}
