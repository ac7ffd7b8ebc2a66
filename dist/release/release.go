// Package release builds sqlreview's release artifacts: a statically linked
// binary per target, one archive per target with the license and notices, the
// VS Code extension per platform, the container image's root filesystem, and
// a sha256sum-format checksums file. File names follow the release contract
// the install channels (npm packages, the GitHub Action) rely on:
// sqlreview_0.2.0_linux_amd64.tar.gz, sqlreview_0.2.0_checksums.txt, ...
//
// Why a Go program and not GoReleaser or a shell script:
//   - GoReleaser would add a large module graph (hundreds of modules) to go.mod
//     or a downloaded binary to every release machine, and the proxy here only
//     lists its nightly tags. What we need is small: cgo cross builds with a
//     per-target C compiler, tar/zip, SHA-256. That is a few hundred lines of
//     standard library.
//   - A Go package can be called by the tests directly (build once per test
//     binary), produces byte-identical archives (sorted entries, fixed
//     times), and runs unchanged on a macOS or Windows runner, where
//     sha256sum, GNU tar and zip differ or are missing.
//
// The command line is cmd/release: go run ./dist/release/cmd/release/main.go VERSION OUTDIR [os/arch...].
package release

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Target is a Go os/arch pair.
type Target struct{ OS, Arch string }

func (t Target) String() string { return t.OS + "/" + t.Arch }

// Exe is the binary's file name on the target.
func (t Target) Exe() string {
	if t.OS == "windows" {
		return "sqlreview.exe"
	}
	return "sqlreview"
}

// NodePlatform is the target in Node's os-arch spelling, which npm packages
// and `vsce package --target` use (linux-x64, win32-x64, darwin-arm64).
func (t Target) NodePlatform() string {
	osName := map[string]string{"windows": "win32"}[t.OS]
	if osName == "" {
		osName = t.OS
	}
	arch := map[string]string{"amd64": "x64", "386": "ia32"}[t.Arch]
	if arch == "" {
		arch = t.Arch
	}
	return osName + "-" + arch
}

var (
	LinuxAMD64   = Target{"linux", "amd64"}
	LinuxARM64   = Target{"linux", "arm64"}
	WindowsAMD64 = Target{"windows", "amd64"}
	DarwinARM64  = Target{"darwin", "arm64"}
)

// DefaultTargets are what a Debian machine with the cross compilers builds
// and the tests verify. windows/amd64 is opt-in (pass it as a target):
// libpg_query compiles with mingw-w64, but its objects use the stack
// protector, so the static link needs libssp (-lssp, added below); that
// link is not yet verified by a test. darwin/arm64 needs a macOS runner.
var DefaultTargets = []Target{LinuxAMD64, LinuxARM64}

// ParseTargets reads "linux/amd64,linux/arm64" (or space separated).
func ParseTargets(s string) ([]Target, error) {
	var out []Target
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		osName, arch, ok := strings.Cut(f, "/")
		if !ok || osName == "" || arch == "" {
			return nil, fmt.Errorf("target %q: expected os/arch, e.g. linux/amd64", f)
		}
		out = append(out, Target{osName, arch})
	}
	if len(out) == 0 {
		return nil, errors.New("no target given; expected os/arch, e.g. linux/amd64")
	}
	return out, nil
}

var versionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// FileVersion is the version as archive names spell it: without the "v".
func FileVersion(version string) string { return strings.TrimPrefix(version, "v") }

// ArchiveName is the contract's archive file name for t.
func ArchiveName(version string, t Target) string {
	ext := ".tar.gz"
	if t.OS == "windows" {
		ext = ".zip"
	}
	return ArchiveDir(version, t) + ext
}

// ArchiveDir is the single top-level directory inside t's archive.
func ArchiveDir(version string, t Target) string {
	return fmt.Sprintf("sqlreview_%s_%s_%s", FileVersion(version), t.OS, t.Arch)
}

// ChecksumsName is the checksums file's name.
func ChecksumsName(version string) string {
	return fmt.Sprintf("sqlreview_%s_checksums.txt", FileVersion(version))
}

// VSIXName is the VS Code package's file name for t.
func VSIXName(version string, t Target) string {
	return fmt.Sprintf("sqlreview-vscode-%s-%s.vsix", FileVersion(version), t.NodePlatform())
}

// Options say what to build. Copied, never changed by Build.
type Options struct {
	Version  string   // release tag, e.g. v0.2.0
	OutDir   string   // artifacts go here; intermediate files under OutDir/build
	Targets  []Target // default DefaultTargets
	RepoRoot string   // the sqlreview module's root; default: found from the working directory
	VSCode   bool     // also package the VS Code extension per target (needs npm ci in editors/vscode)
	Log      io.Writer
}

// Result lists what Build wrote, by target.
type Result struct {
	Binaries  map[Target]string // the built executables (OutDir/build/<os>_<arch>/)
	Archives  map[Target]string
	VSIX      map[Target]string
	Rootfs    map[Target]string // container root filesystems (linux targets), OutDir/docker/rootfs-<arch>
	DockerDir string            // OutDir/docker: Dockerfile plus rootfs-<arch>, the image's build context
	Checksums string
}

// Build compiles every target, then writes archives, extension packages, the
// container context and the checksums file. It stops at the first failure.
func Build(ctx context.Context, opts Options) (*Result, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	res := &Result{Binaries: map[Target]string{}, Archives: map[Target]string{}, VSIX: map[Target]string{}, Rootfs: map[Target]string{}}
	stamp := sourceDate(o.RepoRoot)
	if res.Binaries, err = o.compileAll(ctx); err != nil {
		return nil, err
	}
	for _, t := range o.Targets {
		notices, err := thirdPartyNotices(ctx, o.RepoRoot, res.Binaries[t])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t, err)
		}
		if res.Archives[t], err = o.archive(t, res.Binaries[t], notices, stamp); err != nil {
			return nil, err
		}
		if o.VSCode {
			if res.VSIX[t], err = o.packageVSCode(ctx, t, res.Binaries[t], notices); err != nil {
				return nil, err
			}
		}
		if t.OS == "linux" {
			res.DockerDir = filepath.Join(o.OutDir, "docker")
			if res.Rootfs[t], err = o.assembleRootfs(t, res.Binaries[t], notices, stamp); err != nil {
				return nil, err
			}
		}
	}
	var files []string
	for _, t := range o.Targets {
		files = append(files, res.Archives[t])
		if v := res.VSIX[t]; v != "" {
			files = append(files, v)
		}
	}
	res.Checksums = filepath.Join(o.OutDir, ChecksumsName(o.Version))
	if err := writeChecksums(res.Checksums, files); err != nil {
		return nil, err
	}
	return res, nil
}

func (o Options) withDefaults() (Options, error) {
	if !versionPattern.MatchString(o.Version) {
		return o, fmt.Errorf("version %q: expected a release tag such as v0.2.0", o.Version)
	}
	if o.OutDir == "" {
		return o, errors.New("no output directory given")
	}
	if len(o.Targets) == 0 {
		o.Targets = DefaultTargets
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.RepoRoot == "" {
		root, err := moduleRoot()
		if err != nil {
			return o, err
		}
		o.RepoRoot = root
	}
	abs, err := filepath.Abs(o.OutDir)
	if err != nil {
		return o, err
	}
	o.OutDir = abs
	return o, os.MkdirAll(o.OutDir, 0o755)
}

// moduleRoot is the directory of the sqlreview module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the sqlreview module: run from the repository or set the repository root")
	}
	return filepath.Dir(gomod), nil
}

// Toolchain is the C compiler and link flags a target's cgo build uses.
type Toolchain struct {
	CC      string
	Static  bool   // link with -extldflags -static
	Install string // Debian packages that provide CC
}

// ToolchainFor picks t's C compiler on this machine: $CC_<os>_<arch> if set,
// the host compiler for the host target, Debian's cross compilers otherwise.
func ToolchainFor(t Target) (Toolchain, error) {
	if cc := os.Getenv("CC_" + t.OS + "_" + t.Arch); cc != "" {
		return Toolchain{CC: cc, Static: t.OS != "darwin"}, nil
	}
	host := Target{runtime.GOOS, runtime.GOARCH}
	switch {
	case t.OS == "darwin":
		if runtime.GOOS != "darwin" {
			return Toolchain{}, fmt.Errorf("%s: build it on a macOS runner (Xcode's clang): go run ./dist/release/cmd/release/main.go VERSION OUTDIR %s", t, t)
		}
		// macOS has no static libc: the binary links libSystem dynamically,
		// which every macOS has.
		return Toolchain{CC: "clang"}, nil
	case t == host:
		return Toolchain{CC: envOr("CC", "gcc"), Static: true, Install: "gcc"}, nil
	case t == LinuxARM64:
		return Toolchain{CC: "aarch64-linux-gnu-gcc", Static: true, Install: "gcc-aarch64-linux-gnu libc6-dev-arm64-cross"}, nil
	case t == LinuxAMD64:
		return Toolchain{CC: "x86_64-linux-gnu-gcc", Static: true, Install: "gcc-x86-64-linux-gnu libc6-dev-amd64-cross"}, nil
	case t == WindowsAMD64:
		return Toolchain{CC: "x86_64-w64-mingw32-gcc", Static: true, Install: "mingw-w64"}, nil
	}
	return Toolchain{}, fmt.Errorf("%s: no known C cross compiler; set CC_%s_%s to one", t, t.OS, t.Arch)
}

// MissingToolchain says why t cannot be built here, or "" when it can.
func MissingToolchain(t Target) string {
	tc, err := ToolchainFor(t)
	if err != nil {
		return err.Error()
	}
	if _, err := exec.LookPath(tc.CC); err != nil {
		msg := fmt.Sprintf("%s: C compiler %s not found", t, tc.CC)
		if tc.Install != "" {
			msg += fmt.Sprintf(" (Debian: apt-get install %s; or set CC_%s_%s)", tc.Install, t.OS, t.Arch)
		}
		return msg
	}
	return ""
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// compileAll builds the targets concurrently: each cgo build compiles
// libpg_query's C files one after another, so two targets at once use two
// cores where one would leave a core idle.
func (o Options) compileAll(ctx context.Context) (map[Target]string, error) {
	bins := make([]string, len(o.Targets))
	errs := make([]error, len(o.Targets))
	var wg sync.WaitGroup
	for i, t := range o.Targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bins[i], errs[i] = o.compile(ctx, t)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := map[Target]string{}
	for i, t := range o.Targets {
		out[t] = bins[i]
	}
	return out, nil
}

// compile builds ./cmd/sqlreview for t with cgo (pg_query_go's C parser).
// netgo and osusergo keep the Go resolver and user lookup, so nothing needs
// glibc's NSS at run time and the static link is complete; -trimpath keeps
// build machine paths out of the binary.
func (o Options) compile(ctx context.Context, t Target) (string, error) {
	if msg := MissingToolchain(t); msg != "" {
		return "", errors.New(msg)
	}
	tc, _ := ToolchainFor(t)
	dir := filepath.Join(o.OutDir, "build", t.OS+"_"+t.Arch)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, t.Exe())
	ldflags := "-s -w -X main.version=" + o.Version
	switch {
	case tc.Static && t.OS == "windows":
		// libpg_query is built with -fstack-protector; mingw keeps
		// __stack_chk_fail in libssp.
		ldflags += " -extldflags '-static -lssp'"
	case tc.Static:
		ldflags += " -extldflags -static"
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-tags", "netgo,osusergo", "-ldflags", ldflags, "-o", bin, "./cmd/sqlreview")
	cmd.Dir = o.RepoRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOOS="+t.OS, "GOARCH="+t.Arch, "CC="+tc.CC)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building %s with %s: %v\n%s", t, tc.CC, err, out)
	}
	fmt.Fprintf(o.Log, "built %s in %s\n", t, time.Since(start).Round(time.Second))
	return bin, nil
}

// sourceDate is the time stamped on archive entries: SOURCE_DATE_EPOCH, else
// the last commit's time, so the same commit gives the same archive bytes.
func sourceDate(repo string) time.Time {
	var sec int64
	if _, err := fmt.Sscan(os.Getenv("SOURCE_DATE_EPOCH"), &sec); err == nil && sec > 0 {
		return time.Unix(sec, 0).UTC()
	}
	cmd := exec.Command("git", "log", "-1", "--format=%ct")
	cmd.Dir = repo
	if out, err := cmd.Output(); err == nil {
		if _, err := fmt.Sscan(string(out), &sec); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Now().UTC().Truncate(time.Second)
}
