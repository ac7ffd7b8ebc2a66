package runner

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// applyJSONDoc mirrors `apply --format json`; findings keep the shape of
// `check --format json`.
type applyJSONDoc struct {
	Applied  []string `json:"applied"`
	Reviewed bool     `json:"reviewed"`
	Blocked  bool     `json:"blocked"`
	Findings []struct {
		Path, Rule, Code, Severity, Message, Fingerprint string
		Start                                            struct{ Line, Column int }
		Suppressed                                       bool
	} `json:"findings"`
	Error string `json:"error"`
}

func decodeApplyJSON(t *testing.T, r cliRun) applyJSONDoc {
	t.Helper()
	var doc applyJSONDoc
	if err := json.Unmarshal([]byte(r.Stdout), &doc); err != nil || doc.Applied == nil || doc.Findings == nil {
		t.Fatalf("stdout is not the apply JSON document (%v):\n%s\nstderr:\n%s", err, r.Stdout, r.Stderr)
	}
	return doc
}

// TestApplyJSONIncludesFindings: `apply --format json` prints one JSON
// document on stdout (progress goes to stderr) with the review findings,
// whether they block the apply or only warn.
func TestApplyJSONIncludesFindings(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text);"})
	r := runCLI(t, nil, "apply", dir, "--database-url", url, "--format", "json")
	doc := decodeApplyJSON(t, r)
	if r.Code != 0 || strings.Join(doc.Applied, ",") != "1" || !doc.Reviewed || doc.Blocked || len(doc.Findings) != 0 ||
		!strings.Contains(r.Stderr, "applying 001_users.sql") {
		t.Fatalf("clean apply: %d %+v\n%s", r.Code, doc, r.Stderr)
	}
	os.WriteFile(filepath.Join(dir, "002_idx.sql"), []byte("CREATE INDEX users_email ON users (email);\n"), 0o644)
	r = runCLI(t, nil, "apply", dir, "--database-url", url, "--format", "json")
	doc = decodeApplyJSON(t, r)
	if r.Code != 1 || len(doc.Applied) != 0 || !doc.Blocked || len(doc.Findings) == 0 || !strings.Contains(doc.Error, "review failed") ||
		!strings.Contains(r.Stderr, "review failed") {
		t.Fatalf("blocked apply: %d %+v\n%s", r.Code, doc, r.Stderr)
	}
	f := doc.Findings[0]
	if f.Rule != "require-concurrent-index-creation" || f.Severity != "error" || f.Code == "" || f.Fingerprint == "" ||
		!strings.HasSuffix(f.Path, "002_idx.sql") || f.Start.Line != 1 || f.Message == "" {
		t.Fatalf("finding: %+v", f)
	}
	// Below fail-on the findings are warnings: the apply goes on and the
	// JSON still carries them.
	cfg := filepath.Join(t.TempDir(), ".sqlreview.yaml")
	os.WriteFile(cfg, []byte("fail-on: never\n"), 0o644)
	r = runCLI(t, nil, "apply", dir, "--database-url", url, "--format", "json", "--config", cfg)
	doc = decodeApplyJSON(t, r)
	if r.Code != 0 || strings.Join(doc.Applied, ",") != "2" || doc.Blocked || doc.Error != "" || len(doc.Findings) == 0 ||
		doc.Findings[0].Rule != "require-concurrent-index-creation" {
		t.Fatalf("warning apply: %d %+v\n%s", r.Code, doc, r.Stderr)
	}
}
