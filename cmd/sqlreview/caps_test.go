package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
)

// TestCappedFormatNamesFullReport: a check of 1,200 findings writes a
// Bitbucket report (1,000 annotations at most) and the text report on
// standard output; the Bitbucket report's details send the reader to the
// text report for the 200 it left out.
func TestCappedFormatNamesFullReport(t *testing.T) {
	var sql strings.Builder
	for i := 0; i < 1200; i++ {
		fmt.Fprintf(&sql, "CREATE INDEX t_a_%d ON t (a);\n", i)
	}
	dir := writeFiles(t, map[string]string{
		"migrations/001_t.sql":   "CREATE TABLE t (id bigint PRIMARY KEY, a text);\n",
		"migrations/002_idx.sql": sql.String(),
	})
	code, stdout, stderr := runCLI(t, dir, "", "check", "--format", "text", "--format", "bitbucket=bb.json", "migrations")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasSuffix(stdout, "Found 1200 errors in 1 file of 2 (1201 statements checked).\n") {
		t.Errorf("text report ends %q", stdout[max(0, len(stdout)-200):])
	}
	data, err := os.ReadFile(filepath.Join(dir, "bb.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out report.BitbucketOutput
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	const want = "Found 1200 errors in 1 of 2 files (1201 statements checked). Merge gate: failed. " +
		"200 findings (200 errors) are not annotated: Bitbucket accepts 1000 annotations per report. " +
		"Every finding is in the text report on standard output."
	if len(out.Annotations) != 1000 || out.Report.Details != want {
		t.Errorf("%d annotations, details\n%q\nwant 1000 and\n%q", len(out.Annotations), out.Report.Details, want)
	}
}
