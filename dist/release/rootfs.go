package release

import (
	"archive/tar"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The container image's non-root user (distroless's "nonroot" ids).
const (
	ImageUser = "sqlreview"
	ImageUID  = 65532
)

// CACertsPath is where the image keeps the CA bundle: the path Go's
// crypto/x509 reads first on Linux, for `apply` and `rollout` to databases
// that require verified TLS.
const CACertsPath = "etc/ssl/certs/ca-certificates.crt"

// RootfsName is the root filesystem tarball the Dockerfile ADDs for arch
// (ADD unpacks a local tar and keeps its owners and modes, which COPY of a
// directory would not).
func RootfsName(arch string) string { return "rootfs-" + arch + ".tar" }

type fsEntry struct {
	name     string
	mode     int64
	uid, gid int
	dir      bool
	data     []byte
}

// assembleRootfs writes OutDir/docker/rootfs-<arch>.tar, the image's whole
// filesystem, and copies dist/docker/Dockerfile next to it.
func (o Options) assembleRootfs(t Target, bin string, notices []byte, stamp time.Time) (string, error) {
	exe, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	license, err := os.ReadFile(filepath.Join(o.RepoRoot, "LICENSE"))
	if err != nil {
		return "", err
	}
	certs, err := os.ReadFile(filepath.Join("/", CACertsPath))
	if err != nil {
		return "", fmt.Errorf("the image needs the CA bundle /%s (Debian: apt-get install ca-certificates): %w", CACertsPath, err)
	}
	home := "home/" + ImageUser
	entries := []fsEntry{
		{name: "etc", mode: 0o755, dir: true},
		{name: "etc/passwd", mode: 0o644, data: []byte(fmt.Sprintf("root:x:0:0:root:/root:/sbin/nologin\n%s:x:%d:%d:%s:/%s:/sbin/nologin\n", ImageUser, ImageUID, ImageUID, ImageUser, home))},
		{name: "etc/group", mode: 0o644, data: []byte(fmt.Sprintf("root:x:0:\n%s:x:%d:\n", ImageUser, ImageUID))},
		{name: "etc/ssl", mode: 0o755, dir: true},
		{name: "etc/ssl/certs", mode: 0o755, dir: true},
		{name: CACertsPath, mode: 0o644, data: certs},
		{name: "home", mode: 0o755, dir: true},
		{name: home, mode: 0o755, uid: ImageUID, gid: ImageUID, dir: true},
		{name: "tmp", mode: 0o1777, dir: true},
		{name: "usr", mode: 0o755, dir: true},
		{name: "usr/local", mode: 0o755, dir: true},
		{name: "usr/local/bin", mode: 0o755, dir: true},
		{name: "usr/local/bin/sqlreview", mode: 0o755, data: exe},
		{name: "usr/share", mode: 0o755, dir: true},
		{name: "usr/share/doc", mode: 0o755, dir: true},
		{name: "usr/share/doc/sqlreview", mode: 0o755, dir: true},
		{name: "usr/share/doc/sqlreview/LICENSE", mode: 0o644, data: license},
		{name: "usr/share/doc/sqlreview/THIRD_PARTY_NOTICES", mode: 0o644, data: notices},
		{name: "work", mode: 0o755, dir: true},
	}
	dir := filepath.Join(o.OutDir, "docker")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	dockerfile, err := os.ReadFile(filepath.Join(o.RepoRoot, "dist", "docker", "Dockerfile"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), dockerfile, 0o644); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := writeRootfsTar(&buf, entries, stamp); err != nil {
		return "", err
	}
	dst := filepath.Join(dir, RootfsName(t.Arch))
	return dst, os.WriteFile(dst, buf.Bytes(), 0o644)
}

func writeRootfsTar(buf *bytes.Buffer, entries []fsEntry, stamp time.Time) error {
	tw := tar.NewWriter(buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: e.mode, Uid: e.uid, Gid: e.gid, Typeflag: tar.TypeReg, Size: int64(len(e.data)), ModTime: stamp, Format: tar.FormatPAX}
		if e.dir {
			h.Name += "/"
			h.Typeflag = tar.TypeDir
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	return tw.Close()
}
