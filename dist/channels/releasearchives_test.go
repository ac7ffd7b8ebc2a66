package channels

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// testVersion is the release tag the archives of these tests carry.
const testVersion = "v0.2.0"

// releaseSet is a directory of release archives for one version, named and
// laid out as the release contract says.
type releaseSet struct {
	Dir     string // the archives and the checksums file
	Tag     string // v0.2.0
	Version string // 0.2.0, as in the file names
}

// Archive is the name of the archive for goos/goarch.
func (r releaseSet) Archive(goos, goarch string) string {
	ext := "tar.gz"
	if goos == "windows" {
		ext = "zip"
	}
	return fmt.Sprintf("sqlreview_%s_%s_%s.%s", r.Version, goos, goarch, ext)
}

// Checksums is the name of the checksums file.
func (r releaseSet) Checksums() string {
	return fmt.Sprintf("sqlreview_%s_checksums.txt", r.Version)
}

// HostArchive is the archive for the machine the tests run on.
func (r releaseSet) HostArchive() string { return r.Archive(runtime.GOOS, runtime.GOARCH) }

var (
	hostReleaseOnce sync.Once
	hostRelease     releaseSet
	hostReleaseErr  error
)

// buildHostReleaseArchives stands in for the release script until it is on
// this branch: it builds sqlreview for the host with `go build
// ./cmd/sqlreview` (the version injected with -ldflags as the release does)
// and writes the host's archive and the checksums file in exactly the
// contract's layout, once per test binary. The tests copy the directory
// before changing anything in it. To test the real artifacts, point this
// one function at the release script's output directory.
func buildHostReleaseArchives(t *testing.T) releaseSet {
	t.Helper()
	hostReleaseOnce.Do(func() {
		hostRelease, hostReleaseErr = buildHostRelease(testVersion)
	})
	if hostReleaseErr != nil {
		t.Fatalf("release archives: %v", hostReleaseErr)
	}
	return hostRelease
}

func buildHostRelease(tag string) (releaseSet, error) {
	r := releaseSet{Tag: tag, Version: strings.TrimPrefix(tag, "v")}
	dir, err := os.MkdirTemp("", "sqlreview-release-")
	if err != nil {
		return r, err
	}
	r.Dir = dir
	root, err := filepath.Abs("../..")
	if err != nil {
		return r, err
	}
	exe := "sqlreview"
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	bin := filepath.Join(dir, "build", exe)
	// No -trimpath: the shared build cache holds the cgo parser built without it.
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+tag, "-o", bin, "./cmd/sqlreview")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return r, fmt.Errorf("go build ./cmd/sqlreview: %v\n%s", err, out)
	}
	stem := strings.TrimSuffix(strings.TrimSuffix(r.HostArchive(), ".tar.gz"), ".zip")
	files := []archiveFile{{stem + "/" + exe, bin, 0o755}}
	for _, doc := range []string{"LICENSE", "README.md", "THIRD_PARTY_NOTICES"} {
		src := filepath.Join(root, doc)
		if _, err := os.Stat(src); err != nil {
			// Not every branch has them yet; the layout still needs them.
			src = filepath.Join(dir, "build", doc)
			if err := os.WriteFile(src, []byte(doc+" of sqlreview "+tag+"\n"), 0o644); err != nil {
				return r, err
			}
		}
		files = append(files, archiveFile{stem + "/" + doc, src, 0o644})
	}
	archive := filepath.Join(dir, r.HostArchive())
	if strings.HasSuffix(archive, ".zip") {
		err = writeZip(archive, files)
	} else {
		err = writeTarGz(archive, files)
	}
	if err != nil {
		return r, err
	}
	if err := os.RemoveAll(filepath.Join(dir, "build")); err != nil {
		return r, err
	}
	return r, writeChecksums(r)
}

type archiveFile struct {
	name string // inside the archive
	src  string
	mode int64
}

func writeTarGz(path string, files []archiveFile) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	dir := strings.SplitN(files[0].name, "/", 2)[0] + "/"
	if err := tw.WriteHeader(&tar.Header{Name: dir, Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
		return err
	}
	for _, af := range files {
		data, err := os.ReadFile(af.src)
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: af.name, Mode: af.mode, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return f.Close()
}

func writeZip(path string, files []archiveFile) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, af := range files {
		h := &zip.FileHeader{Name: af.name, Method: zip.Deflate}
		h.SetMode(os.FileMode(af.mode))
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		in, err := os.Open(af.src)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, in)
		in.Close()
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// writeChecksums writes the checksums file of every archive in r.Dir, in
// sha256sum's format.
func writeChecksums(r releaseSet) error {
	entries, err := os.ReadDir(r.Dir)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".tar.gz") && !strings.HasSuffix(name, ".zip") {
			continue
		}
		sum, err := sha256File(filepath.Join(r.Dir, name))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, name)
	}
	return os.WriteFile(filepath.Join(r.Dir, r.Checksums()), []byte(b.String()), 0o644)
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// copyRelease copies r into a new directory the test may change.
func copyRelease(t *testing.T, r releaseSet) releaseSet {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(r.Dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r.Dir = dst
	return r
}

func TestMain(m *testing.M) {
	code := m.Run()
	if hostRelease.Dir != "" {
		os.RemoveAll(hostRelease.Dir)
	}
	os.Exit(code)
}
