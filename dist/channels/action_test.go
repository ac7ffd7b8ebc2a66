package channels

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type actionStep struct {
	ID   string            `yaml:"id"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
	With map[string]string `yaml:"with"`
}

func actionSteps(t *testing.T) []actionStep {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Runs struct {
			Steps []actionStep `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a.Runs.Steps
}

func stepByID(t *testing.T, steps []actionStep, id string) actionStep {
	t.Helper()
	for _, s := range steps {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("action.yml has no step with id: %s", id)
	return actionStep{}
}

var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// runStep runs an action.yml run step as the runner does (bash -e, its env
// with the expressions evaluated from values), in dir.
func runStep(t *testing.T, s actionStep, dir string, values map[string]string, env ...string) (scriptResult, string) {
	t.Helper()
	output := filepath.Join(t.TempDir(), "github_output")
	environ := append(os.Environ(), "GITHUB_OUTPUT="+output, "GITHUB_ACTION_PATH="+repoRoot(t))
	for k, v := range s.Env {
		v = expression.ReplaceAllStringFunc(v, func(e string) string {
			name := expression.FindStringSubmatch(e)[1]
			val, ok := values[name]
			if !ok {
				t.Fatalf("step %s: no value for ${{ %s }}", s.ID, name)
			}
			return val
		})
		environ = append(environ, k+"="+v)
	}
	res := runIn(t, dir, append(environ, env...), "", "bash", "-e", "-c", s.Run)
	out, _ := os.ReadFile(output)
	return res, string(out)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestActionResolvesVersion: the action runs the release named by its
// version input, else the release tag in uses:; a branch or a commit SHA
// without version: is refused with one line saying what to set.
func TestActionResolvesVersion(t *testing.T) {
	step := stepByID(t, actionSteps(t), "release")
	for _, tc := range []struct {
		input, ref string
		code       int
		output     string
		stdout     string
	}{
		{"", "v0.2.0", 0, "version=v0.2.0\n", ""},
		{"", "v1.4.0-rc.1", 0, "version=v1.4.0-rc.1\n", ""},
		{"v0.3.1", "main", 0, "version=v0.3.1\n", ""},
		{"source", "my-fork-branch", 0, "version=source\n", ""},
		{"", "main", 2, "", "::error::sqlreview: uses: sqlreview/sqlreview@main is not a release tag; set the input version: to a release (v0.2.0) to download it, or to source to build this ref with Go\n"},
		{"", "8f3c2d1e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d", 2, "", "::error::sqlreview: uses: sqlreview/sqlreview@8f3c2d1e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d is not a release tag; set the input version: to a release (v0.2.0) to download it, or to source to build this ref with Go\n"},
		{"", "v1", 2, "", "::error::sqlreview: uses: sqlreview/sqlreview@v1 is not a release tag; set the input version: to a release (v0.2.0) to download it, or to source to build this ref with Go\n"},
	} {
		res, out := runStep(t, step, t.TempDir(), map[string]string{"inputs.version": tc.input, "github.action_ref": tc.ref})
		if res.code != tc.code || out != tc.output || res.stdout != tc.stdout {
			t.Errorf("version %q, uses @%s: exit %d, output %q, stdout %q; want %d, %q, %q", tc.input, tc.ref, res.code, out, res.stdout, tc.code, tc.output, tc.stdout)
		}
	}
}

// TestActionInstallsRelease runs action.yml's install step against a local
// release server: the first run downloads and verifies the archive into the
// directory actions/cache saves, the binary lands in the directory the
// action puts on PATH, and a run with that cache restored makes no request.
func TestActionInstallsRelease(t *testing.T) {
	requireUnix(t)
	steps := actionSteps(t)
	install := stepByID(t, steps, "install")
	var cache *actionStep
	for i, s := range steps {
		if strings.HasPrefix(s.Uses, "actions/cache@") && strings.Contains(s.If, "!= 'source'") {
			cache = &steps[i]
		}
	}
	if cache == nil {
		t.Fatal("action.yml: no actions/cache step for the release archive (if: ... != 'source')")
	}
	if got, want := cache.With["path"], install.Env["SQLREVIEW_CACHE_DIR"]; got == "" || got != want {
		t.Errorf("actions/cache saves %q, install.sh caches in %q; want the same directory", got, want)
	}
	for _, part := range []string{"steps.release.outputs.version", "runner.os", "runner.arch"} {
		if !strings.Contains(cache.With["key"], part) {
			t.Errorf("actions/cache key %q lacks %s: want it keyed by version, OS and architecture", cache.With["key"], part)
		}
	}

	r := buildHostReleaseArchives(t)
	srv := serveReleases(t, r)
	temp := t.TempDir()
	values := map[string]string{"steps.release.outputs.version": r.Tag, "runner.temp": temp}
	res, _ := runStep(t, install, t.TempDir(), values, "SQLREVIEW_DOWNLOAD_URL="+srv.URL)
	if res.code != 0 {
		t.Fatalf("install step: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if got := len(srv.Requests()); got != 2 {
		t.Errorf("first run: %d requests, want 2 (checksums and archive)", got)
	}
	assertInstalledVersion(t, filepath.Join(temp, "sqlreview-bin", "sqlreview"), r.Tag)

	// The next job: a fresh bin directory, the cache directory restored.
	if err := os.RemoveAll(filepath.Join(temp, "sqlreview-bin")); err != nil {
		t.Fatal(err)
	}
	res, _ = runStep(t, install, t.TempDir(), values, "SQLREVIEW_DOWNLOAD_URL="+srv.URL)
	if res.code != 0 {
		t.Fatalf("install step from the cache: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if got := srv.Requests(); len(got) != 0 {
		t.Errorf("run with the cache restored made requests %v; want none", got)
	}
	assertInstalledVersion(t, filepath.Join(temp, "sqlreview-bin", "sqlreview"), r.Tag)
}
