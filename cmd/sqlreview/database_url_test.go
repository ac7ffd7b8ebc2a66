package main

import (
	"strings"
	"testing"
)

// TestDatabaseURLUnreachable: an unreachable --database-url (or
// SQLREVIEW_DATABASE_URL) is exit 2 with one line on stderr that names the
// database but never its password.
func TestDatabaseURLUnreachable(t *testing.T) {
	dir := writeFiles(t, map[string]string{"001.sql": "SELECT 1;\n"})
	const pw = "Cli-Secret-pw-77"
	url := "postgres://app:" + pw + "@127.0.0.1:1/prod?sslmode=disable&connect_timeout=2"
	for _, viaEnv := range []bool{false, true} {
		args := []string{"check", "--database-url", url, "."}
		if viaEnv {
			t.Setenv("SQLREVIEW_DATABASE_URL", url)
			args = []string{"check", "."}
		}
		code, out, errOut := runCLI(t, dir, "", args...)
		if code != 2 {
			t.Errorf("env=%v: exit %d; want 2 (stdout %q)", viaEnv, code, out)
		}
		if strings.Contains(out+errOut, pw) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "app@127.0.0.1:1/prod") {
			t.Errorf("env=%v: stderr %q; want one line naming app@127.0.0.1:1/prod without the password", viaEnv, errOut)
		}
	}
	// --help never shows the URL from the environment.
	t.Setenv("SQLREVIEW_DATABASE_URL", url)
	_, out, errOut := runCLI(t, dir, "", "check", "--help")
	if strings.Contains(out+errOut, pw) {
		t.Errorf("check --help shows the password")
	}
}
