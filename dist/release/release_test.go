package release_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"debug/pe"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/dist/release"
	"github.com/sqlreview/sqlreview/internal/clitest"
	"github.com/sqlreview/sqlreview/internal/testenv"
)

// testVersion is what the test build stamps into the binaries.
const testVersion = "v0.0.0-test"

var (
	repoRoot   = filepath.Join("..", "..")
	outDir     string // the test build's OUTDIR
	built      *release.Result
	buildErr   error
	buildOnce  sync.Once
	builtFor   []release.Target
	missing    = map[release.Target]string{} // targets this machine cannot build, and why
	noVSCode   string                        // why the extension is not packaged, if it is not
	buildTimes string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sqlreview-release-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	outDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// artifacts builds every target this machine has a C compiler for, once per
// test binary, with the extension when its npm packages are installed.
func artifacts(t *testing.T) *release.Result {
	t.Helper()
	buildOnce.Do(func() {
		targets := release.DefaultTargets // TestWindowsBinary runs when windows/amd64 is listed below
		// A developer can test a subset (SQLREVIEW_RELEASE_TARGETS=linux/amd64);
		// the tests of the targets left out then skip, or fail in CI.
		if env := os.Getenv("SQLREVIEW_RELEASE_TARGETS"); env != "" {
			var err error
			if targets, err = release.ParseTargets(env); err != nil {
				buildErr = err
				return
			}
			for _, tg := range release.DefaultTargets {
				if !slices.Contains(targets, tg) {
					missing[tg] = tg.String() + " is not in SQLREVIEW_RELEASE_TARGETS"
				}
			}
		}
		for _, tg := range targets {
			if why := release.MissingToolchain(tg); why != "" {
				missing[tg] = why
				continue
			}
			builtFor = append(builtFor, tg)
		}
		if _, err := os.Stat(filepath.Join(repoRoot, "editors", "vscode", "node_modules", ".bin", "vsce")); err != nil {
			noVSCode = "editors/vscode npm packages (npm ci in editors/vscode)"
		}
		root, _ := filepath.Abs(repoRoot)
		start := time.Now()
		built, buildErr = release.Build(context.Background(), release.Options{
			Version: testVersion, OutDir: outDir, Targets: builtFor, RepoRoot: root, VSCode: noVSCode == "",
		})
		buildTimes = fmt.Sprintf("release build of %v took %s", builtFor, time.Since(start).Round(time.Second))
		fmt.Fprintln(os.Stderr, buildTimes)
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return built
}

// need skips the test when a tool is missing locally; in CI (CI set) a
// missing tool is a failure: .ci/run installs them.
func need(t *testing.T, what string, ok bool) {
	t.Helper()
	testenv.Need(t, ok, "%s is missing", what)
}

// binary is tg's built executable (failing in CI, skipping elsewhere, when
// its cross compiler is missing).
func binary(t *testing.T, tg release.Target) string {
	t.Helper()
	res := artifacts(t)
	need(t, missing[tg], missing[tg] == "")
	if res.Binaries[tg] == "" {
		t.Skipf("%s is not a default target (SQLREVIEW_RELEASE_TARGETS=%s builds it)", tg, tg)
	}
	return res.Binaries[tg]
}

// exampleWorkspace copies the README quickstart's input (the repository's
// config and testdata/examples/migrations) into dir.
func exampleWorkspace(t *testing.T, dir string) {
	t.Helper()
	copyInto(t, filepath.Join(repoRoot, ".sqlreview.yaml"), filepath.Join(dir, ".sqlreview.yaml"))
	src := filepath.Join(repoRoot, "testdata", "examples", "migrations")
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		copyInto(t, filepath.Join(src, e.Name()), filepath.Join(dir, "testdata", "examples", "migrations", e.Name()))
	}
}

func copyInto(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

var findingLine = regexp.MustCompile(`^(\S+:\d+:\d+): (error|warning|info): .*\[([a-z0-9-]+)\]$`)

// checkExample asserts the output and exit code of `check` on the example.
func checkExample(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	var findings []string
	var summary string
	for _, l := range strings.Split(stdout.String(), "\n") {
		if m := findingLine.FindStringSubmatch(l); m != nil {
			findings = append(findings, fmt.Sprintf("%s: %s [%s]", m[1], m[2], m[3]))
		}
		if strings.HasPrefix(l, "Found ") {
			summary = l
		}
	}
	if code != 1 || summary != clitest.ExampleSummary || strings.Join(findings, "\n") != strings.Join(clitest.ExampleFindings, "\n") {
		t.Errorf("%v: exit %d, want 1\nfindings:\n%s\nwant:\n%s\nsummary: %q\nwant:    %q\nstderr:\n%s",
			cmd.Args, code, strings.Join(findings, "\n"), strings.Join(clitest.ExampleFindings, "\n"), summary, clitest.ExampleSummary, stderr.String())
	}
}

// TestVersion: each Linux binary says the version it was built with.
func TestVersion(t *testing.T) {
	out, err := exec.Command(binary(t, release.LinuxAMD64), "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "sqlreview "+testVersion) {
		t.Errorf("version printed %q, want it to start with %q", out, "sqlreview "+testVersion)
	}
}

// TestStaticAMD64InEmptyRoot runs the amd64 binary chrooted into a directory
// that holds only the binary and the example: no libc, no loader.
func TestStaticAMD64InEmptyRoot(t *testing.T) {
	bin := binary(t, release.LinuxAMD64)
	assertStaticELF(t, bin, elf.EM_X86_64)
	if out, err := exec.Command("file", bin).Output(); err == nil && !strings.Contains(string(out), "statically linked") {
		t.Errorf("file says: %s", out)
	}
	need(t, "root (to chroot)", os.Geteuid() == 0)
	root := t.TempDir()
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	copyExecutable(t, bin, filepath.Join(root, "sqlreview"))
	exampleWorkspace(t, filepath.Join(root, "work"))
	for _, lib := range []string{"lib", "lib64", "usr", "etc"} {
		if _, err := os.Stat(filepath.Join(root, lib)); err == nil {
			t.Fatalf("the empty root has /%s", lib)
		}
	}
	cmd := exec.Command("/sqlreview", "check", "testdata/examples/migrations")
	cmd.Dir = "/work"
	cmd.Env = []string{}
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root}
	checkExample(t, cmd)
}

// TestARM64UnderQEMU runs the arm64 binary on the example with
// qemu-aarch64-static (user-mode emulation, no loader or libraries: the
// binary is static).
func TestARM64UnderQEMU(t *testing.T) {
	bin := binary(t, release.LinuxARM64)
	assertStaticELF(t, bin, elf.EM_AARCH64)
	qemu, err := exec.LookPath("qemu-aarch64-static")
	need(t, "qemu-aarch64-static (Debian: qemu-user-static)", err == nil)
	ws := t.TempDir()
	exampleWorkspace(t, ws)
	cmd := exec.Command(qemu, bin, "check", "testdata/examples/migrations")
	cmd.Dir = ws
	checkExample(t, cmd)
	out, err := exec.Command(qemu, bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "sqlreview "+testVersion) {
		t.Errorf("arm64 version: %q, %v", out, err)
	}
}

// assertStaticELF: the right machine, no program interpreter (dynamic
// loader) and no shared libraries.
func assertStaticELF(t *testing.T, bin string, machine elf.Machine) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != machine {
		t.Errorf("%s: machine %v, want %v", bin, f.Machine, machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("%s has a %v program header: not static", bin, p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v", bin, libs)
	}
}

// TestWindowsBinary: a PE for amd64 that needs only DLLs every Windows has
// (mingw's own runtime DLLs are linked in statically).
func TestWindowsBinary(t *testing.T) {
	bin := binary(t, release.WindowsAMD64)
	f, err := pe.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("machine %#x", f.Machine)
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range libs {
		l = strings.ToLower(l)
		if strings.HasPrefix(l, "libwinpthread") || strings.HasPrefix(l, "libgcc") || strings.HasPrefix(l, "libstdc++") {
			t.Errorf("needs mingw runtime DLL %s", l)
		}
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range info.Settings {
		if s.Key == "-ldflags" && !strings.Contains(s.Value, "main.version="+testVersion) {
			t.Errorf("ldflags %q lack the version", s.Value)
		}
	}
}

// TestArchives: each archive holds exactly the contract's files below one
// top-level directory, the binary is the built one and executable, and the
// notices name every linked module with its license.
func TestArchives(t *testing.T) {
	res := artifacts(t)
	if len(builtFor) == 0 {
		t.Fatal("no target could be built")
	}
	license, _ := os.ReadFile(filepath.Join(repoRoot, "LICENSE"))
	readme, _ := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	for _, tg := range builtFor {
		name := filepath.Base(res.Archives[tg])
		top := strings.TrimSuffix(strings.TrimSuffix(name, ".tar.gz"), ".zip")
		wantName := fmt.Sprintf("sqlreview_0.0.0-test_%s_%s", tg.OS, tg.Arch)
		if top != wantName {
			t.Errorf("archive %s, want %s.*", name, wantName)
		}
		files := readArchive(t, res.Archives[tg])
		var names []string
		for n := range files {
			names = append(names, n)
		}
		sort.Strings(names)
		exe := "sqlreview"
		if tg.OS == "windows" {
			exe = "sqlreview.exe"
		}
		want := []string{top + "/", top + "/LICENSE", top + "/README.md", top + "/THIRD_PARTY_NOTICES", top + "/" + exe}
		sort.Strings(want)
		if strings.Join(names, " ") != strings.Join(want, " ") {
			t.Errorf("%s holds %v, want %v", name, names, want)
			continue
		}
		bin, _ := os.ReadFile(res.Binaries[tg])
		if f := files[top+"/"+exe]; !bytes.Equal(f.data, bin) || f.mode&0o111 == 0 {
			t.Errorf("%s: %s differs from the built binary or is not executable (mode %o)", name, exe, f.mode)
		}
		if !bytes.Equal(files[top+"/LICENSE"].data, license) || !bytes.Equal(files[top+"/README.md"].data, readme) {
			t.Errorf("%s: LICENSE or README.md differ from the repository's", name)
		}
		assertNotices(t, name, res.Binaries[tg], string(files[top+"/THIRD_PARTY_NOTICES"].data))
	}
}

func assertNotices(t *testing.T, archive, bin, notices string) {
	t.Helper()
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range info.Deps {
		head := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(d.Path+" "+d.Version) + `\nLicense: (.+)$`).FindStringSubmatch(notices)
		if head == nil || head[1] == "see the text below" {
			t.Errorf("%s: THIRD_PARTY_NOTICES has no named license for %s %s", archive, d.Path, d.Version)
		}
	}
	for _, want := range []string{
		"github.com/pganalyze/pg_query_go/v6 v6.2.5\nLicense: BSD-3-Clause\n",
		"Copyright (c) 2015, Lukas Fittl <lukas@fittl.com>",                                            // pg_query_go's LICENSE
		"--- LICENSE.POSTGRESQL ---\n\nThis project includes code derived from the PostgreSQL project", // libpg_query's PostgreSQL code
		"Portions Copyright (c) 1996-2015, PostgreSQL Global Development Group",
		"--- parser/include/protobuf-c/protobuf-c.h (BSD-2-Clause) ---", // vendored in libpg_query
		"--- parser/include/xxhash/xxhash.h (BSD-2-Clause) ---",         // vendored in libpg_query
		"github.com/jackc/pgx/v5 v5.12.0\nLicense: MIT\n",
		"go.yaml.in/yaml/v3 v3.0.6\nLicense: Apache-2.0 AND MIT\n",
		"github.com/owenrumney/go-sarif/v2 v2.3.3\nLicense: Unlicense\n",
		"Go standard library and runtime " + info.GoVersion + "\nLicense: BSD-3-Clause\n",
	} {
		if !strings.Contains(notices, want) {
			t.Errorf("%s: THIRD_PARTY_NOTICES lacks %q", archive, want)
		}
	}
}

type archived struct {
	mode int64
	data []byte
}

func readArchive(t *testing.T, name string) map[string]archived {
	t.Helper()
	out := map[string]archived{}
	if strings.HasSuffix(name, ".zip") {
		zr, err := zip.OpenReader(name)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			out[f.Name] = archived{int64(f.Mode().Perm()), data}
		}
		return out
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		out[h.Name] = archived{h.Mode, data}
	}
	return out
}

// TestChecksums: sha256sum -c verifies the checksums file, which lists
// exactly the archives and extension packages.
func TestChecksums(t *testing.T) {
	res := artifacts(t)
	if filepath.Base(res.Checksums) != "sqlreview_0.0.0-test_checksums.txt" {
		t.Errorf("checksums file %s", res.Checksums)
	}
	data, err := os.ReadFile(res.Checksums)
	if err != nil {
		t.Fatal(err)
	}
	var listed, want []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if !regexp.MustCompile(`^[0-9a-f]{64}  \S+$`).MatchString(l) {
			t.Errorf("line %q is not in sha256sum format", l)
		}
		listed = append(listed, l[66:])
	}
	for _, tg := range builtFor {
		want = append(want, filepath.Base(res.Archives[tg]))
		if v := res.VSIX[tg]; v != "" {
			want = append(want, filepath.Base(v))
		}
	}
	if strings.Join(listed, " ") != strings.Join(want, " ") {
		t.Errorf("checksums list %v, want %v", listed, want)
	}
	sha, err := exec.LookPath("sha256sum")
	need(t, "sha256sum", err == nil)
	cmd := exec.Command(sha, "--check", "--strict", filepath.Base(res.Checksums))
	cmd.Dir = filepath.Dir(res.Checksums)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum --check: %v\n%s", err, out)
	}
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	copyInto(t, from, to)
	if err := os.Chmod(to, 0o755); err != nil {
		t.Fatal(err)
	}
}
