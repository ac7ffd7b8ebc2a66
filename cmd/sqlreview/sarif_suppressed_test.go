package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestSARIFSuppressedOnlyOnRequest: `--format sarif` leaves a suppressed
// finding out (GitHub code scanning would open an alert for it);
// --show-suppressed keeps it, with its suppression.
func TestSARIFSuppressedOnlyOnRequest(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"migrations/001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\n",
		"migrations/002_drop.sql": "-- sqlreview:ignore ban-drop-column -- nothing reads it since v42\n" +
			"ALTER TABLE users DROP COLUMN nickname;\n",
		"migrations/003_purge.sql": "DELETE FROM users;\n",
	})
	type result struct {
		RuleID       string `json:"ruleId"`
		Suppressions []struct {
			Justification string `json:"justification"`
		} `json:"suppressions"`
	}
	results := func(args ...string) []result {
		t.Helper()
		code, _, stderr := runCLI(t, dir, "", append([]string{"check", "--format", "sarif=out.sarif", "--fail-on", "never"}, append(args, "migrations")...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(dir, "out.sarif"))
		if err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Results []result `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(data, &log); err != nil {
			t.Fatal(err)
		}
		return log.Runs[0].Results
	}
	got := results()
	if len(got) != 1 || got[0].RuleID != "require-where-for-update-delete" || len(got[0].Suppressions) != 0 {
		t.Errorf("default: %+v; want only the unsuppressed DELETE finding", got)
	}
	got = results("--show-suppressed")
	if len(got) != 2 || got[0].RuleID != "ban-drop-column" || len(got[0].Suppressions) != 1 ||
		got[0].Suppressions[0].Justification != "nothing reads it since v42" {
		t.Errorf("--show-suppressed: %+v; want the suppressed ban-drop-column result with its justification, then the DELETE", got)
	}
}
