package channels

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/sqlreview/sqlreview/internal/testenv"
)

// releaseServer serves release sets the way GitHub serves release assets
// (/TAG/FILE) and counts the requests.
type releaseServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

func serveReleases(t *testing.T, r releaseSet) *releaseServer {
	t.Helper()
	s := &releaseServer{}
	files := http.StripPrefix("/"+r.Tag, http.FileServer(http.Dir(r.Dir)))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, req.URL.Path)
		s.mu.Unlock()
		files.ServeHTTP(w, req)
	}))
	t.Cleanup(s.Close)
	return s
}

// Requests returns the paths requested since the last call.
func (s *releaseServer) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.requests
	s.requests = nil
	return r
}

type scriptResult struct {
	code           int
	stdout, stderr string
}

// runInstall runs dist/install.sh with POSIX sh (dash here), as the
// GitLab, Bitbucket and Azure examples do, downloading from base.
func runInstall(t *testing.T, base, cache string, args ...string) scriptResult {
	t.Helper()
	script, err := filepath.Abs("../install.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), "SQLREVIEW_DOWNLOAD_URL="+base, "SQLREVIEW_CACHE_DIR="+cache, "HOME="+t.TempDir(),
		"SQLREVIEW_OS=", "SQLREVIEW_ARCH=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return scriptResult{code, out.String(), errb.String()}
}

func requireUnix(t *testing.T) {
	t.Helper()
	testenv.Need(t, runtime.GOOS != "windows", "install.sh is tested with a POSIX sh; Windows runners run it in Git Bash")
}

// TestInstallScriptInstallsVerifiedRelease: install.sh downloads the
// checksums and the host's archive, verifies it, installs a binary that
// runs and reports the release's version; a second run for the same version
// installs from the cache without a single request.
func TestInstallScriptInstallsVerifiedRelease(t *testing.T) {
	requireUnix(t)
	r := buildHostReleaseArchives(t)
	srv := serveReleases(t, r)
	cache := t.TempDir()
	platform := runtime.GOOS + "/" + runtime.GOARCH

	dir := filepath.Join(t.TempDir(), "bin")
	res := runInstall(t, srv.URL, cache, r.Tag, dir)
	wantOut := "sqlreview install: installed sqlreview v0.2.0 (" + platform + ", from " + srv.URL + ") as " + dir + "/sqlreview\n"
	if res.code != 0 || res.stdout != wantOut || res.stderr != "" {
		t.Fatalf("first install: exit %d, stdout %q, stderr %q; want 0 and %q", res.code, res.stdout, res.stderr, wantOut)
	}
	if got, want := strings.Join(srv.Requests(), " "), "/v0.2.0/"+r.Checksums()+" /v0.2.0/"+r.HostArchive(); got != want {
		t.Errorf("requests: %s, want %s", got, want)
	}
	assertInstalledVersion(t, filepath.Join(dir, "sqlreview"), r.Tag)

	// The second run: another directory, the same cache, no request. A
	// version given without its v is the same release.
	dir2 := filepath.Join(t.TempDir(), "bin")
	res = runInstall(t, srv.URL, cache, r.Version, dir2)
	wantOut = "sqlreview install: installed sqlreview v0.2.0 (" + platform + ", from the cache " + cache + "/v0.2.0) as " + dir2 + "/sqlreview\n"
	if res.code != 0 || res.stdout != wantOut {
		t.Fatalf("second install: exit %d, stdout %q, stderr %q; want 0 and %q", res.code, res.stdout, res.stderr, wantOut)
	}
	if got := srv.Requests(); len(got) != 0 {
		t.Errorf("second install made requests %v; want none (the cache holds the verified archive)", got)
	}
	assertInstalledVersion(t, filepath.Join(dir2, "sqlreview"), r.Tag)

	// A cached archive that no longer matches its checksum is downloaded
	// again rather than installed.
	cached := filepath.Join(cache, r.Tag, r.HostArchive())
	if err := os.WriteFile(cached, []byte("corrupt"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir3 := filepath.Join(t.TempDir(), "bin")
	res = runInstall(t, srv.URL, cache, r.Tag, dir3)
	if res.code != 0 || len(srv.Requests()) != 2 {
		t.Fatalf("install over a corrupt cache entry: exit %d, stderr %q; want 0 after a new download", res.code, res.stderr)
	}
	assertInstalledVersion(t, filepath.Join(dir3, "sqlreview"), r.Tag)
}

func assertInstalledVersion(t *testing.T, bin, tag string) {
	t.Helper()
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "sqlreview "+tag) {
		t.Errorf("%s version: %v, %q; want a first line starting with sqlreview %s", bin, err, out, tag)
	}
}

// TestInstallScriptRejectsWrongChecksum: an archive that does not match the
// checksums file fails with one line naming both sums, and installs and
// caches nothing.
func TestInstallScriptRejectsWrongChecksum(t *testing.T) {
	requireUnix(t)
	r := copyRelease(t, buildHostReleaseArchives(t))
	good, err := sha256File(filepath.Join(r.Dir, r.HostArchive()))
	if err != nil {
		t.Fatal(err)
	}
	// The archive a compromised mirror would serve: same name, other bytes.
	f, err := os.OpenFile(filepath.Join(r.Dir, r.HostArchive()), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("tampered"))
	f.Close()
	bad, err := sha256File(filepath.Join(r.Dir, r.HostArchive()))
	if err != nil {
		t.Fatal(err)
	}
	srv := serveReleases(t, r)
	cache := t.TempDir()
	dir := filepath.Join(t.TempDir(), "bin")

	res := runInstall(t, srv.URL, cache, r.Tag, dir)
	want := "sqlreview install: checksum mismatch for " + r.HostArchive() + ": its SHA-256 is " + bad + ", " + r.Checksums() + " says " + good + "; nothing installed\n"
	if res.code != 1 || res.stderr != want || res.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", res.code, res.stdout, res.stderr, want)
	}
	assertEmptyOrMissing(t, dir)
	assertEmptyOrMissing(t, cache)
}

// TestInstallScriptMissingPlatform: a release without an archive for this
// platform, and a checksums file that lists an archive the server does not
// have, each fail with one line naming what is missing.
func TestInstallScriptMissingPlatform(t *testing.T) {
	requireUnix(t)
	full := buildHostReleaseArchives(t)

	// The release was built without this platform: the checksums file does
	// not list it.
	r := copyRelease(t, full)
	if err := os.Remove(filepath.Join(r.Dir, r.HostArchive())); err != nil {
		t.Fatal(err)
	}
	if err := writeChecksums(r); err != nil {
		t.Fatal(err)
	}
	srv := serveReleases(t, r)
	dir := filepath.Join(t.TempDir(), "bin")
	res := runInstall(t, srv.URL, t.TempDir(), r.Tag, dir)
	platform := runtime.GOOS + "/" + runtime.GOARCH
	want := "sqlreview install: release v0.2.0 has no archive for " + platform + " (" + r.HostArchive() + " is not in " + r.Checksums() +
		"); build from source: go install github.com/sqlreview/sqlreview/cmd/sqlreview@v0.2.0 (needs Go and a C compiler)\n"
	if res.code != 1 || res.stderr != want {
		t.Errorf("platform not in the release: exit %d, stderr %q; want 1 and %q", res.code, res.stderr, want)
	}
	assertEmptyOrMissing(t, dir)

	// The checksums list it but the archive is not there.
	r = copyRelease(t, full)
	if err := os.Remove(filepath.Join(r.Dir, r.HostArchive())); err != nil {
		t.Fatal(err)
	}
	srv = serveReleases(t, r)
	res = runInstall(t, srv.URL, t.TempDir(), r.Tag, dir)
	want = "sqlreview install: cannot download " + srv.URL + "/v0.2.0/" + r.HostArchive() + ": curl: (22) The requested URL returned error: 404\n"
	if res.code != 1 || res.stderr != want {
		t.Errorf("archive missing on the server: exit %d, stderr %q; want 1 and %q", res.code, res.stderr, want)
	}
	assertEmptyOrMissing(t, dir)

	// No such release at all.
	res = runInstall(t, srv.URL, t.TempDir(), "v9.9.9", dir)
	want = "sqlreview install: cannot download " + srv.URL + "/v9.9.9/sqlreview_9.9.9_checksums.txt: curl: (22) The requested URL returned error: 404\n"
	if res.code != 1 || res.stderr != want {
		t.Errorf("unknown release: exit %d, stderr %q; want 1 and %q", res.code, res.stderr, want)
	}
}

// TestInstallScriptUsage: a missing or malformed version is a usage error.
func TestInstallScriptUsage(t *testing.T) {
	requireUnix(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage: install.sh VERSION [DIR]   (VERSION: a release tag such as v0.2.0; DIR: default $HOME/.local/bin)\n"},
		{[]string{"latest"}, "sqlreview install: latest is not a release version; give a tag such as v0.2.0\n"},
		{[]string{"v1/../x"}, "sqlreview install: v1/../x is not a release version; give a tag such as v0.2.0\n"},
	} {
		res := runInstall(t, "http://127.0.0.1:1", t.TempDir(), tc.args...)
		if res.code != 2 || res.stderr != tc.want {
			t.Errorf("install.sh %v: exit %d, stderr %q; want 2 and %q", tc.args, res.code, res.stderr, tc.want)
		}
	}
}

func assertEmptyOrMissing(t *testing.T, dir string) {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			found = append(found, path)
		}
		return nil
	})
	if len(found) != 0 {
		t.Errorf("%s holds %v; want nothing", dir, found)
	}
}
