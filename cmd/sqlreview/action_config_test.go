package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/sqlreview/sqlreview/internal/clitest"
)

// actionCheckScript is the run script of action.yml's check step.
func actionCheckScript(t *testing.T) string {
	t.Helper()
	_, data := readYAML(t, "action.yml")
	var a struct {
		Runs struct {
			Steps []struct {
				ID  string `yaml:"id"`
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	for _, s := range a.Runs.Steps {
		if s.ID == "check" {
			return s.Run
		}
	}
	t.Fatal("action.yml has no step with id: check")
	return ""
}

// TestActionRelativeConfig runs action.yml's check step, as the runner
// would (bash, in the checkout, inputs in the environment), with the
// built sqlreview and `config: cfg.yaml`, in two clones in different
// directories: the config's exclusion applies and the SARIF fingerprints,
// which code scanning tracks alerts by, are the same in both.
func TestActionRelativeConfig(t *testing.T) {
	bin := clitest.Binary(t)
	script := actionCheckScript(t)
	files := map[string]string{
		"cfg.yaml":                 "exclusions:\n  - paths: [\"migrations/003_*.sql\"]\n    rules: [require-concurrent-index-creation]\n",
		"migrations/001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"migrations/002_idx.sql":   "CREATE INDEX users_email ON users (email);\n",
		"migrations/003_idx.sql":   "CREATE INDEX users_email2 ON users (email);\n",
	}
	var fingerprints []string
	for _, clone := range []string{writeFiles(t, files), writeFiles(t, files)} {
		sarifFile := filepath.Join(t.TempDir(), "sqlreview.sarif")
		cmd := exec.Command("bash", "-e", "-c", script)
		cmd.Dir = clone
		cmd.Env = append(os.Environ(),
			"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
			"PATHS=migrations", "CONFIG=cfg.yaml", "FAIL_ON=", "NEW_FROM_REV=",
			"BASELINE=", "CATEGORY=", "MARKDOWN_FILE="+filepath.Join(t.TempDir(), "sqlreview.md"),
			"SARIF_FILE="+sarifFile, "GITHUB_OUTPUT="+filepath.Join(t.TempDir(), "output"), "GITHUB_STEP_SUMMARY=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the check step failed: %v\n%s", err, out)
		}
		if n := strings.Count(string(out), "::error file="); n != 1 || !strings.Contains(string(out), "::error file=migrations/002_idx.sql,") {
			t.Errorf("want one annotation, on 002 (003 is excluded by cfg.yaml); got\n%s", out)
		}
		data, err := os.ReadFile(sarifFile)
		if err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					PartialFingerprints map[string]string `json:"partialFingerprints"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(data, &log); err != nil {
			t.Fatal(err)
		}
		var fps []string
		for _, r := range log.Runs[0].Results {
			fps = append(fps, r.PartialFingerprints["primaryLocationLineHash"])
		}
		fingerprints = append(fingerprints, strings.Join(fps, " "))
	}
	if fingerprints[0] == "" || strings.Contains(fingerprints[0], " ") || fingerprints[0] != fingerprints[1] {
		t.Errorf("SARIF fingerprints of the two clones: %q and %q; want one result, the same in both", fingerprints[0], fingerprints[1])
	}
}
