package channels

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/internal/clitest"
	"github.com/sqlreview/sqlreview/internal/testenv"
)

// requireNode skips a test without node and npm, except in CI, which must
// run it.
func requireNode(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"node", "npm", "npx"} {
		_, err := exec.LookPath(tool)
		testenv.Need(t, err == nil, "%s is not installed (Node.js 16 or later)", tool)
	}
}

// npmHostPlatform is Node's name of the host, as in the package names.
func npmHostPlatform(t *testing.T) string {
	t.Helper()
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	goos := map[string]string{"linux": "linux", "darwin": "darwin", "windows": "win32"}[runtime.GOOS]
	testenv.Need(t, arch != "" && goos != "", "no npm package for %s/%s", runtime.GOOS, runtime.GOARCH)
	return goos + "-" + arch
}

var (
	packOnce sync.Once
	packDir  string
	packErr  string
)

// packedTarballs runs dist/npm/pack.js on the release archives once per
// test binary and returns the directory of the tarballs.
func packedTarballs(t *testing.T) string {
	t.Helper()
	r := buildHostReleaseArchives(t)
	packOnce.Do(func() {
		packDir = filepath.Join(r.Dir, "npm")
		out, err := exec.Command("node", "../npm/pack.js", r.Dir, packDir).CombinedOutput()
		if err != nil {
			packErr = err.Error() + "\n" + string(out)
		}
	})
	if packErr != "" {
		t.Fatalf("node dist/npm/pack.js: %s", packErr)
	}
	return packDir
}

// npmEnv keeps npm off every registry: an unreachable one, a fresh cache,
// no update check.
func npmEnv(t *testing.T) []string {
	return append(os.Environ(), "npm_config_registry=http://127.0.0.1:9/", "npm_config_cache="+t.TempDir(),
		"npm_config_update_notifier=false", "npm_config_audit=false", "npm_config_fund=false", "NO_COLOR=1")
}

var (
	installedOnce sync.Once
	installedDir  string
)

// installedProject is a project with sqlreview and the host's platform
// package installed, shared by the tests that only run it (an install
// copies the whole binary).
func installedProject(t *testing.T) string {
	t.Helper()
	platform := npmHostPlatform(t)
	installedOnce.Do(func() {
		dir := filepath.Join(buildHostReleaseArchives(t).Dir, "app")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		installTarballs(t, dir, "sqlreview-0.2.0.tgz", "sqlreview-"+platform+"-0.2.0.tgz")
		installedDir = dir
	})
	if installedDir == "" {
		t.Fatal("the shared npm project failed to install (see the first test)")
	}
	return installedDir
}

// npmProject installs the named tarballs offline into a new project.
func npmProject(t *testing.T, tarballs ...string) string {
	t.Helper()
	proj := t.TempDir()
	installTarballs(t, proj, tarballs...)
	return proj
}

// installTarballs installs the named tarballs offline into proj, as a
// user's `npm install sqlreview` would with the packages in the registry.
func installTarballs(t *testing.T, proj string, tarballs ...string) {
	t.Helper()
	dir := packedTarballs(t)
	if err := os.WriteFile(filepath.Join(proj, "package.json"), []byte(`{"name": "app", "version": "1.0.0", "private": true}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"install", "--offline"}
	for _, tb := range tarballs {
		data, err := os.ReadFile(filepath.Join(dir, tb))
		if err != nil {
			t.Fatalf("%s was not packed: %v", tb, err)
		}
		if err := os.WriteFile(filepath.Join(proj, tb), data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "./"+tb)
	}
	cmd := exec.Command("npm", args...)
	cmd.Dir = proj
	cmd.Env = npmEnv(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func runIn(t *testing.T, dir string, env []string, stdin string, name string, args ...string) scriptResult {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return scriptResult{code, out.String(), errb.String()}
}

// copyExample copies the bundled example migrations and the repository's
// config (which includes them) into proj, at the same paths.
func copyExample(t *testing.T, proj string) {
	t.Helper()
	files, err := filepath.Glob("../../testdata/examples/migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("the bundled example: %v %v", files, err)
	}
	files = append(files, "../../.sqlreview.yaml")
	for _, f := range files {
		rel := strings.TrimPrefix(f, "../../")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(proj, filepath.Dir(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(proj, rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var findingLine = regexp.MustCompile(`(?m)^(\S+:\d+:\d+: (?:error|warning|info)): .* (\[[a-z-]+\])$`)

// TestNpmPackageRunsCheck installs the packed sqlreview and platform
// packages offline and runs the README's quickstart, `npx sqlreview check
// testdata/examples/migrations`, in a copy of the bundled example and its
// config: the README's findings, summary and exit code, byte for byte the
// binary's own output.
func TestNpmPackageRunsCheck(t *testing.T) {
	requireNode(t)
	platform := npmHostPlatform(t)
	proj := installedProject(t)
	copyExample(t, proj)

	res := runIn(t, proj, npmEnv(t), "", "npx", "--offline", "sqlreview", "check", "testdata/examples/migrations")
	var got []string
	for _, m := range findingLine.FindAllStringSubmatch(res.stdout, -1) {
		got = append(got, m[1]+" "+m[2])
	}
	want := clitest.ExampleFindings
	if res.code != 1 || strings.Join(got, "\n") != strings.Join(want, "\n") ||
		!strings.HasSuffix(res.stdout, clitest.ExampleSummary+"\n") {
		t.Errorf("npx sqlreview check testdata/examples/migrations: exit %d, findings\n%s\nwant exit 1 and\n%s\nstdout:\n%s\nstderr:\n%s",
			res.code, strings.Join(got, "\n"), strings.Join(want, "\n"), res.stdout, res.stderr)
	}

	// The binary itself says the same, byte for byte.
	bin := filepath.Join(proj, "node_modules", "@sqlreview", platform, "bin", "sqlreview")
	direct := runIn(t, proj, os.Environ(), "", bin, "check", "testdata/examples/migrations")
	if direct != res {
		t.Errorf("npx differs from the binary:\nnpx: %+v\nbinary: %+v", res, direct)
	}
	version := runIn(t, proj, npmEnv(t), "", "npx", "--offline", "sqlreview", "version")
	if !strings.HasPrefix(version.stdout, "sqlreview v0.2.0") {
		t.Errorf("npx sqlreview version: %q, want the release's version v0.2.0", version.stdout)
	}
}

// TestNpmLauncherPassesThrough: exit codes, standard input and output, and
// a signal reach the binary and come back unchanged.
func TestNpmLauncherPassesThrough(t *testing.T) {
	requireNode(t)
	proj := installedProject(t)
	env := npmEnv(t)
	npx := func(stdin string, args ...string) scriptResult {
		return runIn(t, proj, env, stdin, "npx", append([]string{"--offline", "sqlreview"}, args...)...)
	}

	res := npx("SELECT 1;\n", "check", "-")
	if want := "No problems found in 1 file (1 statement checked).\n"; res.code != 0 || res.stdout != want {
		t.Errorf("clean stdin: exit %d, stdout %q, stderr %q; want 0 and %q", res.code, res.stdout, res.stderr, want)
	}
	res = npx("ALTER TABLE users ADD COLUMN org_id bigint NOT NULL;\n", "check", "--format", "json", "-")
	var report struct {
		Findings []struct {
			Path  string `json:"path"`
			Rule  string `json:"rule"`
			Start struct{ Line, Column int }
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &report); err != nil || res.code != 1 || len(report.Findings) != 1 ||
		fmt.Sprint(report.Findings[0]) != "{<stdin> adding-required-field {1 19}}" {
		t.Errorf("finding on stdin: exit %d, findings %+v (%v), stderr %q; want 1 and one adding-required-field at <stdin>:1:19", res.code, report.Findings, err, res.stderr)
	}
	res = npx("", "check", "--no-such-flag")
	if res.code != 2 || res.stderr != "sqlreview: check: unknown flag --no-such-flag\n" {
		t.Errorf("unknown flag: exit %d, stderr %q; want 2 and the binary's message", res.code, res.stderr)
	}

	// SIGTERM to the launcher stops the binary, which the launcher then
	// dies of too.
	if runtime.GOOS == "windows" {
		return
	}
	cmd := exec.Command("node", filepath.Join(proj, "node_modules", ".bin", "sqlreview"), "check", "-")
	cmd.Dir = proj
	stdin, err := cmd.StdinPipe() // held open: the check waits for its input
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	child := waitForChild(t, cmd.Process.Pid)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if err == nil || !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("launcher after SIGTERM: %v; want it killed by SIGTERM like the binary", err)
	}
	if running(child) {
		syscall.Kill(child, syscall.SIGKILL)
		t.Errorf("the binary (pid %d) outlived the launcher", child)
	}
}

// running: pid is a live process, not a zombie nobody reaped yet.
func running(pid int) bool {
	for i := 0; i < 50; i++ {
		stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		if err != nil {
			return false
		}
		if _, after, ok := strings.Cut(string(stat), ") "); ok && strings.HasPrefix(after, "Z") {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// waitForChild returns the pid of the first child of pid (Linux /proc).
func waitForChild(t *testing.T, pid int) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
		for _, f := range tasks {
			data, _ := os.ReadFile(f)
			if fields := strings.Fields(string(data)); len(fields) > 0 {
				if child, err := strconv.Atoi(fields[0]); err == nil {
					return child
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	testenv.Need(t, false, "cannot see the launcher's child process (no /proc)")
	return 0
}

// TestNpmLauncherUnsupportedPlatform: on a platform the release has no
// package for (simulated by a preload that changes process.platform and
// process.arch, which is all the launcher reads), and on a supported one
// where npm skipped the optional dependency, the launcher prints one line
// saying what is missing and how to install otherwise, and exits 2.
func TestNpmLauncherUnsupportedPlatform(t *testing.T) {
	requireNode(t)
	platform := npmHostPlatform(t)
	proj := installedProject(t)
	preload := filepath.Join(t.TempDir(), "freebsd-riscv64.js")
	if err := os.WriteFile(preload, []byte(`Object.defineProperty(process, "platform", { value: "freebsd" });
Object.defineProperty(process, "arch", { value: "riscv64" });
`), 0o644); err != nil {
		t.Fatal(err)
	}
	launcher := filepath.Join(proj, "node_modules", "sqlreview", "bin", "sqlreview.js")
	otherwise := "install it another way: go install github.com/sqlreview/sqlreview/cmd/sqlreview@v0.2.0 (needs Go and a C compiler), or see https://github.com/sqlreview/sqlreview#install\n"

	res := runIn(t, proj, os.Environ(), "", "node", "--require", preload, launcher, "check", "migrations")
	want := "sqlreview: no prebuilt binary for freebsd-riscv64: sqlreview 0.2.0 has no package @sqlreview/freebsd-riscv64 (prebuilt for " + platform + "); " + otherwise
	if res.code != 2 || res.stderr != want || res.stdout != "" {
		t.Errorf("unsupported platform: exit %d, stdout %q, stderr %q; want 2 and %q", res.code, res.stdout, res.stderr, want)
	}

	// Supported, but installed without optional dependencies: npm --offline
	// cannot fetch @sqlreview/<platform> and skips it, as --omit=optional would.
	bare := npmProject(t, "sqlreview-0.2.0.tgz")
	if _, err := os.Stat(filepath.Join(bare, "node_modules", "@sqlreview")); !os.IsNotExist(err) {
		t.Fatalf("the platform package was installed without its tarball: %v", err)
	}
	res = runIn(t, bare, npmEnv(t), "", "npx", "--offline", "sqlreview", "check", "migrations")
	want = "sqlreview: the package @sqlreview/" + platform + " (the binary for " + platform + ") is not installed: npm skipped the optional dependency; " +
		"install again with optional dependencies (npm install --include=optional sqlreview), or " + otherwise
	if res.code != 2 || res.stderr != want {
		t.Errorf("skipped optional dependency: exit %d, stderr %q; want 2 and %q", res.code, res.stderr, want)
	}
}
